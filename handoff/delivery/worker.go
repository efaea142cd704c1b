package delivery

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Options carries what a Worker needs besides its Config.
type Options struct {
	Store     handoff.Store
	Connector handoff.Connector
	// Logger receives structured logs (the zero Logger discards).
	Logger zerolog.Logger
	// Clock is the worker's time and sleep; nil means the wall clock.
	Clock clock.Clock
	// Rand draws the jitter: a value in [0, n); nil means math/rand/v2.
	Rand func(n int64) int64
	// Owner names this worker in leases; empty means host:pid:random:pidns,
	// which lets a worker started later on this host take back the leases
	// of this one if its process dies (Worker.ReclaimOrphans).
	Owner string
	// ShutdownGrace is how long Run lets attempts in flight finish after
	// its context ends before interrupting them (default 5s).
	ShutdownGrace time.Duration
	// OnAttempt, when set, hears every attempt made at the helpdesk: the
	// job's kind and the attempt's error (nil when it succeeded). Jobs
	// dropped with nothing to deliver are not attempts.
	OnAttempt func(kind handoff.DeliveryKind, err error)
}

// Worker delivers the outbox through one connector. It is safe for
// concurrent use; several workers, in one process or several, may share a
// store.
type Worker struct {
	cfg       Config
	store     handoff.Store
	conn      handoff.Connector
	find      helpdesk.Finder // nil when the helpdesk cannot be searched
	log       zerolog.Logger
	now       func() time.Time
	after     func(time.Duration) <-chan time.Time
	rnd       func(int64) int64
	owner     string
	grace     time.Duration
	onAttempt func(handoff.DeliveryKind, error)
	proc      processID
	alive     func(pid int) bool // whether a process runs (ReclaimOrphans)

	base   context.Context // parent of every attempt; cancelled to interrupt them
	cancel context.CancelFunc
	kick   chan struct{}
	slots  chan struct{} // one token per attempt in flight in Run
	freed  chan struct{} // signalled when one of Run's attempts ends
	wg     sync.WaitGroup

	// claimMu is held while claiming and registering the claimed jobs in
	// inflight, so that DeliverNow, finding nothing to claim, knows whether
	// this process holds the subject's job.
	claimMu  sync.Mutex
	mu       sync.Mutex        // protects inflight
	inflight map[string]flight // by subject
}

// flight is a job whose attempt runs in this process: done is closed when
// its result is recorded.
type flight struct {
	id   int64
	done chan struct{}
}

var _ handoff.Courier = (*Worker)(nil)

// New validates cfg (after filling its defaults) and returns a worker.
func New(cfg Config, opts Options) (*Worker, error) {
	cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("delivery: %w", err)
	}
	if opts.Store == nil || opts.Connector == nil {
		return nil, errors.New("delivery: a worker needs a store and a connector")
	}
	w := &Worker{
		cfg: cfg, store: opts.Store, conn: opts.Connector, log: opts.Logger,
		rnd: opts.Rand, owner: opts.Owner, grace: opts.ShutdownGrace, onAttempt: opts.OnAttempt,
		kick: make(chan struct{}, 1), slots: make(chan struct{}, cfg.Concurrency), freed: make(chan struct{}, cfg.Concurrency),
		inflight: map[string]flight{},
	}
	w.find, _ = opts.Connector.(helpdesk.Finder)
	clk := clock.Or(opts.Clock)
	w.now, w.after = clk.Now, clk.After
	if w.rnd == nil {
		w.rnd = rand.Int64N
	}
	w.proc, w.alive = thisProcess(), processAlive
	if w.owner == "" {
		w.owner = w.proc.owner()
	}
	if w.grace <= 0 {
		w.grace = 5 * time.Second
	}
	w.base, w.cancel = context.WithCancel(context.Background())
	w.log = w.log.With().Str("connector", w.conn.Name()).Logger()
	return w, nil
}

// Config returns the worker's effective configuration.
func (w *Worker) Config() Config { return w.cfg }

// Owner returns the name the worker claims jobs under.
func (w *Worker) Owner() string { return w.owner }

// Kick wakes Run to look for due jobs now.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// DeliverNow claims the subject's next job when it is due and free, and
// tries it in the background, waiting up to wait (and no longer than ctx)
// for the attempt to end. The attempt records its own result either way.
// When this process's Run already holds the job (it claimed the due jobs
// first), DeliverNow waits the same way for that attempt. When the job
// cannot be claimed now, Run is kicked to take it when due.
func (w *Worker) DeliverNow(ctx context.Context, subject string, wait time.Duration) {
	w.claimMu.Lock()
	ds, err := w.store.ClaimDeliveries(context.WithoutCancel(ctx), handoff.Claim{
		Owner: w.owner, Limit: 1, Lease: w.cfg.Lease, Now: w.now(), Subject: subject,
	})
	var done <-chan struct{}
	if len(ds) > 0 {
		done = w.track(ds)[0]
	} else {
		done = w.running(subject)
	}
	w.claimMu.Unlock()
	if err != nil {
		w.log.Warn().Err(err).Str("subject", subject).Msg("claiming delivery")
	}
	if len(ds) > 0 {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			w.attempt(ds[0])
		}()
	}
	if done == nil {
		w.Kick()
		return
	}
	if wait <= 0 {
		return
	}
	select {
	case <-done:
	case <-w.after(wait):
	case <-ctx.Done():
	}
}

