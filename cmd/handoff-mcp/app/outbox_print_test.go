package app

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// TestPrintOutboxRating: `outbox list` shows a rating job with its rating,
// its permanent refusal, and how to send it again.
func TestPrintOutboxRating(t *testing.T) {
	now := time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)
	ds := []handoff.Delivery{{
		ID: 7, Subject: "h_1", Kind: handoff.DeliveryRating, State: handoff.DeliveryFailed, Attempts: 1,
		Rating:    &handoff.Rating{HandoffID: "h_1", Rating: 4},
		LastError: "rating ticket 512: freshdesk: 400 Bad Request", Permanent: true, UpdatedAt: now.Add(-time.Minute),
	}}
	var b strings.Builder
	require.NoError(t, PrintOutbox(&b, ds, now))
	assert.Equal(t, "7      failed    rating 4   h_1  attempts 1, updated 1m ago\n"+
		"       configuration error: rating ticket 512: freshdesk: 400 Bad Request\n"+
		"       once the cause is fixed: handoff-mcp outbox retry 7 (or drop 7)\n", b.String())
}
