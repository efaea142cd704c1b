package tools

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// maxEmailAsks bounds how often one call asks the user for an email address
// (the first ask plus retries after an invalid answer).
const maxEmailAsks = 3

// emailState is the request state of an email elicitation: "email:N" where
// N counts the asks so far. The answer to ask N is under input key "email_N".
func emailState(n int) string { return "email:" + strconv.Itoa(n) }

func emailAsks(req mcp.CallToolRequest) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(req.Params.RequestState, "email:"))
	return n
}

// clientCanElicit reports whether the client of the request being handled
// declared the elicitation capability.
func clientCanElicit(ctx context.Context) bool {
	if failed, _ := ctx.Value(cannotElicitKey{}).(bool); failed {
		return false
	}
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.ClientCapabilities != nil && info.ClientCapabilities.Elicitation != nil
	}
	if s, ok := server.ClientSessionFromContext(ctx).(server.SessionWithClientInfo); ok {
		return s.GetClientCapabilities().Elicitation != nil
	}
	return false
}

// askEmail returns an input-required result asking the user for their email
// address; problem, when set, says what was wrong with the last answer.
func askEmail(req mcp.CallToolRequest, svc *handoff.Service, lang, problem string) *mcp.CallToolResult {
	n := emailAsks(req) + 1
	msg := svc.Messages().Render(handoff.MsgNeedsEmail, lang, nil)
	if problem != "" {
		msg = "That address did not work (" + problem + "). " + msg
	}
	return server.NewInputRequestBuilder(emailState(n)).
		Elicit("email_"+strconv.Itoa(n), mcp.ElicitationParams{
			Mode:    mcp.ElicitationModeForm,
			Message: msg,
			RequestedSchema: map[string]any{
				"type": "object",
				"properties": map[string]any{
					"email": map[string]any{
						"type":        "string",
						"format":      "email",
						"title":       "Email address",
						"description": "Where our support team can reach you.",
					},
				},
				"required": []string{"email"},
			},
		}).ToolResult()
}

// elicitedEmail reads the user's answer to an email elicitation from a
// retried call. It returns the address the user gave, whether the user
// declined, or a result to send instead (asking again, or giving up).
func elicitedEmail(req mcp.CallToolRequest) (email string, declined bool, retry *mcp.CallToolResult) {
	n := emailAsks(req)
	if n == 0 {
		return "", false, nil
	}
	ans := server.ElicitationResponse(req.Params.InputResponses, "email_"+strconv.Itoa(n))
	if ans == nil {
		return "", false, mcp.NewToolResultError(fmt.Sprintf("The retried call carries no answer under input key email_%d; retry the call with the user's answer, or call again without requestState.", n))
	}
	if ans.Action != mcp.ElicitationResponseActionAccept {
		return "", true, nil
	}
	content, _ := ans.Content.(map[string]any)
	email, _ = content["email"].(string)
	if strings.TrimSpace(email) == "" {
		return "", true, nil
	}
	if n >= maxEmailAsks {
		// Last chance: an invalid address now is reported, not asked again.
		if _, err := handoff.NormalizeEmail(email); err != nil {
			return "", true, nil
		}
	}
	return email, false, nil
}
