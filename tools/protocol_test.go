package tools

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	mcptransport "github.com/mark3labs/mcp-go/client/transport"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// TestCapabilities checks what the server announces: elicitation is the
// client's capability and is not among ours (the server still elicits where
// the client declares it: TestRequestHumanHandoffElicitsEmail); completions
// are.
func TestCapabilities(t *testing.T) {
	e := newEnv(t, "")
	c, err := client.NewInProcessClient(e.srv.MCPServer)
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() { c.Close() })
	var init mcp.InitializeRequest
	init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
	res, err := c.Initialize(ctx, init)
	require.NoError(t, err)
	caps, err := json.Marshal(res.Capabilities)
	require.NoError(t, err)
	var got map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(caps, &got))
	assert.NotContains(t, got, "elicitation", string(caps))
	assert.NotContains(t, got, "sampling", string(caps))
	assert.Contains(t, got, "completions", string(caps))
	assert.Contains(t, got, "tools", string(caps))
	assert.JSONEq(t, `{"subscribe":true}`, string(got["resources"]))
}

// TestInputErrorsInWords checks that arguments that do not fit a tool's
// input schema are answered, through the client, with a tool result with
// isError that names each field and what to send, and no Go formatting.
func TestInputErrorsInWords(t *testing.T) {
	tests := []struct {
		name string
		tool string
		args any
		want string // the whole text
	}{
		{name: "missing and mistyped", tool: "request_human_handoff",
			args: map[string]any{"conversation_id": 42},
			want: "Invalid input: transcript is required; conversation_id must be a string, got a number"},
		{name: "no arguments", tool: "request_human_handoff", args: nil,
			want: "Invalid input: conversation_id is required; transcript is required"},
		{name: "enum", tool: "request_human_handoff",
			args: map[string]any{"conversation_id": "c", "transcript": turns("robot", "hi")},
			want: `Invalid input: transcript[0].role must be one of "user", "assistant", "system", got "robot"`},
		{name: "nested required", tool: "request_human_handoff",
			args: map[string]any{"conversation_id": "c", "transcript": []any{map[string]any{"role": "user"}}},
			want: "Invalid input: transcript[0].content is required"},
		{name: "array expected", tool: "request_human_handoff",
			args: map[string]any{"conversation_id": "c", "transcript": "I want a human"},
			want: "Invalid input: transcript must be an array or null, got a string"},
		{name: "unknown argument", tool: "request_human_handoff",
			args: askHuman("c", map[string]any{"emial": "a@example.com"}),
			want: "Invalid input: emial is not a known argument; remove it (check the spelling against the tool's input schema)"},
		{name: "map values", tool: "request_human_handoff",
			args: askHuman("c", map[string]any{"metadata": map[string]any{"plan": 3}}),
			want: "Invalid input: metadata.plan must be a string, got a number"},
		{name: "not an object", tool: "check_service_hours", args: []any{"Europe/Berlin"},
			want: "Invalid input: the arguments must be an object, got an array"},
		{name: "another tool", tool: "check_service_hours", args: map[string]any{"at": true},
			want: "Invalid input: at must be a string, got a boolean"},
		{name: "a handler's own check, same shape", tool: "check_service_hours", args: map[string]any{"at": "tomorrow"},
			want: `Invalid input: at: "tomorrow" is not an RFC 3339 time; write it like 2026-12-24T15:00:00+01:00`},
	}
	e := newEnv(t, "")
	c := e.client(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, c, tt.tool, tt.args)
			require.True(t, res.IsError, text(res))
			assert.Equal(t, tt.want, text(res))
			assert.NotContains(t, text(res), "&{")
		})
	}
}

