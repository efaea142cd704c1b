// Package llm decides whether a conversation should go to a human, judged
// against the admin's triggers. Three classifiers implement
// handoff.Classifier: the embedded one (package llm/embedded: no network,
// deterministic, multilingual built-in knowledge), the LLM one (package
// llm/chat: any OpenAI-compatible API), and a cascade in which the embedded
// classifier answers the clear cases and the LLM the rest. New builds the one
// the configuration names, behind a decision cache.
package llm
