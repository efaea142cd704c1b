package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"time"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/client/transport"
)

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
// initialize reply in milliseconds, the CPU time the server spent until
// then (all its threads; less sensitive to a busy machine than the wall
// time) and its resident memory right then.
func startup(ctx context.Context, bin string, args []string) (ms, cpuMs float64, mem memory, err error) {
	var proc *exec.Cmd
	t0 := time.Now()
	c, err := client.NewStdioMCPClientWithOptions(bin, os.Environ(), args,
		transport.WithCommandFunc(func(ctx context.Context, command string, env, args []string) (*exec.Cmd, error) {
			proc = exec.CommandContext(ctx, command, args...)
			proc.Env = env
			return proc, nil
		}))
	if err != nil {
		return 0, 0, mem, fmt.Errorf("starting %s: %w", bin, err)
	}
	defer c.Close()
	if err := initialize(ctx, c); err != nil {
		return 0, 0, mem, fmt.Errorf("initialising %s: %w", bin, err)
	}
	ms = float64(time.Since(t0).Microseconds()) / 1000
	if proc != nil && proc.Process != nil {
		mem = memoryOf(proc.Process.Pid)
		cpuMs = cpuTime(proc.Process.Pid)
	}
	return ms, cpuMs, mem, nil
}
