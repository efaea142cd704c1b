package metrics

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// helpdeskStatuses are the values of the status label.
var helpdeskStatuses = []string{
	string(handoff.HelpdeskNotConfigured), string(handoff.HelpdeskAvailable),
	string(handoff.HelpdeskUnavailable), string(handoff.HelpdeskUnknown),
}

var helpdeskDesc = prometheus.NewDesc("handoff_mcp_helpdesk_status",
	"The helpdesk's service status as the replicas share it: 1 for the current status, 0 for the others.",
	[]string{"connector", "status"}, nil)

// helpdesk reads Options.HelpdeskStatus at each scrape.
type helpdesk struct{ m *Metrics }

func (h *helpdesk) Describe(ch chan<- *prometheus.Desc) { ch <- helpdeskDesc }

func (h *helpdesk) Collect(ch chan<- prometheus.Metric) {
	st := h.m.opts.HelpdeskStatus()
	for _, s := range helpdeskStatuses {
		v := 0.0
		if s == string(st.Status) {
			v = 1
		}
		ch <- prometheus.MustNewConstMetric(helpdeskDesc, prometheus.GaugeValue, v, h.m.opts.Connector, s)
	}
}
