package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The cross-process test runs this test binary again as helper processes.
const (
	helperEnvPath = "HANDOFF_STORE_HELPER_DB"
	helperEnvID   = "HANDOFF_STORE_HELPER_ID"
	helperConvs   = 10
	helperWorkers = 8
)

// helperResult is what one helper process reports.
type helperResult struct {
	// Created maps a conversation to the handoff this process created.
	Created map[string]string `json:"created"`
	// Got maps a conversation to the handoff ids its calls returned.
	Got map[string][]string `json:"got"`
}

// TestHelperProcess is not a test: TestCrossProcess runs the test binary
// with -test.run=TestHelperProcess. It waits for stdin to close, opens the
// (new) database, creates handoffs for the shared conversations from
// several goroutines, and prints what happened.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnvPath)
	if path == "" {
		t.Skip("helper process for TestCrossProcess")
	}
	id := os.Getenv(helperEnvID)
	_, _ = io.Copy(io.Discard, os.Stdin) // the start signal
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer s.Close()

	res := helperResult{Created: map[string]string{}, Got: map[string][]string{}}
	var mu sync.Mutex // protects res
	race(helperConvs*helperWorkers, func(i int) {
		conv := fmt.Sprintf("conv-%d", i%helperConvs)
		h, created, err := s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("h-%s-%d", id, i), conv, t0), 0)
		if !assert.NoError(t, err) {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if created {
			res.Created[conv] = h.ID
		}
		res.Got[conv] = append(res.Got[conv], h.ID)
	})
	b, err := json.Marshal(res)
	require.NoError(t, err)
	fmt.Printf("RESULT %s\n", b)
}

func TestCrossProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const processes = 4
	path := filepath.Join(t.TempDir(), "shared", "handoff.db") // created by the racing helpers
	var (
		cmds    []*exec.Cmd
		stdins  []io.Closer
		outputs []*bytes.Buffer
	)
	for i := range processes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), helperEnvPath+"="+path, fmt.Sprintf("%s=%d", helperEnvID, i))
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		stdin, err := cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		cmds, stdins, outputs = append(cmds, cmd), append(stdins, stdin), append(outputs, out)
	}
	for _, in := range stdins { // all processes are up: go
		in.Close()
	}

	created := map[string][]string{}
	got := map[string]map[string]bool{}
	for i, cmd := range cmds {
		err := cmd.Wait()
		require.NoError(t, err, "helper %d:\n%s", i, outputs[i])
		res := parseHelperResult(t, outputs[i].String())
		for conv, id := range res.Created {
			created[conv] = append(created[conv], id)
		}
		for conv, ids := range res.Got {
			if got[conv] == nil {
				got[conv] = map[string]bool{}
			}
			for _, id := range ids {
				got[conv][id] = true
			}
		}
	}

	require.Len(t, created, helperConvs)
	for conv, ids := range created {
		require.Len(t, ids, 1, "conversation %s: created by more than one call", conv)
		assert.Equal(t, map[string]bool{ids[0]: true}, got[conv], "conversation %s: every process got the winner", conv)
	}
	s := openAt(t, path, newClock())
	all, err := s.ListHandoffs(context.Background(), handoff.ListFilter{})
	require.NoError(t, err)
	assert.Len(t, all, helperConvs)
	ms, err := loadMigrations(migrationFS)
	require.NoError(t, err)
	assert.Len(t, appliedMigrations(t, s.r), len(ms), "each migration applied once")
	assert.Equal(t, helperConvs, count(t, s, "handoff_events"))
}

// parseHelperResult finds the RESULT line of a helper's output.
func parseHelperResult(t *testing.T, out string) helperResult {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "RESULT "); ok {
			var res helperResult
			require.NoError(t, json.Unmarshal([]byte(line), &res))
			return res
		}
	}
	t.Fatalf("no RESULT line in helper output:\n%s", out)
	return helperResult{}
}
