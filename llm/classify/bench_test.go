package classify

import (
	"context"
	"strconv"
	"testing"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// benchTriggers are ten triggers of the kinds admins write: the defaults,
// generic descriptions, keywords and an amount.
func benchTriggers() []handoff.Trigger {
	return append(DefaultTriggers(),
		handoff.Trigger{ID: "complaint", Description: "The user wants to complain about the service.", Keywords: []string{"valitus", "reklamaatio*"}},
		handoff.Trigger{ID: "billing_dispute", Description: "Billing dispute: a charge the user does not recognise, or a refund demand.",
			Examples: []string{"I was charged twice", "Was ist das für eine Abbuchung?"}},
		handoff.Trigger{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
		handoff.Trigger{ID: "cancellation", Description: "The user wants to cancel their contract or subscription."},
		handoff.Trigger{ID: "competitor", Description: "The user compares us with a competitor's offer.", NegativeExamples: []string{"Which plan is cheaper?"}},
		handoff.Trigger{ID: "vip", Description: "The user says they are a business customer with more than 50 seats.", Priority: handoff.PriorityUrgent},
	)
}

// benchTranscript is a ten-turn support conversation.
var benchTranscript = []handoff.Turn{
	{Role: handoff.RoleUser, Content: "Hi, I have a question about my last invoice, there is a charge I don't understand."},
	{Role: handoff.RoleAssistant, Content: "Of course! Could you tell me the date and the amount of the charge you mean?"},
	{Role: handoff.RoleUser, Content: "It was on March 3rd, 49.90 EUR, labelled 'premium add-on'. I never ordered that."},
	{Role: handoff.RoleAssistant, Content: "The premium add-on includes priority support and extra storage. It renews monthly."},
	{Role: handoff.RoleUser, Content: "But I didn't sign up for it. How did it get on my account?"},
	{Role: handoff.RoleAssistant, Content: "Sorry, I didn't understand that. Could you rephrase your question?"},
	{Role: handoff.RoleUser, Content: "Why is the add-on on my account when I never chose it?"},
	{Role: handoff.RoleAssistant, Content: "You can manage add-ons in Settings > Subscription > Add-ons."},
	{Role: handoff.RoleUser, Content: "This is going nowhere. I want my money back and I'd like to talk to someone, please."},
	{Role: handoff.RoleAssistant, Content: "I understand. Let me check what I can do for you."},
}

// BenchmarkEmbedded measures embedded decisions per second for a ten-turn
// transcript against ten triggers:
//
//	go test -run='^$' -bench=Embedded -cpu=1 ./llm/...
func BenchmarkEmbedded(b *testing.B) {
	c, err := NewEmbedded(Config{}, benchTriggers(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	benchDecisions(b, c, []handoff.Input{{Transcript: benchTranscript}})
}

// benchDecisions classifies ins in turn, reporting decisions per second.
// One decision on a turn of none of ins comes first, untimed: it builds
// the lexicons' tables, which the classifier builds at its first use.
func benchDecisions(b *testing.B, c handoff.Classifier, ins []handoff.Input) {
	ctx := context.Background()
	warm := handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Hello, warming up."}}}
	if _, err := c.Classify(ctx, warm); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := c.Classify(ctx, ins[i%len(ins)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
}

// BenchmarkEmbeddedCold is BenchmarkEmbedded with every transcript new to
// the classifier: each of its turns carries a different number, so that no
// analysed turn is reused (the per-word memos of the lexicons stay warm, as
// they do in a running server).
func BenchmarkEmbeddedCold(b *testing.B) {
	c, err := NewEmbedded(Config{}, benchTriggers(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	// More distinct turns than the classifier keeps.
	const variants = 4096
	ins := make([]handoff.Input, variants)
	for i := range ins {
		tr := make([]handoff.Turn, len(benchTranscript))
		for k, t := range benchTranscript {
			tr[k] = handoff.Turn{Role: t.Role, Content: t.Content + " (ref " + strconv.Itoa(i*len(tr)+k) + ")"}
		}
		ins[i] = handoff.Input{Transcript: tr}
	}
	benchDecisions(b, c, ins)
}

// BenchmarkEmbeddedNewTurn is the case of a running conversation: the
// first nine turns were seen before, the last user turn is new.
func BenchmarkEmbeddedNewTurn(b *testing.B) {
	c, err := NewEmbedded(Config{}, benchTriggers(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	const variants = 1 << 15
	ins := make([]handoff.Input, variants)
	for i := range ins {
		tr := append([]handoff.Turn(nil), benchTranscript[:9]...)
		tr = append(tr, handoff.Turn{Role: handoff.RoleUser, Content: "And what about order " + strconv.Itoa(i) + "? Nobody answers me."})
		ins[i] = handoff.Input{Transcript: tr}
	}
	benchDecisions(b, c, ins)
}
