package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/server"
)

// LoadOptions configures a load run: Clients MCP clients calling the tools
// concurrently until Requests calls were made or Duration passed.
type LoadOptions struct {
	Clients  int
	Requests int
	Duration time.Duration
	// Sample reads memory statistics every Sample while the run lasts (an
	// in-process server only); 0 means every 100 ms.
	Sample time.Duration
	// Server, when set, is loaded in this process, and its memory measured
	// too: each client is a session of it handing its message handler
	// JSON-RPC messages as bytes and encoding its answers, as the stdio
	// transport does, and reading only what the report needs of them, so
	// that the load's own client takes little of the CPU it shares with
	// the server. Without it, RunLoad's newClient makes the clients.
	Server *server.MCPServer
}

// LoadReport is what a load run measured.
type LoadReport struct {
	Calls, Errors   int
	Outcomes        map[string]int
	Elapsed         time.Duration
	P50, P95, P99   time.Duration
	Max             time.Duration
	PeakHeapInuse   uint64
	HeapInuseAfter  uint64
	Goroutines      int
	FirstError      string
	CallsPerSecond  float64
	HandoffsCreated int
	// HandoffsPerSecond is the rate of handoffs created (stored, and
	// answered queued or delivered); HandoffP50 and HandoffP99 are the
	// latencies of those calls alone.
	HandoffsPerSecond      float64
	HandoffP50, HandoffP99 time.Duration
}

// loadCall is one scripted tool call of the mix.
type loadCall struct {
	tool string
	args func(n int64) map[string]any
}

// loadMix is the traffic a load run sends: handoffs that fire a trigger in
// four languages, conversations that fire none, and opening-hours checks.
var loadMix = []loadCall{
	{"request_human_handoff", handoffArgs("en", "My parcel never arrived and I asked twice. Let me talk to a real person, please.")},
	{"request_human_handoff", handoffArgs("en", "What are your opening hours on Saturday?")},
	{"request_human_handoff", handoffArgs("de", "Das ist jetzt das dritte Mal. Ich möchte bitte mit einem Mitarbeiter sprechen.")},
	{"check_service_hours", func(int64) map[string]any { return map[string]any{"language": "fi", "timezone": "Europe/Helsinki"} }},
	{"request_human_handoff", handoffArgs("fr", "Je voudrais parler à un conseiller, c'est urgent.")},
	{"request_human_handoff", handoffArgs("fi", "Miten vaihdan toimitusosoitteen?")},
	{"request_human_handoff", handoffArgs("fi", "Haluan puhua asiakaspalvelijan kanssa.")},
}

func handoffArgs(lang, last string) func(n int64) map[string]any {
	return func(n int64) map[string]any {
		return map[string]any{
			"conversation_id": fmt.Sprintf("load-%d", n),
			"email":           fmt.Sprintf("load-%d@example.com", n),
			"language":        lang,
			"transcript": []map[string]string{
				{"role": "user", "content": "Hi, I have a question about my order."},
				{"role": "assistant", "content": "Of course! What is your order number?"},
				{"role": "user", "content": "It's 4711."},
				{"role": "assistant", "content": "Thanks. I can see the order; how can I help?"},
				{"role": "user", "content": last},
			},
		}
	}
}

