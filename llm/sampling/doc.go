// Package sampling is the classifier that asks the MCP client's own model
// (sampling/createMessage) with the LLM classifier's prompt, so no API key
// is needed. It works inside a tool call only: the client is reached
// through the call's context. Before protocol 2026-07-28 the server sends
// the request on the client's session and waits (bounded by Timeout); from
// 2026-07-28 on, where servers no longer send requests, the tool call
// returns an input_required result and the client retries it with the
// answer (Middleware does that for every tool).
package sampling
