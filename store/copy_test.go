package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// fill stores a bit of everything in s.
func fill(t *testing.T, s *DB) {
	t.Helper()
	ctx := context.Background()
	for i := range 5 {
		create(t, s, fmt.Sprintf("h_%d", i), fmt.Sprintf("conv-%d", i), t0.Add(-1))
	}
	_, err := s.transition(ctx, "h_0", handoff.StateClosed, "agent closed", t0)
	require.NoError(t, err)
	_, err = s.SaveContact(ctx, "conv-9", handoff.Contact{Email: "b@y.example"}, t0)
	require.NoError(t, err)
	require.NoError(t, s.AddOfflineMessage(ctx, handoff.OfflineMessage{ID: "m_1", ConversationID: "conv-9",
		Contact: handoff.Contact{Email: "b@y.example"}, Text: "Bitte zurückrufen", CreatedAt: t0}))
	a, err := desk.NewAgent("Lea", "lea@example.com", desk.RoleAdmin, []string{"billing"}, []string{"fi"}, "a long password")
	require.NoError(t, err)
	_, err = s.AddAgent(ctx, a)
	require.NoError(t, err)
	r := handoff.Rating{HandoffID: "h_0", Rating: 4, Comment: "Quick", At: t0}
	require.NoError(t, s.SaveRating(ctx, r, handoff.Delivery{Subject: "h_0", Kind: handoff.DeliveryRating,
		Key: handoff.DeliveryKey(handoff.DeliveryRating, "h_0", 0), Rating: &r}))
	require.NoError(t, s.RecordDecision(ctx, t0, handoff.OutcomeNotTriggered, ""))
	_, err = s.Seen(ctx, "zendesk", "ev-1", t0)
	require.NoError(t, err)
}

func TestCopySQLiteToPostgres(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	from := openTest(t, clk)
	fill(t, from)
	to := openBackend(t, BackendPostgres, clk)

	counts, err := Copy(ctx, from, to, CopyOptions{})
	require.NoError(t, err)
	got := map[string]int{}
	for _, c := range counts {
		got[c.Table] = c.Rows
	}
	for _, table := range copyTables {
		assert.Equal(t, count(t, from, table), got[table], table)
		assert.Equal(t, count(t, from, table), count(t, to, table), table)
	}
	assert.Equal(t, 5, got["handoffs"])

	for _, id := range []string{"h_0", "h_3"} {
		want, err := from.Handoff(ctx, id)
		require.NoError(t, err)
		have, err := to.Handoff(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, have, "handoff %s", id)
	}
	wantJobs, err := from.Deliveries(ctx, handoff.DeliveryFilter{})
	require.NoError(t, err)
	haveJobs, err := to.Deliveries(ctx, handoff.DeliveryFilter{})
	require.NoError(t, err)
	assert.Equal(t, wantJobs, haveJobs, "jobs keep their ids")
	wantQ, err := from.ListHandoffs(ctx, handoff.ListFilter{Order: handoff.OrderQueue})
	require.NoError(t, err)
	haveQ, err := to.ListHandoffs(ctx, handoff.ListFilter{Order: handoff.OrderQueue})
	require.NoError(t, err)
	assert.Equal(t, wantQ, haveQ, "the queue keeps its order")
	fromGauges, err := from.Gauges(ctx)
	require.NoError(t, err)
	toGauges, err := to.Gauges(ctx)
	require.NoError(t, err)
	assert.Equal(t, fromGauges, toGauges, "the queue counts follow the copied handoffs")
	agent, err := to.AgentByEmail(ctx, "LEA@example.com")
	require.NoError(t, err)
	assert.Equal(t, "Lea", agent.Name)

	// New rows take ids past the copied ones.
	h := create(t, to, "h_new", "conv-new", t0)
	jobs, err := to.Deliveries(ctx, handoff.DeliveryFilter{Subject: h.ID})
	require.NoError(t, err)
	require.Len(t, jobs, 1)
	assert.Greater(t, jobs[0].ID, wantJobs[len(wantJobs)-1].ID)

	_, err = Copy(ctx, from, to, CopyOptions{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is not empty")
	counts, err = Copy(ctx, from, to, CopyOptions{Replace: true})
	require.NoError(t, err)
	assert.Equal(t, CopyCount{Table: "handoffs", Rows: 5}, counts[0])
	assert.Equal(t, 5, count(t, to, "handoffs"), "replaced, not added")
}

func TestSchemaStatusAndMigrate(t *testing.T) {
	ctx := context.Background()
	forEachDatabase(t, func(t *testing.T, dsn string) {
		s, err := Open(ctx, dsn, Options{NoMigrate: true})
		require.NoError(t, err)
		defer s.Close()
		st, err := s.SchemaStatus(ctx)
		require.NoError(t, err)
		assert.Zero(t, st.Version)
		require.NotEmpty(t, st.Pending)
		assert.Equal(t, st.Latest, len(st.Pending))
		assert.Equal(t, Redact(dsn), st.Database)

		applied, err := s.Migrate(ctx)
		require.NoError(t, err)
		assert.Equal(t, st.Pending, applied)
		st, err = s.SchemaStatus(ctx)
		require.NoError(t, err)
		assert.Equal(t, st.Latest, st.Version)
		assert.Empty(t, st.Pending)
		applied, err = s.Migrate(ctx)
		require.NoError(t, err)
		assert.Empty(t, applied, "nothing left to apply")
		require.NoError(t, s.Ready(ctx))
	})
}
