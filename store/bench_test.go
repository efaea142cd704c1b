package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// benchHandoff is a typical handoff: ten turns of a few sentences each.
func benchHandoff(i int64) handoff.Handoff {
	h := sample(fmt.Sprintf("h_%d", i), fmt.Sprintf("conv-%d", i), t0)
	h.Transcript = make([]handoff.Turn, 10)
	for j := range h.Transcript {
		role := handoff.RoleUser
		if j%2 == 1 {
			role = handoff.RoleAssistant
		}
		h.Transcript[j] = handoff.Turn{Role: role, Content: strings.Repeat("I was charged twice for my order. ", 6)}
	}
	return h
}

// BenchmarkCreateHandoff measures what request_human_handoff costs the
// store: CreateHandoff of a new handoff, then Handoff to read it back, on a
// database file.
func BenchmarkCreateHandoff(b *testing.B) {
	ctx := context.Background()
	s := openAt(b, filepath.Join(b.TempDir(), "handoff.db"), newClock())
	var n atomic.Int64 // ids stay unique across runs of the sub-benchmarks
	b.Run("serial", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			h := benchHandoff(n.Add(1))
			if _, created, err := s.CreateHandoffIfRoom(ctx, h, 0); err != nil || !created {
				b.Fatalf("created %v: %v", created, err)
			}
			if _, err := s.Handoff(ctx, h.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parallel", func(b *testing.B) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				h := benchHandoff(n.Add(1))
				if _, created, err := s.CreateHandoffIfRoom(ctx, h, 0); err != nil || !created {
					b.Errorf("created %v: %v", created, err)
					return
				}
				if _, err := s.Handoff(ctx, h.ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// BenchmarkOpenHandoff measures the lookup every request_human_handoff call
// starts with, in a database of 10,000 handoffs.
func BenchmarkOpenHandoff(b *testing.B) {
	ctx := context.Background()
	s := openAt(b, filepath.Join(b.TempDir(), "handoff.db"), newClock())
	const n = 10_000
	for i := range int64(n) {
		if _, _, err := s.CreateHandoffIfRoom(ctx, benchHandoff(i), 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	var i int64
	for b.Loop() {
		i++
		if _, err := s.OpenHandoff(ctx, fmt.Sprintf("conv-%d", i%n)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQueuePosition measures the position read after every created
// handoff and every get_handoff_status poll while waiting, in a queue of
// 2,000: the newest handoff (counted from the younger end) and the oldest
// (from the older end).
func BenchmarkQueuePosition(b *testing.B) {
	ctx := context.Background()
	s := openAt(b, filepath.Join(b.TempDir(), "handoff.db"), newClock())
	const n = 2_000
	for i := range int64(n) {
		if _, _, err := s.CreateHandoffIfRoom(ctx, benchHandoff(i), 0); err != nil {
			b.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		h    handoff.Handoff
		want int
	}{{"newest", benchHandoff(n - 1), n}, {"oldest", benchHandoff(0), 1}} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if got, err := s.QueuePosition(ctx, tt.h); err != nil || got != tt.want {
					b.Fatalf("position %d, want %d: %v", got, tt.want, err)
				}
			}
		})
	}
}
