package handoff_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// countingStore counts the calls of a store that write (each is one write
// transaction), for the service and for the delivery worker.
type countingStore struct {
	*store.DB
	writes atomic.Int64
}

// newCountingStore opens a counting store over a new SQLite database in
// t.TempDir(), closed at cleanup, and the built-in inbox connector.
func newCountingStore(t *testing.T, clk *clocktest.Fake) (*countingStore, handoff.Connector) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "handoff.db"), store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	conn, err := helpdesk.New(helpdesk.Config{}, helpdesk.Options{})
	require.NoError(t, err)
	return &countingStore{DB: st}, conn
}

func (s *countingStore) CreateHandoffIfRoom(ctx context.Context, h handoff.Handoff, n int) (handoff.Handoff, bool, error) {
	s.writes.Add(1)
	return s.DB.CreateHandoffIfRoom(ctx, h, n)
}

func (s *countingStore) CreateHandoffPositioned(ctx context.Context, h handoff.Handoff, n int) (handoff.Handoff, bool, int, error) {
	s.writes.Add(1)
	return s.DB.CreateHandoffPositioned(ctx, h, n)
}

func (s *countingStore) UpdateHandoff(ctx context.Context, id string, decide func(handoff.Handoff) (handoff.Change, error)) (handoff.Handoff, error) {
	s.writes.Add(1)
	return s.DB.UpdateHandoff(ctx, id, decide)
}

func (s *countingStore) SaveContact(ctx context.Context, conv string, c handoff.Contact, at time.Time) (handoff.Contact, error) {
	s.writes.Add(1)
	return s.DB.SaveContact(ctx, conv, c, at)
}

func (s *countingStore) ClaimDeliveries(ctx context.Context, c handoff.Claim) ([]handoff.Delivery, error) {
	s.writes.Add(1)
	return s.DB.ClaimDeliveries(ctx, c)
}

func (s *countingStore) CompleteDelivery(ctx context.Context, d handoff.Delivery, connector string, r handoff.Receipt, at time.Time) (handoff.Delivery, error) {
	s.writes.Add(1)
	return s.DB.CompleteDelivery(ctx, d, connector, r, at)
}

// TestInboxHandoffTakesOneWrite: a handoff to the built-in inbox, with the
// delivery worker serving, costs one write, the creation, which saves the
// contact the request brought too: no claim, no result, no empty claim by
// the worker's loop.
func TestInboxHandoffTakesOneWrite(t *testing.T) {
	ctx := context.Background()
	clk := clocktest.NewFake(t0)
	cs, conn := newCountingStore(t, clk)
	w, err := delivery.New(delivery.Config{}, delivery.Options{Store: cs, Connector: conn, Logger: zerolog.Nop(), Clock: clk})
	require.NoError(t, err)
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan struct{})
	go func() { _ = w.Run(runCtx); close(ran) }()
	t.Cleanup(func() { stop(); <-ran })
	require.Eventually(t, func() bool { return clk.Pending() > 0 }, 5*time.Second, time.Millisecond, "the worker sleeps")
	svc, err := handoff.NewService(live(), handoff.Deps{
		Store: cs, Classifier: always{}, Connector: conn, Courier: w, Logger: zerolog.Nop(), Clock: clk,
		Triggers: []handoff.Trigger{{ID: "explicit_request"}},
	})
	require.NoError(t, err)

	_, err = cs.DB.SaveContact(ctx, "conv", handoff.Contact{Phone: "+358401234567", Email: "old@example.com"}, t0)
	require.NoError(t, err)
	before := cs.writes.Load()
	res, err := svc.Request(ctx, handoff.Request{
		ConversationID: "conv", Email: "jane@example.com", Language: "en",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want to talk to a person"}},
	})
	require.NoError(t, err)
	assert.Equal(t, handoff.OutcomeDelivered, res.Outcome)
	assert.Equal(t, 1, res.Position)
	w.Wait()
	assert.Equal(t, int64(1), cs.writes.Load()-before, "the creation alone")
	want := handoff.Contact{Email: "jane@example.com", Phone: "+358401234567"}
	assert.Equal(t, want, res.Handoff.Contact, "the request's email wins, the stored phone fills in")
	stored, err := cs.DB.Contact(ctx, "conv")
	require.NoError(t, err)
	assert.Equal(t, want, stored, "saved with the handoff")
	ds, err := cs.DB.Deliveries(ctx, handoff.DeliveryFilter{Subject: res.Handoff.ID})
	require.NoError(t, err)
	assert.Empty(t, ds, "no outbox job for the inbox")
}

