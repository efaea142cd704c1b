// Command compare measures handoff-mcp against peers in one run, with one
// client (mcp-go's): a raw mcp-go echo server built from the same mcp-go
// version (internal/bench/echo), and, over HTTP, the Node reference server
// (@modelcontextprotocol/server-everything's echo) when it is installed in
// e2e/node. The sides alternate round by round, so that a noisy machine
// weighs on both alike; it prints each figure's median over the rounds and
// the ratios.
//
//	go run ./internal/bench/compare -rounds 5
//
// Over stdio each round starts the servers side by side and, after a
// warm-up, makes -calls rounds of one sequential call to each, in an order
// that turns every round, and takes each one's p50 and p99:
// request_human_handoff creating a handoff (a new conversation each call,
// the built-in inbox, a fresh database per server start) and
// check_service_hours against echo, and the durable peer (below) storing a
// row each call. Interleaved call by call, a burst of load on the shared
// machine delays every side alike. It also measures each side as it did
// before, its calls in a block of their own while the others are stopped
// (the rows without "interleaved"), which earlier figures were taken with. Over HTTP each round
// runs -sessions sessions calling as fast as they can for
// -duration and counts calls per second, and the CPU time the server
// process spent per call meanwhile (from /proc: steadier than calls per
// second on a shared machine); besides the echo servers, the durable peer
// internal/bench/echodb, a raw mcp-go server whose one tool commits a row of
// a handoff's size to SQLite (the store's settings) before it answers: the
// least any server that stores each handoff before answering can do.
// Durable handoffs per second are
// `handoff-mcp load` with -sessions clients in process for -duration
// against raw SQLite: as many goroutines inserting a row of a handoff's size
// and committing, one transaction each, with the store's settings (WAL,
// synchronous NORMAL, one write connection). It also reads each server's idle
// resident memory after initialisation, and handoff-mcp's after -open HTTP
// sessions were opened. Before all that, each round starts handoff-mcp,
// the echo and internal/bench/echodeps (the echo in a binary that links
// and starts the libraries handoff-mcp is built on: the memory floor of
// any server built on them) -starts times each over stdio, alternating,
// and takes the time from exec to the initialize reply and the resident
// memory right then; -only startup
// measures just that, and -base adds an older handoff-mcp binary to the
// same alternation, to compare two builds. It builds handoff-mcp and the
// echo with internal/buildflags' flags, as cmd/start builds handoff-mcp for
// users (static on Linux); build a -base or -bin binary with the same ones:
//
//	go build -tags=netgo,osusergo,sqlite_omit_load_extension -ldflags=-extldflags=-static -o /tmp/handoff-mcp.old ./cmd/handoff-mcp   # on the older commit
//	go run ./internal/bench/compare -only startup -rounds 5 -base /tmp/handoff-mcp.old
//
// Build the -base binary the same way as the one measured (go build, not a
// copy): a binary's file-backed resident memory and its start-up depend on
// how its pages came into the page cache. On Linux 6.18 the same 41 MB
// binary maps 29 MiB at start as the linker wrote it (its page cache holds
// 2 MiB folios, mapped whole: FilePmdMapped 20 MiB in /proc/PID/smaps), and
// 22 MiB once copied with cp (smaller folios, none mapped whole), with the
// same start-up time and CPU.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/handoff-mcp/handoff-mcp/internal/buildflags"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

type options struct {
	rounds, calls, sessions, open, starts int
	duration                              time.Duration
	nodeDir, only, bin, base              string
}

