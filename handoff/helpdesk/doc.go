// Package helpdesk forwards handoffs to the helpdesk a bot builder
// configured: the built-in inbox (the default), a signed webhook (or the
// GPTBots webhook protocol), email over SMTP, or the APIs of Zendesk,
// Freshdesk, Intercom, Chatwoot, LiveChat and Libredesk.
//
// Every connector implements handoff.Connector. Open carries everything a
// human agent needs so the customer never repeats themselves: the last turns
// of the conversation and the current question, the customer's email as the
// requester, the matched triggers, the reason, the route, the priority and
// the metadata, rendered as plain text, escaped HTML or structured JSON as
// the destination expects.
//
// Errors are classified: network failures, timeouts, 408, 409, 425, 429 and
// 5xx are handoff.Transient (with the delay the remote asked for, from
// Retry-After or the vendor's rate-limit headers); 400, 401, 403, 404, 422
// and other 4xx are handoff.Permanent with a message that names the
// connector and the configuration keys to check. Secrets never appear in
// errors or logs.
//
// Each connector registers a Spec from its own file (Register, in an init
// function): its type name, its configuration section and how to validate
// it, its constructor, its inbound events (the secret's key, the verifier
// and parser in <type>_events.go) and its delivery guarantees. Config,
// package hooks and the delivery worker read the registry; nothing else
// switches on type names. A Spec missing a piece is refused by Register and
// reported by CheckRegistry, which Config.Validate calls, so the program
// does not start; TestRegistryComplete builds every registered connector
// from its Example.
//
// Connectors whose API can look a handoff up also implement Finder, so the
// delivery worker can check, after a crash between the remote create and the
// local commit, whether a ticket already exists before creating another.
package helpdesk
