package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestRecordUnstored(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		ctx := context.Background()
		_, err := s.SaveContact(ctx, "c1", handoff.Contact{Phone: "+358401234567", Name: "Old"}, t0)
		require.NoError(t, err)
		commits := s.commits.Load()
		at := t0.Add(time.Minute)
		u := handoff.Unstored{
			ConversationID: "c1", Contact: handoff.Contact{Email: "jo@example.com", Name: "Jo"},
			Context: handoff.RequestContext{Language: "fi", Triggers: []string{"billing"}, Reason: "refund", At: at},
			Outcome: handoff.OutcomeOffHours, Judge: "embedded", At: at,
		}
		require.NoError(t, s.RecordUnstored(ctx, u))
		assert.Equal(t, int64(1), s.commits.Load()-commits, "one write transaction")

		c, err := s.Contact(ctx, "c1")
		require.NoError(t, err)
		assert.Equal(t, handoff.Contact{Email: "jo@example.com", Phone: "+358401234567", Name: "Jo"}, c, "merged as SaveContact merges")
		rc, ok, err := s.RequestContext(ctx, "c1")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, u.Context, rc)
		_, ds, err := s.StatsFacts(ctx, t0, t0.Add(time.Hour))
		require.NoError(t, err)
		require.Len(t, ds, 1)
		assert.Equal(t, "off_hours", ds[0].Outcome)
		assert.Equal(t, "embedded", ds[0].Judge)
		assert.True(t, at.Equal(ds[0].At))

		// No contact given: the stored one stays as it is.
		require.NoError(t, s.RecordUnstored(ctx, handoff.Unstored{ConversationID: "c2", Outcome: handoff.OutcomeNeedsEmail, Judge: "llm"}))
		c, err = s.Contact(ctx, "c2")
		require.NoError(t, err)
		assert.True(t, c.IsZero())
		rc, ok, err = s.RequestContext(ctx, "c2")
		require.NoError(t, err)
		require.True(t, ok)
		assert.True(t, t0.Equal(rc.At), "a zero time is now")
	})
}

func TestRecordUnstoredAllOrNothing(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, newClock())
	// A decision that cannot be stored takes the contact and the context
	// with it.
	_, err := s.w.ExecContext(ctx, "DROP TABLE decisions")
	require.NoError(t, err)
	err = s.RecordUnstored(ctx, handoff.Unstored{ConversationID: "c1", Contact: handoff.Contact{Email: "jo@example.com"}, Outcome: handoff.OutcomeOffHours})
	require.Error(t, err)
	c, err := s.Contact(ctx, "c1")
	require.NoError(t, err)
	assert.True(t, c.IsZero(), "nothing committed")
	_, ok, err := s.RequestContext(ctx, "c1")
	require.NoError(t, err)
	assert.False(t, ok)
}
