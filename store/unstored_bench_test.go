package store

import (
	"context"
	"fmt"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// BenchmarkUnstored measures what a request that fires a trigger but
// stores no handoff (off hours, no email, a full queue) costs the store:
// its contact, context and decision in one write (RecordUnstored), against
// the three writes it took before (SaveContact, SaveRequestContext,
// RecordDecision), in the same run on one database file.
func BenchmarkUnstored(b *testing.B) {
	ctx := context.Background()
	s := openAt(b, filepath.Join(b.TempDir(), "handoff.db"), newClock())
	h := benchHandoff(0)
	u := handoff.Unstored{
		Contact: handoff.Contact{Email: "jo@example.com", Name: "Jo"},
		Context: *handoff.ContextOf(h), Outcome: handoff.OutcomeOffHours, Judge: "embedded", At: t0,
	}
	n := 0
	b.Run("one-write", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := processCPU()
		for b.Loop() {
			n++
			u.ConversationID = fmt.Sprintf("conv-%d", n)
			if err := s.RecordUnstored(ctx, u); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	})
	b.Run("three-writes", func(b *testing.B) {
		b.ReportAllocs()
		cpu0 := processCPU()
		for b.Loop() {
			n++
			conv := fmt.Sprintf("conv-%d", n)
			if _, err := s.SaveContact(ctx, conv, u.Contact, u.At); err != nil {
				b.Fatal(err)
			}
			if err := s.SaveRequestContext(ctx, conv, u.Context); err != nil {
				b.Fatal(err)
			}
			if err := s.RecordDecision(ctx, u.At, u.Outcome, u.Judge); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(processCPU()-cpu0)/float64(b.N), "cpu-ns/op")
	})
}

// processCPU is the process's user and system CPU time so far, in
// nanoseconds (-1 when unknown).
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
