package delivery

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

func TestMonitorStatus(t *testing.T) {
	clk := newClock()
	logs := &testlog.Buffer{}
	d := newDesk(nil)
	var changes []handoff.HelpdeskStatus
	m := NewMonitor(helpdesk.Config{Type: helpdesk.TypeZendesk}, d, MonitorOptions{
		Logger: zerolog.New(logs), Clock: clk,
		OnChange: func(st handoff.HelpdeskStatus) { changes = append(changes, st) },
	})
	assert.Equal(t, handoff.HelpdeskStatus{Connector: "fake", Status: handoff.HelpdeskUnknown}, m.Status(), "unknown before the first check")

	steps := []struct {
		name       string
		checkErr   error
		want       handoff.HelpdeskServiceStatus
		wantErr    string
		wantLog    string
		wantChange bool
	}{
		{"credentials refused", handoff.Permanent(errors.New("fake: 401 Unauthorized: check helpdesk.fake.api_token")),
			handoff.HelpdeskUnavailable, "check helpdesk.fake.api_token", `"level":"error"`, false},
		{"still refused", handoff.Permanent(errors.New("fake: 401 Unauthorized: check helpdesk.fake.api_token")),
			handoff.HelpdeskUnavailable, "check helpdesk.fake.api_token", `"level":"debug"`, false},
		{"fixed", nil, handoff.HelpdeskAvailable, "", `"message":"helpdesk status"`, true},
		{"outage", handoff.Transient(errors.New("fake: 503 Service Unavailable"), 0), handoff.HelpdeskUnavailable, "503", `"level":"warn"`, true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			d.checkErr = st.checkErr
			before := len(changes)
			at := clk.Advance(time.Minute)
			got := m.Check(context.Background())
			assert.Equal(t, st.want, got.Status)
			assert.Equal(t, at, got.CheckedAt)
			assert.Equal(t, got, m.Status())
			if st.wantErr == "" {
				assert.Empty(t, got.Error)
			} else {
				assert.Contains(t, got.Error, st.wantErr)
			}
			assert.Equal(t, handoff.Is(st.checkErr, handoff.KindPermanent), got.ConfigError)
			assert.Equal(t, got.Unavailable() && !got.ConfigError, got.Down())
			lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
			assert.Contains(t, lines[len(lines)-1], st.wantLog)
			assert.Equal(t, st.wantChange, len(changes) > before)
		})
	}
}

func TestMonitorCheckCutShortChangesNothing(t *testing.T) {
	d := newDesk(nil)
	m := NewMonitor(helpdesk.Config{Type: helpdesk.TypeZendesk}, d, MonitorOptions{Clock: newClock()})
	before := m.Check(context.Background())
	require.Equal(t, handoff.HelpdeskAvailable, before.Status)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d.checkErr = handoff.Transient(context.Canceled, 0)
	assert.Equal(t, before, m.Check(ctx), "shutting down is not an outage")
	assert.Equal(t, before, m.Status())
}

func TestMonitorInboxNotConfigured(t *testing.T) {
	d := newDesk(nil)
	m := NewMonitor(helpdesk.Config{Type: helpdesk.TypeInbox}, d, MonitorOptions{})
	assert.Equal(t, handoff.HelpdeskNotConfigured, m.Status().Status)
	m.Run(context.Background()) // nothing to check: returns at once
	assert.Empty(t, d.callLog())
}

func TestMonitorRunChecksEveryInterval(t *testing.T) {
	d := newDesk(nil)
	s := newSleeper()
	m := NewMonitor(helpdesk.Config{Type: helpdesk.TypeZendesk}, d, MonitorOptions{Interval: 5 * time.Minute, Clock: s.on(newClock())})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	first := recv(t, s.reqs, "the first interval")
	assert.Equal(t, 5*time.Minute, first.d)
	assert.Equal(t, []string{"check "}, d.callLog(), "checked at start")
	first.at <- time.Time{}
	recv(t, s.reqs, "the second interval")
	assert.Len(t, d.callLog(), 2)
	cancel()
	recv(t, done, "Run to return")
	require.Equal(t, handoff.HelpdeskAvailable, m.Status().Status)
}
