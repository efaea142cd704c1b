package delivery

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// hookReceiver is a webhook receiver that fails the first delivery of
// every event after reading it, and records the Idempotency-Key of every
// request and the event id in its body.
type hookReceiver struct {
	mu   sync.Mutex // protects the fields below
	keys []string
	ids  []string
	seen map[string]bool
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var ev helpdesk.WebhookEvent
	_ = json.Unmarshal(body, &ev)
	h.mu.Lock()
	defer h.mu.Unlock()
	key := r.Header.Get(helpdesk.HeaderIdempotencyKey)
	h.keys, h.ids = append(h.keys, key), append(h.ids, ev.ID)
	if !h.seen[key] {
		h.seen[key] = true
		http.Error(w, "try again", http.StatusBadGateway)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"remote_id": "R-`+ev.HandoffID+`"}`)
}

func TestIdempotencyKeysStableAcrossRestarts(t *testing.T) {
	recv := &hookReceiver{seen: map[string]bool{}}
	srv := httptest.NewServer(recv)
	defer srv.Close()
	cfg := testConfig()
	hcfg := helpdesk.ConfigFor(helpdesk.WebhookConfig{URL: srv.URL, Secret: "a-signing-secret-of-some-length"})
	r := &rig{t: t, path: filepath.Join(t.TempDir(), "handoff.db"), clk: newClock(), logs: &testlog.Buffer{}}
	newConn := func() handoff.Connector {
		c, err := helpdesk.New(hcfg, helpdesk.Options{Clock: r.clk})
		require.NoError(t, err)
		return c
	}
	r.open(cfg, newConn(), "w1") // as newRig, with a connector on the rig's clock
	h := r.handoff("h_1", handoff.PriorityNormal)
	r.enqueue(handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryMessage, Seq: 1,
		Message: &handoff.Message{HandoffID: "h_1", Seq: 1, Author: handoff.AuthorUser, Text: "still there?"}})
	r.enqueue(handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose, Reason: "solved"})

	// Each event fails once; every retry happens in a new process over the
	// same database, with a new connector and a new worker.
	for round := range 6 {
		r.runOnce()
		require.NoError(t, r.store.Close())
		r.clk.Advance(cfg.BackoffMax)
		r.open(cfg, newConn(), "process-"+string(rune('a'+round)))
	}
	assert.Equal(t, handoff.StateDelivered, r.get("h_1").State)
	want := []string{
		helpdesk.IdempotencyKey(h, helpdesk.EventCreated, 0), helpdesk.IdempotencyKey(h, helpdesk.EventCreated, 0),
		helpdesk.IdempotencyKey(h, helpdesk.EventMessage, 1), helpdesk.IdempotencyKey(h, helpdesk.EventMessage, 1),
		helpdesk.IdempotencyKey(h, helpdesk.EventClosed, 0), helpdesk.IdempotencyKey(h, helpdesk.EventClosed, 0),
	}
	assert.Equal(t, []string{"h_1:created", "h_1:created", "h_1:message:1", "h_1:message:1", "h_1:closed", "h_1:closed"}, want)
	assert.Equal(t, want, recv.keys, "the same key on every retry, across restarts")
	assert.Equal(t, want, recv.ids, "the event id is the key")
	var jobKeys []string
	for _, j := range r.jobs("h_1") {
		assert.Equal(t, handoff.DeliveryDone, j.State)
		jobKeys = append(jobKeys, j.Key)
	}
	assert.Equal(t, []string{want[0], want[2], want[4]}, jobKeys, "the outbox and the helpdesk agree on the keys")
}

func TestDeliveryKeyMatchesConnectors(t *testing.T) {
	h := handoff.Handoff{ID: "h_x"}
	assert.Equal(t, helpdesk.IdempotencyKey(h, helpdesk.EventCreated, 0), handoff.DeliveryKey(handoff.DeliveryOpen, h.ID, 0))
	assert.Equal(t, helpdesk.IdempotencyKey(h, helpdesk.EventCreated, 0), handoff.DeliveryKey(handoff.DeliveryOffline, h.ID, 0))
	assert.Equal(t, helpdesk.IdempotencyKey(h, helpdesk.EventMessage, 7), handoff.DeliveryKey(handoff.DeliveryMessage, h.ID, 7))
	assert.Equal(t, helpdesk.IdempotencyKey(h, helpdesk.EventClosed, 0), handoff.DeliveryKey(handoff.DeliveryClose, h.ID, 0))
}
