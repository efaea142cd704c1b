package main

import (
	"context"
	"database/sql"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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
