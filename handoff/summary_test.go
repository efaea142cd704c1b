package handoff_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// summarizer answers with its summary, or its error; it records the
// handoffs it was asked about.
type summarizer struct {
	sum   handoff.Summary
	err   error
	asked []handoff.Handoff
}

func (s *summarizer) Summarize(_ context.Context, h handoff.Handoff) (handoff.Summary, error) {
	s.asked = append(s.asked, h)
	return s.sum, s.err
}

// countingRedactor reports one "card" for every text containing "4111".
type countingRedactor struct{}

func (countingRedactor) RedactHandoff(h handoff.Handoff) (handoff.Handoff, []handoff.Redaction) {
	n := 0
	for _, t := range h.Transcript {
		if strings.Contains(t.Content, "4111") {
			n++
		}
	}
	if n == 0 {
		return h, nil
	}
	return h, []handoff.Redaction{{Kind: "card", Count: n}}
}

func newBriefService(t *testing.T, sum handoff.Summarizer) (*handoff.Service, *store.DB) {
	t.Helper()
	clk := clocktest.NewFake(t0)
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "handoff.db"), store.Options{Clock: clk})
	require.NoError(t, err)
	t.Cleanup(func() { st.Close() })
	conn, err := helpdesk.New(helpdesk.Config{}, helpdesk.Options{})
	require.NoError(t, err)
	svc, err := handoff.NewService(live(), handoff.Deps{
		Store: st, Classifier: always{}, Connector: conn, Logger: zerolog.Nop(), Clock: clk,
		Triggers: []handoff.Trigger{{ID: "explicit_request"}}, Summarizer: sum, Redactor: countingRedactor{},
	})
	require.NoError(t, err)
	return svc, st
}

func TestRequestStoresSummaryAndRedactions(t *testing.T) {
	sum := &summarizer{sum: handoff.Summary{Goal: "A refund.", Why: "explicit_request", Source: handoff.SummaryExtractive}}
	svc, st := newBriefService(t, sum)
	res, err := svc.Request(context.Background(), handoff.Request{ConversationID: "c1", Email: "jane@example.com",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "card 4111 1111 1111 1111, I want a person"}}})
	require.NoError(t, err)
	require.Len(t, sum.asked, 1)
	assert.Equal(t, []string{"explicit_request"}, sum.asked[0].Triggers, "the summary knows why")
	assert.Equal(t, "asked for a person", sum.asked[0].Reason)

	h, err := st.Handoff(context.Background(), res.Handoff.ID)
	require.NoError(t, err)
	assert.Equal(t, &sum.sum, h.Summary)
	assert.Equal(t, []handoff.Redaction{{Kind: "card", Count: 1}}, h.Redactions)
	assert.Equal(t, "card 4111 1111 1111 1111, I want a person", h.Transcript[0].Content, "the store keeps the original")
}

func TestRequestReturnsTheSummarysPendingError(t *testing.T) {
	pending := errors.New("ask the client first")
	svc, st := newBriefService(t, &summarizer{err: pending})
	_, err := svc.Request(context.Background(), handoff.Request{ConversationID: "c1", Email: "jane@example.com",
		Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "I want a person"}}})
	require.ErrorIs(t, err, pending)
	_, err = st.OpenHandoff(context.Background(), "c1")
	assert.True(t, handoff.Is(err, handoff.KindNotFound), "nothing is stored until the client answered: %v", err)
}
