package tools

import (
	"fmt"
	"testing"
)

// BenchmarkRequestHumanHandoff measures a whole request_human_handoff call
// in process: JSON-RPC through the in-process client, input validation,
// the embedded classifier over a 6-turn transcript, the service-hours
// check, the SQLite insert (WAL, file in a temp dir), the inbox delivery
// and output validation. Each iteration is a new conversation, so every
// call creates a handoff.
func BenchmarkRequestHumanHandoff(b *testing.B) {
	e := newEnv(b, finnishHours)
	c := e.client(b)
	args := askHuman("", map[string]any{"email": "bench@example.com", "language": "en"})
	args["transcript"] = turns(
		"user", "Hi, my invoice for October is wrong.",
		"assistant", "I can help with invoices. Which invoice number is it?",
		"user", "INV-2210. You charged me twice for the same month.",
		"assistant", "I'm sorry, I could not find invoice INV-2210.",
		"user", "It's right there in my account. This is getting ridiculous.",
		"assistant", "Could you check the invoice number again?",
		"user", "No. Let me talk to a real person, please.",
	)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		args["conversation_id"] = fmt.Sprintf("bench-%d", i)
		res := call(b, c, "request_human_handoff", args)
		if res.IsError {
			b.Fatal(text(res))
		}
	}
}

// BenchmarkRequestHumanHandoffNotTriggered measures a call where no
// trigger fires: classification only, nothing stored.
func BenchmarkRequestHumanHandoffNotTriggered(b *testing.B) {
	e := newEnv(b, "")
	c := e.client(b)
	args := map[string]any{"conversation_id": "bench", "transcript": turns(
		"user", "What are your opening hours on Saturday?",
		"assistant", "We're open 10:00-16:00 on Saturdays.",
		"user", "Great, and do you ship to Finland?",
	)}
	b.ReportAllocs()
	for b.Loop() {
		if res := call(b, c, "request_human_handoff", args); res.IsError {
			b.Fatal(text(res))
		}
	}
}
