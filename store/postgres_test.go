package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestRebind(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"positional", "SELECT a FROM t WHERE b = ? AND c IN (?, ?)", "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"},
		{"numbered", "SELECT ?2, ?1, ?2", "SELECT $2, $1, $2"},
		{"numbered then positional", "SELECT ?2, ?", "SELECT $2, $3"},
		{"quoted marks stay", `SELECT '?', "a?b", ? FROM t`, `SELECT '?', "a?b", $1 FROM t`},
		{"index hints go", "SELECT id FROM handoffs INDEXED BY handoffs_change_seq WHERE change_seq > ?", "SELECT id FROM handoffs WHERE change_seq > $1"},
		{"alias before hint", "FROM deliveries e INDEXED BY deliveries_queue\n\tWHERE", "FROM deliveries e\n\tWHERE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, rebind(tt.in))
		})
	}
}

func TestParseBackend(t *testing.T) {
	tests := []struct {
		dsn     string
		want    Backend
		wantErr string
	}{
		{dsn: "handoff.db", want: BackendSQLite},
		{dsn: "/var/lib/handoff-mcp/handoff.db", want: BackendSQLite},
		{dsn: "./data/a://b.db", want: BackendSQLite},
		{dsn: "postgres://u:p@db:5432/handoff", want: BackendPostgres},
		{dsn: "postgresql://db/handoff?sslmode=disable", want: BackendPostgres},
		{dsn: "mysql://u:secret@db/handoff", wantErr: "the mysql:// scheme is not supported; use a SQLite file path (handoff.db) or a postgres:// (postgresql://) URL"},
		{dsn: "postgres://u:secret@db:port/x", wantErr: "is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.dsn, func(t *testing.T) {
			got, err := ParseBackend(tt.dsn)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "secret", "the password is masked")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"handoff.db", "handoff.db"},
		{"postgres://u:secret@db:5432/h", "postgres://u:xxxxx@db:5432/h"},
		{"postgres://u@db/h", "postgres://u@db/h"},
		{"postgres://db/h?password=secret&sslmode=disable", "postgres://db/h?password=xxxxx&sslmode=disable"},
		{"postgres://u:secret@db:port/h", "postgres://xxxxx@db:port/h"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, Redact(tt.in))
	}
}

