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
// Over stdio each round makes -calls sequential calls per server (after a
// warm-up) and takes their p50 and p99: request_human_handoff creating a
// handoff (a new conversation each call, the built-in inbox, a fresh
// database per server start) and check_service_hours against echo. Over
// HTTP each round runs -sessions sessions calling as fast as they can for
// -duration and counts calls per second. Durable handoffs per second are
// `handoff-mcp load` with -sessions clients in process for -duration
// against raw SQLite: as many goroutines inserting a row of a handoff's size
// and committing, one transaction each, with the store's settings (WAL,
// synchronous NORMAL, one write connection). It also reads each server's idle
// resident memory after initialisation, and handoff-mcp's after -open HTTP
// sessions were opened. Before all that, each round starts both servers
// -starts times over stdio, alternating, and takes the time from exec to
// the initialize reply and the resident memory right then; -only startup
// measures just that:
//
//	go run ./internal/bench/compare -only startup -rounds 5
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	_ "github.com/mattn/go-sqlite3"
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
	nodeDir, only, bin                    string
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
	hm, echo := filepath.Join(dir, "handoff-mcp"), filepath.Join(dir, "echo")
	builds := map[string]string{hm: "./cmd/handoff-mcp", echo: "./internal/bench/echo"}
	if o.bin != "" {
		hm = o.bin
		delete(builds, hm)
	}
	for bin, pkg := range builds {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			return fmt.Errorf("building %s: %w\n%s", pkg, err, out)
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
				for i := range o.starts + 1 {
					for _, side := range []struct {
						name, bin string
						args      []string
					}{{"echo", echo, nil}, {"handoff-mcp", hm, hmArgs("start.db")}} {
						ms, mem, err := startup(ctx, side.bin, side.args)
						if err != nil {
							return err
						}
						if i > 0 {
							add("startup "+side.name, ms)
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
				p50, p99, rss, err := stdio(ctx, echo, nil, o.calls, echoCall)
				add("stdio echo p50", p50)
				add("stdio echo p99", p99)
				add("idle rss echo", rss)
				return err
			},
			func() error {
				p50, p99, rss, err := stdio(ctx, hm, hmArgs(fmt.Sprintf("s%d.db", r)), o.calls, handoffCall(&seq))
				add("stdio handoff p50", p50)
				add("stdio handoff p99", p99)
				add("idle rss handoff-mcp", rss)
				return err
			},
			func() error {
				p50, p99, _, err := stdio(ctx, hm, hmArgs(fmt.Sprintf("h%d.db", r)), o.calls, hoursCall)
				add("stdio hours p50", p50)
				add("stdio hours p99", p99)
				return err
			},
			func() error {
				cps, err := httpRun(ctx, echo, func(addr string) []string { return []string{"--http", addr} }, nil, o, echoCall)
				add("http echo calls/s", cps)
				return err
			},
			func() error {
				cps, err := httpRun(ctx, hm, func(addr string) []string {
					return append(hmArgs(fmt.Sprintf("w%d.db", r)), "--http", addr)
				}, nil, o, handoffCall(&seq))
				add("http handoff calls/s", cps)
				return err
			},
		}...)
		steps = append(steps,
			func() error {
				hs, err := durable(ctx, hm, dir, o)
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
				cps, err := httpRun(ctx, "node", func(addr string) []string { return []string{node, "streamableHttp"} },
					func(addr string) []string { _, port, _ := net.SplitHostPort(addr); return []string{"PORT=" + port} }, o, echoCall)
				add("http node echo calls/s", cps)
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
		fmt.Printf("%-46s %10.2f %-8s %-26s %10.2f %-8s ratio %.2f\n", name, ours, unit, peerName, peer, unit, ours/peer)
	}
	if o.starts > 0 {
		row("start-up: exec to initialize reply, stdio", med("startup handoff-mcp"), med("startup echo"), "ms", "raw mcp-go echo")
		row("RSS right after initialize", med("startup rss handoff-mcp"), med("startup rss echo"), "MiB", "raw mcp-go echo")
		row("  of which anonymous (heap, stacks)", med("startup anon handoff-mcp"), med("startup anon echo"), "MiB", "raw mcp-go echo")
		row("  of which file-backed (the binary)", med("startup file handoff-mcp"), med("startup file echo"), "MiB", "raw mcp-go echo")
	}
	if o.only == "startup" {
		return nil
	}
	row("stdio p50 request_human_handoff (creating)", med("stdio handoff p50"), med("stdio echo p50"), "ms", "raw mcp-go echo")
	row("stdio p99 request_human_handoff (creating)", med("stdio handoff p99"), med("stdio echo p99"), "ms", "raw mcp-go echo")
	row("stdio p50 check_service_hours", med("stdio hours p50"), med("stdio echo p50"), "ms", "raw mcp-go echo")
	row("stdio p99 check_service_hours", med("stdio hours p99"), med("stdio echo p99"), "ms", "raw mcp-go echo")
	row(fmt.Sprintf("http request_human_handoff, %d sessions", o.sessions), med("http handoff calls/s"), med("http echo calls/s"), "calls/s", "raw mcp-go echo")
	if node != "" {
		row(fmt.Sprintf("http request_human_handoff, %d sessions", o.sessions), med("http handoff calls/s"), med("http node echo calls/s"), "calls/s", "Node server-everything echo")
	} else {
		fmt.Println("http Node reference: skipped (npm ci in e2e/node installs @modelcontextprotocol/server-everything)")
	}
	row(fmt.Sprintf("durable handoffs/s, load --clients %d", o.sessions), med("durable handoffs/s"), med("raw sqlite commits/s"), "/s", "raw SQLite insert+commit")
	row("idle RSS after initialize", med("idle rss handoff-mcp"), med("idle rss echo"), "MiB", "raw mcp-go echo")
	for k, v := range figs {
		if strings.HasPrefix(k, "rss handoff-mcp, ") {
			fmt.Printf("%-46s %10.2f MiB\n", strings.TrimPrefix(k, "rss "), v[0])
		}
	}
	return nil
}

// call makes one scripted tool call.
type call func(ctx context.Context, c *client.Client) error

func echoCall(ctx context.Context, c *client.Client) error {
	return check(c.CallTool(ctx, request("echo", map[string]any{"message": "hello"})))
}

func hoursCall(ctx context.Context, c *client.Client) error {
	return check(c.CallTool(ctx, request("check_service_hours", map[string]any{"language": "en"})))
}

// handoffCall creates a handoff each call: a new conversation that asks for
// a person.
func handoffCall(seq *atomic.Int64) call {
	return func(ctx context.Context, c *client.Client) error {
		n := seq.Add(1)
		res, err := c.CallTool(ctx, request("request_human_handoff", map[string]any{
			"conversation_id": "bench-" + strconv.FormatInt(n, 10),
			"email":           "bench@example.com",
			"language":        "en",
			"transcript": []map[string]string{
				{"role": "user", "content": "My parcel never arrived and I asked twice."},
				{"role": "assistant", "content": "I am sorry to hear that. Let me check."},
				{"role": "user", "content": "Let me talk to a real person, please."},
			},
		}))
		if err := check(res, err); err != nil {
			return err
		}
		if m, ok := res.StructuredContent.(map[string]any); !ok || m["status"] != "delivered" {
			return fmt.Errorf("request_human_handoff: not delivered: %v", res.StructuredContent)
		}
		return nil
	}
}

func request(tool string, args map[string]any) mcp.CallToolRequest {
	var req mcp.CallToolRequest
	req.Params.Name, req.Params.Arguments = tool, args
	return req
}

func check(res *mcp.CallToolResult, err error) error {
	if err != nil {
		return err
	}
	if res.IsError {
		return fmt.Errorf("tool error: %v", res.Content)
	}
	return nil
}

func initialize(ctx context.Context, c *client.Client) error {
	var init mcp.InitializeRequest
	init.Params.ProtocolVersion = mcp.LATEST_PROTOCOL_VERSION
	init.Params.ClientInfo = mcp.Implementation{Name: "handoff-bench", Version: "1"}
	_, err := c.Initialize(ctx, init)
	return err
}

// stdio starts bin over stdio, reads its idle memory after initialize, and
// returns the p50 and p99 of calls sequential calls after a warm-up.
func stdio(ctx context.Context, bin string, args []string, calls int, fn call) (p50, p99, rssMiB float64, err error) {
	var proc *exec.Cmd // the server, for its memory
	c, err := client.NewStdioMCPClientWithOptions(bin, os.Environ(), args,
		transport.WithCommandFunc(func(ctx context.Context, command string, env, args []string) (*exec.Cmd, error) {
			proc = exec.CommandContext(ctx, command, args...)
			proc.Env = env
			return proc, nil
		}))
	if err != nil {
		return 0, 0, 0, fmt.Errorf("starting %s: %w", bin, err)
	}
	defer c.Close()
	if err := initialize(ctx, c); err != nil {
		return 0, 0, 0, fmt.Errorf("initialising %s: %w", bin, err)
	}
	time.Sleep(300 * time.Millisecond) // let it settle before reading its memory
	if proc != nil && proc.Process != nil {
		rssMiB = rss(proc.Process.Pid)
	}
	for range 20 {
		if err := fn(ctx, c); err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %w", bin, err)
		}
	}
	lat := make([]float64, 0, calls)
	for range calls {
		t0 := time.Now()
		if err := fn(ctx, c); err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %w", bin, err)
		}
		lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
	}
	slices.Sort(lat)
	return lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)], rssMiB, nil
}

