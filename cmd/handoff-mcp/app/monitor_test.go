package app

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
)

// Two servers on one database: what one's status monitor finds, the other's
// service and /readyz say, until no one has checked for three intervals.
func TestHelpdeskStatusAgreesAcrossServers(t *testing.T) {
	ctx := context.Background()
	clk := clocktest.NewFake(liveNow)
	var up atomic.Bool
	up.Store(true)
	desk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if !up.Load() {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
		}
	}))
	defer desk.Close()
	cfg, err := config.Parse([]byte("server:\n  readyz_helpdesk: true\nhelpdesk:\n  type: webhook\n  webhook:\n    url: "+desk.URL+
		"\n    secret: "+deskSecret+"\n"), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	db := filepath.Join(t.TempDir(), "handoff.db")
	open := func() *App {
		a, err := New(ctx, cfg, Options{DBPath: db, Stderr: io.Discard, Clock: noTimers(clk)})
		require.NoError(t, err)
		t.Cleanup(func() { assert.NoError(t, a.Close()) })
		return a
	}
	checking, reading := open(), open()
	assert.EqualError(t, reading.Ready(ctx), "helpdesk webhook is unknown", "not checked yet")

	steps := []struct {
		name   string
		up     bool
		status string
		ready  bool
	}{
		{"up", true, string(handoff.HelpdeskAvailable), true},
		{"down", false, string(handoff.HelpdeskUnavailable), false},
		{"back", true, string(handoff.HelpdeskAvailable), true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			up.Store(st.up)
			found := checking.Monitor.Check(ctx)
			require.EqualValues(t, st.status, found.Status)
			clk.Advance(delivery.DefaultStatusRefresh) // the reader's cache expires
			assert.Equal(t, found, reading.Service.HelpdeskStatus())
			assert.Equal(t, found.Down(), reading.Service.HelpdeskStatus().Down())
			assert.Equal(t, 1.0, helpdeskGauge(t, reading, st.status), "/metrics says so too")
			if st.ready {
				assert.NoError(t, reading.Ready(ctx))
			} else {
				assert.EqualError(t, reading.Ready(ctx), "helpdesk webhook is unavailable")
			}
		})
	}

	// The checking server stops; after three status intervals the other
	// no longer vouches for the helpdesk.
	clk.Advance(3*cfg.Delivery.StatusInterval - delivery.DefaultStatusRefresh + time.Second)
	st := reading.Service.HelpdeskStatus()
	assert.Equal(t, handoff.HelpdeskUnknown, st.Status)
	assert.Contains(t, st.Error, "has stopped")
	assert.EqualError(t, reading.Ready(ctx), "helpdesk webhook is unknown")
	assert.Equal(t, 1.0, helpdeskGauge(t, reading, string(handoff.HelpdeskUnknown)))
	assert.Equal(t, 0.0, helpdeskGauge(t, reading, string(handoff.HelpdeskAvailable)))
}

// helpdeskGauge returns a's handoff_mcp_helpdesk_status of status.
func helpdeskGauge(t *testing.T, a *App, status string) float64 {
	t.Helper()
	mfs, err := a.Metrics.Registry().Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != "handoff_mcp_helpdesk_status" {
			continue
		}
		for _, m := range mf.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			if labels["status"] == status && labels["connector"] == a.Connector.Name() {
				return m.GetGauge().GetValue()
			}
		}
	}
	t.Fatalf("no handoff_mcp_helpdesk_status{status=%q}", status)
	return 0
}