func TestOpenRefusesOtherSchemes(t *testing.T) {
	// Before, such a URL made a SQLite file under a directory "mysql:".
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := Open(context.Background(), "mysql://u:secret@db/handoff", Options{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret")
	assert.NoDirExists(t, "mysql:")
}

func TestPostgresUnreachableIsAClearError(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback refuses at once.
	_, err := Open(ctx, "postgres://u:secret@127.0.0.1:1/handoff?connect_timeout=2", Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "postgres://u:xxxxx@127.0.0.1:1/handoff")
	assert.NotContains(t, err.Error(), "secret")
}

func TestPostgresConcurrentOpenMigratesOnce(t *testing.T) {
	// Replicas starting at once against a new database.
	url := testPostgresURL(t)
	const n = 6
	stores := openAtOnce(t, url, n)
	ms, err := migrationsOf(BackendPostgres)
	require.NoError(t, err)
	assert.Equal(t, len(ms), count(t, stores[0], "schema_migrations"))
	create(t, stores[n-1], "h_1", "conv", t0)
	h, err := stores[0].Handoff(context.Background(), "h_1")
	require.NoError(t, err)
	assert.Equal(t, "conv", h.ConversationID)
	require.NoError(t, stores[0].Ready(context.Background()))
}

func TestPostgresOnChangeWakesOtherHandles(t *testing.T) {
	// A change made through one handle (another replica) wakes the
	// OnChange functions of the other, without polling.
	ctx := context.Background()
	clk := newClock()
	a := openAt(t, testPostgresURL(t), clk)
	b := secondHandle(t, a, clk)
	woke := make(chan struct{}, 16)
	cancel := b.OnChange(func() {
		select {
		case woke <- struct{}{}:
		default:
		}
	})
	defer cancel()
	// The listener wakes once when it connects: wait for that first.
	waitWake(t, woke)
	create(t, a, "h_1", "conv", t0)
	waitWake(t, woke)
	_, err := a.transition(ctx, "h_1", handoff.StateAgentJoined, "agent replied", clk.Now())
	require.NoError(t, err)
	waitWake(t, woke)
	changes, err := b.Changes(ctx, 0, 10)
	require.NoError(t, err)
	require.Len(t, changes, 1)
	assert.Equal(t, "h_1", changes[0].HandoffID)
}

// waitWake waits for one wake-up; the bound only keeps a broken listener
// from hanging the test.
func waitWake(t *testing.T, woke <-chan struct{}) {
	t.Helper()
	select {
	case <-woke:
	case <-time.After(30 * time.Second):
		t.Fatal("no change notification")
	}
}

func TestOnChangeOnSQLiteIsInert(t *testing.T) {
	s := openTest(t, newClock())
	cancel := s.OnChange(func() { t.Error("SQLite has no notifications") })
	create(t, s, "h_1", "conv", t0)
	cancel()
}

func TestPostgresQueriesCanUseIndexes(t *testing.T) {
	// The hot queries' plans on PostgreSQL, with sequential scans
	// discouraged: on a near-empty table the planner rightly prefers
	// them, so this checks that an index can serve each query.
	s := openBackend(t, BackendPostgres, newClock())
	tests := []struct {
		name, query string
		args        []any
		index       string
	}{
		{"open handoff", selectOpen, []any{"conv"}, "handoffs_one_open"},
		{"handoff by id", selectHandoff, []any{"h"}, "handoffs_pkey"},
		{"handoff by a helpdesk's remote id", selectByRemote, []any{"zendesk", "1"}, "handoffs_remote"},
		{"handoff by its own id as remote id", selectByRemote, []any{"inbox", "h"}, "handoffs_pkey"},
		{"open sessions gauge", "SELECT COUNT(*) FROM handoffs WHERE " + notWaitingClause + " AND state = 'agent_joined'", nil, "handoffs_state_settled"},
		{"claim due deliveries", claimDuePG, []any{"w", "tok", "t", "t", "t", "t", 4}, "deliveries_due"},
		{"claim a subject's delivery", claimSubjectPG, []any{"w", "tok", "t", "t", "h", "t", "t", 1}, "deliveries_queue"},
		{"next due delivery", selectNextDue, nil, "using deliveries_"}, // either partial index of pending jobs
		{"delivery by key", selectDeliveryByKey, []any{"h:created"}, "deliveries_idempotency_key_key"},
		{"queue position", selectRankCounts(positionScanLimit), []any{"h"}, "handoffs_waiting"},
		{"changes", selectChanges, []any{0, 100}, "handoffs_change_seq"},
		{"session messages", "SELECT seq FROM messages WHERE handoff_id = ? AND seq > ? ORDER BY seq LIMIT ?", []any{"h", 0, 100}, "messages_handoff_id_seq_key"},
		{"contact", "SELECT email, phone, name FROM contacts WHERE conversation_id = ?", []any{"c"}, "contacts_pkey"},
	}
	for _, l := range listPlans {
		q, args, err := listQuery(l.filter)
		require.NoError(t, err)
		tests = append(tests, struct {
			name, query string
			args        []any
			index       string
		}{l.name, q, args, l.index})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tx, err := s.w.Begin()
			require.NoError(t, err)
			defer tx.Rollback()
			_, err = tx.Exec("SET LOCAL enable_seqscan = off")
			require.NoError(t, err)
			rows, err := tx.Query("EXPLAIN "+tt.query, tt.args...)
			require.NoError(t, err)
			var plan []string
			for rows.Next() {
				var line string
				require.NoError(t, rows.Scan(&line))
				plan = append(plan, line)
			}
			require.NoError(t, rows.Err())
			joined := strings.Join(plan, "\n")
			assert.Contains(t, joined, tt.index, joined)
			assert.NotContains(t, joined, "Seq Scan on handoffs", joined)
			assert.NotContains(t, joined, "Seq Scan on deliveries", joined)
		})
	}
}