// startup starts bin over stdio and returns the time from exec to the
// initialize reply in milliseconds and its resident memory right then.
func startup(ctx context.Context, bin string, args []string) (ms float64, mem memory, err error) {
	var proc *exec.Cmd
	t0 := time.Now()
	c, err := client.NewStdioMCPClientWithOptions(bin, os.Environ(), args,
		transport.WithCommandFunc(func(ctx context.Context, command string, env, args []string) (*exec.Cmd, error) {
			proc = exec.CommandContext(ctx, command, args...)
			proc.Env = env
			return proc, nil
		}))
	if err != nil {
		return 0, mem, fmt.Errorf("starting %s: %w", bin, err)
	}
	defer c.Close()
	if err := initialize(ctx, c); err != nil {
		return 0, mem, fmt.Errorf("initialising %s: %w", bin, err)
	}
	ms = float64(time.Since(t0).Microseconds()) / 1000
	if proc != nil && proc.Process != nil {
		mem = memoryOf(proc.Process.Pid)
	}
	return ms, mem, nil
}

// httpRun starts bin serving HTTP on a free loopback port and returns the
// calls per second of o.sessions sessions calling for o.duration.
func httpRun(ctx context.Context, bin string, args, env func(addr string) []string, o options, fn call) (float64, error) {
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(bin, args(addr)...)
	cmd.Env = os.Environ()
	if env != nil {
		cmd.Env = append(cmd.Env, env(addr)...)
	}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("starting %s: %w", bin, err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	url := "http://" + addr + "/mcp"
	clients := make([]*client.Client, o.sessions)
	for i := range clients {
		c, err := dial(ctx, url)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", bin, err)
		}
		defer c.Close()
		clients[i] = c
		for range 5 {
			if err := fn(ctx, c); err != nil {
				return 0, fmt.Errorf("%s: %w", bin, err)
			}
		}
	}
	var (
		calls    atomic.Int64
		wg       sync.WaitGroup
		firstErr error
		once     sync.Once
	)
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if err := fn(ctx, c); err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				calls.Add(1)
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, fmt.Errorf("%s: %w", bin, firstErr)
	}
	return float64(calls.Load()) / time.Since(start).Seconds(), nil
}

