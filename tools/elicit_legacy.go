package tools

import (
	"context"
	"errors"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
)

// maxElicitRounds bounds the elicitations one call makes (the email asks,
// the waiting question), as mcp-go bounds its own.
const maxElicitRounds = 10

// cannotElicitKey marks a call whose client failed an elicitation: the
// tools then answer as for a client that cannot elicit.
type cannotElicitKey struct{}

// elicitForLegacy asks a client before protocol 2026-07-28 the questions a
// tool's input_required result holds (elicitation only), then retries the
// tool with the answers, as mcp-go would; but where the client answers an
// elicitation with an error (or not at all), the failure is logged and the
// tool runs again as for a client without elicitation (request_human_handoff
// then answers needs_email), instead of the whole call failing.
func elicitForLegacy(log zerolog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
			res, err := next(ctx, req)
			srv := server.ServerFromContext(ctx)
			for round := 0; err == nil && srv != nil && res.NeedsInput() && round < maxElicitRounds; round++ {
				if mcp.IsModernProtocol(server.RequestProtocolVersion(ctx)) || !onlyElicitation(res.InputRequests) {
					return res, nil // the client answers itself, or mcp-go does
				}
				answers := mcp.InputResponses{}
				for id, ir := range res.InputRequests {
					got, askErr := srv.RequestElicitation(ctx, mcp.ElicitationRequest{
						Request: mcp.Request{Method: string(mcp.MethodElicitationCreate)},
						Params:  *ir.Elicitation,
					})
					if askErr == nil && got == nil {
						askErr = errors.New("the client returned no elicitation result")
					}
					if askErr != nil {
						if ctx.Err() != nil {
							return nil, ctx.Err()
						}
						log.Warn().Err(askErr).Str("tool", req.Params.Name).Str("input", id).
							Msg("the client failed an elicitation; answering as for a client without elicitation")
						return next(context.WithValue(ctx, cannotElicitKey{}, true), req)
					}
					answers[id] = mcp.NewElicitationInputResponse(*got)
				}
				retried := req
				retried.Params.MultiRoundTripParams = mcp.MultiRoundTripParams{InputResponses: answers, RequestState: res.RequestState}
				res, err = next(ctx, retried)
			}
			return res, err
		}
	}
}

func onlyElicitation(rs mcp.InputRequests) bool {
	for _, r := range rs {
		if r.Method != mcp.MethodElicitationCreate || r.Elicitation == nil {
			return false
		}
	}
	return len(rs) > 0
}
