package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The migration that lets the outbox take rating jobs keeps the jobs
// enqueued before it (pending ones stay claimable, in order), and a rating
// saved afterwards enqueues its job in the same transaction.
func TestMigrationRatingOutboxKeepsJobs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := migratedBefore(t, path, "0011_rating_outbox.sql")
	_, err := db.Exec(`INSERT INTO deliveries (subject, kind, idempotency_key, payload, priority, next_attempt_at, created_at, updated_at)
		VALUES ('h_old', 'close', 'h_old:closed', '{"reason":"bye"}', 1, '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`)
	require.NoError(t, err)
	_, err = db.Exec(`INSERT INTO deliveries (subject, kind, idempotency_key, priority, next_attempt_at, created_at, updated_at)
		VALUES ('h_old', 'rating', 'h_old:rated', 1, '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`)
	require.Error(t, err, "before the migration the outbox refuses the kind")
	require.NoError(t, db.Close())

	s, err := Open(ctx, path, Options{Logger: zerolog.Nop(), Clock: newClock()})
	require.NoError(t, err)
	defer s.Close()
	ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_old"})
	require.NoError(t, err)
	require.Len(t, ds, 1)
	assert.Equal(t, handoff.DeliveryClose, ds[0].Kind)
	assert.Equal(t, "bye", ds[0].Reason)
	claimed, err := s.ClaimDeliveries(ctx, handoff.Claim{Owner: "w", Lease: 30e9, Now: t0.AddDate(1, 0, 0), Limit: 5})
	require.NoError(t, err)
	require.Len(t, claimed, 1, "the pending job is still claimable (the indexes are back)")

	h := sample("h_new", "c_new", t0)
	_, _, err = s.CreateHandoffIfRoom(ctx, h, 0)
	require.NoError(t, err)
	r := handoff.Rating{HandoffID: "h_new", Rating: 4, Comment: "Quick", At: t0}
	job := handoff.Delivery{Subject: "h_new", Kind: handoff.DeliveryRating, Key: handoff.DeliveryKey(handoff.DeliveryRating, "h_new", 0), Rating: &r}
	require.NoError(t, s.SaveRating(ctx, r, job))
	ds, err = s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_new"})
	require.NoError(t, err)
	require.Len(t, ds, 2, "the open and the rating")
	assert.Equal(t, handoff.DeliveryRating, ds[1].Kind)
	assert.Equal(t, "h_new:rated", ds[1].Key)
	assert.Equal(t, &r, ds[1].Rating)
	assert.Equal(t, t0, ds[1].CreatedAt, "created at the rating's time")

	err = s.SaveRating(ctx, handoff.Rating{HandoffID: "h_new", Rating: 1, At: t0}, job)
	require.ErrorIs(t, err, handoff.ErrAlreadyRated)
	ds, err = s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_new"})
	require.NoError(t, err)
	assert.Len(t, ds, 2, "a refused second answer enqueues nothing")
}
