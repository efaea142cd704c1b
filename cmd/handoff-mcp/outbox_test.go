package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// parkMessage stores a handoff whose relayed message the helpdesk refused
// for good, and returns the failed job.
func parkMessage(t *testing.T, st *store.DB, id string) handoff.Delivery {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	_, created, err := st.CreateHandoffIfRoom(ctx, handoff.Handoff{ID: id, ConversationID: "conv-" + id, State: handoff.StateDelivered,
		Contact: handoff.Contact{Email: "anna@example.com"}, Question: "a person please", Priority: handoff.PriorityNormal,
		Connector: "libredesk", RemoteID: "uuid-1", CreatedAt: now}, 0)
	require.NoError(t, err)
	require.True(t, created)
	_, err = st.UpdateHandoff(ctx, id, func(handoff.Handoff) (handoff.Change, error) {
		return handoff.Change{Jobs: []handoff.Delivery{{Subject: id, Kind: handoff.DeliveryMessage, Seq: 1,
			Message: &handoff.Message{Seq: 1, Author: handoff.AuthorUser, Text: "order 4711"}}}}, nil
	})
	require.NoError(t, err)
	ds, err := st.ClaimDeliveries(ctx, handoff.Claim{Owner: "test", Limit: 1, Lease: time.Minute, Now: now.Add(time.Second), Subject: id})
	require.NoError(t, err)
	require.Len(t, ds, 1)
	d, err := st.FailDelivery(ctx, ds[0], "libredesk: 403 Forbidden: Permission denied", true, now)
	require.NoError(t, err)
	return d
}

func TestBinaryOutboxListRetryDrop(t *testing.T) {
	db := filepath.Join(t.TempDir(), "handoff.db")
	st, err := store.Open(context.Background(), db, store.Options{Logger: zerolog.Nop()})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	job := parkMessage(t, st, "h_park1")
	other := parkMessage(t, st, "h_park2")
	outbox := func(args ...string) (string, error) {
		cmd := exec.Command(binary, append([]string{"--db", db, "outbox"}, args...)...)
		cmd.Env = append(cmd.Environ(), "HANDOFF_MCP_CONFIG=")
		out, err := cmd.CombinedOutput()
		return string(out), err
	}

	out, err := outbox("list")
	require.NoError(t, err, out)
	assert.Contains(t, out, fmt.Sprintf("%d", job.ID))
	assert.Contains(t, out, "message 1")
	assert.Contains(t, out, "configuration error: libredesk: 403 Forbidden: Permission denied")
	assert.Contains(t, out, fmt.Sprintf("handoff-mcp outbox retry %d", job.ID))

	out, err = outbox("retry", fmt.Sprint(job.ID))
	require.NoError(t, err, out)
	assert.Contains(t, out, "pending again")
	d, err := st.Delivery(context.Background(), job.ID)
	require.NoError(t, err)
	assert.Equal(t, handoff.DeliveryPending, d.State)
	assert.Zero(t, d.Attempts)
	assert.False(t, d.Permanent)

	out, err = outbox("retry", fmt.Sprint(job.ID))
	require.Error(t, err, "a pending job is not retried again")
	assert.Contains(t, out, "is pending, not failed")

	out, err = outbox("drop", fmt.Sprint(other.ID), "--reason", "customer called")
	require.NoError(t, err, out)
	d, err = st.Delivery(context.Background(), other.ID)
	require.NoError(t, err)
	assert.Equal(t, handoff.DeliveryCancelled, d.State)
	assert.Contains(t, d.LastError, "customer called (it had failed: libredesk: 403")

	out, err = outbox("drop", "99999", "nope")
	require.Error(t, err)
	assert.Contains(t, out, "delivery 99999 not found")
	assert.Contains(t, out, `"nope" is not a job id`)
	assert.Contains(t, out, "2 of 2 jobs left as they were")

	out, err = outbox("list", "--state", "all", "--json")
	require.NoError(t, err, out)
	assert.Contains(t, out, `"state": "cancelled"`)
	assert.Contains(t, out, `"state": "pending"`)
}
