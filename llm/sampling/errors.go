package sampling

import (
	"errors"

	"github.com/mark3labs/mcp-go/mcp"
)

// unavailable says why the client's model gave no usable decision.
type unavailable struct {
	why string
	err error
}

func (e *unavailable) Error() string {
	if e.err != nil {
		return e.why + ": " + e.err.Error()
	}
	return e.why
}

func (e *unavailable) Unwrap() error { return e.err }

// The reasons the client's model cannot be asked at all.
var (
	errNoClient        = &unavailable{why: "no MCP client is calling; sampling works inside a tool call"}
	errNoCapability    = &unavailable{why: "the client does not support sampling"}
	errNoInputRequests = &unavailable{why: "this call cannot carry an input request"}
	errNoStream        = &unavailable{why: "the client keeps no stream open for server requests (streamable HTTP without the GET stream)"}
)

// shortErr is the part of err that goes into a decision's reason: what
// happened, without the client's own error text.
func shortErr(err error) string {
	var u *unavailable
	if errors.As(err, &u) {
		return u.why
	}
	return clip(err.Error(), 80)
}

// InputRequired is the error Classify returns, from protocol 2026-07-28
// on, when the client's model must be asked: the tool call ends with an
// input_required result carrying Params under ID (Middleware builds it),
// and the client retries the call with the answer.
type InputRequired struct {
	ID     string
	Params mcp.CreateMessageParams
}

// Pending marks the error as no failure: the client is to be asked first
// (see package handoff/summary).
func (*InputRequired) Pending() {}

func (e *InputRequired) Error() string {
	return "the client's model must be asked (input request " + e.ID + ")"
}
