package metrics

import (
	"context"
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

type fixedGauges struct {
	g   Gauges
	err error
}

func (f fixedGauges) Gauges(context.Context) (Gauges, error) { return f.g, f.err }

func TestLabelsStayBounded(t *testing.T) {
	m := New(Options{Triggers: []string{"explicit_request"}, Connector: "zendesk"})
	m.Request(handoff.Result{Outcome: handoff.OutcomeDelivered, Handoff: handoff.Handoff{Triggers: []string{"explicit_request"}},
		Decision: handoff.Decision{Handoff: true, Classifier: "cascade/llm"}})
	m.Request(handoff.Result{Outcome: handoff.OutcomeOffHours, Decision: handoff.Decision{Handoff: true, Triggers: []string{"not configured"}, Classifier: "embedded"}})
	m.Request(handoff.Result{Outcome: handoff.OutcomeQueued, Handoff: handoff.Handoff{Triggers: []string{"forced"}}, Decision: handoff.Decision{Handoff: true, Classifier: "forced"}})
	m.Request(handoff.Result{Outcome: handoff.OutcomeAgentJoined, AlreadyOpen: true, Handoff: handoff.Handoff{Triggers: []string{"explicit_request"}}})
	m.Request(handoff.Result{Outcome: "something new", Decision: handoff.Decision{Classifier: "mystery"}})

	assert.Equal(t, 1.0, testutil.ToFloat64(m.handoffs.WithLabelValues("explicit_request", "delivered")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.handoffs.WithLabelValues("other", "off_hours")), "an id outside the configuration")
	assert.Equal(t, 1.0, testutil.ToFloat64(m.handoffs.WithLabelValues("forced", "queued")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.handoffs.WithLabelValues("explicit_request", "already_open")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.handoffs.WithLabelValues("none", "other")))
	assert.Equal(t, 5, testutil.CollectAndCount(m.handoffs))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.decisions.WithLabelValues("llm", "true")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.decisions.WithLabelValues("other", "false")))
	assert.Equal(t, 4, testutil.CollectAndCount(m.decisions), "the already-open request decided nothing")

	m.Attempt(handoff.DeliveryOpen, nil)
	m.Attempt(handoff.DeliveryOpen, errors.New("503"))
	m.Attempt(handoff.DeliveryClose, errors.New("timeout"))
	assert.Equal(t, 2.0, testutil.ToFloat64(m.attempts.WithLabelValues("zendesk", "open")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.failures.WithLabelValues("zendesk", "open")))
	assert.Equal(t, 1.0, testutil.ToFloat64(m.failures.WithLabelValues("zendesk", "close")))
}

func TestGaugesAtScrape(t *testing.T) {
	m := New(Options{Gauges: fixedGauges{g: Gauges{OutboxDepth: 3, QueueLength: 2, OpenSessions: 1}}})
	n, err := testutil.GatherAndCount(m.Registry(), "handoff_mcp_outbox_depth", "handoff_mcp_queue_length", "handoff_mcp_open_sessions")
	assert.NoError(t, err)
	assert.Equal(t, 3, n)

	broken := New(Options{Gauges: fixedGauges{err: errors.New("disk gone")}})
	_, err = broken.Registry().Gather()
	assert.ErrorContains(t, err, "disk gone", "a failed read shows as a scrape error, not as zeros")
}