// track registers ds as in flight and returns, for each, a channel closed
// when its attempt is recorded. The caller holds claimMu.
func (w *Worker) track(ds []handoff.Delivery) []<-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]<-chan struct{}, len(ds))
	for i, d := range ds {
		f := flight{id: d.ID, done: make(chan struct{})}
		w.inflight[d.Subject] = f
		out[i] = f.done
	}
	return out
}

// running returns the channel of the subject's attempt in flight in this
// process, or nil.
func (w *Worker) running(subject string) <-chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if f, ok := w.inflight[subject]; ok {
		return f.done
	}
	return nil
}

// finished marks d's attempt recorded.
func (w *Worker) finished(d handoff.Delivery) {
	w.mu.Lock()
	defer w.mu.Unlock()
	// The subject's next job may already be claimed and registered.
	if f, ok := w.inflight[d.Subject]; ok && f.id == d.ID {
		close(f.done)
		delete(w.inflight, d.Subject)
	}
}

// RunOnce claims the due jobs (up to Concurrency), delivers them
// concurrently, records the results and returns how many it tried. Tests
// drive the worker with it and a fake clock; Run is the loop that serves.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	ds, err := w.claim(ctx, w.cfg.Concurrency)
	if err != nil {
		return 0, err
	}
	var wg sync.WaitGroup
	for _, d := range ds {
		wg.Add(1)
		w.wg.Add(1)
		go func() {
			defer wg.Done()
			defer w.wg.Done()
			w.attempt(d)
		}()
	}
	wg.Wait()
	return len(ds), nil
}

func (w *Worker) claim(ctx context.Context, limit int) ([]handoff.Delivery, error) {
	w.claimMu.Lock()
	defer w.claimMu.Unlock()
	ds, err := w.store.ClaimDeliveries(ctx, handoff.Claim{Owner: w.owner, Limit: limit, Lease: w.cfg.Lease, Now: w.now()})
	if err != nil {
		return nil, fmt.Errorf("claiming deliveries: %w", err)
	}
	w.track(ds)
	return ds, nil
}

// Run delivers jobs until ctx ends: it claims due jobs while it has free
// slots (Concurrency), and otherwise sleeps until the next job is due, a
// slot frees, Kick is called, or PollInterval passes (for jobs other
// processes enqueue). When ctx ends it stops claiming, lets attempts in
// flight finish for ShutdownGrace, then interrupts them: their jobs are
// released, due again at once.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info().Str("owner", w.owner).Int("concurrency", w.cfg.Concurrency).Msg("delivery worker started")
	defer w.shutdown()
	if _, err := w.ReclaimOrphans(ctx); err != nil && ctx.Err() == nil {
		w.log.Warn().Err(err).Msg("delivery worker: their leases expire as usual")
	}
	for ctx.Err() == nil {
		free := cap(w.slots) - len(w.slots)
		if free == 0 {
			select {
			case <-ctx.Done():
			case <-w.freed:
			}
			continue
		}
		var (
			ds  []handoff.Delivery
			err error
		)
		if w.due(ctx) {
			ds, err = w.claim(ctx, free)
		}
		if err != nil && ctx.Err() == nil {
			w.log.Warn().Err(err).Msg("delivery worker")
		}
		for _, d := range ds {
			w.slots <- struct{}{}
			w.wg.Add(1)
			go func() {
				defer w.wg.Done()
				w.attempt(d)
				<-w.slots
				select {
				case w.freed <- struct{}{}:
				default:
				}
			}()
		}
		if len(ds) == free {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
		case <-w.kick:
		case <-w.freed:
		case <-w.after(w.sleepFor(ctx, err != nil)):
		}
	}
	return nil
}

// due reports whether a job may be claimable now, by a read: a claim is a
// write transaction, which Run spares the database when nothing is due (a
// kick after every result would otherwise make one empty claim per job).
// When the read fails, it says yes and lets the claim report the error.
func (w *Worker) due(ctx context.Context) bool {
	next, ok, err := w.store.NextDue(ctx)
	return err != nil || (ok && !next.After(w.now()))
}

// sleepFor is how long an idle Run sleeps: until the next job is due, at
// most PollInterval, and at least a millisecond (after a failed claim, a
// tenth of PollInterval) so that a clock skew between processes cannot spin
// it.
func (w *Worker) sleepFor(ctx context.Context, failed bool) time.Duration {
	d := w.cfg.PollInterval
	if next, ok, err := w.store.NextDue(ctx); err == nil && ok {
		d = min(d, next.Sub(w.now()))
	}
	floor := time.Millisecond
	if failed {
		floor = w.cfg.PollInterval / 10
	}
	return max(d, floor)
}

// shutdown waits for attempts in flight, interrupting them after the grace
// period.
func (w *Worker) shutdown() {
	done := make(chan struct{})
	go func() { w.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-w.after(w.grace):
		w.log.Warn().Msg("interrupting deliveries in flight: shutting down")
		w.cancel()
		<-done
	}
	w.log.Info().Msg("delivery worker stopped")
}

// Wait blocks until every attempt started by DeliverNow, RunOnce or Run has
// recorded its result.
func (w *Worker) Wait() { w.wg.Wait() }
