package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// TestInboundHookOnEitherReplica: a helpdesk's webhook reaches whichever
// replica the load balancer picks. A handoff made through r1 is answered
// by an agent whose event arrives at r2; the bot, asking r1, reads the
// reply; the helpdesk's retry of the same event, this time to r1, is a
// duplicate (the dedupe is in the shared database), so the reply is stored
// once.
func TestInboundHookOnEitherReplica(t *testing.T) {
	onEachBackend(t, inboundHookOnEitherReplica)
}

func inboundHookOnEitherReplica(t *testing.T, db string) {
	const secret = "whsec-replicas-7f3a9c1e5b2d4f60"
	var opened atomic.Int32
	desk := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(helpdesk.HeaderEvent) == "handoff.created" {
			opened.Add(1)
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"remote_id": "T-%d"}`, opened.Load())
	}))
	defer desk.Close()
	cfg := filepath.Join(t.TempDir(), "handoff.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf(
		"helpdesk:\n  type: webhook\n  webhook:\n    url: %s\n    secret: %s\n", desk.URL, secret)), 0o600))
	r1 := startReplica(t, "r1", db, cfg)
	r2 := startReplica(t, "r2", db, cfg)

	c1, _ := mcpClient(t, r1.url(), false)
	out := callTool(t, c1, "request_human_handoff", askHuman(uniqueConv(t, "hook")))
	id, _ := out["handoff_id"].(string)
	require.NotEmpty(t, id, "%v", out)

	event, err := json.Marshal(map[string]any{
		"version": "1", "id": "evt-" + id, "type": "agent_message", "handoff_id": id,
		"agent": map[string]string{"name": "Lea"}, "text": "Hi Anna, Lea here.",
	})
	require.NoError(t, err)
	post := func(r *replica) (int, string) {
		req, err := http.NewRequest(http.MethodPost, r.url()+"/hooks/webhook", bytes.NewReader(event))
		require.NoError(t, err)
		ts := time.Now().Unix()
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(helpdesk.HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(helpdesk.HeaderSignature, helpdesk.Sign([]byte(secret), ts, event))
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}

	code, body := post(r2)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"applied"`, "the event reached r2, which did not make the handoff")

	status := callTool(t, c1, "get_handoff_status", map[string]any{"handoff_id": id})
	assert.Equal(t, "agent_joined", status["state"], "%v", status)
	msgs, _ := json.Marshal(status["messages"])
	assert.Contains(t, string(msgs), "Hi Anna, Lea here.", "r1 reads what r2 accepted: %v", status)

	code, body = post(r1)
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"duplicate"`, "the retry to the other replica is known")
	again := callTool(t, c1, "get_handoff_status", map[string]any{"handoff_id": id})
	again2, _ := json.Marshal(again["messages"])
	assert.Equal(t, 1, bytes.Count(again2, []byte("Hi Anna, Lea here.")), "stored once: %s", again2)
	assert.Equal(t, int32(1), opened.Load(), "one handoff.created for one handoff")
}