// TestDescribeKinds checks the sentence of each validation error kind,
// against a schema using the constraints our tools do not (yet).
func TestDescribeKinds(t *testing.T) {
	schema, err := compileSchema("kinds", []byte(`{
		"type": "object",
		"properties": {
			"name":  {"type": "string", "minLength": 2, "maxLength": 5},
			"count": {"type": "integer", "minimum": 1, "maximum": 10},
			"ratio": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
			"tags":  {"type": "array", "minItems": 1, "maxItems": 2, "uniqueItems": true},
			"code":  {"type": "string", "pattern": "^[A-Z]{3}$"},
			"kind":  {"const": "fixed"},
			"step":  {"type": "number", "multipleOf": 5},
			"opt":   {"type": ["string", "null"]}
		},
		"additionalProperties": false
	}`))
	require.NoError(t, err)
	tests := []struct {
		args map[string]any
		want string
	}{
		{map[string]any{"name": "a"}, "name must be at least 2 characters long, got 1"},
		{map[string]any{"name": "abcdefg"}, "name must be at most 5 characters long, got 7; shorten it"},
		{map[string]any{"count": 0}, "count must be at least 1, got 0"},
		{map[string]any{"count": 11}, "count must be at most 10, got 11"},
		{map[string]any{"count": 1.5}, "count must be an integer, got a number"},
		{map[string]any{"ratio": 1}, "ratio must be less than 1, got 1"},
		{map[string]any{"ratio": 0}, "ratio must be greater than 0, got 0"},
		{map[string]any{"tags": []any{}}, "tags must have at least 1 items, got 0"},
		{map[string]any{"tags": []any{"a", "b", "c"}}, "tags must have at most 2 items, got 3; send fewer"},
		{map[string]any{"tags": []any{"a", "a"}}, "tags must not repeat items (items 0 and 1 are equal)"},
		{map[string]any{"code": "abc"}, "code must match the pattern ^[A-Z]{3}$"},
		{map[string]any{"kind": "other"}, `kind must be "fixed", got "other"`},
		{map[string]any{"step": 7}, "step must be a multiple of 5, got 7"},
		{map[string]any{"opt": 1}, "opt must be null or a string, got a number"},
		{map[string]any{"a": 1, "b": 2}, "a, b are not known arguments; remove them (check the spelling against the tool's input schema)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, []string{tt.want}, checkArguments(schema, tt.args))
		})
	}
	assert.Empty(t, checkArguments(schema, map[string]any{"name": "abc", "count": 3}))
}

// TestEveryProblemInWords checks that every problem of a call is said, not
// only the first the validator meets, through references, composition and
// map values, and that a keyword the walk does not word still gets a
// sentence naming the constraint.
func TestEveryProblemInWords(t *testing.T) {
	schema, err := compileSchema("every", []byte(`{
		"type": "object",
		"$defs": {"turn": {"type": "object", "properties": {"role": {"enum": ["user", "assistant"]}, "content": {"type": "string"}},
			"required": ["role", "content"], "additionalProperties": false}},
		"properties": {
			"turns": {"type": "array", "items": {"$ref": "#/$defs/turn"}},
			"labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 3}},
			"id": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
			"mode": {"type": "object", "dependentRequired": {"a": ["b"]}}
		},
		"required": ["turns"],
		"additionalProperties": false
	}`))
	require.NoError(t, err)
	tests := []struct {
		name string
		args map[string]any
		want []string
	}{
		{"all of them, missing first, then by field", map[string]any{
			"labels": map[string]any{"a": "long", "b": 1}, "id": true, "x": 1},
			[]string{"turns is required", "id does not have any of the forms the input schema allows for it; check it against the schema",
				"labels.a must be at most 3 characters long, got 4; shorten it", "labels.b must be a string, got a number",
				"x is not a known argument; remove it (check the spelling against the tool's input schema)"}},
		{"through a reference", map[string]any{"turns": []any{
			map[string]any{"role": "user", "content": "hi"},
			map[string]any{"role": "bot", "text": "hi"}}},
			[]string{"turns[1].content is required", `turns[1].role must be one of "user", "assistant", got "bot"`,
				"turns[1].text is not a known argument; remove it (check the spelling against the tool's input schema)"}},
		{"a keyword the walk does not word", map[string]any{"turns": []any{}, "mode": map[string]any{"a": 1}},
			[]string{`the arguments do not match the tool's input schema (dependentRequired["a"]: missing properties ["b"]); check them against it`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, checkArguments(schema, tt.args))
		})
	}
	assert.Empty(t, checkArguments(schema, map[string]any{"turns": []any{map[string]any{"role": "user", "content": "hi"}}, "id": 3}))
	assert.Equal(t, []string{notJSON}, checkArguments(schema, json.RawMessage(`{"turns": [`)))
}

