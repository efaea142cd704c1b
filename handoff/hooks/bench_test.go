package hooks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
)

// neverSeen is a Deduper for which every event is new.
type neverSeen struct{}

func (neverSeen) Seen(context.Context, string, string, time.Time) (bool, error) { return false, nil }
func (neverSeen) Forget(context.Context, string, string) error                  { return nil }

// BenchmarkHandler measures one inbound event per connector: read, verified,
// parsed, deduped (by a Deduper for which every event is new) and applied.
func BenchmarkHandler(b *testing.B) {
	for _, v := range []vendor{zendeskVendor(), intercomVendor(), chatwootVendor(), livechatVendor()} {
		b.Run(v.connector, func(b *testing.B) {
			applied := 0
			h, err := New(v.cfg, Options{
				Sink: SinkFunc(func(context.Context, Event) error { applied++; return nil }), Logger: zerolog.Nop(), Deduper: neverSeen{},
				Clock: clocktest.NewFake(testNow),
			})
			if err != nil {
				b.Fatal(err)
			}
			t := &testing.T{}
			body := v.fill(t, v.message, v.secret, testNow)
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				r := v.sign(body, v.secret, testNow)
				w := httptest.NewRecorder()
				h.ServeHTTP(w, r)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
			if applied != b.N {
				b.Fatalf("applied %d of %d", applied, b.N)
			}
		})
	}
}
