package sampling

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// From protocol 2026-07-28 on a server cannot send sampling/createMessage;
// a tool call that needs the client's model returns an input_required
// result with the request, and the client retries the call with the answer
// in inputResponses and the requestState echoed back. The answer must
// outlive later rounds of the same call (the email elicitation of
// request_human_handoff retries the call again, with only its own
// answer), so Middleware carries it in the requestState, ahead of the
// state of the tool itself, which sees only its own.

// idPrefix starts the input-request ids of the sampling classifier.
const idPrefix = "classify_"

// statePrefix marks a requestState carrying sampling answers; the tool's
// own state follows the separator.
const (
	statePrefix = "smp1."
	stateSep    = "|"
)

// maxAnswerChars bounds an answer carried in the requestState.
const maxAnswerChars = 4000

// round is what the retried call brought: the requests asked so far and
// the answers given.
type round struct {
	inRound bool
	asked   map[string]bool
	answers map[string]*mcp.CreateMessageResult
}

// carried is the requestState form of a round.
type carried struct {
	Asked   []string          `json:"a,omitempty"`
	Answers map[string]answer `json:"r,omitempty"`
}

type answer struct {
	Text  string `json:"t"`
	Model string `json:"m,omitempty"`
}

type roundKey struct{}

func roundFrom(ctx context.Context) round {
	if r, ok := ctx.Value(roundKey{}).(*round); ok {
		return *r
	}
	return round{}
}

// firstRound is the round of a call that carries nothing yet: most calls,
// which then allocate nothing for it.
var firstRound = round{inRound: true}

// round returns the round c carries; its maps are nil (read as empty) when
// it carries nothing.
func (c carried) round() *round {
	if len(c.Asked) == 0 && len(c.Answers) == 0 {
		return &firstRound
	}
	r := &round{inRound: true, asked: map[string]bool{}, answers: map[string]*mcp.CreateMessageResult{}}
	for _, id := range c.Asked {
		r.asked[id] = true
	}
	for id, a := range c.Answers {
		r.answers[id] = &mcp.CreateMessageResult{Model: a.Model,
			SamplingMessage: mcp.SamplingMessage{Role: mcp.RoleAssistant, Content: mcp.NewTextContent(a.Text)}}
	}
	return r
}

// splitState separates the carried answers from the tool's own state.
func splitState(state string) (carried, string, error) {
	var c carried
	if !strings.HasPrefix(state, statePrefix) {
		return c, state, nil
	}
	enc, inner, _ := strings.Cut(strings.TrimPrefix(state, statePrefix), stateSep)
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	return c, inner, err
}

// joinState puts the carried answers ahead of the tool's own state.
func joinState(c carried, inner string) string {
	if len(c.Asked) == 0 && len(c.Answers) == 0 {
		return inner
	}
	b, _ := json.Marshal(c)
	return statePrefix + base64.RawURLEncoding.EncodeToString(b) + stateSep + inner
}

// Middleware lets the sampling classifier and summarizer reach the
// client's model from protocol 2026-07-28 on, for every tool: it turns
// their *InputRequired into an input_required result, hands the answers of a
// retried call to the classifier, and keeps them across the tool's own
// input rounds. Add it innermost (last), so that it sees the handler's
// error before other middleware turns errors into results. Calls on older
// protocol revisions pass through untouched.
func Middleware(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if info := server.RequestProtocolInfoFromContext(ctx); info == nil || !info.Modern {
			return next(ctx, req)
		}
		c, inner, err := splitState(req.Params.RequestState)
		if err != nil {
			return mcp.NewToolResultError("requestState is not one this server issued; call again without requestState and inputResponses."), nil
		}
		for id := range req.Params.InputResponses {
			if !strings.HasPrefix(id, idPrefix) && !strings.HasPrefix(id, summaryIDPrefix) || !slices.Contains(c.Asked, id) {
				continue
			}
			if res := server.SamplingResponse(req.Params.InputResponses, id); res != nil {
				text, ok := textOf(res.Content)
				if !ok {
					text = "" // read as a malformed answer
				}
				if c.Answers == nil {
					c.Answers = map[string]answer{}
				}
				c.Answers[id] = answer{Text: clip(text, maxAnswerChars), Model: clip(res.Model, 60)}
			}
		}
		req.Params.RequestState = inner
		res, err := next(context.WithValue(ctx, roundKey{}, c.round()), req)
		var ir *InputRequired
		if errors.As(err, &ir) {
			c.Asked = append(c.Asked, ir.ID)
			return server.NewInputRequestBuilder(joinState(c, inner)).Sample(ir.ID, ir.Params).ToolResult(), nil
		}
		if err == nil && res != nil && res.NeedsInput() {
			res.RequestState = joinState(c, res.RequestState)
		}
		return res, err
	}
}
