// Command start builds handoff-mcp and runs it with the same arguments,
// saying on stderr what it is doing while the build runs: the first build
// compiles SQLite's C sources (go-sqlite3, through cgo) and takes minutes on
// a small machine, during which `go run ./cmd/handoff-mcp` says nothing. It
// builds with internal/buildflags' flags (static on Linux), as the release
// binary is built.
//
//	go run ./cmd/start                 # = handoff-mcp: the MCP server on stdio
//	go run ./cmd/start serve --http 127.0.0.1:8080
//
// stdout stays the MCP transport's: every line of its own goes to stderr.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"

	"github.com/handoff-mcp/handoff-mcp/internal/buildflags"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	bin, err := binaryPath()
	if err != nil {
		fmt.Fprintln(os.Stderr, "start:", err)
		os.Exit(1)
	}
	build := func(ctx context.Context) error {
		return buildflags.Build(ctx, os.Stderr, buildflags.Go, runtime.GOOS, bin, "./cmd/handoff-mcp")
	}
	if err := buildSaying(ctx, os.Stderr, build, time.Now, time.After); err != nil {
		fmt.Fprintln(os.Stderr, "start: building handoff-mcp:", err)
		os.Exit(1)
	}
	stop() // from here on, signals go to handoff-mcp, which shuts down gracefully
	os.Exit(runBinary(bin, os.Args[1:]))
}

// binaryPath is where the built binary is kept between runs: the user's cache
// directory, so the build is incremental.
func binaryPath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	dir = filepath.Join(dir, "handoff-mcp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", dir, err)
	}
	return filepath.Join(dir, "handoff-mcp"), nil
}

// Timing of the progress lines: nothing when the build is quick (the usual
// case once the build cache is warm), then a line every interval.
const (
	quiet    = 2 * time.Second
	interval = 20 * time.Second
)

// buildSaying runs build and, when it takes longer than quiet, says what is
// happening and then how long it has taken, every interval.
func buildSaying(ctx context.Context, w io.Writer, build func(context.Context) error, now func() time.Time, after func(time.Duration) <-chan time.Time) error {
	start := now()
	done := make(chan error, 1)
	go func() { done <- build(ctx) }()
	wait := after(quiet)
	said := false
	for {
		select {
		case err := <-done:
			if said && err == nil {
				fmt.Fprintf(w, "start: built in %s; starting handoff-mcp\n", now().Sub(start).Round(time.Second))
			}
			return err
		case t := <-wait:
			if !said {
				fmt.Fprintln(w, "start: compiling handoff-mcp (a first build also compiles SQLite's C sources through cgo: 2 to 10 minutes on a small machine; later builds take seconds)")
				said = true
			} else {
				fmt.Fprintf(w, "start: still compiling (%s so far)\n", t.Sub(start).Round(time.Second))
			}
			wait = after(interval)
		}
	}
}

// runBinary runs bin with args on this process's stdin, stdout and stderr,
// passes SIGINT and SIGTERM on, and returns its exit code.
func runBinary(bin string, args []string) int {
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "start: running handoff-mcp:", err)
		return 1
	}
	go func() {
		for s := range sig {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.ExitCode()
	}
	fmt.Fprintln(os.Stderr, "start: running handoff-mcp:", err)
	return 1
}
