package sampling

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/chat"
)

// Name is the Decision.Classifier of the client model's decisions.
const Name = "sampling"

// The model preferences sent with every request: a careful judgement
// matters more than speed or cost, and the answer is short.
const (
	intelligencePriority = 0.8
	speedPriority        = 0.3
	costPriority         = 0.3
)

// jsonOnly is appended to the system prompt: sampling has no structured
// output, so the shape is asked for in words (the system prompt already
// describes it) and the answer is read strictly.
const jsonOnly = "\nReply with that JSON object only: no prose before or after it, no code fence."

// Options are the sampling classifier's dependencies.
type Options struct {
	// Fallback answers when the client's model cannot; required.
	Fallback handoff.Classifier
	// Rules decides without the model when a rule (keyword, failed
	// answers) fires; nil means no rules.
	Rules func(handoff.Input) (handoff.Decision, bool)
	// Logger receives one line per client session whose model cannot be
	// asked, and one per malformed answer; never transcripts.
	Logger zerolog.Logger
	// Redact masks personal data in each turn sent to the client's model
	// (package handoff/privacy); nil sends the turns as they are.
	Redact func(string) string
}

// Classifier asks the MCP client's model. It is safe for concurrent use.
type Classifier struct {
	cfg    Config
	opts   Options
	prompt *chat.Prompt
	hints  []mcp.ModelHint

	mu     sync.Mutex      // protects logged
	logged map[string]bool // clients told about in the log
}

var _ handoff.Classifier = (*Classifier)(nil)

// maxLogged bounds the set of clients already logged; it starts over when full.
const maxLogged = 4096

// New builds the sampling classifier for the enabled triggers of ts. cfg
// must have passed Defaults and Validate.
func New(cfg Config, ts []handoff.Trigger, opts Options) (*Classifier, error) {
	if opts.Fallback == nil {
		return nil, errors.New("sampling: a fallback classifier is required")
	}
	c := &Classifier{cfg: cfg, opts: opts, prompt: chat.NewPrompt(ts, cfg.MaxTurns, cfg.MaxTurnChars).WithRedact(opts.Redact), logged: map[string]bool{}}
	for _, h := range cfg.ModelHints {
		c.hints = append(c.hints, mcp.ModelHint{Name: strings.TrimSpace(h)})
	}
	return c, nil
}

// Params returns the sampling/createMessage request for in.
func (c *Classifier) Params(in handoff.Input) mcp.CreateMessageParams {
	// Temperature 0 is what we want, but mcp-go omits a zero temperature
	// from the request, so the client's default applies.
	return mcp.CreateMessageParams{
		SystemPrompt: c.prompt.System() + jsonOnly,
		Messages: []mcp.SamplingMessage{{
			Role: mcp.RoleUser, Content: mcp.NewTextContent(c.prompt.User(in)),
		}},
		ModelPreferences: &mcp.ModelPreferences{Hints: c.hints,
			IntelligencePriority: intelligencePriority, SpeedPriority: speedPriority, CostPriority: costPriority},
		IncludeContext: "none",
		MaxTokens:      c.cfg.MaxTokens,
	}
}

// Classify judges in: rules first, then the client's model, and the
// fallback when the client's model cannot answer. From protocol 2026-07-28
// on, the first call for an input returns an *InputRequired error that
// Middleware turns into an input_required tool result.
func (c *Classifier) Classify(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	if len(in.Transcript) == 0 {
		return handoff.Decision{}, handoff.Invalid("transcript", "no turns to classify; pass at least the user's message")
	}
	if c.opts.Rules != nil {
		if d, ok := c.opts.Rules(in); ok {
			return d, nil
		}
	}
	d, err := c.ask(ctx, in)
	if err == nil {
		d.Classifier = Name
		d.Usage = handoff.Usage{Calls: 1}
		return d, nil
	}
	var ir *InputRequired
	if errors.As(err, &ir) {
		return handoff.Decision{}, err
	}
	if ctx.Err() != nil {
		return handoff.Decision{}, ctx.Err()
	}
	c.logFailure(ctx, err)
	fd, ferr := c.opts.Fallback.Classify(ctx, in)
	if ferr != nil {
		return handoff.Decision{}, fmt.Errorf("sampling: %v; fallback: %w", err, ferr)
	}
	fd.Fallback = true
	fd.Reason = fmt.Sprintf("Client model unavailable (%s); %s", shortErr(err), fd.Reason)
	return fd, nil
}

