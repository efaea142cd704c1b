package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mark3labs/mcp-go/client"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// httpRun starts bin serving HTTP on a free loopback port and returns the
// calls per second of o.sessions sessions calling for o.duration, and the
// server's CPU time per call meanwhile in ms (user and system, all its
// threads; 0 when unknown): on a shared machine the calls per second move
// with the other work, the CPU per call much less. It also returns the
// client's CPU time per call (this process's), which shares the machine's
// cores with the server: the calls per second the cores allow are bounded
// by their sum.
func httpRun(ctx context.Context, bin string, args, env func(addr string) []string, o options, fn call) (cps, cpuMS, clientMS float64, err error) {
	addr, err := freeAddr()
	if err != nil {
		return 0, 0, 0, err
	}
	cmd := exec.Command(bin, args(addr)...)
	cmd.Env = os.Environ()
	if env != nil {
		cmd.Env = append(cmd.Env, env(addr)...)
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, fmt.Errorf("starting %s: %w", bin, err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	url := "http://" + addr + "/mcp"
	clients := make([]*client.Client, o.sessions)
	for i := range clients {
		c, err := dial(ctx, url)
		if err != nil {
			return 0, 0, 0, fmt.Errorf("%s: %w", bin, err)
		}
		defer c.Close()
		clients[i] = c
		for range 5 {
			if err := fn(ctx, c); err != nil {
				return 0, 0, 0, fmt.Errorf("%s: %w", bin, err)
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
	cpu0, self0 := cpuTime(cmd.Process.Pid), cpuTime(os.Getpid())
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
	elapsed := time.Since(start)
	cpu, self := cpuTime(cmd.Process.Pid)-cpu0, cpuTime(os.Getpid())-self0
	if firstErr != nil {
		return 0, 0, 0, fmt.Errorf("%s: %w", bin, firstErr)
	}
	n := calls.Load()
	if cpu0 > 0 && cpu > 0 && n > 0 {
		cpuMS = cpu / float64(n)
	}
	if self0 > 0 && self > 0 && n > 0 {
		clientMS = self / float64(n)
	}
	return float64(n) / elapsed.Seconds(), cpuMS, clientMS, nil
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
			if err = echoserver.Initialize(ctx, c); err == nil {
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
