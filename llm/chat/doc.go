// Package chat is the LLM classifier: it asks any OpenAI-compatible
// chat-completions API (through github.com/sashabaranov/go-openai) to judge
// a conversation against the admin's triggers, one call per decision at
// temperature 0, with the answer constrained to a strict JSON schema (or JSON
// mode or a tool call on servers without json_schema). The transcript is
// sent as delimited, escaped data that the model is told never to obey.
// Transient failures are retried with backoff; a hard failure falls back to
// another classifier, and the decision says so.
package chat