// ask gets the client model's decision, by a request on the session before
// protocol 2026-07-28 and by an input request from it on.
func (c *Classifier) ask(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	params := c.Params(in)
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return c.askModern(ctx, info, params)
	}
	srv, sess := server.ServerFromContext(ctx), server.ClientSessionFromContext(ctx)
	if srv == nil || sess == nil {
		return handoff.Decision{}, errNoClient
	}
	if s, ok := sess.(server.SessionWithClientInfo); !ok || s.GetClientCapabilities().Sampling == nil {
		return handoff.Decision{}, errNoCapability
	}
	if unreachable(ctx) {
		return handoff.Decision{}, errNoStream
	}
	callCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	//lint:ignore SA1019 sampling is what this classifier is; mcp-go deprecates it for 2026-07-28, where Middleware carries it as a multi round-trip request instead
	res, err := srv.RequestSampling(callCtx, mcp.CreateMessageRequest{
		Request:             mcp.Request{Method: string(mcp.MethodSamplingCreateMessage)},
		CreateMessageParams: params,
	})
	switch {
	case err == nil && res == nil:
		return handoff.Decision{}, &unavailable{why: "the client sent no result"}
	case err == nil:
		return c.read(res)
	case ctx.Err() != nil:
		return handoff.Decision{}, ctx.Err()
	case callCtx.Err() != nil:
		return handoff.Decision{}, &unavailable{why: fmt.Sprintf("no answer within %v", c.cfg.Timeout), err: err}
	}
	return handoff.Decision{}, &unavailable{why: "the client returned an error", err: err}
}

// askModern reads the client's answer from a retried call, or asks for it.
func (c *Classifier) askModern(ctx context.Context, info *server.RequestProtocolInfo, params mcp.CreateMessageParams) (handoff.Decision, error) {
	id := requestID(params)
	r := roundFrom(ctx)
	if res, ok := r.answers[id]; ok {
		return c.read(res)
	}
	if r.asked[id] {
		return handoff.Decision{}, &unavailable{why: "the client retried the call without the answer"}
	}
	if !r.inRound {
		return handoff.Decision{}, errNoInputRequests
	}
	if info.ClientCapabilities == nil || info.ClientCapabilities.Sampling == nil {
		return handoff.Decision{}, errNoCapability
	}
	return handoff.Decision{}, &InputRequired{ID: id, Params: params}
}

// read checks the client model's answer as the LLM classifier checks its
// model's.
func (c *Classifier) read(res *mcp.CreateMessageResult) (handoff.Decision, error) {
	text, ok := textOf(res.Content)
	if !ok {
		return handoff.Decision{}, &unavailable{why: "the answer is not text"}
	}
	d, err := c.prompt.Decide(text)
	if err != nil {
		c.opts.Logger.Warn().Str("client_model", clip(res.Model, 60)).Msg(err.Error())
		return handoff.Decision{}, &unavailable{why: err.Error(), err: err}
	}
	return d, nil
}

// textOf returns the text of a sampling answer's content, whichever way
// the transport decoded it.
func textOf(content any) (string, bool) {
	switch v := content.(type) {
	case mcp.TextContent:
		return v.Text, true
	case *mcp.TextContent:
		return v.Text, v != nil
	case map[string]any:
		t, ok := v["text"].(string)
		return t, ok && (v["type"] == nil || v["type"] == "text")
	case []mcp.Content:
		var b strings.Builder
		for _, x := range v {
			if t, ok := textOf(x); ok {
				b.WriteString(t)
			}
		}
		return b.String(), b.Len() > 0
	case []any:
		var b strings.Builder
		for _, x := range v {
			if t, ok := textOf(x); ok {
				b.WriteString(t)
			}
		}
		return b.String(), b.Len() > 0
	}
	return "", false
}

// requestID keys an input request by what it asks, so that a retried call
// with the same conversation finds its answer.
func requestID(p mcp.CreateMessageParams) string { return requestIDWith(idPrefix, p) }

// requestIDWith is requestID with the prefix of another kind of request.
func requestIDWith(prefix string, p mcp.CreateMessageParams) string {
	h := sha256.New()
	h.Write([]byte(p.SystemPrompt))
	for _, m := range p.Messages {
		t, _ := textOf(m.Content)
		h.Write([]byte{0})
		h.Write([]byte(t))
	}
	return prefix + hex.EncodeToString(h.Sum(nil)[:8])
}

// logFailure logs why the client's model could not be asked, once per
// client session (or per client name from protocol 2026-07-28 on) for an
// unavailable client, every time for other failures.
func (c *Classifier) logFailure(ctx context.Context, err error) {
	if errors.Is(err, errNoClient) || errors.Is(err, errNoCapability) || errors.Is(err, errNoInputRequests) || errors.Is(err, errNoStream) {
		key := clientKey(ctx)
		c.mu.Lock()
		seen := c.logged[key]
		if !seen {
			if len(c.logged) >= maxLogged {
				clear(c.logged)
			}
			c.logged[key] = true
		}
		c.mu.Unlock()
		if !seen {
			c.opts.Logger.Info().Str("client", key).Str("why", shortErr(err)).
				Msg("the client's model cannot be asked; the fallback classifier answers for this client")
		}
		return
	}
	c.opts.Logger.Warn().Str("client", clientKey(ctx)).Str("why", shortErr(err)).Msg("sampling classifier failed; falling back")
}

func clientKey(ctx context.Context) string {
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		if info.ClientInfo != nil {
			return "client:" + clip(info.ClientInfo.Name, 60)
		}
		return "client:unnamed"
	}
	if s := server.ClientSessionFromContext(ctx); s != nil {
		return "session:" + s.SessionID()
	}
	return "none"
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
