package classify

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock/clocktest"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
)

// llmServer answers every chat completion with content, counting calls.
func llmServer(t *testing.T, status int, content string) (*httptest.Server, *atomic.Int32) {
	var calls atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if status != http.StatusOK {
			w.WriteHeader(status)
			json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": "down", "type": "server_error"}})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"id": "c1", "object": "chat.completion", "model": "m",
			"choices": []any{map[string]any{"index": 0, "finish_reason": "stop", "message": map[string]any{"role": "assistant", "content": content}}},
			"usage":   map[string]any{"prompt_tokens": 300, "completion_tokens": 20, "total_tokens": 320}})
	}))
	t.Cleanup(s.Close)
	return s, &calls
}

func cascadeConfig(url string) Config {
	retries := 0
	return Config{Mode: ModeCascade, CacheSize: -1, LLM: llmConfig(url, &retries)}
}

func llmConfig(url string, retries *int) (c chat.Config) {
	c.BaseURL, c.Model, c.APIKey, c.Retries = url+"/v1", "m", "k", retries
	return c
}

var competitor = handoff.Trigger{ID: "competitor", Description: "The user compares us with a competitor's offer."}

func say(t *testing.T, c handoff.Classifier, text string) handoff.Decision {
	t.Helper()
	d, err := c.Classify(context.Background(), handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: text}}})
	require.NoError(t, err)
	return d
}

func TestCascade(t *testing.T) {
	srv, calls := llmServer(t, http.StatusOK, `{"handoff":true,"triggers":["competitor"],"confidence":0.8,"reason":"Mentions Acme's price."}`)
	ts := append(DefaultTriggers(), competitor)
	c, err := New(cascadeConfig(srv.URL), ts, Options{Clock: clocktest.NoWait(clock.Real{}, nil)})
	require.NoError(t, err)

	d := say(t, c, "Ich möchte mit einem Mitarbeiter sprechen")
	assert.Equal(t, CascadeEmbedded, d.Classifier, "a clear request needs no LLM")
	assert.Equal(t, []string{"explicit_request"}, d.Triggers)
	assert.Equal(t, int32(0), calls.Load())

	d = say(t, c, "Acme sells the same plan for 5 euros less, why should I stay?")
	assert.Equal(t, CascadeLLM, d.Classifier, "a trigger the embedded classifier knows only by its words goes to the LLM")
	assert.Equal(t, []string{"competitor"}, d.Triggers)
	assert.Equal(t, 1, d.Usage.Calls)
	assert.Equal(t, 320, d.Usage.TotalTokens)
	assert.Equal(t, int32(1), calls.Load())
}

func TestCascadeFallsBack(t *testing.T) {
	srv, calls := llmServer(t, http.StatusServiceUnavailable, "")
	c, err := New(cascadeConfig(srv.URL), append(DefaultTriggers(), competitor), Options{})
	require.NoError(t, err)
	d := say(t, c, "Acme is cheaper")
	assert.Equal(t, CascadeEmbedded, d.Classifier)
	assert.True(t, d.Fallback)
	assert.Equal(t, int32(1), calls.Load())
}

func TestCascadeWithoutLLMConfigIsAnError(t *testing.T) {
	_, err := New(Config{Mode: ModeCascade}, DefaultTriggers(), Options{})
	assert.ErrorContains(t, err, "llm.base_url: empty")
}

// counting answers with a decision and counts its calls.
type counting struct {
	calls    int
	fallback bool
}

func (c *counting) Classify(_ context.Context, in handoff.Input) (handoff.Decision, error) {
	c.calls++
	return handoff.Decision{Handoff: true, Triggers: []string{"t"}, Classifier: "llm", Fallback: c.fallback,
		Usage: handoff.Usage{Calls: 1, TotalTokens: 100}}, nil
}

func TestCache(t *testing.T) {
	in := func(s, lang string) handoff.Input {
		return handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: s}}, Language: lang}
	}
	next := &counting{}
	c := newCache(next, 2, "t1-a")
	ctx := context.Background()

	d, _ := c.Classify(ctx, in("a", ""))
	assert.False(t, d.Cached)
	d, _ = c.Classify(ctx, in("a", ""))
	assert.True(t, d.Cached)
	assert.Equal(t, handoff.Usage{}, d.Usage, "a cached decision cost nothing")
	assert.Equal(t, 1, next.calls)

	c.Classify(ctx, in("a", "de")) // the language is part of the key
	assert.Equal(t, 2, next.calls)
	c.Classify(ctx, in("b", "")) // evicts the least recently used: "a"
	assert.Equal(t, 3, next.calls)
	d, _ = c.Classify(ctx, in("a", "de"))
	assert.True(t, d.Cached)
	c.Classify(ctx, in("a", ""))
	assert.Equal(t, 4, next.calls)

	other := newCache(next, 2, "t1-b")
	assert.NotEqual(t, c.key(in("a", "")), other.key(in("a", "")), "the trigger version is part of the key")

	fb := &counting{fallback: true}
	c = newCache(fb, 2, "v")
	c.Classify(ctx, in("x", ""))
	c.Classify(ctx, in("x", ""))
	assert.Equal(t, 2, fb.calls, "decisions that fell back are not cached")
}

func TestNewUsesTheCache(t *testing.T) {
	srv, calls := llmServer(t, http.StatusOK, `{"handoff":false,"triggers":[],"confidence":0.9,"reason":"No."}`)
	retries := 0
	c, err := New(Config{Mode: ModeLLM, LLM: llmConfig(srv.URL, &retries)}, DefaultTriggers(), Options{})
	require.NoError(t, err)
	say(t, c, "what are your opening hours")
	d := say(t, c, "what are your opening hours")
	assert.True(t, d.Cached)
	assert.Equal(t, int32(1), calls.Load())
}
