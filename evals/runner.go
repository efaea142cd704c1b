package evals

import (
	"context"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Outcome is a classifier's decision on one row.
type Outcome struct {
	Decision handoff.Decision
	// Err is the classifier's error; such rows are left out of the figures
	// and counted as errors.
	Err error
	// Latency is how long the decision took, by the runner's clock.
	Latency time.Duration
}

// Runner classifies rows concurrently with a bounded pool of workers and
// keeps the outcomes in input order.
type Runner struct {
	// Workers is the number of rows classified at once; 0 or less means 1.
	Workers int
	// Clock measures the latencies; nil means the wall clock.
	Clock clock.Clock
	// LangHint passes each row's language to the classifier as
	// handoff.Input.Language, as a client that knows the user's locale would.
	LangHint bool
	// Done, when set, is called after each row with the number of rows
	// finished so far in this Run. Calls come from several goroutines, one
	// at a time and in order: n is 1, 2, ... up to the rows finished.
	Done func(finished int)
}

// Run classifies rows with c. It returns the outcomes in the order of rows,
// or the context's error when ctx ends first.
func (r *Runner) Run(ctx context.Context, c handoff.Classifier, rows []Row) ([]Outcome, error) {
	now := clock.Or(r.Clock).Now
	workers := max(1, min(r.Workers, len(rows)))
	out := make([]Outcome, len(rows))
	jobs := make(chan int)
	var (
		mu       sync.Mutex // orders the calls of Done
		finished int
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				out[i] = r.classify(ctx, c, rows[i], now)
				mu.Lock()
				finished++
				if r.Done != nil {
					r.Done(finished)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := range rows {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *Runner) classify(ctx context.Context, c handoff.Classifier, row Row, now func() time.Time) Outcome {
	in := handoff.Input{Transcript: append([]handoff.Turn(nil), row.Transcript...)}
	if r.LangHint && row.Lang != UnknownLanguage {
		in.Language = row.Lang
	}
	start := now()
	d, err := c.Classify(ctx, in)
	return Outcome{Decision: d, Err: err, Latency: now().Sub(start)}
}
