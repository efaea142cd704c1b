// Package hooks receives what helpdesks send back about a handoff: an
// agent's reply, an agent taking the conversation, the conversation closed
// or reopened. Each helpdesk calls its own endpoint, /hooks/{connector},
// in its own format and with its own proof of origin; Handler verifies that
// proof, parses the call into one normalised Event, drops replays and
// redeliveries, and hands the event to a Sink (the handoff service), which
// maps it onto the handoff lifecycle.
//
// The verifier and parser of each helpdesk live with its connector in
// package helpdesk (helpdesk.Inbound.Source, the <type>_events.go files);
// this package serves them, dedupes and applies. Event is an alias of
// helpdesk.Event; its Kind is a handoff.AgentEventKind.
//
// Verification follows each vendor's documentation:
//
//   - intercom: X-Hub-Signature, "sha1=" + hex HMAC-SHA1 of the body under
//     the app's client secret.
//   - zendesk: X-Zendesk-Webhook-Signature, base64 HMAC-SHA256 of
//     X-Zendesk-Webhook-Signature-Timestamp + body under the signing secret;
//     the timestamp must be within the tolerance.
//   - chatwoot: X-Chatwoot-Signature, "sha256=" + hex HMAC-SHA256 of
//     "<X-Chatwoot-Timestamp>.<body>"; the timestamp must be within the
//     tolerance.
//   - libredesk: X-Libredesk-Signature, "sha256=" + hex HMAC-SHA256 of the
//     body; the body's own timestamp must be within the tolerance.
//   - livechat: the body's secret_key equals the app's secret key.
//   - webhook (mode handoff): our own X-Handoff-Signature over timestamp and
//     body (helpdesk.VerifySignature); mode gptbots: a bearer token or basic
//     auth.
//   - freshdesk (which does not sign): a shared token in a custom header.
//
// Every comparison of a secret or signature is constant-time. Only the
// configured connector's endpoint is live, and only when its inbound secret
// is set. Rejected requests are logged (never their body, never a secret)
// and change nothing.
package hooks
