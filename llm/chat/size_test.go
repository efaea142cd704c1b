package chat

import (
	"encoding/json"
	"testing"

	"github.com/pkoukk/tiktoken-go"
	tiktokenloader "github.com/pkoukk/tiktoken-go-loader"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// sizeTriggers are ten triggers as an admin writes them, with examples.
var sizeTriggers = []handoff.Trigger{
	{ID: "explicit_request", Description: "The user asks to talk to a human: a person, an agent, customer service or an operator.",
		Examples: []string{"I want to talk to a real person", "Kann ich bitte mit einem Mitarbeiter sprechen?"}, NegativeExamples: []string{"Are you a bot?"}},
	{ID: "frustration", Description: "The user is frustrated or angry: insults, complaints about the bot, repeated exasperation.",
		Examples: []string{"This is useless, you keep giving me the same answer!"}},
	{ID: "bot_failure", Description: "The assistant failed to answer twice: it did not understand, could not help, or replied beside the point.", FailedAnswers: 2},
	{ID: "sensitive_topic", Description: "A sensitive topic: legal matters, medical matters or emergencies, fraud or security, closing an account."},
	{ID: "complaint", Description: "The user wants to complain about the service.", Keywords: []string{"valitus", "reklamaatio"}},
	{ID: "billing_dispute", Description: "Billing dispute: a charge the user does not recognise, or a refund demand."},
	{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
	{ID: "cancellation", Description: "The user wants to cancel their contract or subscription."},
	{ID: "competitor", Description: "The user compares us with a competitor's offer."},
	{ID: "vip", Description: "The user says they are a business customer with more than 50 seats."},
}

var sizeTranscript = []handoff.Turn{
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

// requestTokens counts the tokens of the request for ten triggers and ten
// turns with the o200k_base encoding (GPT-4o family), offline: the message
// contents, the strict JSON schema, and the chat format's framing (about 3
// tokens per message and 3 to prime the reply, as OpenAI documents for
// counting chat tokens).
func requestTokens(t testing.TB) int {
	tiktoken.SetBpeLoader(tiktokenloader.NewOfflineLoader())
	enc, err := tiktoken.GetEncoding("o200k_base")
	require.NoError(t, err)
	cfg := Config{BaseURL: "http://localhost/v1", Model: "gpt-4o-mini"}
	cfg.Defaults()
	c, err := New(cfg, sizeTriggers, Options{Fallback: &fakeFallback{}, Logger: zerolog.Nop()})
	require.NoError(t, err)
	req := c.request(OutputJSONSchema, c.messages(handoff.Input{Transcript: sizeTranscript}))
	n := 3
	for _, m := range req.Messages {
		n += 3 + len(enc.Encode(m.Role, nil, nil)) + len(enc.Encode(m.Content, nil, nil))
	}
	schema, err := json.Marshal(req.ResponseFormat)
	require.NoError(t, err)
	n += len(enc.Encode(string(schema), nil, nil))
	return n
}

// TestRequestSize checks the request stays small: at most 900 tokens for ten
// triggers and ten turns.
func TestRequestSize(t *testing.T) {
	n := requestTokens(t)
	t.Logf("LLM request for 10 triggers and 10 turns: %d tokens (o200k_base)", n)
	require.LessOrEqual(t, n, 900)
}

// BenchmarkRequestTokens reports the same count as a benchmark metric:
//
//	go test -run='^$' -bench=RequestTokens ./llm/chat
func BenchmarkRequestTokens(b *testing.B) {
	n := requestTokens(b)
	for b.Loop() {
	}
	b.ReportMetric(float64(n), "tokens/request")
}
