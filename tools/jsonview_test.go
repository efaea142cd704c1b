package tools

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJSONViewIsTheDecodedEncoding holds jsonView to encoding/json: for
// every tool's output type (filled, empty, with nil and empty slices and
// pointers) and the cases encoding/json treats specially, its view is what
// decoding the encoding gives, or it falls back.
func TestJSONViewIsTheDecodedEncoding(t *testing.T) {
	type inner struct {
		A string `json:"a"`
	}
	type embedded struct{ inner }
	type kinds struct {
		S        string         `json:"s,omitempty"`
		N        int            `json:"n,omitempty"`
		U        uint8          `json:"u"`
		F        float64        `json:"f"`
		B        bool           `json:"b,omitempty"`
		P        *inner         `json:"p,omitempty"`
		Q        *inner         `json:"q"`
		L        []string       `json:"l"`
		E        []string       `json:"e,omitempty"`
		M        map[string]int `json:"m"`
		Z        inner          `json:"z,omitzero"`
		I        any            `json:"i"`
		A        [2]int         `json:"a"`
		Untagged string
		Skipped  string `json:"-"`
		hidden   string
	}
	views := []any{
		HandoffOutput{}, HandoffOutput{Status: "delivered", Owner: "human", Triggers: []string{"asks_for_human"}, Confidence: 0.75,
			Vote: &VoteOutput{}, ServerVerdict: &VerdictOutput{}, QueuePosition: 3},
		ContactOutput{}, RateOutput{}, SendOutput{}, EndOutput{}, StatusOutput{}, StatusOutput{Messages: []SessionMessage{{}}, Undelivered: []UndeliveredOutput{{}}},
		HoursOutput{}, HoursOutput{Today: []WindowOutput{{Start: "09:00", End: "17:00"}}, Helpdesk: HelpdeskOutput{Status: "available"}},
		kinds{}, kinds{S: "s", N: -3, U: 7, F: 1.5, B: true, P: &inner{"x"}, L: []string{}, E: []string{"e"}, M: map[string]int{"k": 1},
			Z: inner{"z"}, I: map[string]any{"x": []any{1.0}}, Untagged: "u", Skipped: "no", hidden: "no"},
		map[string]any{"a": []int{1, 2}, "b": nil}, []any{"x", 2, true, nil}, "text", 3, nil,
	}
	for _, v := range views {
		got, ok := jsonView(v)
		require.True(t, ok, "%#v", v)
		b, err := json.Marshal(v)
		require.NoError(t, err)
		var want any
		require.NoError(t, json.Unmarshal(b, &want))
		assert.Equal(t, want, got, string(b))
	}
	for _, v := range []any{time.Time{}, embedded{}, []byte("x"), map[int]string{1: "a"}, float32(1.1), "bad \xff", struct {
		N int `json:"n,string"`
	}{}, struct {
		X string
		A string `json:"X"`
	}{"a", "b"}} {
		_, ok := jsonView(v)
		assert.False(t, ok, "%#v falls back to encoding/json", v)
	}
}
