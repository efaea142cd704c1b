package evals

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a test clock that only moves when told to.
type fakeClock = clocktest.Fake

func newFakeClock() *fakeClock {
	return clocktest.NewFake(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
}

// echoClassifier is a fake for runner tests: it hands off when the last
// user turn starts with "yes", names the turn in its reason, and spends
// the row's number of turns in milliseconds on the fake clock.
type echoClassifier struct {
	clock *fakeClock
	langs sync.Map // content -> language seen
}

func (e *echoClassifier) Classify(_ context.Context, in handoff.Input) (handoff.Decision, error) {
	last := in.Transcript[len(in.Transcript)-1].Content
	e.langs.Store(last, in.Language)
	if e.clock != nil {
		e.clock.Advance(time.Duration(len(in.Transcript)) * time.Millisecond)
	}
	return handoff.Decision{Handoff: len(last) >= 3 && last[:3] == "yes", Reason: "saw " + last, Classifier: "embedded"}, nil
}

func rowsOf(n int) []Row {
	rows := make([]Row, n)
	for i := range rows {
		content := fmt.Sprintf("no %d", i)
		if i%3 == 0 {
			content = fmt.Sprintf("yes %d", i)
		}
		rows[i] = Row{ID: fmt.Sprint(i), Lang: "en", Transcript: turns(i%4 + 1)}
		rows[i].Transcript[len(rows[i].Transcript)-1].Content = content
	}
	return rows
}

func TestRunnerKeepsInputOrder(t *testing.T) {
	rows := rowsOf(200)
	r := &Runner{Workers: 16, LangHint: true}
	outs, err := r.Run(context.Background(), &echoClassifier{}, rows)
	require.NoError(t, err)
	require.Len(t, outs, len(rows))
	for i, o := range outs {
		assert.Equal(t, "saw "+rows[i].LastUser(), o.Decision.Reason)
		assert.Equal(t, i%3 == 0, o.Decision.Handoff)
	}
}

// barrierClassifier is a fake that records how many calls run at once and
// holds the first calls until `want` of them are in flight.
type barrierClassifier struct {
	want     int64
	inflight atomic.Int64
	peak     atomic.Int64
	once     sync.Once
	release  chan struct{}
	entered  chan struct{} // optional: receives once per call
}

func (b *barrierClassifier) Classify(ctx context.Context, _ handoff.Input) (handoff.Decision, error) {
	n := b.inflight.Add(1)
	defer b.inflight.Add(-1)
	if b.entered != nil {
		b.entered <- struct{}{}
	}
	for {
		p := b.peak.Load()
		if n <= p || b.peak.CompareAndSwap(p, n) {
			break
		}
	}
	if n >= b.want {
		b.once.Do(func() { close(b.release) })
	}
	select {
	case <-b.release:
	case <-ctx.Done():
		return handoff.Decision{}, ctx.Err()
	}
	return handoff.Decision{}, nil
}

func TestRunnerBoundsConcurrency(t *testing.T) {
	for _, workers := range []int{1, 3, 8} {
		t.Run(fmt.Sprint(workers), func(t *testing.T) {
			b := &barrierClassifier{want: int64(workers), release: make(chan struct{})}
			var finished atomic.Int64
			r := &Runner{Workers: workers, Done: func(n int) { finished.Store(int64(n)) }}
			_, err := r.Run(context.Background(), b, rowsOf(50))
			require.NoError(t, err)
			assert.Equal(t, int64(workers), b.peak.Load(), "exactly Workers rows run at once")
			assert.Equal(t, int64(50), finished.Load())
		})
	}
}

func TestRunnerLatencyAndLanguageHint(t *testing.T) {
	clk := newFakeClock()
	rows := rowsOf(4)
	rows[1].Lang = UnknownLanguage
	c := &echoClassifier{clock: clk}
	r := &Runner{Workers: 1, Clock: clk, LangHint: true}
	outs, err := r.Run(context.Background(), c, rows)
	require.NoError(t, err)
	for i, o := range outs {
		assert.Equal(t, time.Duration(len(rows[i].Transcript))*time.Millisecond, o.Latency)
	}
	lang, _ := c.langs.Load(rows[0].LastUser())
	assert.Equal(t, "en", lang)
	lang, _ = c.langs.Load(rows[1].LastUser())
	assert.Equal(t, "", lang, "an unknown language is not passed on")

	r.LangHint = false
	_, err = r.Run(context.Background(), c, rows)
	require.NoError(t, err)
	lang, _ = c.langs.Load(rows[0].LastUser())
	assert.Equal(t, "", lang)
}

func TestRunnerStopsWhenTheContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	b := &barrierClassifier{want: 1000, release: make(chan struct{}), entered: make(chan struct{}, 10)} // never released by count
	r := &Runner{Workers: 2, Done: func(int) {}}
	done := make(chan error)
	go func() {
		_, err := r.Run(ctx, b, rowsOf(10))
		done <- err
	}()
	<-b.entered // both workers are inside Classify
	<-b.entered
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
}
