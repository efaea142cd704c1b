package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const helperEnvClaim = "HANDOFF_STORE_CLAIM_DB"

// TestClaimHelperProcess is not a test: TestClaimCrossProcess runs the test
// binary with -test.run=TestClaimHelperProcess. It waits for stdin to
// close, then claims and completes jobs until none is left, and prints the
// ids it claimed.
func TestClaimHelperProcess(t *testing.T) {
	path := os.Getenv(helperEnvClaim)
	if path == "" {
		t.Skip("helper process for TestClaimCrossProcess")
	}
	owner := fmt.Sprintf("proc-%d", os.Getpid())
	_, _ = io.Copy(io.Discard, os.Stdin)
	ctx := context.Background()
	s, err := Open(ctx, path, Options{})
	require.NoError(t, err)
	defer s.Close()
	var ids []int64
	for {
		ds, err := s.ClaimDeliveries(ctx, handoff.Claim{Owner: owner, Limit: 2, Lease: lease, Now: t0})
		require.NoError(t, err)
		if len(ds) == 0 {
			break
		}
		for _, d := range ds {
			ids = append(ids, d.ID)
			_, err := s.CompleteDelivery(ctx, d, "inbox", handoff.Receipt{RemoteID: d.Subject}, t0)
			require.NoError(t, err)
		}
	}
	b, err := json.Marshal(ids)
	require.NoError(t, err)
	fmt.Printf("CLAIMED %s\n", b)
}

func TestClaimCrossProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	const processes, jobs = 4, 200
	path := filepath.Join(t.TempDir(), "handoff.db")
	s := openAt(t, path, newClock())
	for i := range jobs {
		create(t, s, fmt.Sprintf("h_%03d", i), fmt.Sprintf("conv-%d", i), t0)
	}
	var (
		cmds    []*exec.Cmd
		stdins  []io.Closer
		outputs []*bytes.Buffer
	)
	for range processes {
		cmd := exec.Command(os.Args[0], "-test.run=^TestClaimHelperProcess$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), helperEnvClaim+"="+path)
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		stdin, err := cmd.StdinPipe()
		require.NoError(t, err)
		require.NoError(t, cmd.Start())
		cmds, stdins, outputs = append(cmds, cmd), append(stdins, stdin), append(outputs, out)
	}
	for _, in := range stdins {
		in.Close()
	}
	owner := map[int64]int{}
	for i, cmd := range cmds {
		require.NoError(t, cmd.Wait(), "helper %d:\n%s", i, outputs[i])
		var ids []int64
		for _, line := range bytes.Split(outputs[i].Bytes(), []byte("\n")) {
			if rest, ok := bytes.CutPrefix(line, []byte("CLAIMED ")); ok {
				require.NoError(t, json.Unmarshal(rest, &ids))
			}
		}
		for _, id := range ids {
			prev, dup := owner[id]
			assert.False(t, dup, "delivery %d claimed by processes %d and %d", id, prev, i)
			owner[id] = i
		}
	}
	assert.Len(t, owner, jobs)
	st, err := s.DeliveryStats(context.Background())
	require.NoError(t, err)
	assert.Equal(t, map[handoff.DeliveryState]int{handoff.DeliveryDone: jobs}, st.Counts)
}
