// Package handoff is the domain of handoff-mcp: the conversation and trigger
// types every other package shares, the handoff record and its lifecycle, the
// contact rules, and the flow that turns a request for a human into a
// persisted handoff forwarded to a helpdesk.
//
// Other packages plug into it through small interfaces declared here, where
// they are used: a Classifier decides (package llm/classify builds one), a Store persists
// (package store), a Connector forwards to a helpdesk (package
// handoff/helpdesk), and a Schedule answers whether the service is open
// (package handoff/hours).
package handoff
