package tools

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// clientModel is the client's model: it answers sampling requests with
// the same text and counts them.
type clientModel struct {
	text  string
	calls atomic.Int32
}

func (m *clientModel) CreateMessage(context.Context, mcp.CreateMessageRequest) (*mcp.CreateMessageResult, error) {
	m.calls.Add(1)
	return &mcp.CreateMessageResult{Model: "client-model",
		SamplingMessage: mcp.SamplingMessage{Role: mcp.RoleAssistant, Content: mcp.NewTextContent(m.text)}}, nil
}

// The client's model decides, then the email is elicited, in one call of
// request_human_handoff: before 2026-07-28 by requests on the session,
// from 2026-07-28 by input rounds (with the cache off, the model's answer
// travels in the requestState across the email round).
func TestRequestHumanHandoffAsksTheClientsModel(t *testing.T) {
	tests := []struct {
		version, cfg string
	}{
		{mcp.ProtocolVersion20251125, "classifier: {mode: sampling}\nsummary: {writer: extractive}\n"},
		{mcp.ProtocolVersion20260728, "classifier: {mode: sampling}\nsummary: {writer: extractive}\n"},
		{mcp.ProtocolVersion20260728, "classifier: {mode: sampling, cache_size: -1}\nsummary: {writer: extractive}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.version+"/"+strings.TrimSpace(tt.cfg), func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			m := &clientModel{text: `{"handoff": true, "triggers": ["explicit_request"], "confidence": 0.95, "reason": "The user asks for a human agent."}`}
			el := &elicitor{answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}}
			c := e.client(t, client.WithProtocolVersion(tt.version), client.WithSamplingHandler(m), client.WithElicitationHandler(el))
			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-sampling", nil)))
			assert.Equal(t, "delivered", out.Status)
			assert.Equal(t, "sampling", out.Classifier)
			assert.Equal(t, []string{"explicit_request"}, out.Triggers)
			assert.Equal(t, "The user asks for a human agent.", out.Reason)
			assert.Equal(t, int32(1), m.calls.Load(), "the client's model is asked once")
			assert.Len(t, el.messages, 1)
			h, err := e.store.Handoff(context.Background(), out.HandoffID)
			require.NoError(t, err)
			assert.Equal(t, "liisa@example.fi", h.Contact.Email)
		})
	}
}

func TestRequestHumanHandoffWithoutClientSampling(t *testing.T) {
	for _, v := range []string{mcp.ProtocolVersion20251125, mcp.ProtocolVersion20260728} {
		t.Run(v, func(t *testing.T) {
			e := newEnv(t, "classifier: {mode: sampling}\nsummary: {writer: extractive}\n")
			c := e.client(t, client.WithProtocolVersion(v))
			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-nosampling", map[string]any{"email": "liisa@example.fi"})))
			assert.Equal(t, "delivered", out.Status, "the embedded classifier decides in its place")
			assert.Equal(t, "embedded", out.Classifier)
			assert.True(t, strings.HasPrefix(out.Reason, "Client model unavailable (the client does not support sampling); "), out.Reason)
		})
	}
}

// Over streamable HTTP: with a session (2025-11-25) the sampling request
// travels on the call's response stream; stateless (2026-07-28) it is an
// input round.
// A legacy client without the GET stream cannot receive the request (mcp-go
// sends server requests only there): the embedded classifier answers at
// once instead of waiting out the timeout.
func TestRequestHumanHandoffAsksTheClientsModelOverHTTP(t *testing.T) {
	tests := []struct {
		name       string
		version    string
		listen     bool // the legacy standalone GET stream
		wantCalls  int32
		wantReason string
	}{
		{name: "session with GET stream", version: mcp.ProtocolVersion20251125, listen: true, wantCalls: 1},
		{name: "session without GET stream", version: mcp.ProtocolVersion20251125,
			wantReason: "Client model unavailable (the client keeps no stream open for server requests (streamable HTTP without the GET stream)); "},
		{name: "stateless", version: mcp.ProtocolVersion20260728, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, "classifier: {mode: sampling}\nsummary: {writer: extractive}\n")
			ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
			t.Cleanup(func() {
				e.srv.CloseStreams()
				ts.Close()
			})
			var topts []mcptransport.StreamableHTTPCOption
			if tt.listen {
				//lint:ignore SA1019 the legacy protocol path is what this test checks
				topts = append(topts, mcptransport.WithContinuousListening())
			}
			tr, err := mcptransport.NewStreamableHTTP(ts.URL+transport.MCPPath, topts...)
			require.NoError(t, err)
			m := &clientModel{text: `{"handoff": true, "triggers": ["explicit_request"], "confidence": 0.95, "reason": "The user asks for a human agent."}`}
			c := client.NewClient(tr, client.WithProtocolVersion(tt.version), client.WithSamplingHandler(m))
			ctx := context.Background()
			require.NoError(t, c.Start(ctx))
			t.Cleanup(func() { c.Close() })
			res, err := c.Initialize(ctx, mcp.InitializeRequest{})
			require.NoError(t, err)
			require.Equal(t, tt.version, res.ProtocolVersion)
			if tt.listen { // the client opens its GET stream in the background
				require.Eventually(t, func() bool { return e.srv.reach.Listening(tr.GetSessionId()) }, 5*time.Second, 5*time.Millisecond)
			}
			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-http", map[string]any{"email": "liisa@example.fi"})))
			assert.Equal(t, "delivered", out.Status)
			assert.Equal(t, tt.wantCalls, m.calls.Load())
			if tt.wantReason != "" {
				assert.Equal(t, "embedded", out.Classifier)
				assert.True(t, strings.HasPrefix(out.Reason, tt.wantReason), out.Reason)
				return
			}
			assert.Equal(t, "sampling", out.Classifier)
		})
	}
}
