package tools

import (
	"context"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// waitKey is the input key of the waiting question's answer; the request
// state "wait:<handoff id>" marks the retried call that carries it.
const waitKey = "wait"

func waitState(id string) string { return "wait:" + id }

// askWait returns an input-required result asking the user the waiting
// question of st: a choice between keeping waiting, ending the request and
// leaving a message, with a field for the message.
func askWait(svc *handoff.Service, st handoff.Status, lang string) *mcp.CallToolResult {
	q := st.Question
	options := make([]map[string]any, 0, len(q.Choices))
	for _, c := range q.Choices {
		options = append(options, map[string]any{"const": string(c.ID), "title": c.Label})
	}
	return server.NewInputRequestBuilder(waitState(st.Handoff.ID)).
		Elicit(waitKey, mcp.ElicitationParams{
			Mode:    mcp.ElicitationModeForm,
			Message: q.Text,
			RequestedSchema: map[string]any{
				"type": "object",
				"properties": map[string]any{
					"choice": map[string]any{"type": "string", "title": q.Text, "oneOf": options},
					"message": map[string]any{
						"type":  "string",
						"title": svc.Messages().Render(handoff.MsgMessageField, lang, nil),
					},
				},
				"required": []string{"choice"},
			},
		}).ToolResult()
}

// answerWait applies the user's answer to the waiting question from a
// retried call (the request state names the handoff). It reports whether
// the call carried an answer, whether the user keeps waiting (for the
// status to record), and a problem to tell the bot when the answer could
// not be applied (leave a message without one, or without a way to reply).
// Declining or dismissing the question counts as keeping waiting: the user
// did not end the request, and is asked again after the next waiting time.
func answerWait(ctx context.Context, svc *handoff.Service, req mcp.CallToolRequest, id string) (answered, keep bool, problem string, err error) {
	if req.Params.RequestState != waitState(id) {
		return false, false, "", nil
	}
	ans := server.ElicitationResponse(req.Params.InputResponses, waitKey)
	if ans == nil {
		return false, false, "", nil
	}
	choice, message := handoff.WaitKeep, ""
	if ans.Action == mcp.ElicitationResponseActionAccept {
		content, _ := ans.Content.(map[string]any)
		if c, _ := content["choice"].(string); c != "" {
			choice = handoff.WaitChoice(c)
		}
		message, _ = content["message"].(string)
	}
	if choice == handoff.WaitKeep {
		return true, true, "", nil
	}
	if _, err := svc.AnswerWait(ctx, id, choice, strings.TrimSpace(message)); err != nil {
		if handoff.Is(err, handoff.KindInvalid) {
			return true, false, "The user chose " + string(choice) + " but it could not be done (" + err.Error() + ").", nil
		}
		return true, false, "", err
	}
	return true, false, "", nil
}
