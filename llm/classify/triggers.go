package classify

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// DefaultTriggers returns the triggers used when no configuration file
// names any: an explicit request for a human, frustration or anger,
// repeated failure of the assistant, and sensitive topics. Each call returns
// a fresh copy.
func DefaultTriggers() []handoff.Trigger {
	return []handoff.Trigger{
		{
			ID:          "explicit_request",
			Kind:        "human_request",
			Description: "The user asks to talk to a human: a person, an agent, customer service or an operator.",
			Examples: []string{
				"I want to talk to a real person",
				"Kann ich bitte mit einem Mitarbeiter sprechen?",
				"Je voudrais parler à un conseiller",
				"Haluan puhua asiakaspalvelijan kanssa",
				"¿Puedo hablar con un agente?",
			},
			NegativeExamples: []string{
				"Are you a bot?",
				"I don't need a human, just tell me the opening hours",
				"Ich brauche keinen Menschen",
				"Your agent called me yesterday",
			},
		},
		{
			ID:          "frustration",
			Kind:        "frustration",
			Description: "The user is frustrated or angry: insults, complaints about the bot, repeated exasperation.",
			Examples: []string{
				"This is useless, you keep giving me the same answer!",
				"Das ist doch lächerlich, nichts funktioniert!",
				"C'est n'importe quoi, j'en ai marre",
				"Tämä on ihan turhaa, en ole tyytyväinen bottiin",
			},
			NegativeExamples: []string{
				"Thanks, that helped a lot",
				"Kein Problem, danke",
				"Je suis content du service",
			},
		},
		{
			ID:            "bot_failure",
			Kind:          "bot_failure",
			Description:   "The assistant failed to answer twice: it did not understand, could not help, or replied beside the point.",
			FailedAnswers: 2,
		},
		{
			ID:          "sensitive_topic",
			Kind:        "sensitive",
			Description: "A sensitive topic: legal matters, medical matters or emergencies, fraud or security, closing an account.",
			Priority:    handoff.PriorityHigh,
			Examples: []string{
				"My card was stolen and someone used it",
				"I will contact my lawyer about this",
				"Ich möchte mein Konto kündigen",
				"Tililleni on kirjauduttu luvatta",
			},
			NegativeExamples: []string{
				"How do I change my password?",
				"What are your opening hours?",
			},
		},
	}
}

// TriggersVersion returns a stable hash of the trigger configuration, used
// in cache keys: any change to any trigger (wording, examples, keywords,
// enabled) gives a new version.
func TriggersVersion(ts []handoff.Trigger) string {
	b, err := json.Marshal(ts)
	if err != nil {
		// A []handoff.Trigger always marshals; keep the signature simple.
		panic(err)
	}
	sum := sha256.Sum256(b)
	return "t1-" + hex.EncodeToString(sum[:8])
}