// durable runs handoff-mcp load with o.sessions clients in process for
// o.duration and returns the handoffs stored per second.
func durable(ctx context.Context, bin, dir string, o options) (float64, error) {
	db := filepath.Join(dir, fmt.Sprintf("load-%d.db", time.Now().UnixNano()))
	out, err := exec.CommandContext(ctx, bin, "--db", db, "--log-level", "error", "load",
		"--clients", strconv.Itoa(o.sessions), "--requests", "0", "--duration", o.duration.String()).CombinedOutput()
	if err != nil {
		return 0, fmt.Errorf("handoff-mcp load: %w\n%s", err, out)
	}
	var secs, created float64
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 4 && f[0] == "calls":
			d, err := time.ParseDuration(f[3])
			if err != nil {
				return 0, fmt.Errorf("reading %q: %w", line, err)
			}
			secs = d.Seconds()
		case len(f) >= 3 && f[0] == "handoffs" && f[1] == "created":
			created, _ = strconv.ParseFloat(f[2], 64)
		}
	}
	if secs == 0 || created == 0 {
		return 0, fmt.Errorf("handoff-mcp load printed no handoffs:\n%s", out)
	}
	return created / secs, nil
}

// rawSQLite is the durable peer: o.sessions goroutines inserting a row of
// a typical handoff's size and committing, one transaction each, through
// one write connection, in WAL mode with synchronous NORMAL (the store's
// default settings), for o.duration. It returns commits per second.
func rawSQLite(path string, o options) (float64, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, conv TEXT NOT NULL, body TEXT NOT NULL, at TEXT NOT NULL)"); err != nil {
		return 0, err
	}
	body := strings.Repeat("I was charged twice for my order. ", 30)
	var (
		n        atomic.Int64
		wg       sync.WaitGroup
		firstErr error
		once     sync.Once
	)
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	for g := range o.sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				tx, err := db.Begin()
				if err == nil {
					_, err = tx.Exec("INSERT INTO t (conv, body, at) VALUES (?, ?, ?)", fmt.Sprintf("c%d-%d", g, i), body, time.Now().UTC().Format(time.RFC3339Nano))
					if err == nil {
						err = tx.Commit()
					} else {
						tx.Rollback()
					}
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return float64(n.Load()) / time.Since(start).Seconds(), firstErr
}

