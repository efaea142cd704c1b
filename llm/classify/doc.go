// Package classify decides whether a conversation should go to a human, judged
// against the admin's triggers. Four classifiers implement
// handoff.Classifier: the embedded one (package llm/embedded: no network,
// deterministic, multilingual built-in knowledge), the LLM one (package
// llm/chat: any OpenAI-compatible API), the MCP client's own model (package
// llm/sampling: sampling/createMessage, no key), and a cascade in which the
// embedded classifier answers the clear cases and the LLM or the client's
// model the rest. New builds the one the configuration names, behind a
// decision cache.
package classify
