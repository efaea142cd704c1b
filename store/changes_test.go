package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// ids returns the handoff ids of changes, in order.
func ids(changes []watch.Change) []string {
	out := make([]string, 0, len(changes))
	for _, c := range changes {
		out = append(out, c.HandoffID)
	}
	return out
}

func TestChangesSeeEveryWriteFromEveryHandle(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachDatabase(t, func(t *testing.T, path string) {
		reader := openAt(t, path, clk)
		other := openAt(t, path, clk) // another process's handle on the same file

		cursor, err := reader.ChangeCursor(ctx)
		require.NoError(t, err)
		assert.Zero(t, cursor, "an empty database starts at 0")

		create(t, other, "h_1", "conv-1", clk.Now())
		create(t, reader, "h_2", "conv-2", clk.Now())

		steps := []struct {
			name  string
			write func(t *testing.T)
			want  []string
		}{
			{"creations", func(*testing.T) {}, []string{"h_1", "h_2"}},
			{"a transition in the other handle", func(t *testing.T) {
				_, err := other.transition(ctx, "h_1", handoff.StateAgentJoined, "agent replied", clk.Advance(time.Second))
				require.NoError(t, err)
			}, []string{"h_1"}},
			{"a transition to the same state changes nothing", func(t *testing.T) {
				_, err := other.transition(ctx, "h_1", handoff.StateAgentJoined, "again", clk.Advance(time.Second))
				require.NoError(t, err)
			}, nil},
			{"a contact change", func(t *testing.T) {
				_, err := other.SetHandoffContact(ctx, "h_2", handoff.Contact{Email: "new@example.com"}, clk.Now())
				require.NoError(t, err)
			}, []string{"h_2"}},
			{"a failed delivery attempt", func(t *testing.T) {
				_, err := other.recordAttempt(ctx, "h_2", "503 Service Unavailable", clk.Advance(time.Minute), clk.Now())
				require.NoError(t, err)
			}, []string{"h_2"}},
			{"two writes to one handoff are one change, at the latest", func(t *testing.T) {
				_, err := other.transition(ctx, "h_2", handoff.StateDelivered, "delivered", clk.Now())
				require.NoError(t, err)
				_, err = reader.transition(ctx, "h_1", handoff.StateClosed, "agent closed", clk.Now())
				require.NoError(t, err)
				_, err = other.transition(ctx, "h_2", handoff.StateAgentJoined, "agent replied", clk.Now())
				require.NoError(t, err)
			}, []string{"h_1", "h_2"}},
			{"a refused transition changes nothing", func(t *testing.T) {
				_, err := other.transition(ctx, "h_1", handoff.StateQueued, "reopen", clk.Now())
				require.Error(t, err)
			}, nil},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				st.write(t)
				got, err := reader.Changes(ctx, cursor, 0)
				require.NoError(t, err)
				assert.Equal(t, st.want, nilIfEmpty(ids(got)))
				for i := 1; i < len(got); i++ {
					assert.Greater(t, got[i].Seq, got[i-1].Seq, "in the order of the changes")
				}
				if len(got) > 0 {
					assert.Greater(t, got[0].Seq, cursor)
					cursor = got[len(got)-1].Seq
				}
				latest, err := other.ChangeCursor(ctx)
				require.NoError(t, err)
				assert.Equal(t, cursor, latest, "ChangeCursor is the latest change")
			})
		}
	})
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestChangesInBatches(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		for _, id := range []string{"h_a", "h_b", "h_c", "h_d", "h_e"} {
			create(t, s, id, "conv-"+id, clk.Now())
		}
		var (
			all    []string
			cursor int64
		)
		for range 10 {
			got, err := s.Changes(ctx, cursor, 2)
			require.NoError(t, err)
			require.LessOrEqual(t, len(got), 2)
			if len(got) == 0 {
				break
			}
			all = append(all, ids(got)...)
			cursor = got[len(got)-1].Seq
		}
		assert.Equal(t, []string{"h_a", "h_b", "h_c", "h_d", "h_e"}, all)
	})
}

func TestChangesReadTheIndex(t *testing.T) {
	s := openTest(t, newClock())
	rows, err := s.r.Query("EXPLAIN QUERY PLAN "+selectChanges, 0, 10)
	require.NoError(t, err)
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		plan += detail + "\n"
	}
	assert.Contains(t, plan, "USING INDEX handoffs_change_seq (change_seq>?)")
	assert.NotContains(t, plan, "TEMP B-TREE", "no sort")
}

