package app

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/stats"
	"github.com/handoff-mcp/handoff-mcp/tools"
)

// scrape reads url's /metrics as "name{label=value,...}" -> value, with a
// histogram's sample count as name_count; labels sorted by name.
func scrape(t *testing.T, url string) map[string]float64 {
	t.Helper()
	res, err := http.Get(url + "/metrics")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var p expfmt.TextParser
	fams, err := p.TextToMetricFamilies(res.Body)
	require.NoError(t, err)
	out := map[string]float64{}
	for name, f := range fams {
		for _, m := range f.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				ls = append(ls, l.GetName()+"="+l.GetValue())
			}
			key := name + "{" + strings.Join(ls, ",") + "}"
			switch {
			case m.Counter != nil:
				out[key] = m.GetCounter().GetValue()
			case m.Gauge != nil:
				out[key] = m.GetGauge().GetValue()
			case m.Histogram != nil:
				out[strings.Replace(key, "{", "_count{", 1)] = float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}

// counters keeps the entries of m whose name starts with prefix.
func counters(m map[string]float64, prefix string) map[string]float64 {
	out := map[string]float64{}
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			out[k] = v
		}
	}
	return out
}

func TestMetricsAfterAScriptedRun(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	s := startLive(t, "", clk)
	c := s.client()
	before := scrape(t, s.srv.URL)
	assert.Empty(t, counters(before, "handoff_mcp_handoffs_total"), "nothing counted yet")
	assert.Equal(t, 0.0, before["handoff_mcp_queue_length{}"])

	asked := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "m-1", "email": "ada@example.com", "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "My parcel never arrived. I want to talk to a human agent now."}},
	})
	require.Equal(t, "delivered", asked.Status)
	h, err := s.app.Store.Handoff(context.Background(), asked.HandoffID)
	require.NoError(t, err)
	trigger, judge := h.Triggers[0], stats.Judge(h.Classifier)
	no := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "m-2", "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "What time do you open on Saturday?"}},
	})
	require.Equal(t, "not_triggered", no.Status)
	status(t, c, h.ID, 0)

	m := scrape(t, s.srv.URL)
	assert.Equal(t, map[string]float64{
		"handoff_mcp_handoffs_total{outcome=delivered,trigger=" + trigger + "}": 1,
		"handoff_mcp_handoffs_total{outcome=not_triggered,trigger=none}":        1,
	}, counters(m, "handoff_mcp_handoffs_total"))
	decided := counters(m, "handoff_mcp_classifier_decisions_total")
	assert.Equal(t, 1.0, decided["handoff_mcp_classifier_decisions_total{handoff=true,judge="+judge+"}"], "%v", decided)
	sum := 0.0
	for _, v := range decided {
		sum += v
	}
	assert.Equal(t, 2.0, sum, "one decision per request: %v", decided)
	assert.Equal(t, map[string]float64{
		"handoff_mcp_tool_call_duration_seconds_count{tool=request_human_handoff}": 2,
		"handoff_mcp_tool_call_duration_seconds_count{tool=get_handoff_status}":    1,
	}, counters(m, "handoff_mcp_tool_call_duration_seconds"))
	assert.Equal(t, 1.0, m["handoff_mcp_queue_length{}"])
	assert.Equal(t, 0.0, m["handoff_mcp_open_sessions{}"])
	assert.Equal(t, 0.0, m["handoff_mcp_outbox_depth{}"], "the inbox is the store: nothing to deliver")

	clk.Advance(45 * time.Second)
	require.NoError(t, inboxDesk{}.reply(t, s, h.ID, "Lea", "Hi, Lea here."))
	m = scrape(t, s.srv.URL)
	assert.Equal(t, 0.0, m["handoff_mcp_queue_length{}"])
	assert.Equal(t, 1.0, m["handoff_mcp_open_sessions{}"])

	clk.Advance(2 * time.Minute)
	callTool[tools.EndOutput](t, c, "end_handoff", map[string]any{"handoff_id": h.ID, "reason": "solved"})
	callTool[tools.RateOutput](t, c, "rate_handoff", map[string]any{"handoff_id": h.ID, "rating": 5})
	m = scrape(t, s.srv.URL)
	assert.Equal(t, 0.0, m["handoff_mcp_open_sessions{}"])
	assert.Equal(t, map[string]float64{
		"handoff_mcp_tool_call_duration_seconds_count{tool=request_human_handoff}": 2,
		"handoff_mcp_tool_call_duration_seconds_count{tool=get_handoff_status}":    1,
		"handoff_mcp_tool_call_duration_seconds_count{tool=end_handoff}":           1,
		"handoff_mcp_tool_call_duration_seconds_count{tool=rate_handoff}":          1,
	}, counters(m, "handoff_mcp_tool_call_duration_seconds"))
	assert.Len(t, counters(m, "handoff_mcp_handoffs_total"), 2, "ending and rating request nothing")
	for k := range m {
		assert.NotContains(t, k, "ada@example.com")
		assert.NotContains(t, k, "m-1")
	}

	// The same run in the figures: the request that fired no trigger was
	// recorded as a decision.
	r, err := stats.Compute(context.Background(), s.app.Store, stats.Query{Since: liveNow.Add(-time.Hour), Until: liveNow.Add(time.Hour)})
	require.NoError(t, err)
	assert.Equal(t, 1, r.Escalations.Total)
	assert.Equal(t, stats.Calls{Total: 2, NotTriggered: 1, NotTriggeredShare: 0.5}, r.Calls)
	assert.Equal(t, stats.Durations{Count: 1, P50Seconds: 45, P90Seconds: 45}, r.FirstResponse)
	assert.Equal(t, stats.Durations{Count: 1, P50Seconds: 165, P90Seconds: 165}, r.Resolution)
	assert.Equal(t, stats.Satisfaction{Count: 1, Mean: 5}, r.Satisfaction)
	assert.Equal(t, 1, r.Judges[judge])
}

