package tools

import (
	"context"
	"encoding/json"
	"math"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFitsGoAgreesWithTheWalk holds the output check's walk of Go values
// (fitsGo) to the walk of their JSON view: over every tool's output schema,
// the results the tools give (which must take fitsGo's path), the same
// results broken (a value outside an enum, a required field left out, bad
// UTF-8, a NaN, fields the schema does not know) and every output type and
// JSON value against every schema, fitsGo never says a value fits that the
// walk rejects, and agrees with it wherever it can tell.
func TestFitsGoAgreesWithTheWalk(t *testing.T) {
	e := newEnv(t, finnishHours)
	ctx := context.Background()
	tools := map[string]Tool{}
	for _, d := range All(e.svc, e.svc.Triggers()) {
		tools[d.Tool.Name] = d
	}
	results := map[string]any{}
	run := func(name string, args map[string]any) any {
		t.Helper()
		var req mcp.CallToolRequest
		req.Params.Name, req.Params.Arguments = name, args
		res, err := tools[name].Handler(ctx, req)
		require.NoError(t, err)
		require.False(t, res.IsError, "%s: %v", name, res.Content)
		results[name] = res.StructuredContent
		return res.StructuredContent
	}
	id := run("request_human_handoff", askHuman("fits-1", map[string]any{"email": "fits@example.com"})).(HandoffOutput).HandoffID
	require.NoError(t, e.svc.ApplyAgentEvent(ctx, handoff.AgentEvent{Kind: handoff.AgentMessage, Connector: "inbox",
		HandoffID: id, AgentName: "Lea", Text: "Hello, Lea here.", MessageID: "inbox:1"}))
	run("get_handoff_status", map[string]any{"handoff_id": id})
	run("send_handoff_message", map[string]any{"handoff_id": id, "text": "Any news?"})
	run("end_handoff", map[string]any{"handoff_id": id, "reason": "resolved"})
	run("rate_handoff", map[string]any{"handoff_id": id, "rating": 5})
	run("check_service_hours", map[string]any{"timezone": "Europe/Berlin", "language": "en"})
	run("collect_contact", map[string]any{"conversation_id": "fits-2", "email": "fits@example.com"})

	hours := results["check_service_hours"].(HoursOutput)
	badEnum, noStatus, badText, noToday := hours, hours, hours, hours
	badEnum.Helpdesk.Status = "sleeping"
	noStatus.Helpdesk = HelpdeskOutput{Connector: "inbox"}
	badText.Timezone = "bad \xff"
	noToday.Today = nil
	type extra struct {
		HoursOutput
		Extra string `json:"extra"`
	}
	type loose struct {
		Open  bool    `json:"open"`
		Ratio float64 `json:"ratio"`
		Some  *string `json:"some,omitempty"`
	}
	type omitted struct {
		Open     bool           `json:"open,omitempty"`
		Helpdesk HelpdeskOutput `json:"helpdesk"`
	}
	values := []any{badEnum, &noStatus, badText, noToday, extra{HoursOutput: hours}, loose{Ratio: math.NaN()}, loose{Ratio: 1.5},
		omitted{Helpdesk: hours.Helpdesk}, omitted{Open: true, Helpdesk: hours.Helpdesk},
		HandoffOutput{}, StatusOutput{}, EndOutput{}, RateOutput{}, ContactOutput{}, SendOutput{}, HoursOutput{},
		map[string]any{"open": true}, map[string]string{"status": "available"}, []any{hours}, nil, "x", 1.5, true}
	for _, r := range results {
		values = append(values, r, jsonValue(t, r))
	}

	for name, st := range e.srv.ListTools() {
		t.Run(name, func(t *testing.T) {
			c, err := compileToolSchema(name, "output", st.Tool.RawOutputSchema, st.Tool.OutputSchema)
			require.NoError(t, err)
			require.True(t, c.simple, "fitsGo follows every keyword of %s's output schema", name)
			require.Contains(t, results, name)
			assert.True(t, c.fitsGo(results[name]), "%s's own result takes fitsGo's path", name)
			fits := 0
			for _, v := range values {
				view, ok := jsonView(v)
				if !ok {
					b, err := json.Marshal(v)
					if err != nil {
						assert.False(t, c.fitsGo(v), "%#v cannot be encoded", v)
						continue
					}
					require.NoError(t, json.Unmarshal(b, &view))
				}
				w := walker{c: c, quiet: true}
				w.walk(c.root, view, 0)
				got := c.fitsGo(v)
				if ok {
					assert.Equal(t, !w.bad, got, "%s: %#v", name, v)
				} else {
					assert.False(t, got, "%s: %#v is jsonView's to fall back on", name, v)
				}
				if got {
					fits++
				}
			}
			assert.Less(t, fits, len(values), "some values do not fit")
		})
	}
}

// TestFitsGoLeavesOtherSchemasToTheWalk: a schema with a keyword beyond
// simpleSchema's is never decided by fitsGo.
func TestFitsGoLeavesOtherSchemasToTheWalk(t *testing.T) {
	for _, schema := range []string{
		`{"type": "object", "properties": {"n": {"type": "integer", "minimum": 1}}}`,
		`{"type": "object", "properties": {"s": {"type": "string", "pattern": "^a"}}}`,
		`{"type": "object", "properties": {"s": {"anyOf": [{"type": "string"}]}}}`,
		`{"type": "object", "$defs": {"d": {"type": "string"}}, "properties": {"s": {"$ref": "#/$defs/d"}}}`,
		`{"type": "object", "properties": {"l": {"type": "array", "maxItems": 1}}}`,
	} {
		c, err := compileSchema("other", []byte(schema))
		require.NoError(t, err)
		assert.False(t, c.simple, schema)
		assert.False(t, c.fitsGo(map[string]any{}), schema)
	}
}
