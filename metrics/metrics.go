// Package metrics exposes what an operator watches in the Prometheus text
// format (github.com/prometheus/client_golang): handoffs by trigger and
// outcome, tool call durations, classifier decisions per judge, delivery
// attempts and failures per connector, inbound events by result, and, read
// from the store at each scrape, the outbox depth, the queue length and the
// open sessions. Labels carry no personal data, and every label value comes
// from a bounded set: configured trigger ids, registered tool names, the
// configured connector, fixed outcomes and judges.
package metrics

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/stats"
)

// Gauges are the figures read from the store at each scrape.
type Gauges struct {
	// OutboxDepth counts the delivery jobs pending.
	OutboxDepth int
	// QueueLength counts the handoffs waiting for an agent.
	QueueLength int
	// OpenSessions counts the handoffs an agent has joined, still open.
	OpenSessions int
}

// GaugeSource reads Gauges. *store.DB implements it.
type GaugeSource interface {
	Gauges(ctx context.Context) (Gauges, error)
}

// Options configure New.
type Options struct {
	// Triggers are the configured trigger ids: the values of the trigger
	// label besides "none" (no trigger fired), "forced" and "other".
	Triggers []string
	// Connector names the configured helpdesk connector.
	Connector string
	// Gauges is read at each scrape; nil leaves the gauges out.
	Gauges GaugeSource
	// HelpdeskStatus is read at each scrape for handoff_mcp_helpdesk_status;
	// nil leaves it out.
	HelpdeskStatus func() handoff.HelpdeskStatus
	// ScrapeTimeout bounds the read of Gauges (default 2s).
	ScrapeTimeout time.Duration
	Logger        zerolog.Logger
}

// Metrics holds the collectors of one server. Its methods are safe for
// concurrent use.
type Metrics struct {
	opts      Options
	reg       *prometheus.Registry
	handoffs  *prometheus.CounterVec
	decisions *prometheus.CounterVec
	tools     *prometheus.HistogramVec
	attempts  *prometheus.CounterVec
	failures  *prometheus.CounterVec
	inbound   *prometheus.CounterVec
}

// New returns the metrics, registered on a registry of their own.
func New(opts Options) *Metrics {
	if opts.ScrapeTimeout <= 0 {
		opts.ScrapeTimeout = 2 * time.Second
	}
	m := &Metrics{
		opts: opts,
		reg:  prometheus.NewRegistry(),
		handoffs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_mcp_handoffs_total",
			Help: "Handoff requests decided, by the trigger that fired (none: no trigger) and the outcome (not_triggered, off_hours, needs_email, queue_full, queued, delivered, failed, already_open).",
		}, []string{"trigger", "outcome"}),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_mcp_classifier_decisions_total",
			Help: "Decisions of the judges, by judge (embedded, llm, sampling, calling_model, forced, rules, other) and whether they handed off.",
		}, []string{"judge", "handoff"}),
		tools: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "handoff_mcp_tool_call_duration_seconds",
			Help:    "Duration of MCP tool calls, by tool.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"tool"}),
		attempts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_mcp_delivery_attempts_total",
			Help: "Delivery attempts at the helpdesk, by connector and job kind (open, message, close, offline).",
		}, []string{"connector", "kind"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_mcp_delivery_failures_total",
			Help: "Delivery attempts that failed, by connector and job kind.",
		}, []string{"connector", "kind"}),
		inbound: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "handoff_mcp_inbound_events_total",
			Help: "Helpdesk events received at /hooks, by connector and result (applied, duplicate, ignored, rejected, error).",
		}, []string{"connector", "result"}),
	}
	m.reg.MustRegister(m.handoffs, m.decisions, m.tools, m.attempts, m.failures, m.inbound)
	if opts.Gauges != nil {
		m.reg.MustRegister(&gauges{m: m})
	}
	if opts.HelpdeskStatus != nil {
		m.reg.MustRegister(&helpdesk{m: m})
	}
	return m
}

// Handler serves the metrics in the Prometheus text format; when the
// gauges cannot be read, it serves the rest.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError})
}

// Registry returns the registry the collectors are on.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Request counts the result of one handoff request (handoff.Deps.OnRequest).
func (m *Metrics) Request(r handoff.Result) {
	trigger := "none"
	if len(r.Handoff.Triggers) > 0 {
		trigger = r.Handoff.Triggers[0]
	} else if len(r.Decision.Triggers) > 0 {
		trigger = r.Decision.Triggers[0]
	}
	if trigger != "none" && trigger != handoff.JudgeForced && !slices.Contains(m.opts.Triggers, trigger) {
		trigger = "other"
	}
	o := outcome(r.Outcome)
	if r.AlreadyOpen {
		o = "already_open" // a repeated call: no new handoff
	}
	m.handoffs.WithLabelValues(trigger, o).Inc()
	if !r.AlreadyOpen && r.Decision.Classifier != "" {
		m.decisions.WithLabelValues(stats.Judge(r.Decision.Classifier), boolLabel(r.Decision.Handoff)).Inc()
	}
}

// ToolCall records the duration of one call of tool.
func (m *Metrics) ToolCall(tool string, d time.Duration) {
	m.tools.WithLabelValues(tool).Observe(d.Seconds())
}

// Attempt counts one delivery attempt of a job of kind; err is its error
// (delivery.Options.OnAttempt).
func (m *Metrics) Attempt(kind handoff.DeliveryKind, err error) {
	m.attempts.WithLabelValues(m.opts.Connector, string(kind)).Inc()
	if err != nil {
		m.failures.WithLabelValues(m.opts.Connector, string(kind)).Inc()
	}
}

// Inbound counts one helpdesk event by result (hooks.Options.OnResult).
func (m *Metrics) Inbound(result string) {
	m.inbound.WithLabelValues(m.opts.Connector, result).Inc()
}

var outcomes = []handoff.Outcome{
	handoff.OutcomeNotTriggered, handoff.OutcomeOffHours, handoff.OutcomeNeedsEmail, handoff.OutcomeQueued,
	handoff.OutcomeDelivered, handoff.OutcomeFailed, handoff.OutcomeAgentJoined, handoff.OutcomeQueueFull,
}

func outcome(o handoff.Outcome) string {
	if slices.Contains(outcomes, o) {
		return string(o)
	}
	return "other"
}

func boolLabel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// gauges reads Gauges at each scrape.
type gauges struct{ m *Metrics }

var (
	outboxDesc   = prometheus.NewDesc("handoff_mcp_outbox_depth", "Delivery jobs pending in the outbox.", nil, nil)
	queueDesc    = prometheus.NewDesc("handoff_mcp_queue_length", "Handoffs waiting for an agent (queued or delivered).", nil, nil)
	sessionsDesc = prometheus.NewDesc("handoff_mcp_open_sessions", "Handoffs an agent has joined that are still open.", nil, nil)
)

func (g *gauges) Describe(ch chan<- *prometheus.Desc) {
	ch <- outboxDesc
	ch <- queueDesc
	ch <- sessionsDesc
}

func (g *gauges) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), g.m.opts.ScrapeTimeout)
	defer cancel()
	v, err := g.m.opts.Gauges.Gauges(ctx)
	if err != nil {
		g.m.opts.Logger.Warn().Err(err).Msg("reading the gauges for /metrics")
		ch <- prometheus.NewInvalidMetric(outboxDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(v.OutboxDepth))
	ch <- prometheus.MustNewConstMetric(queueDesc, prometheus.GaugeValue, float64(v.QueueLength))
	ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(v.OpenSessions))
}
