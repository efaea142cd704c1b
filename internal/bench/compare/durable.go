package main

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/handoff-mcp/handoff-mcp/internal/bench/durable"
)

// loadDurable runs handoff-mcp load with o.sessions clients in process for
// o.duration and returns the handoffs stored per second.
func loadDurable(ctx context.Context, bin, dir string, o options) (float64, error) {
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
// internal/bench/durable (one write connection, WAL, synchronous NORMAL:
// the store's default settings), for o.duration. It returns commits per
// second.
func rawSQLite(path string, o options) (float64, error) {
	db, err := durable.Open(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var (
		n        atomic.Int64
		wg       sync.WaitGroup
		firstErr error
		once     sync.Once
	)
	ctx := context.Background()
	deadline := time.Now().Add(o.duration)
	start := time.Now()
	for g := range o.sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				if _, err := durable.Insert(ctx, db, fmt.Sprintf("c%d-%d", g, i), durable.Body); err != nil {
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