func TestChangeFeedMigrationNumbersExistingHandoffs(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	// The database as the previous release left it: migrations 0001-0002.
	db := migratedBefore(t, path, "0003_session.sql")
	for _, id := range []string{"h_old1", "h_old2"} {
		_, err := db.Exec(`INSERT INTO handoffs (id, conversation_id, state, created_at, updated_at) VALUES (?, ?, 'closed', ?, ?)`,
			id, "conv-"+id, formatTime(t0), formatTime(t0))
		require.NoError(t, err)
	}
	require.NoError(t, db.Close())

	clk := newClock()
	s := openAt(t, path, clk)
	got, err := s.Changes(ctx, 0, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"h_old1", "h_old2"}, ids(got), "existing handoffs are numbered in creation order")
	cursor, err := s.ChangeCursor(ctx)
	require.NoError(t, err)
	create(t, s, "h_new", "conv-new", clk.Now())
	got, err = s.Changes(ctx, cursor, 0)
	require.NoError(t, err)
	assert.Equal(t, []string{"h_new"}, ids(got), "new handoffs come after them")
}

func TestCreatedHandoffTakesItsChangeSeqOnce(t *testing.T) {
	// A created handoff brings its change_seq (insertHandoffSeq); the insert
	// trigger numbers only a row inserted without one (0013), and the
	// handoffs_change_seq entry is written once, not at 0 and then moved.
	ctx := context.Background()
	s := openTest(t, newClock())
	seqOf := func(id string) int64 {
		var seq int64
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT change_seq FROM handoffs WHERE id = ?", id).Scan(&seq))
		return seq
	}
	rowWrites := func() int64 { // on the one write connection, triggers' writes included
		var n int64
		require.NoError(t, s.w.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n))
		return n
	}
	create(t, s, "h_1", "c1", t0)
	before := rowWrites()
	h := sample("h_2", "c2", t0)
	h.State = handoff.StateDelivered // as the inbox creates it: no outbox job
	_, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
	require.NoError(t, err)
	require.True(t, created)
	// The contact, the handoff, its creation event, its rank's queue count:
	// four rows, the handoff's written once.
	assert.Equal(t, int64(4), rowWrites()-before)
	assert.Equal(t, int64(1), seqOf("h_1"))
	assert.Equal(t, int64(2), seqOf("h_2"))

	// A row inserted without change_seq (as before 0013) is numbered by the trigger.
	_, err = s.w.ExecContext(ctx, `INSERT INTO handoffs (id, conversation_id, state, created_at, updated_at)
		VALUES ('h_3', 'c3', 'queued', '2025-03-01T09:00:00.000000000Z', '2025-03-01T09:00:00.000000000Z')`)
	require.NoError(t, err)
	assert.Equal(t, int64(3), seqOf("h_3"))
	create(t, s, "h_4", "c4", t0)
	assert.Equal(t, int64(4), seqOf("h_4"))

	var zero int
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM handoffs WHERE change_seq = 0").Scan(&zero))
	assert.Zero(t, zero)
	got, err := s.Changes(ctx, 0, 10)
	require.NoError(t, err)
	assert.Equal(t, []string{"h_1", "h_2", "h_3", "h_4"}, ids(got))
}

func TestChangesCarryTheHandoffsState(t *testing.T) {
	// A change carries the handoff's connector, state and agent as read
	// with it, so that the desk needs no second read of the handoff.
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		h := sample("h_in", "c_in", t0)
		h.Connector, h.State = "inbox", handoff.StateDelivered
		h.Session.AgentName = "Lea"
		_, _, err := s.CreateHandoffIfRoom(ctx, h, 0)
		require.NoError(t, err)
		q := sample("h_zd", "c_zd", t0)
		q.Connector = "zendesk"
		_, _, err = s.CreateHandoffIfRoom(ctx, q, 0)
		require.NoError(t, err)
		got, err := s.Changes(ctx, 0, 10)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, watch.Change{HandoffID: "h_in", Seq: got[0].Seq, Connector: "inbox", State: "delivered", Agent: "Lea"}, got[0])
		assert.Equal(t, watch.Change{HandoffID: "h_zd", Seq: got[1].Seq, Connector: "zendesk", State: "queued"}, got[1])
	})
}
