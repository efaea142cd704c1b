package handoff

import "context"

// Input is what a classifier judges: the conversation so far, newest turn
// last, and the user's language when the client knows it (an ISO 639-1 code
// such as "en", "de", "fr", "fi"; empty means unknown).
type Input struct {
	Transcript []Turn
	Language   string
}

// Usage counts the LLM work behind one decision.
type Usage struct {
	Calls            int `json:"calls"`
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

// Add returns the sum of u and v.
func (u Usage) Add(v Usage) Usage {
	return Usage{
		Calls:            u.Calls + v.Calls,
		PromptTokens:     u.PromptTokens + v.PromptTokens,
		CompletionTokens: u.CompletionTokens + v.CompletionTokens,
		TotalTokens:      u.TotalTokens + v.TotalTokens,
	}
}

// Decision is a classifier's verdict on one conversation.
type Decision struct {
	// Handoff is true when at least one trigger fired.
	Handoff bool `json:"handoff"`
	// Triggers are the ids of the triggers that fired, strongest first.
	Triggers []string `json:"triggers"`
	// Confidence in [0, 1] that the verdict (handoff or not) is right.
	Confidence float64 `json:"confidence"`
	// Reason explains the verdict in one sentence for people.
	Reason string `json:"reason"`
	// Classifier names what decided: "rules", "embedded", "llm",
	// "sampling" (the MCP client's model), or "cascade/embedded",
	// "cascade/llm" and "cascade/sampling" when a cascade settled it.
	Classifier string `json:"classifier"`
	// Fallback is true when the LLM (or the client's model) failed and
	// another classifier answered in its place.
	Fallback bool `json:"fallback,omitempty"`
	// Cached is true when the decision came from the decision cache.
	Cached bool `json:"cached,omitempty"`
	// Usage counts the LLM calls and tokens spent on this decision.
	Usage Usage `json:"usage"`
}

// Classifier decides whether a conversation should go to a human, judged
// against the triggers it was built with. Implementations are safe for
// concurrent use.
type Classifier interface {
	Classify(ctx context.Context, in Input) (Decision, error)
}
