package privacy

import (
	"strings"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// BenchmarkRedactTurn masks one typical 300-byte turn with one card number.
func BenchmarkRedactTurn(b *testing.B) {
	var c Config
	c.Defaults()
	r, _ := New(c)
	turn := "Hello, I ordered a phone on 12.11.2026 (order 123456) and paid 499.90 EUR with my card 4111 1111 1111 1111, " +
		"but the money was taken twice and I still have no tracking number. Please call me at +358 40 123 4567 or refund it."
	b.SetBytes(int64(len(turn)))
	for b.Loop() {
		r.String(turn)
	}
}

// BenchmarkRedactHandoff masks a handoff of 10 turns of about 300 bytes.
func BenchmarkRedactHandoff(b *testing.B) {
	var c Config
	c.Defaults()
	r, _ := New(c)
	h := handoff.Handoff{Reason: "explicit_request: asks for a person", Metadata: map[string]string{"plan": "pro"}}
	for i := range 10 {
		h.Transcript = append(h.Transcript, handoff.Turn{Role: handoff.RoleUser, Content: strings.Repeat("word ", 55) + string(rune('a'+i))})
	}
	b.ResetTimer()
	for b.Loop() {
		r.RedactHandoff(h)
	}
}