// RunLoad runs the load with clients made by newClient (started and
// initialised by RunLoad), or with sessions of opts.Server, and reports
// latency percentiles, throughput, outcomes and, for an in-process server,
// memory.
func RunLoad(ctx context.Context, newClient func() (*client.Client, error), opts LoadOptions) (LoadReport, error) {
	if opts.Clients <= 0 {
		return LoadReport{}, errors.New("load: --clients must be at least 1")
	}
	if opts.Requests <= 0 && opts.Duration <= 0 {
		return LoadReport{}, errors.New("load: give --requests or --duration")
	}
	if opts.Sample <= 0 {
		opts.Sample = 100 * time.Millisecond
	}
	inProcess := opts.Server != nil
	clients := make([]loadCaller, opts.Clients)
	for i := range clients {
		var (
			c   loadCaller
			err error
		)
		if inProcess {
			c, err = newInProcessCaller(ctx, opts.Server)
		} else {
			var mc *client.Client
			if mc, err = newClient(); err == nil {
				c, err = newMCPCaller(ctx, mc)
			}
		}
		if err != nil {
			return LoadReport{}, fmt.Errorf("load: client %d: %w", i, err)
		}
		defer c.close()
		clients[i] = c
	}

	// The duration stops new calls; calls in flight at the deadline finish
	// and count as what they are, not as failures.
	stop := make(chan struct{})
	if opts.Duration > 0 {
		t := time.AfterFunc(opts.Duration, func() { close(stop) })
		defer t.Stop()
	}
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return ctx.Err() != nil
		}
	}
	var (
		next     atomic.Int64
		mu       sync.Mutex
		rep      = LoadReport{Outcomes: map[string]int{}}
		lat      []time.Duration
		created  []time.Duration // of the calls that created a handoff
		peak     atomic.Uint64
		sampling = make(chan struct{})
	)
	if inProcess {
		go func() {
			var ms runtime.MemStats
			t := time.NewTicker(opts.Sample)
			defer t.Stop()
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > peak.Load() {
					peak.Store(ms.HeapInuse)
				}
				select {
				case <-sampling:
					return
				case <-t.C:
				}
			}
		}()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stopped() {
				n := next.Add(1)
				if opts.Requests > 0 && n > int64(opts.Requests) {
					return
				}
				call := loadMix[int(n)%len(loadMix)]
				args := call.args(n)
				t0 := time.Now()
				res, err := c.call(ctx, call.tool, args)
				d := time.Since(t0)
				if ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)) {
					return // the caller ended the run
				}
				mu.Lock()
				rep.Calls++
				lat = append(lat, d)
				switch {
				case err != nil:
					rep.Errors++
					if rep.FirstError == "" {
						rep.FirstError = err.Error()
					}
				case res.isError:
					rep.Errors++
					if rep.FirstError == "" {
						rep.FirstError = res.text
					}
				default:
					o := outcomeOf(call.tool, res)
					rep.Outcomes[o]++
					if o == createdDelivered || o == createdQueued {
						created = append(created, d)
					}
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	close(sampling)
	slices.Sort(lat)
	if n := len(lat); n > 0 {
		rep.P50, rep.P95, rep.P99, rep.Max = lat[n*50/100], lat[n*95/100], lat[min(n-1, n*99/100)], lat[n-1]
		rep.CallsPerSecond = float64(n) / rep.Elapsed.Seconds()
	}
	if inProcess {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		rep.PeakHeapInuse, rep.HeapInuseAfter, rep.Goroutines = peak.Load(), ms.HeapInuse, runtime.NumGoroutine()
	}
	rep.HandoffsCreated = len(created)
	slices.Sort(created)
	if n := len(created); n > 0 {
		rep.HandoffP50, rep.HandoffP99 = created[n*50/100], created[min(n-1, n*99/100)]
		rep.HandoffsPerSecond = float64(n) / rep.Elapsed.Seconds()
	}
	return rep, nil
}

// The outcomes of a call that created a handoff.
const (
	createdDelivered = "request_human_handoff:delivered"
	createdQueued    = "request_human_handoff:queued"
)

// outcomeOf names a result for the report: the tool and its status.
func outcomeOf(tool string, res callResult) string {
	switch {
	case res.status != "":
		return tool + ":" + res.status
	case res.open != nil:
		return fmt.Sprintf("%s:open=%t", tool, *res.open)
	}
	return tool + ":ok"
}

// PrintLoadReport writes a load report for people.
func PrintLoadReport(w io.Writer, r LoadReport) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "calls\t%d in %s\t%.0f calls/s\n", r.Calls, r.Elapsed.Round(time.Millisecond), r.CallsPerSecond)
	fmt.Fprintf(tw, "latency\tp50 %s\tp95 %s\tp99 %s\tmax %s\n", r.P50.Round(time.Microsecond), r.P95.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond))
	fmt.Fprintf(tw, "errors\t%d\t%s\n", r.Errors, r.FirstError)
	fmt.Fprintf(tw, "handoffs created\t%d\t%.0f handoffs/s\tp50 %s\tp99 %s\n", r.HandoffsCreated, r.HandoffsPerSecond,
		r.HandoffP50.Round(time.Microsecond), r.HandoffP99.Round(time.Microsecond))
	keys := make([]string, 0, len(r.Outcomes))
	for k := range r.Outcomes {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(tw, "  %s\t%d\n", k, r.Outcomes[k])
	}
	if r.PeakHeapInuse > 0 {
		fmt.Fprintf(tw, "memory\tpeak heap in use %.1f MiB\tafter GC %.1f MiB\t%d goroutines\n",
			float64(r.PeakHeapInuse)/(1<<20), float64(r.HeapInuseAfter)/(1<<20), r.Goroutines)
	}
	return tw.Flush()
}
