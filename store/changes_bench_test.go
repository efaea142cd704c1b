package store

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkChanges measures one poll of the change feed over 10,000
// handoffs: with nothing new (the common case, once a second per process)
// and with one new change.
func BenchmarkChanges(b *testing.B) {
	ctx := context.Background()
	clk := newClock()
	s := openTest(b, clk)
	for i := range 10000 {
		h := sample(fmt.Sprintf("h_%05d", i), fmt.Sprintf("conv-%05d", i), clk.Now())
		if _, _, err := s.CreateHandoffIfRoom(ctx, h, 0); err != nil {
			b.Fatal(err)
		}
	}
	latest, err := s.ChangeCursor(ctx)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		after int64
		want  int
	}{{"idle", latest, 0}, {"one_change", latest - 1, 1}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				got, err := s.Changes(ctx, bc.after, 0)
				if err != nil || len(got) != bc.want {
					b.Fatalf("got %d changes, %v", len(got), err)
				}
			}
		})
	}
}