// TestCompleteHandoffIDs checks completion/complete on handoff://{id}:
// open handoffs first, by prefix, bounded, and nothing for a prefix too
// short to keep ids from being listed.
func TestCompleteHandoffIDs(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	now := e.clk.Now()
	mk := func(id string, st handoff.State) {
		_, _, err := e.store.CreateHandoffIfRoom(ctx, handoff.Handoff{ID: id, ConversationID: "conv-" + id, State: handoff.StateQueued,
			Connector: "inbox", CreatedAt: now, UpdatedAt: now}, 0)
		require.NoError(t, err)
		if st != handoff.StateQueued {
			_, err = e.store.UpdateHandoff(ctx, id, func(handoff.Handoff) (handoff.Change, error) {
				return handoff.Change{State: st, Cause: "test", At: now}, nil
			})
			require.NoError(t, err)
		}
	}
	mk("h_abcdefgh0closed", handoff.StateClosed)
	mk("h_abcdefgh1open", handoff.StateQueued)
	mk("h_abcdefgh2open", handoff.StateDelivered)
	mk("h_abcdefgi9open", handoff.StateQueued)
	for i := range 12 {
		mk("h_zzzzzzzz"+string(rune('a'+i)), handoff.StateQueued)
	}
	c := e.client(t)
	complete := func(uri, arg, value string) *mcp.CompleteResult {
		t.Helper()
		var req mcp.CompleteRequest
		req.Params.Ref = mcp.ResourceReference{Type: "ref/resource", URI: uri}
		req.Params.Argument = mcp.CompleteArgument{Name: arg, Value: value}
		res, err := c.Complete(ctx, req)
		require.NoError(t, err)
		return res
	}
	tests := []struct {
		name     string
		uri, arg string
		value    string
		want     []string
		wantMore bool
	}{
		{name: "open first", uri: "handoff://{id}", arg: "id", value: "h_abcdefgh",
			want: []string{"h_abcdefgh1open", "h_abcdefgh2open", "h_abcdefgh0closed"}},
		{name: "longer prefix", uri: "handoff://{id}", arg: "id", value: "h_abcdefgh2",
			want: []string{"h_abcdefgh2open"}},
		{name: "bounded", uri: "handoff://{id}", arg: "id", value: "h_zzzzzzzz",
			want: []string{"h_zzzzzzzza", "h_zzzzzzzzb", "h_zzzzzzzzc", "h_zzzzzzzzd", "h_zzzzzzzze", "h_zzzzzzzzf", "h_zzzzzzzzg", "h_zzzzzzzzh", "h_zzzzzzzzi", "h_zzzzzzzzj"}, wantMore: true},
		{name: "no match", uri: "handoff://{id}", arg: "id", value: "h_qqqqqqqq", want: []string{}},
		{name: "prefix too short", uri: "handoff://{id}", arg: "id", value: "h_abcdefg", want: []string{}},
		{name: "empty", uri: "handoff://{id}", arg: "id", value: "", want: []string{}},
		{name: "another template", uri: "other://{id}", arg: "id", value: "h_abcdefgh", want: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := complete(tt.uri, tt.arg, tt.value)
			assert.Equal(t, tt.want, res.Completion.Values)
			assert.Equal(t, tt.wantMore, res.Completion.HasMore)
			for _, v := range res.Completion.Values {
				assert.True(t, strings.HasPrefix(v, tt.value))
			}
		})
	}
}