func run() error {
	var o options
	flag.IntVar(&o.rounds, "rounds", 5, "rounds; each side runs once per round, alternating")
	flag.IntVar(&o.calls, "calls", 300, "sequential calls per stdio measurement")
	flag.IntVar(&o.sessions, "sessions", 8, "concurrent HTTP sessions")
	flag.DurationVar(&o.duration, "duration", 3*time.Second, "length of one HTTP throughput measurement")
	flag.IntVar(&o.open, "open", 1000, "HTTP sessions to open for the memory figure (0: skip)")
	flag.StringVar(&o.nodeDir, "node", "e2e/node", "directory with @modelcontextprotocol/server-everything installed (skipped when absent)")
	flag.IntVar(&o.starts, "starts", 10, "stdio start-ups per server per round for the start-up figure (0: skip)")
	flag.StringVar(&o.bin, "bin", "", "a handoff-mcp binary to measure instead of building ./cmd/handoff-mcp")
	flag.StringVar(&o.base, "base", "", "another handoff-mcp binary (an older build) whose start-up is measured in the same alternation")
	flag.StringVar(&o.only, "only", "", `"startup": measure only start-up time and idle memory`)
	flag.Parse()
	if o.only != "" && o.only != "startup" {
		return fmt.Errorf("-only %q: the only choice is startup", o.only)
	}

	dir, err := os.MkdirTemp("", "handoff-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	hm, echo, echodb, echodeps := filepath.Join(dir, "handoff-mcp"), filepath.Join(dir, "echo"), filepath.Join(dir, "echodb"), filepath.Join(dir, "echodeps")
	builds := map[string]string{hm: "./cmd/handoff-mcp", echo: "./internal/bench/echo", echodb: "./internal/bench/echodb", echodeps: "./internal/bench/echodeps"}
	if o.bin != "" {
		hm = o.bin
		delete(builds, hm)
	}
	for bin, pkg := range builds {
		// Built as cmd/start builds handoff-mcp for users (the echo too, so
		// that neither side has a build advantage).
		var out bytes.Buffer
		if err := buildflags.Build(context.Background(), &out, buildflags.Go, runtime.GOOS, bin, pkg); err != nil {
			return fmt.Errorf("building %s: %w\n%s", pkg, err, out.Bytes())
		}
		if out.Len() > 0 {
			fmt.Fprintf(os.Stderr, "building %s:\n%s", pkg, out.Bytes())
		}
	}
	node := filepath.Join(o.nodeDir, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js")
	if _, err := os.Stat(node); err != nil {
		node = ""
	}
	hmArgs := func(db string) []string {
		return []string{"--db", filepath.Join(dir, db), "--log-level", "error", "serve"}
	}

	ctx := context.Background()
	figs := map[string][]float64{}
	add := func(k string, v float64) { figs[k] = append(figs[k], v) }
	var seq atomic.Int64
	if o.only == "startup" && o.starts <= 0 {
		o.starts = 10
	}
	for r := range o.rounds {
		// The order turns every round, so that no side always goes first.
		var steps []func() error
		if o.starts > 0 {
			// One warm-up start first, which creates handoff-mcp's
			// database: the figure is a restart's.
			steps = append(steps, func() error {
				type side struct {
					name, bin string
					args      []string
				}
				sides := []side{{"echo", echo, nil}, {"handoff-mcp", hm, hmArgs("start.db")},
					{"echodeps", echodeps, []string{"--db", filepath.Join(dir, "echodeps.db")}}}
				if o.base != "" {
					sides = append(sides, side{"base", o.base, hmArgs("base.db")})
				}
				for i := range o.starts + 1 {
					for _, side := range sides {
						ms, cpuMs, mem, err := startup(ctx, side.bin, side.args)
						if err != nil {
							return err
						}
						if i > 0 {
							add("startup "+side.name, ms)
							add("startup cpu "+side.name, cpuMs)
							add("startup rss "+side.name, mem.rss)
							add("startup anon "+side.name, mem.anon)
							add("startup file "+side.name, mem.file)
						}
					}
				}
				return nil
			})
		}
		if o.only == "startup" {
			if err := steps[0](); err != nil {
				return err
			}
			fmt.Fprintf(os.Stderr, "round %d of %d done\n", r+1, o.rounds)
			continue
		}
		steps = append(steps, []func() error{
			func() error {
				// Each side in a block of its own calls, as before
				// the interleaved measurement below.
				sides := []stdioSide{
					{echo, nil, echoCall},
					{hm, hmArgs(fmt.Sprintf("b%d.db", r)), handoffCall(&seq)},
					{echodb, []string{"--db", filepath.Join(dir, fmt.Sprintf("bdb%d.db", r))}, storeCall(&seq)},
					{hm, hmArgs(fmt.Sprintf("bh%d.db", r)), hoursCall},
				}
				for i, k := range []string{"echo", "handoff", "echodb", "hours"} {
					res, err := stdioInterleaved(ctx, sides[i:i+1], o.calls)
					if err != nil {
						return err
					}
					add("stdio block "+k+" p50", res[0].p50)
					add("stdio block "+k+" p99", res[0].p99)
				}
				return nil
			},
			func() error {
				res, err := stdioInterleaved(ctx, []stdioSide{
					{echo, nil, echoCall},
					{hm, hmArgs(fmt.Sprintf("s%d.db", r)), handoffCall(&seq)},
					{echodb, []string{"--db", filepath.Join(dir, fmt.Sprintf("sdb%d.db", r))}, storeCall(&seq)},
					{hm, hmArgs(fmt.Sprintf("h%d.db", r)), hoursCall},
				}, o.calls)
				if err != nil {
					return err
				}
				for i, k := range []string{"echo", "handoff", "echodb", "hours"} {
					add("stdio "+k+" p50", res[i].p50)
					add("stdio "+k+" p99", res[i].p99)
				}
				add("idle rss echo", res[0].rss)
				add("idle rss handoff-mcp", res[1].rss)
				return nil
			},
			func() error {
				cps, cpu, _, err := httpRun(ctx, echo, func(addr string) []string { return []string{"--http", addr} }, nil, o, echoCall)
				add("http echo calls/s", cps)
				add("http echo cpu/call", cpu)
				return err
			},
			func() error {
				cps, cpu, client, err := httpRun(ctx, hm, func(addr string) []string {
					return append(hmArgs(fmt.Sprintf("w%d.db", r)), "--http", addr)
				}, nil, o, handoffCall(&seq))
				add("http handoff calls/s", cps)
				add("http handoff cpu/call", cpu)
				add("http handoff client cpu/call", client)
				return err
			},
			func() error {
				cps, cpu, client, err := httpRun(ctx, echodb, func(addr string) []string {
					return []string{"--db", filepath.Join(dir, fmt.Sprintf("echodb%d.db", r)), "--http", addr}
				}, nil, o, storeCall(&seq))
				add("http echodb calls/s", cps)
				add("http echodb cpu/call", cpu)
				add("http echodb client cpu/call", client)
				return err
			},
		}...)
		steps = append(steps,
			func() error {
				hs, err := loadDurable(ctx, hm, dir, o)
				add("durable handoffs/s", hs)
				return err
			},
			func() error {
				rs, err := rawSQLite(filepath.Join(dir, fmt.Sprintf("raw%d.db", r)), o)
				add("raw sqlite commits/s", rs)
				return err
			})
		if node != "" {
			steps = append(steps, func() error {
				cps, cpu, client, err := httpRun(ctx, "node", func(addr string) []string { return []string{node, "streamableHttp"} },
					func(addr string) []string { _, port, _ := net.SplitHostPort(addr); return []string{"PORT=" + port} }, o, echoCall)
				add("http node echo calls/s", cps)
				add("http node echo cpu/call", cpu)
				add("http node echo client cpu/call", client)
				return err
			})
		}
		k := r % len(steps)
		for _, step := range append(steps[k:], steps[:k]...) {
			if err := step(); err != nil {
				return err
			}
		}
		fmt.Fprintf(os.Stderr, "round %d of %d done\n", r+1, o.rounds)
	}
	if o.open > 0 && o.only == "" {
		rss, err := openSessions(ctx, hm, hmArgs("open.db"), o.open)
		if err != nil {
			return err
		}
		add(fmt.Sprintf("rss handoff-mcp, %d http sessions", o.open), rss)
	}

	med := func(k string) float64 { return median(figs[k]) }
	host, _ := os.Hostname()
	fmt.Printf("machine: %s, %s/%s, %d cores (GOMAXPROCS %d), %s; medians of %d rounds\n",
		host, runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.GOMAXPROCS(0), cpuModel(), o.rounds)
	row := func(name string, ours, peer float64, unit, peerName string) {
		fmt.Printf("%-56s %10.2f %-8s %-26s %10.2f %-8s ratio %.2f\n", name, ours, unit, peerName, peer, unit, ours/peer)
	}
	if o.starts > 0 {
		row("start-up: exec to initialize reply, stdio", med("startup handoff-mcp"), med("startup echo"), "ms", "raw mcp-go echo")
		row("  CPU time until then (all threads)", med("startup cpu handoff-mcp"), med("startup cpu echo"), "ms", "raw mcp-go echo")
		row("RSS right after initialize", med("startup rss handoff-mcp"), med("startup rss echo"), "MiB", "raw mcp-go echo")
		row("  of which anonymous (heap, stacks)", med("startup anon handoff-mcp"), med("startup anon echo"), "MiB", "raw mcp-go echo")
		row("  of which file-backed (the binary)", med("startup file handoff-mcp"), med("startup file echo"), "MiB", "raw mcp-go echo")
		row("start-up: exec to initialize reply, stdio", med("startup handoff-mcp"), med("startup echodeps"), "ms", "echo + handoff-mcp's libs")
		row("RSS right after initialize", med("startup rss handoff-mcp"), med("startup rss echodeps"), "MiB", "echo + handoff-mcp's libs")
		row("  of which anonymous (heap, stacks)", med("startup anon handoff-mcp"), med("startup anon echodeps"), "MiB", "echo + handoff-mcp's libs")
		row("  of which file-backed (the binary)", med("startup file handoff-mcp"), med("startup file echodeps"), "MiB", "echo + handoff-mcp's libs")
		if o.base != "" {
			row("start-up against -base", med("startup handoff-mcp"), med("startup base"), "ms", "-base")
			row("  CPU time against -base", med("startup cpu handoff-mcp"), med("startup cpu base"), "ms", "-base")
			row("RSS against -base", med("startup rss handoff-mcp"), med("startup rss base"), "MiB", "-base")
			row("  anonymous against -base", med("startup anon handoff-mcp"), med("startup anon base"), "MiB", "-base")
			row("  file-backed against -base", med("startup file handoff-mcp"), med("startup file base"), "MiB", "-base")
		}
	}
	if o.only == "startup" {
		return nil
	}
	for _, m := range []struct{ prefix, label string }{{"stdio block ", "stdio"}, {"stdio ", "stdio interleaved"}} {
		f := func(k string) float64 { return med(m.prefix + k) }
		row(m.label+" p50 request_human_handoff (creating)", f("handoff p50"), f("echo p50"), "ms", "raw mcp-go echo")
		row(m.label+" p99 request_human_handoff (creating)", f("handoff p99"), f("echo p99"), "ms", "raw mcp-go echo")
		row(m.label+" p50 request_human_handoff (creating)", f("handoff p50"), f("echodb p50"), "ms", "raw mcp-go + SQLite commit")
		row(m.label+" p99 request_human_handoff (creating)", f("handoff p99"), f("echodb p99"), "ms", "raw mcp-go + SQLite commit")
		row(m.label+" p50 raw mcp-go + SQLite commit", f("echodb p50"), f("echo p50"), "ms", "raw mcp-go echo")
		row(m.label+" p99 raw mcp-go + SQLite commit", f("echodb p99"), f("echo p99"), "ms", "raw mcp-go echo")
		row(m.label+" p50 check_service_hours", f("hours p50"), f("echo p50"), "ms", "raw mcp-go echo")
		row(m.label+" p99 check_service_hours", f("hours p99"), f("echo p99"), "ms", "raw mcp-go echo")
	}
	row(fmt.Sprintf("http request_human_handoff, %d sessions", o.sessions), med("http handoff calls/s"), med("http echo calls/s"), "calls/s", "raw mcp-go echo")
	if node != "" {
		row(fmt.Sprintf("http request_human_handoff, %d sessions", o.sessions), med("http handoff calls/s"), med("http node echo calls/s"), "calls/s", "Node server-everything echo")
	} else {
		fmt.Println("http Node reference: skipped (npm ci in e2e/node installs @modelcontextprotocol/server-everything)")
	}
	row(fmt.Sprintf("http request_human_handoff, %d sessions", o.sessions), med("http handoff calls/s"), med("http echodb calls/s"), "calls/s", "raw mcp-go + SQLite commit")
	if node != "" {
		row(fmt.Sprintf("http raw mcp-go + SQLite commit, %d sessions", o.sessions), med("http echodb calls/s"), med("http node echo calls/s"), "calls/s", "Node server-everything echo")
	}
	row("http server CPU per call", med("http handoff cpu/call"), med("http echo cpu/call"), "ms", "raw mcp-go echo")
	row("http server CPU per call", med("http handoff cpu/call"), med("http echodb cpu/call"), "ms", "raw mcp-go + SQLite commit")
	if node != "" {
		row("http server CPU per call", med("http handoff cpu/call"), med("http node echo cpu/call"), "ms", "Node server-everything echo")
	}
	row("http client CPU per call (same client)", med("http handoff client cpu/call"), med("http echodb client cpu/call"), "ms", "raw mcp-go + SQLite commit")
	if node != "" {
		row("http client CPU per call (same client)", med("http handoff client cpu/call"), med("http node echo client cpu/call"), "ms", "Node server-everything echo")
	}
	row(fmt.Sprintf("durable handoffs/s, load --clients %d", o.sessions), med("durable handoffs/s"), med("raw sqlite commits/s"), "/s", "raw SQLite insert+commit")
	row("idle RSS after initialize", med("idle rss handoff-mcp"), med("idle rss echo"), "MiB", "raw mcp-go echo")
	for k, v := range figs {
		if strings.HasPrefix(k, "rss handoff-mcp, ") {
			fmt.Printf("%-56s %10.2f MiB\n", strings.TrimPrefix(k, "rss "), v[0])
		}
	}
	return nil
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "cpu unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "cpu unknown"
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[len(s)/2]
}
