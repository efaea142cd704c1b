package tools

import (
	"context"
	"fmt"
	"testing"

	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
)

// BenchmarkSubscriptionsNotify measures the fan-out of one poll's batch of
// 500 changes while 10,000 subscriptions are held: one of the changed
// handoffs is followed by a connected session, the others by nobody.
func BenchmarkSubscriptionsNotify(b *testing.B) {
	srv := server.NewMCPServer("bench", "1", server.WithResourceCapabilities(true, false))
	session := server.NewInProcessSession("followed", nil)
	session.Initialize()
	if err := srv.RegisterSession(context.Background(), session); err != nil {
		b.Fatal(err)
	}
	go func() {
		for range session.ClientNotifications() {
		}
	}()
	s := newSubscriptions(20000, zerolog.Nop())
	s.srv = srv
	for i := range 9999 {
		s.subscribe(fmt.Sprintf("session-%d", i), HandoffURI(fmt.Sprintf("h_sub%05d", i)))
	}
	s.subscribe("followed", HandoffURI("h_changed00000"))
	batch := make([]watch.Change, 500)
	for i := range batch {
		batch[i] = watch.Change{HandoffID: fmt.Sprintf("h_changed%05d", i), Seq: int64(i + 1)}
	}
	b.ReportAllocs()
	for b.Loop() {
		s.notify(batch)
	}
	if s.count() != 10000 {
		b.Fatalf("%d subscriptions left", s.count())
	}
}
