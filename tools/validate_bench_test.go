package tools

import (
	"encoding/json"
	"testing"
)

// BenchmarkValidate measures the input and output checks of one
// request_human_handoff call: its arguments as mcp-go decoded them, and a
// created handoff's structured content (encoded, and walked as the Go
// value; output view: as its JSON view).
func BenchmarkValidate(b *testing.B) {
	e := newEnv(b, "")
	st := e.srv.ListTools()["request_human_handoff"]
	in, err := compileToolSchema("request_human_handoff", "input", st.Tool.RawInputSchema, st.Tool.InputSchema)
	if err != nil {
		b.Fatal(err)
	}
	out, err := compileToolSchema("request_human_handoff", "output", st.Tool.RawOutputSchema, st.Tool.OutputSchema)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := json.Marshal(askHuman("c1", map[string]any{"email": "bench@example.com", "language": "en",
		"transcript": turns("user", "Hi, my invoice for October is wrong.", "assistant", "Which invoice?", "user", "INV-2210. Let me talk to a person.")}))
	if err != nil {
		b.Fatal(err)
	}
	var args any
	if err := json.Unmarshal(raw, &args); err != nil {
		b.Fatal(err)
	}
	res := HandoffOutput{HandoffID: "h_1", Status: "delivered", Owner: "human", Triggers: []string{"asks_for_human"}, MessageForUser: "A person will take over.", NextStep: "Relay the agent.", QueuePosition: 3}
	b.Run("input", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if p := checkArguments(in, args); len(p) > 0 {
				b.Fatal(p)
			}
		}
	})
	var content any = res // as the result carries it
	b.Run("output", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(content); err != nil { // sent as these bytes
				b.Fatal(err)
			}
			if !out.fitsGo(content) {
				b.Fatal("does not fit")
			}
		}
	})
	// What the check cost before fitsGo, and still costs a result that
	// does not surely fit: its JSON view, walked.
	b.Run("output view", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(content); err != nil {
				b.Fatal(err)
			}
			view, ok := jsonView(content)
			if !ok {
				b.Fatal("no view")
			}
			if p := out.problems(view); len(p) > 0 {
				b.Fatal(p)
			}
		}
	})
}
