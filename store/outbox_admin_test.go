package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestRequeueAndDropFailedDeliveries(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0) // with its open job
		open := claim(t, s, "w", 1, t0)[0]
		_, err := s.FailDelivery(ctx, open, "fake: 401", true, t0)
		require.NoError(t, err)

		_, err = s.RequeueDelivery(ctx, open.ID, t0)
		assert.Equal(t, handoff.KindConflict, handoff.KindOf(err), "a failed open is not retried: its handoff failed for good")
		assert.Contains(t, err.Error(), "cannot be retried")

		msg, _, err := s.enqueue(ctx, handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryMessage, Seq: 1,
			Message: &handoff.Message{Seq: 1, Author: handoff.AuthorUser, Text: "hi"}})
		require.NoError(t, err)
		_, err = s.RequeueDelivery(ctx, msg.ID, t0)
		assert.Equal(t, handoff.KindConflict, handoff.KindOf(err), "a pending job is not failed")

		msg = claim(t, s, "w", 1, t0)[0]
		_, err = s.FailDelivery(ctx, msg, "fake: 403", true, t0)
		require.NoError(t, err)
		later := t0.Add(time.Hour)
		back, err := s.RequeueDelivery(ctx, msg.ID, later)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryPending, back.State)
		assert.Zero(t, back.Attempts)
		assert.False(t, back.Permanent)
		assert.Equal(t, "fake: 403", back.LastError, "kept until the next attempt")
		assert.Len(t, claim(t, s, "w", 1, later), 1, "due again")

		_, err = s.DropDelivery(ctx, 4242, "gone", t0)
		assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
		dropped, err := s.DropDelivery(ctx, open.ID, "the customer called", t0)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryCancelled, dropped.State)
		assert.Equal(t, "the customer called (it had failed: fake: 401)", dropped.LastError)
	})
}
