package handoff

import (
	"context"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// Queue configures the queue of handoffs waiting for an agent (the
// queue: section): how many may wait, who goes first, and how the expected
// wait is estimated. The queue only applies where agents' replies come
// back (Config.AgentEvents): elsewhere nothing would ever leave it.
type Queue struct {
	// MaxLength is how many handoffs may wait for an agent at once (queued
	// or delivered, no agent yet); 0, the default, means no limit. When it
	// is full, request_human_handoff answers queue_full and offers to
	// leave contact details and a message.
	MaxLength int `yaml:"max_length" json:"max_length"`
	// VIP flags VIP customers by the request's metadata: a key and the
	// values that make a VIP, any match, compared case-insensitively.
	// Absent means {vip: ["true"]}; {} flags no one.
	VIP map[string][]string `yaml:"vip" json:"vip"`
	// VIPPriority is the least priority a VIP's handoff gets (default
	// high): it goes ahead in the queue and in the outbox, and the
	// helpdesk's own priority field follows it.
	VIPPriority Priority `yaml:"vip_priority" json:"vip_priority"`
	// DefaultWait is the expected wait given while there is no history of
	// agents' first replies yet (default 2m).
	DefaultWait time.Duration `yaml:"default_wait" json:"default_wait"`
	// WaitSamples is how many of the latest first replies the expected
	// wait is the median of (default 20).
	WaitSamples int `yaml:"wait_samples" json:"wait_samples"`
}

// The defaults of Queue.
const (
	DefaultWait        = 2 * time.Minute
	DefaultWaitSamples = 20
)

// WithDefaults returns q with its defaults filled in.
func (q Queue) WithDefaults() Queue {
	if q.VIP == nil {
		q.VIP = map[string][]string{"vip": {"true"}}
	}
	if q.VIPPriority == "" {
		q.VIPPriority = PriorityHigh
	}
	if q.DefaultWait == 0 {
		q.DefaultWait = DefaultWait
	}
	if q.WaitSamples == 0 {
		q.WaitSamples = DefaultWaitSamples
	}
	return q
}

// Validate reports every problem of q, one per line, each naming the key.
func (q Queue) Validate() error {
	var errs []string
	if q.MaxLength < 0 {
		errs = append(errs, fmt.Sprintf("max_length: is %d; use a positive number of waiting handoffs, or 0 for no limit", q.MaxLength))
	}
	if !q.VIPPriority.Valid() {
		errs = append(errs, fmt.Sprintf("vip_priority: %q is not a priority; use low, normal, high or urgent", q.VIPPriority))
	}
	if q.DefaultWait < 0 {
		errs = append(errs, "default_wait: must be a positive duration like 2m")
	}
	if q.WaitSamples < 0 {
		errs = append(errs, fmt.Sprintf("wait_samples: is %d; use a positive count (default %d)", q.WaitSamples, DefaultWaitSamples))
	}
	for _, k := range slices.Sorted(maps.Keys(q.VIP)) {
		if strings.TrimSpace(k) == "" {
			errs = append(errs, "vip: a metadata key is empty")
		}
		if len(q.VIP[k]) == 0 {
			errs = append(errs, fmt.Sprintf("vip.%s: list the values that make a VIP, like [\"true\"]", k))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// IsVIP reports whether metadata flags a VIP customer.
func (q Queue) IsVIP(metadata map[string]string) bool {
	for key, want := range q.VIP {
		for k, v := range metadata {
			if !strings.EqualFold(strings.TrimSpace(k), strings.TrimSpace(key)) {
				continue
			}
			for _, w := range want {
				if strings.EqualFold(strings.TrimSpace(v), strings.TrimSpace(w)) {
					return true
				}
			}
		}
	}
	return false
}

// priority returns the priority of a handoff its trigger gives p: raised to
// VIPPriority for a VIP.
func (q Queue) priority(p Priority, metadata map[string]string) Priority {
	if p == "" {
		p = PriorityNormal
	}
	if q.IsVIP(metadata) && q.VIPPriority.Rank() > p.Rank() {
		return q.VIPPriority
	}
	return p
}

// WaitEstimate is the expected wait for an agent's first reply.
type WaitEstimate struct {
	// Duration is the median time from creation to the agent's first
	// reply over the latest Samples handoffs, or Queue.DefaultWait while
	// there are none.
	Duration time.Duration
	// Samples is how many handoffs it is the median of; 0 means the
	// default (no history yet).
	Samples int
}

// Minutes is the estimate in whole minutes, at least 1, as users are told.
func (w WaitEstimate) Minutes() int {
	return max(1, int(math.Round(w.Duration.Minutes())))
}

// EstimateWait returns the expected wait for an agent's first reply: the
// median over the latest handoffs agents replied to. It reads the store at
// most once per waitTTL (it is part of every created handoff's answer and
// every poll of a waiting one), and again at once after a first reply this
// service recorded.
func (s *Service) EstimateWait(ctx context.Context) (WaitEstimate, error) {
	now := s.now()
	w, ok, gen := s.waits.get(now)
	if ok {
		return w, nil
	}
	ds, err := s.store.WaitTimes(ctx, s.cfg.Queue.WaitSamples)
	if err != nil {
		return WaitEstimate{}, fmt.Errorf("estimating the wait: %w", err)
	}
	w = WaitEstimate{Duration: s.cfg.Queue.DefaultWait}
	if len(ds) > 0 {
		w = WaitEstimate{Duration: median(ds), Samples: len(ds)}
	}
	s.waits.put(w, now.Add(waitTTL), gen)
	return w, nil
}

// waitTTL is how long EstimateWait answers from what it last read: first
// replies recorded by other processes sharing the database show within it.
const waitTTL = 10 * time.Second

// waitCache is the expected wait EstimateWait last read.
type waitCache struct {
	mu    sync.Mutex // protects the fields below
	w     WaitEstimate
	until time.Time // w is good before it; zero: nothing read
	gen   uint64    // counts forget calls
}

// get returns the kept estimate while good at now, else the generation a
// read from the store is put back with.
func (c *waitCache) get(now time.Time) (WaitEstimate, bool, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.until.IsZero() && now.Before(c.until) {
		return c.w, true, c.gen
	}
	return WaitEstimate{}, false, c.gen
}

// put keeps w until until, unless forget was called since the read began
// (gen): then w may predate the first reply that called it.
func (c *waitCache) put(w WaitEstimate, until time.Time, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen == gen {
		c.w, c.until = w, until
	}
}

// forget drops the kept estimate: a first reply was recorded.
func (c *waitCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.until = time.Time{}
}

// median returns the median of ds (the mean of the middle two for an even
// count), rounded to the second.
func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	n := len(s)
	m := s[n/2]
	if n%2 == 0 {
		m = (s[n/2-1] + s[n/2]) / 2
	}
	return m.Round(time.Second)
}

// queueInfo returns h's position in the queue and the expected wait, when
// it waits for an agent and agents' replies come back.
func (s *Service) queueInfo(ctx context.Context, h Handoff) (int, WaitEstimate, error) {
	return s.queueInfoAt(ctx, h, 0)
}

// queueInfoAt is queueInfo of a handoff whose position is known (read as
// it was created) when known > 0.
func (s *Service) queueInfoAt(ctx context.Context, h Handoff, known int) (int, WaitEstimate, error) {
	if !s.cfg.AgentEvents || !h.State.Open() || h.Session.Replied() {
		return 0, WaitEstimate{}, nil
	}
	pos := known
	if pos <= 0 {
		var err error
		if pos, err = s.store.QueuePosition(ctx, h); err != nil {
			return 0, WaitEstimate{}, fmt.Errorf("reading queue position: %w", err)
		}
	}
	w, err := s.EstimateWait(ctx)
	if err == nil && s.agentsOnline != nil {
		w.Duration = QueueWait(w.Duration, pos, s.agentsOnline())
	}
	return pos, w, err
}

// QueueWait is the expected wait of the user at position pos (1 is next)
// when agents are online and each takes about one conversation per median
// wait: the median times the rounds of pos/agents it takes to reach them.
// With no agent online it counts one, so the wait still grows with the
// position.
func QueueWait(median time.Duration, pos, agents int) time.Duration {
	if pos < 1 {
		pos = 1
	}
	agents = max(agents, 1)
	rounds := (pos + agents - 1) / agents
	return median * time.Duration(rounds)
}

// QueueInfo returns h's 1-based position among the handoffs waiting for an
// agent and the expected wait, or 0 when h is not waiting in a queue (it
// is answered, closed, or agents' replies do not come back).
func (s *Service) QueueInfo(ctx context.Context, h Handoff) (int, time.Duration, error) {
	pos, w, err := s.queueInfo(ctx, h)
	if pos == 0 {
		return 0, 0, err
	}
	return pos, w.Duration, err
}
