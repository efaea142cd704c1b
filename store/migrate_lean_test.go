package store

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The migration to leaner indexes (0013) keeps a database's contacts (the
// table rebuilt WITHOUT ROWID) and leaves every handoff findable: by its
// conversation's contact, by a helpdesk's remote id or its own, by state,
// and in the change feed, whose sequence goes on from where it was.
func TestMigrationLeanIndexesKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := migratedBefore(t, path, "0013_lean_indexes.sql")
	var err error
	for _, q := range []string{
		`INSERT INTO contacts (conversation_id, email, phone, name, updated_at) VALUES ('c_zd', 'ada@example.com', '+358401234567', 'Ada', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO handoffs (id, conversation_id, state, connector, remote_id, created_at, updated_at)
			VALUES ('h_zd', 'c_zd', 'closed', 'zendesk', '5158', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`,
		`INSERT INTO handoffs (id, conversation_id, state, connector, remote_id, created_at, updated_at)
			VALUES ('h_in', 'c_in', 'agent_joined', 'inbox', 'h_in', '2026-01-01T00:00:01.000000000Z', '2026-01-01T00:00:01.000000000Z')`,
	} {
		_, err = db.Exec(q)
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	s, err := Open(ctx, path, Options{Logger: zerolog.Nop(), Clock: newClock()})
	require.NoError(t, err)
	defer s.Close()
	c, err := s.Contact(ctx, "c_zd")
	require.NoError(t, err)
	assert.Equal(t, handoff.Contact{Email: "ada@example.com", Phone: "+358401234567", Name: "Ada"}, c)
	for remote, want := range map[string]string{"zendesk/5158": "h_zd", "inbox/h_in": "h_in"} {
		conn, id, _ := strings.Cut(remote, "/")
		h, err := s.HandoffByRemote(ctx, conn, id)
		require.NoError(t, err, remote)
		assert.Equal(t, want, h.ID)
	}
	for st, want := range map[handoff.State]string{handoff.StateClosed: "h_zd", handoff.StateAgentJoined: "h_in"} {
		hs, err := s.ListHandoffs(ctx, handoff.ListFilter{States: []handoff.State{st}})
		require.NoError(t, err)
		require.Len(t, hs, 1, st)
		assert.Equal(t, want, hs[0].ID)
	}
	g, err := s.Gauges(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, g.OpenSessions)

	// A contact saved now merges into the migrated one, and a created
	// handoff takes the next change sequence.
	c, err = s.SaveContact(ctx, "c_zd", handoff.Contact{Name: "Ada L."}, t0)
	require.NoError(t, err)
	assert.Equal(t, handoff.Contact{Email: "ada@example.com", Phone: "+358401234567", Name: "Ada L."}, c)
	create(t, s, "h_new", "c_new", t0)
	got, err := s.Changes(ctx, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"h_zd", "h_in", "h_new"}, ids(got))
	assert.Equal(t, int64(3), got[2].Seq)
}