func (s *countingStore) RecordDecision(ctx context.Context, at time.Time, o handoff.Outcome, judge string) error {
	s.writes.Add(1)
	return s.DB.RecordDecision(ctx, at, o, judge)
}

func (s *countingStore) RecordUnstored(ctx context.Context, u handoff.Unstored) error {
	s.writes.Add(1)
	return s.DB.RecordUnstored(ctx, u)
}

// TestUnstoredRequestTakesOneWrite: a request that fires a trigger but
// stores no handoff (no email, queue full) keeps the contact it gave, its
// context and its decision in one write, not three. (With the queue full,
// the refused creation is a write call too, rolled back: it commits
// nothing.)
func TestUnstoredRequestTakesOneWrite(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  func(*handoff.Config)
		req  handoff.Request
		want handoff.Outcome
		// writes counts the store's write calls: the refused creation
		// and the one that keeps the request.
		writes int64
	}{
		{"needs email", func(c *handoff.Config) { c.RequireEmail = true },
			handoff.Request{ConversationID: "c2", Name: "Jo", Phone: "+358401234567"}, handoff.OutcomeNeedsEmail, 1},
		{"queue full", func(c *handoff.Config) { c.Queue.MaxLength = 1 },
			handoff.Request{ConversationID: "c2", Email: "jo@example.com", Name: "Jo"}, handoff.OutcomeQueueFull, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			clk := clocktest.NewFake(t0)
			cs, conn := newCountingStore(t, clk)
			cfg := live()
			tc.cfg(&cfg)
			svc, err := handoff.NewService(cfg, handoff.Deps{
				Store: cs, Classifier: always{}, Connector: conn, Logger: zerolog.Nop(), Clock: clk,
				Triggers: []handoff.Trigger{{ID: "explicit_request"}},
			})
			require.NoError(t, err)
			_, err = svc.Request(ctx, handoff.Request{ConversationID: "c1", Email: "jane@example.com",
				Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "a person please"}}})
			require.NoError(t, err)

			before := cs.writes.Load()
			req := tc.req
			req.Language = "en"
			req.Transcript = []handoff.Turn{{Role: handoff.RoleUser, Content: "I want to talk to a person"}}
			res, err := svc.Request(ctx, req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Outcome)
			assert.Equal(t, tc.writes, cs.writes.Load()-before, "contact, context and decision in one write")

			kept, err := cs.DB.Contact(ctx, "c2")
			require.NoError(t, err)
			assert.Equal(t, handoff.Contact{Email: req.Email, Name: req.Name, Phone: req.Phone}, kept)
			rc, ok, err := cs.DB.RequestContext(ctx, "c2")
			require.NoError(t, err)
			require.True(t, ok, "the context is kept")
			assert.Equal(t, []string{"explicit_request"}, rc.Triggers)
			assert.Equal(t, t0, rc.At)
			_, decisions, err := cs.DB.StatsFacts(ctx, t0.Add(-time.Hour), t0.Add(time.Hour))
			require.NoError(t, err)
			require.Len(t, decisions, 1)
			assert.Equal(t, string(tc.want), decisions[0].Outcome)
			assert.Equal(t, "test", decisions[0].Judge)
		})
	}
}
