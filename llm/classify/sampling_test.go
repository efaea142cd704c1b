package classify

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
)

// clientModel answers every sampling request with the same text.
type clientModel struct {
	text  string
	calls atomic.Int32
}

func (m *clientModel) CreateMessage(context.Context, mcp.CreateMessageRequest) (*mcp.CreateMessageResult, error) {
	m.calls.Add(1)
	return &mcp.CreateMessageResult{Model: "client-model",
		SamplingMessage: mcp.SamplingMessage{Role: mcp.RoleAssistant, Content: mcp.NewTextContent(m.text)}}, nil
}

// viaClient returns a function that classifies a user message inside a
// tool call of an in-process client (with the sampling capability when m
// is not nil), on the given protocol revision.
func viaClient(t *testing.T, cls handoff.Classifier, version string, m *clientModel) func(string) handoff.Decision {
	t.Helper()
	srv := server.NewMCPServer("test", "1", server.WithToolHandlerMiddleware(sampling.Middleware))
	srv.AddTool(mcp.NewTool("classify", mcp.WithString("message", mcp.Required())),
		func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			d, err := cls.Classify(ctx, handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: req.GetString("message", "")}}})
			if err != nil {
				return nil, err
			}
			return mcp.NewToolResultStructured(d, d.Reason), nil
		})
	opts := []client.ClientOption{client.WithProtocolVersion(version)}
	if m != nil {
		opts = append(opts, client.WithSamplingHandler(m))
	}
	c, err := client.NewInProcessClientWithOptions(srv, opts...)
	require.NoError(t, err)
	require.NoError(t, c.Start(context.Background()))
	_, err = c.Initialize(context.Background(), mcp.InitializeRequest{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return func(msg string) handoff.Decision {
		t.Helper()
		req := mcp.CallToolRequest{}
		req.Params.Name, req.Params.Arguments = "classify", map[string]any{"message": msg}
		res, err := c.CallTool(context.Background(), req)
		require.NoError(t, err)
		require.False(t, res.IsError, "%v", res.Content)
		b, _ := json.Marshal(res.StructuredContent)
		var d handoff.Decision
		require.NoError(t, json.Unmarshal(b, &d))
		return d
	}
}

var revisions = []string{mcp.ProtocolVersion20251125, mcp.ProtocolVersion20260728}

func TestCascadeWithSamplingJudge(t *testing.T) {
	cfg := Config{Mode: ModeCascade, Cascade: CascadeConfig{Judge: JudgeSampling}} // no llm section needed
	ts := append(DefaultTriggers(), competitor)
	for _, v := range revisions {
		t.Run(v, func(t *testing.T) {
			c, err := New(cfg, ts, Options{})
			require.NoError(t, err)
			m := &clientModel{text: `{"handoff":true,"triggers":["competitor"],"confidence":0.8,"reason":"Mentions Acme's price."}`}
			say := viaClient(t, c, v, m)

			d := say("Ich möchte mit einem Mitarbeiter sprechen")
			assert.Equal(t, CascadeEmbedded, d.Classifier, "a clear request needs no model")
			assert.Equal(t, int32(0), m.calls.Load())

			d = say("Acme sells the same plan for 5 euros less, why should I stay?")
			assert.Equal(t, CascadeSampling, d.Classifier, "an unsure case goes to the client's model")
			assert.Equal(t, []string{"competitor"}, d.Triggers)
			assert.False(t, d.Fallback)
			assert.Equal(t, int32(1), m.calls.Load())

			d = say("Acme sells the same plan for 5 euros less, why should I stay?")
			assert.True(t, d.Cached, "the client model's decision is cached")
			assert.Equal(t, int32(1), m.calls.Load())
		})
	}
}

func TestSamplingWithoutTheCapabilityFallsBackUncached(t *testing.T) {
	for _, mode := range []Config{
		{Mode: ModeSampling},
		{Mode: ModeCascade, Cascade: CascadeConfig{Judge: JudgeSampling}},
	} {
		for _, v := range revisions {
			t.Run(string(mode.Mode)+"/"+v, func(t *testing.T) {
				c, err := New(mode, append(DefaultTriggers(), competitor), Options{})
				require.NoError(t, err)
				say := viaClient(t, c, v, nil)
				for range 2 {
					d := say("Acme is cheaper")
					assert.True(t, d.Fallback)
					assert.False(t, d.Cached, "a decision that fell back is not cached")
					assert.True(t, strings.HasPrefix(d.Reason, "Client model unavailable (the client does not support sampling); "), d.Reason)
					want := "embedded"
					if mode.Mode == ModeCascade {
						want = CascadeEmbedded
					}
					assert.Equal(t, want, d.Classifier)
				}
			})
		}
	}
}

func TestSamplingModeAsksTheClient(t *testing.T) {
	for _, v := range revisions {
		t.Run(v, func(t *testing.T) {
			ts := append(DefaultTriggers(), handoff.Trigger{ID: "chargeback", Keywords: []string{"chargeback"}})
			c, err := New(Config{Mode: ModeSampling}, ts, Options{})
			require.NoError(t, err)
			m := &clientModel{text: "```json\n{\"handoff\":false,\"triggers\":[],\"confidence\":0.9,\"reason\":\"A question about hours.\"}\n```"}
			say := viaClient(t, c, v, m)
			d := say("what are your opening hours")
			assert.Equal(t, sampling.Name, d.Classifier)
			assert.Equal(t, "A question about hours.", d.Reason)
			assert.Equal(t, int32(1), m.calls.Load())

			d = say("I will file a chargeback")
			assert.Equal(t, int32(1), m.calls.Load(), "a keyword rule decides without the model")
			assert.Equal(t, []string{"chargeback"}, d.Triggers)
		})
	}
}
