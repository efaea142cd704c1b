package delivery

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// BenchmarkWorkerDeliveries measures deliveries per second through the
// worker: b.N queued handoffs (with their open jobs) in SQLite (WAL, a temp
// dir) are drained by Run through a real connector to a local httptest
// helpdesk that accepts every request: claim with a lease, render, sign or
// authenticate, HTTP round trip, decode, record the result and the
// handoff's transition. Run it with a fixed count, e.g.
//
//	go test ./handoff/delivery -run '^$' -bench WorkerDeliveries -benchtime 2000x
func BenchmarkWorkerDeliveries(b *testing.B) {
	for _, conn := range []string{"webhook", "zendesk"} {
		for _, conc := range []int{1, 4, 8} {
			b.Run(fmt.Sprintf("%s/concurrency=%d", conn, conc), func(b *testing.B) {
				benchDeliveries(b, conn, conc)
			})
		}
	}
}

func benchDeliveries(b *testing.B, kind string, concurrency int) {
	var received atomic.Int64
	done := make(chan struct{})
	target := int64(b.N)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if kind == "zendesk" {
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"ticket": {"id": 1, "requester_id": 2}}`)
		} else {
			_, _ = io.WriteString(w, `{}`)
		}
		if received.Add(1) == target {
			close(done)
		}
	}))
	defer srv.Close()
	cfg := helpdesk.Config{Type: kind}
	cfg.SetSection(helpdesk.WebhookConfig{URL: srv.URL, Secret: "bench-signing-secret-0123456789"})
	cfg.SetSection(helpdesk.ZendeskConfig{BaseURL: srv.URL, Email: "agent@acme.com", APIToken: "bench-token"})
	conn, err := helpdesk.New(cfg, helpdesk.Options{})
	require.NoError(b, err)
	st, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"), store.Options{})
	require.NoError(b, err)
	defer st.Close()
	for i := range b.N {
		_, _, err := st.CreateHandoffIfRoom(context.Background(), handoff.Handoff{
			ID: fmt.Sprintf("h_%07d", i), ConversationID: fmt.Sprintf("c%d", i), State: handoff.StateQueued,
			Contact: handoff.Contact{Email: "ada@example.com", Name: "Ada"}, Priority: handoff.PriorityNormal,
			Transcript: []handoff.Turn{
				{Role: handoff.RoleUser, Content: "My invoice is wrong, I was charged twice."},
				{Role: handoff.RoleAssistant, Content: "I can help with invoices. Which invoice is it?"},
				{Role: handoff.RoleUser, Content: "INV-2210. Let me talk to a person, please."},
			},
			Triggers: []string{"explicit_request"}, Reason: "asks for a person", Connector: kind,
		}, 0)
		require.NoError(b, err)
	}
	w, err := New(Config{Concurrency: concurrency}, Options{Store: st, Connector: conn, Logger: zerolog.Nop()})
	require.NoError(b, err)
	ctx, cancel := context.WithCancel(context.Background())
	b.ResetTimer()
	stopped := make(chan struct{})
	go func() { _ = w.Run(ctx); close(stopped) }()
	<-done
	cancel()
	<-stopped // attempts in flight record their results
	b.StopTimer()
	stats, err := st.DeliveryStats(context.Background())
	require.NoError(b, err)
	require.Equal(b, b.N, stats.Counts[handoff.DeliveryDone])
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}