func TestMetricsOfDeliveriesAndInboundEvents(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	d := newWebhookDesk(t, clk)
	s := startLive(t, d.helpdesk(), clk)
	c := s.client()
	asked := callTool[tools.HandoffOutput](t, c, "request_human_handoff", map[string]any{
		"conversation_id": "w-1", "email": "ada@example.com", "language": "en",
		"transcript": []map[string]string{{"role": "user", "content": "I want to talk to a human agent now."}},
	})
	require.Equal(t, "delivered", asked.Status)
	m := scrape(t, s.srv.URL)
	assert.Equal(t, map[string]float64{"handoff_mcp_delivery_attempts_total{connector=webhook,kind=open}": 1},
		counters(m, "handoff_mcp_delivery_attempts_total"))
	assert.Empty(t, counters(m, "handoff_mcp_delivery_failures_total"))

	v := inboundVendors[0]
	_, srv, _ := inboundServer(t, v, clk)
	genuine := body(t, v, v.secret, clk.Now())
	code, _ := send(t, srv, v, genuine, v.secret, clk.Now())
	require.Equal(t, http.StatusOK, code)
	code, _ = send(t, srv, v, genuine, v.secret, clk.Now())
	require.Equal(t, http.StatusOK, code)
	code, _ = send(t, srv, v, body(t, v, "", clk.Now()), "", clk.Now())
	require.Equal(t, http.StatusUnauthorized, code)
	m = scrape(t, srv.URL)
	assert.Equal(t, map[string]float64{
		"handoff_mcp_inbound_events_total{connector=" + v.connector + ",result=applied}":   1,
		"handoff_mcp_inbound_events_total{connector=" + v.connector + ",result=duplicate}": 1,
		"handoff_mcp_inbound_events_total{connector=" + v.connector + ",result=rejected}":  1,
	}, counters(m, "handoff_mcp_inbound_events_total"))
}

func TestReadyz(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	s := startLive(t, "", clk)
	get := func(path string) (int, string) {
		res, err := http.Get(s.srv.URL + path)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, string(b)
	}
	code, text := get("/readyz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ready\n", text)
	code, _ = get("/healthz")
	assert.Equal(t, http.StatusOK, code)

	// A schema behind the binary (as if a migration were missing) is not ready.
	db, err := sql.Open("sqlite3", s.app.Store.Path())
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)")
	require.NoError(t, err)
	code, text = get("/readyz")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, text, "not ready: database: database schema is at version")
	code, _ = get("/healthz")
	assert.Equal(t, http.StatusOK, code, "liveness is not readiness")
}

func TestReadyzWithTheHelpdesk(t *testing.T) {
	clk := clocktest.NewFake(liveNow)
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	for _, tt := range []struct {
		name, doc string
		want      int
	}{
		{"the database only", "helpdesk:\n  type: webhook\n  webhook:\n    url: " + down.URL + "\n    secret: " + deskSecret + "\n", http.StatusOK},
		{"the helpdesk too, and it is not known to be up", "server:\n  readyz_helpdesk: true\nhelpdesk:\n  type: webhook\n  webhook:\n    url: " + down.URL + "\n    secret: " + deskSecret + "\n", http.StatusServiceUnavailable},
		{"the helpdesk too, with the built-in inbox", "server:\n  readyz_helpdesk: true\n", http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := startLive(t, tt.doc, clk)
			res, err := http.Get(s.srv.URL + "/readyz")
			require.NoError(t, err)
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			require.NoError(t, err)
			assert.Equal(t, tt.want, res.StatusCode, string(b))
		})
	}
}