// dial connects and initialises a session, waiting for the server to
// listen.
func dial(ctx context.Context, url string) (*client.Client, error) {
	var last error
	for range 100 {
		c, err := client.NewStreamableHttpClient(url)
		if err != nil {
			return nil, err
		}
		if err = c.Start(ctx); err == nil {
			if err = initialize(ctx, c); err == nil {
				return c, nil
			}
		}
		c.Close()
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	return nil, fmt.Errorf("connecting to %s: %w", url, last)
}

// openSessions opens n HTTP sessions on handoff-mcp and returns its
// resident memory then.
func openSessions(ctx context.Context, bin string, args []string, n int) (float64, error) {
	addr, err := freeAddr()
	if err != nil {
		return 0, err
	}
	cmd := exec.Command(bin, append(args, "--http", addr)...)
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for i := range n {
		c, err := dial(ctx, "http://"+addr+"/mcp")
		if err != nil {
			return 0, fmt.Errorf("session %d: %w", i, err)
		}
		defer c.Close()
	}
	time.Sleep(500 * time.Millisecond)
	return rss(cmd.Process.Pid), nil
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// rss is a process's resident memory in MiB (Linux), 0 when unknown.
func rss(pid int) float64 { return memoryOf(pid).rss }

// memory is a process's resident memory in MiB (Linux; zeros when
// unknown): all of it (VmRSS), its anonymous pages (heap, stacks: RssAnon)
// and its file-backed ones (RssFile: mostly the executable's pages, mapped
// from the page cache and shared between processes running it). Recent
// kernels map the page cache in large folios, so a binary's text and
// read-only data end up resident nearly whole: RssFile grows with the
// binary's size more than with what the process does.
type memory struct{ rss, anon, file float64 }

func memoryOf(pid int) memory {
	var m memory
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return m
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			m.rss = kb / 1024
		case "RssAnon:":
			m.anon = kb / 1024
		case "RssFile:":
			m.file = kb / 1024
		}
	}
	return m
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