// TestElicitationOverHTTP checks that the server, which does not announce
// elicitation, still asks for the email where the client declares it, in
// both eras of streamable HTTP (2026-07-28: a multi round-trip result the
// client answers by retrying; before: an elicitation/create request).
func TestElicitationOverHTTP(t *testing.T) {
	for _, version := range []string{mcp.ProtocolVersion20260728, mcp.ProtocolVersion20251125} {
		t.Run(version, func(t *testing.T) {
			e := newEnv(t, "")
			ts := httptest.NewServer(e.srv.HTTPHandler("", 0))
			t.Cleanup(func() {
				e.srv.CloseStreams()
				ts.Close()
			})
			var topts []mcptransport.StreamableHTTPCOption
			if version != mcp.ProtocolVersion20260728 {
				//lint:ignore SA1019 the legacy protocol path is what this test checks
				topts = append(topts, mcptransport.WithContinuousListening())
			}
			tr, err := mcptransport.NewStreamableHTTP(ts.URL+transport.MCPPath, topts...)
			require.NoError(t, err)
			el := &elicitor{answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}}
			c := client.NewClient(tr, client.WithProtocolVersion(version), client.WithElicitationHandler(el))
			ctx := context.Background()
			require.NoError(t, c.Start(ctx))
			t.Cleanup(func() { c.Close() })
			var init mcp.InitializeRequest
			init.Params.ClientInfo = mcp.Implementation{Name: "elicit-test", Version: "1"}
			res, err := c.Initialize(ctx, init)
			require.NoError(t, err)
			require.Equal(t, version, res.ProtocolVersion)
			assert.Nil(t, res.Capabilities.Elicitation)

			out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-http-elicit", nil)))
			assert.Equal(t, "delivered", out.Status)
			assert.Len(t, el.messages, 1)
		})
	}
}

// TestOutputMismatchIsAnInternalFault checks that a result whose structured
// content does not match the tool's output schema (our bug, not the
// model's), and a handler that panics, reach the model as the generic
// internal-error result, and the log says what was wrong.
func TestOutputMismatchIsAnInternalFault(t *testing.T) {
	type out struct {
		Status string `json:"status" jsonschema:"enum=ok"`
	}
	tool := mcp.NewTool("broken", mcp.WithDescription("returns what its schema forbids"),
		mcp.WithOutputSchema[out]())
	tests := []struct {
		name      string
		result    *mcp.CallToolResult
		wantError bool
		wantLog   string
	}{
		{name: "mismatch", result: mcp.NewToolResultStructured(map[string]any{"status": "weird"}, "weird"), wantError: true},
		{name: "mismatch of a Go value", result: mcp.NewToolResultStructured(out{Status: "weird"}, "weird"), wantError: true},
		{name: "panic", wantError: true, wantLog: "panic recovered in broken tool handler: lost"},
		{name: "match", result: mcp.NewToolResultStructured(out{Status: "ok"}, "ok")},
		{name: "error results are not checked", result: mcp.NewToolResultError("Invalid input: x is required")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf testlog.Buffer
			s := server.NewMCPServer("t", "1", server.WithToolHandlerMiddleware(logFaults(zerolog.New(&buf))),
				server.WithToolHandlerMiddleware(recoverPanics))
			s.AddTools(validated(server.ServerTool{Tool: tool, Handler: func(context.Context, mcp.CallToolRequest) (*mcp.CallToolResult, error) {
				if tt.result == nil {
					panic("lost")
				}
				return tt.result, nil
			}}))
			c, err := client.NewInProcessClient(s)
			require.NoError(t, err)
			require.NoError(t, c.Start(context.Background()))
			t.Cleanup(func() { c.Close() })
			var init mcp.InitializeRequest
			init.Params.ClientInfo = mcp.Implementation{Name: "test", Version: "1"}
			_, err = c.Initialize(context.Background(), init)
			require.NoError(t, err)

			res := call(t, c, "broken", map[string]any{})
			if !tt.wantError {
				assert.Equal(t, text(tt.result), text(res))
				if tt.result.StructuredContent != nil {
					// Encoded once, checked and sent as those bytes.
					assert.JSONEq(t, `{"status":"ok"}`, string(tt.result.RawStructuredContent))
					assert.Equal(t, map[string]any{"status": "ok"}, res.StructuredContent)
				}
				return
			}
			assert.True(t, res.IsError)
			assert.Equal(t, "handoff-mcp hit an internal error and logged it; nothing was lost. Try again, or tell the user you could not complete the request.", text(res))
			lines := buf.Lines(t)
			require.Len(t, lines, 1)
			if tt.wantLog == "" {
				tt.wantLog = `tool broken: the result does not match the output schema: status must be one of "ok", got "weird"`
			}
			assert.Equal(t, tt.wantLog, lines[0]["error"])
		})
	}
}
