package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// t0 is the fake clock's start; the nanoseconds check that none are lost.
var t0 = time.Date(2025, 3, 1, 9, 0, 0, 123456789, time.UTC)

// fakeClock is the fake clock of the tests, which moves only when told.
type fakeClock = clocktest.Fake

func newClock() *fakeClock { return clocktest.NewFake(t0) }

// openTest opens a new database in t.TempDir() and closes it at cleanup.
func openTest(t testing.TB, clk *fakeClock) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "handoff.db"), clk)
}

// openAt opens the database at path and closes it at cleanup.
func openAt(t testing.TB, path string, clk *fakeClock) *DB {
	t.Helper()
	s, err := Open(context.Background(), path, Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Close()) })
	return s
}

// migratedBefore creates a SQLite database at path as a release before the
// migration named before (say "0013_lean_indexes.sql") left it: every
// embedded migration preceding it applied, none from it on. It returns the
// database, on one connection, for the test to write old rows through.
func migratedBefore(t *testing.T, path, before string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", dsn(path, false, SyncNormal))
	require.NoError(t, err)
	db.SetMaxOpenConns(1)
	entries, err := fs.ReadDir(migrationFS, "migrations")
	require.NoError(t, err)
	old := fstest.MapFS{}
	found := false
	for _, e := range entries {
		if e.Name() == before {
			found = true
			break
		}
		b, err := fs.ReadFile(migrationFS, "migrations/"+e.Name())
		require.NoError(t, err)
		old["migrations/"+e.Name()] = &fstest.MapFile{Data: b}
	}
	require.True(t, found, "no migration %s", before)
	require.NoError(t, migrate(context.Background(), db, old, newClock().Now, zerolog.Nop()))
	return db
}

// sample returns a handoff with every field set.
func sample(id, conv string, at time.Time) handoff.Handoff {
	return handoff.Handoff{
		ID:             id,
		ConversationID: conv,
		State:          handoff.StateQueued,
		Contact:        handoff.Contact{Email: "ada@example.com", Phone: "+358401234567", Name: "Ada"},
		Language:       "fi",
		Transcript: []handoff.Turn{
			{Role: handoff.RoleUser, Content: "My card was charged twice."},
			{Role: handoff.RoleAssistant, Content: "I can help with billing questions."},
			{Role: handoff.RoleUser, Content: "I want to talk to a person."},
		},
		Question:   "I want to talk to a person.",
		Triggers:   []string{"explicit_request", "frustration"},
		Reason:     "the user asks for a human about a double charge",
		Classifier: "embedded",
		Confidence: 0.93,
		Route:      handoff.Route{Team: "billing", Department: "finance", Language: "fi"},
		Priority:   handoff.PriorityHigh,
		Metadata:   map[string]string{"plan": "pro", "vip": "true"},
		Context:    []handoff.ContextItem{{Title: "Refunds", URL: "https://help.example.com/refunds"}},
		Timezone:   "Europe/Berlin",
		Connector:  "inbox",
		RemoteMeta: map[string]string{"contact_id": "c-1"},
		CreatedAt:  at,
		UpdatedAt:  at,
	}
}

// create stores a sample handoff and requires that it was created.
func create(t testing.TB, s *DB, id, conv string, at time.Time) handoff.Handoff {
	t.Helper()
	h, created, err := s.CreateHandoffIfRoom(context.Background(), sample(id, conv, at), 0)
	require.NoError(t, err)
	require.True(t, created, "handoff %s not created", id)
	return h
}

// count returns the number of rows of table.
func count(t testing.TB, s *DB, table string) int {
	t.Helper()
	var n int
	require.NoError(t, s.r.QueryRow(fmt.Sprintf("SELECT COUNT(*) FROM %s", table)).Scan(&n))
	return n
}

// openAtOnce opens n handles on dsn at the same moment, as replicas or
// processes starting together do, and closes them at cleanup.
func openAtOnce(t *testing.T, dsn string, n int) []*DB {
	t.Helper()
	var (
		wg     sync.WaitGroup
		stores = make([]*DB, n)
		errs   = make([]error, n)
		start  = make(chan struct{})
	)
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = Open(context.Background(), dsn, Options{})
		})
	}
	close(start)
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i], "open %d", i)
		t.Cleanup(func() { stores[i].Close() })
	}
	return stores
}

// SaveRequestContext keeps c as the conversation's latest request that
// ended without a handoff, replacing an earlier one, in a write of its own
// (the server keeps a context only with RecordUnstored). A zero c.At is
// now.
func (s *DB) SaveRequestContext(ctx context.Context, conversationID string, c handoff.RequestContext) error {
	if conversationID == "" {
		return handoff.Invalid("conversation_id", "a request context needs a conversation id")
	}
	if c.At.IsZero() {
		c.At = s.now()
	}
	js, err := encodeJSON(c)
	if err != nil {
		return fmt.Errorf("encoding request context of %s: %w", conversationID, err)
	}
	return s.write(ctx, "saving request context of "+conversationID, func(tx *sql.Tx) error {
		return s.saveRequestContextTx(ctx, tx, conversationID, js, c.At)
	})
}
