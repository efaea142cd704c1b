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

	"github.com/handoff-mcp/handoff-mcp/internal/bench/echoserver"
)

// startStdio starts bin with args as an MCP server over stdio and
// initialises it, returning the client and the server's process.
func startStdio(ctx context.Context, bin string, args []string) (*client.Client, *exec.Cmd, error) {
	var proc *exec.Cmd
	c, err := client.NewStdioMCPClientWithOptions(bin, os.Environ(), args,
		transport.WithCommandFunc(func(ctx context.Context, command string, env, args []string) (*exec.Cmd, error) {
			proc = exec.CommandContext(ctx, command, args...)
			proc.Env = env
			return proc, nil
		}))
	if err != nil {
		return nil, nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	if err := echoserver.Initialize(ctx, c); err != nil {
		c.Close()
		return nil, nil, fmt.Errorf("initialising %s: %w", bin, err)
	}
	return c, proc, nil
}

// stdioSide is one server of an interleaved stdio measurement: the binary,
// its arguments and the call made to it.
type stdioSide struct {
	bin  string
	args []string
	fn   call
}

// stdioResult is a side's p50 and p99 in milliseconds and its resident
// memory after initialize in MiB.
type stdioResult struct{ p50, p99, rss float64 }

// stdioInterleaved starts every side over stdio, reads each one's idle
// memory after initialize, warms each up with 20 calls, then makes calls
// rounds of one sequential call to each side, the order turning every
// round, and returns each side's p50 and p99. Interleaved call by call, a
// burst of load on the shared machine (slow calls come in runs of several
// milliseconds) delays every side alike instead of the one measured at the
// time, which is what set the p99 ratios when each side ran its calls in a
// block of its own.
func stdioInterleaved(ctx context.Context, sides []stdioSide, calls int) ([]stdioResult, error) {
	res := make([]stdioResult, len(sides))
	clients := make([]*client.Client, len(sides))
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}()
	for i, s := range sides {
		c, proc, err := startStdio(ctx, s.bin, s.args)
		if err != nil {
			return nil, err
		}
		clients[i] = c
		time.Sleep(300 * time.Millisecond) // let it settle before reading its memory
		if proc != nil && proc.Process != nil {
			res[i].rss = rss(proc.Process.Pid)
		}
		for range 20 {
			if err := s.fn(ctx, c); err != nil {
				return nil, fmt.Errorf("%s: %w", s.bin, err)
			}
		}
	}
	lat := make([][]float64, len(sides))
	for k := range calls {
		for j := range sides {
			i := (j + k) % len(sides)
			t0 := time.Now()
			if err := sides[i].fn(ctx, clients[i]); err != nil {
				return nil, fmt.Errorf("%s: %w", sides[i].bin, err)
			}
			lat[i] = append(lat[i], float64(time.Since(t0).Microseconds())/1000)
		}
	}
	for i, l := range lat {
		slices.Sort(l)
		res[i].p50, res[i].p99 = l[len(l)/2], l[min(len(l)-1, len(l)*99/100)]
	}
	return res, nil
}

// startup starts bin over stdio and returns the time from exec to the
// initialize reply in milliseconds, the CPU time the server spent until
// then (all its threads; less sensitive to a busy machine than the wall
// time) and its resident memory right then.
func startup(ctx context.Context, bin string, args []string) (ms, cpuMs float64, mem memory, err error) {
	t0 := time.Now()
	c, proc, err := startStdio(ctx, bin, args)
	if err != nil {
		return 0, 0, mem, err
	}
	defer c.Close()
	ms = float64(time.Since(t0).Microseconds()) / 1000
	if proc != nil && proc.Process != nil {
		mem = memoryOf(proc.Process.Pid)
		cpuMs = cpuTime(proc.Process.Pid)
	}
	return ms, cpuMs, mem, nil
}
