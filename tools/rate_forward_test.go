package tools

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// helpdeskStub answers every request with 2xx (a Freshdesk ticket for a
// ticket create) except satisfaction ratings, answered with rateStatus; it
// records each request as "METHOD /path" and the rating bodies.
type helpdeskStub struct {
	rateStatus int
	mu         sync.Mutex // protects the fields below
	routes     []string
	ratings    []map[string]any
}

func (s *helpdeskStub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.routes = append(s.routes, r.Method+" "+r.URL.Path)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/api/v2/tickets":
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"id":512,"requester_id":1000234,"subject":"Handoff"}`)
	case r.URL.Path == "/api/v2/tickets/512/satisfaction_ratings":
		var body map[string]any
		_ = json.Unmarshal(b, &body)
		s.mu.Lock()
		s.ratings = append(s.ratings, body)
		s.mu.Unlock()
		w.WriteHeader(s.rateStatus)
		if s.rateStatus == http.StatusCreated {
			_, _ = io.WriteString(w, `{"id":43006810853,"ticket_id":512,"ratings":{"default_question":102}}`)
			return
		}
		_, _ = io.WriteString(w, `{"description":"Validation failed","errors":[{"field":"ratings","message":"Survey is not active","code":"invalid_value"}]}`)
	default:
		_, _ = io.WriteString(w, `{}`)
	}
}

func (s *helpdeskStub) rated() (routes []string, ratings []map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.routes {
		if r == "POST /api/v2/tickets/512/satisfaction_ratings" {
			routes = append(routes, r)
		}
	}
	return routes, append([]map[string]any(nil), s.ratings...)
}

func freshdeskYAML(url string) string {
	return fmt.Sprintf(`
helpdesk:
  type: freshdesk
  freshdesk:
    base_url: %s
    api_key: fd-api-key-for-tests
delivery:
  first_attempt_wait: 5s
`, url)
}

func webhookYAML(url string) string {
	return fmt.Sprintf(`
helpdesk:
  type: webhook
  webhook:
    url: %s/hook
    secret: 0123456789abcdef
delivery:
  first_attempt_wait: 5s
`, url)
}

// rateAfterSession requests a handoff, lets an agent answer and close it
// through connector, rates it 4 through rate_handoff and waits for the
// worker; it returns the handoff's outbox jobs.
func rateAfterSession(t *testing.T, e *env, connector string) []handoff.Delivery {
	t.Helper()
	ctx := context.Background()
	c := e.client(t)
	req := handoffFor(t, c, "c-rate-"+connector, nil)
	require.NoError(t, e.svc.ApplyAgentEvent(ctx, handoff.AgentEvent{
		Kind: handoff.AgentMessage, Connector: connector, HandoffID: req.HandoffID, AgentName: "Lea", Text: "Done!", MessageID: handoff.NewID(connector + ":"),
	}))
	require.NoError(t, e.svc.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: connector, HandoffID: req.HandoffID}))
	e.worker.Wait()
	out := structured[RateOutput](t, call(t, c, "rate_handoff", map[string]any{"handoff_id": req.HandoffID, "rating": 4, "comment": "Quick, thanks."}))
	require.Equal(t, 4, out.Rating)
	e.worker.Wait()
	_, err := e.worker.RunOnce(ctx) // anything DeliverNow could not claim
	require.NoError(t, err)
	e.worker.Wait()
	jobs, err := e.store.Deliveries(ctx, handoff.DeliveryFilter{Subject: req.HandoffID})
	require.NoError(t, err)
	return jobs
}

// ratingJobs keeps the rating jobs of ds.
func ratingJobs(ds []handoff.Delivery) []handoff.Delivery {
	var out []handoff.Delivery
	for _, d := range ds {
		if d.Kind == handoff.DeliveryRating {
			out = append(out, d)
		}
	}
	return out
}

// A rating of a Freshdesk handoff becomes one outbox job, delivered as one
// satisfaction rating on its ticket; a refusal (400: no survey active) is
// parked as failed, for good.
func TestRateForwardsToFreshdesk(t *testing.T) {
	tests := []struct {
		name   string
		status int
		state  handoff.DeliveryState
	}{
		{"delivered", http.StatusCreated, handoff.DeliveryDone},
		{"refused", http.StatusBadRequest, handoff.DeliveryFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := &helpdeskStub{rateStatus: tt.status}
			srv := httptest.NewServer(stub)
			defer srv.Close()
			e := newEnv(t, freshdeskYAML(srv.URL))
			jobs := ratingJobs(rateAfterSession(t, e, "freshdesk"))
			require.Len(t, jobs, 1, "one rating job")
			d := jobs[0]
			assert.Equal(t, tt.state, d.State)
			assert.Equal(t, 1, d.Attempts, "a 400 is not retried")
			require.NotNil(t, d.Rating)
			assert.Equal(t, 4, d.Rating.Rating)
			assert.Equal(t, "Quick, thanks.", d.Rating.Comment)
			routes, ratings := stub.rated()
			assert.Len(t, routes, 1, "one satisfaction rating posted")
			require.Len(t, ratings, 1)
			assert.Equal(t, map[string]any{"ratings": map[string]any{"default_question": float64(102)}, "feedback": "Quick, thanks."}, ratings[0])
			if tt.state == handoff.DeliveryFailed {
				assert.True(t, d.Permanent)
				assert.Equal(t, "rating ticket 512: freshdesk: 400 Bad Request: Validation failed; ratings: Survey is not active: the helpdesk rejected the request; check the ids and values in helpdesk.freshdesk (Freshdesk takes ratings only while a customer satisfaction survey is active: Admin > Customer Satisfaction)", d.LastError)
			}
		})
	}
}

// The built-in inbox and the webhook connector document no ratings API:
// rate_handoff stores the answer and enqueues nothing.
func TestRateForwardsNothingWithoutARatingsAPI(t *testing.T) {
	t.Run("inbox", func(t *testing.T) {
		e := newEnv(t, "")
		assert.Empty(t, ratingJobs(rateAfterSession(t, e, "inbox")))
	})
	t.Run("webhook", func(t *testing.T) {
		stub := &helpdeskStub{rateStatus: http.StatusCreated}
		srv := httptest.NewServer(stub)
		defer srv.Close()
		e := newEnv(t, webhookYAML(srv.URL))
		all := rateAfterSession(t, e, "webhook")
		assert.NotEmpty(t, all, "the webhook's own jobs are there")
		assert.Empty(t, ratingJobs(all))
		routes, _ := stub.rated()
		assert.Empty(t, routes)
	})
}
