package helpdesk

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// fdRatingReply answers a created satisfaction rating as Freshdesk does
// (201 with the rating).
func fdRatingReply(t *testing.T, value int, feedback string) http.HandlerFunc {
	t.Helper()
	return reply(201, fmt.Sprintf(`{"id":43006810853,"survey_id":43000089898,"user_id":1000234,"agent_id":1000001,"feedback":%q,"group_id":7,"ticket_id":512,"created_at":"2025-03-14T10:00:00Z","updated_at":"2025-03-14T10:00:00Z","ratings":{"default_question":%d}}`, feedback, value))
}

// TestFreshdeskRate posts each of our ratings to the ticket's
// satisfaction_ratings with the documented 5-point value, the API key as
// basic auth and the comment as feedback.
func TestFreshdeskRate(t *testing.T) {
	tests := []struct {
		rating  int
		comment string
		want    int
	}{
		{1, "Nobody helped.", -103},
		{2, "", -102},
		{3, "It was fine.", 100},
		{4, "", 102},
		{5, "Quick, thanks.", 103},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.rating), func(t *testing.T) {
			f := newFake(t)
			f.on("POST /api/v2/tickets/512/satisfaction_ratings", fdRatingReply(t, tt.want, tt.comment))
			logs, log := logBuffer()
			fd := mustNew(t, freshdeskConfig(f.srv.URL), log).(handoff.Rater)
			h := sampleHandoff()
			h.RemoteID = "512"
			require.NoError(t, fd.Rate(ctx(t), h, handoff.Rating{HandoffID: h.ID, Rating: tt.rating, Comment: tt.comment}))

			req := f.only("POST /api/v2/tickets/512/satisfaction_ratings")
			assert.Equal(t, "Basic "+base64.StdEncoding.EncodeToString([]byte(fdKey+":X")), req.Header.Get("Authorization"))
			assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
			want := map[string]any{"ratings": map[string]any{"default_question": float64(tt.want)}}
			if tt.comment != "" {
				want["feedback"] = tt.comment
			}
			assert.Equal(t, want, req.JSON(t))
			assert.NotContains(t, logs.String(), fdKey)
		})
	}
}

// TestFreshdeskRateRefused: a 400 (no active survey) is a permanent error
// that says what to switch on; a ticket never opened is refused locally.
func TestFreshdeskRateRefused(t *testing.T) {
	f := newFake(t)
	f.on("POST /api/v2/tickets/512/satisfaction_ratings", reply(400, `{"description":"Validation failed","errors":[{"field":"ratings","message":"Survey is not active","code":"invalid_value"}]}`))
	fd := mustNew(t, freshdeskConfig(f.srv.URL), nopLog()).(handoff.Rater)
	h := sampleHandoff()
	h.RemoteID = "512"
	err := fd.Rate(ctx(t), h, handoff.Rating{HandoffID: h.ID, Rating: 4})
	require.Error(t, err)
	assert.True(t, handoff.Is(err, handoff.KindPermanent), "a 400 is not retried: %v", err)
	mustContainAll(t, err.Error(), "rating ticket 512", "freshdesk: 400", "customer satisfaction survey is active")

	h.RemoteID = ""
	err = fd.Rate(ctx(t), h, handoff.Rating{HandoffID: h.ID, Rating: 4})
	assert.True(t, handoff.Is(err, handoff.KindPermanent))
	assert.Len(t, f.requests(), 1, "no request without a ticket")
}
