package tools

import (
	"context"
	"fmt"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// RateInput is the input of rate_handoff.
type RateInput struct {
	HandoffID string `json:"handoff_id" jsonschema_description:"The handoff whose survey_question the user answered."`
	Rating    int    `json:"rating" jsonschema_description:"The user's rating: 1 (very unhappy) to 5 (very happy)."`
	Comment   string `json:"comment,omitempty" jsonschema_description:"What the user said about it, in their words, if anything."`
}

// RateOutput is the result of rate_handoff.
type RateOutput struct {
	HandoffID      string `json:"handoff_id" jsonschema_description:"The handoff rated."`
	Rating         int    `json:"rating" jsonschema_description:"The rating stored."`
	MessageForUser string `json:"message_for_user" jsonschema_description:"Thank the user with this."`
	NextStep       string `json:"next_step" jsonschema_description:"What you should do now."`
}

const rateDescription = `Store the user's answer to the satisfaction survey of a handoff that has ended: after get_handoff_status
or end_handoff returned survey_question and the user answered it with a rating from 1 to 5 (and perhaps a comment).
One answer per handoff. Do not call it if the user declines to rate, and never invent a rating.`

// RateHandoff is the rate_handoff tool.
func RateHandoff(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("rate_handoff",
		mcp.WithDescription(rateDescription),
		inputSchema[RateInput](),
		outputSchema[RateOutput](),
		// Writes one answer, never replaces it: not read-only, not
		// destructive; a second call is refused, so not idempotent. Closed
		// world: the answer stays in the server's database.
		annotations("Rate a handoff", false, false, false, false),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in RateInput) (*mcp.CallToolResult, error) {
		r, err := svc.Rate(ctx, in.HandoffID, in.Rating, in.Comment)
		if err != nil {
			return toolError(err)
		}
		h, err := svc.Store().Handoff(ctx, r.HandoffID)
		if err != nil {
			return nil, fmt.Errorf("reading handoff %s: %w", r.HandoffID, err)
		}
		out := RateOutput{
			HandoffID: r.HandoffID, Rating: r.Rating,
			MessageForUser: svc.Messages().Render(handoff.MsgSurveyThanks, h.Language, nil),
			NextStep:       "The answer is stored. Thank the user with message_for_user and carry on helping them.",
		}
		text := fmt.Sprintf("Rating %d stored for handoff %s.\nTell the user: %q\nNext step: %s", r.Rating, r.HandoffID, out.MessageForUser, out.NextStep)
		return mcp.NewToolResultStructured(out, text), nil
	})}
}
