package chat

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"
	openai "github.com/sashabaranov/go-openai"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// Name is the Decision.Classifier of the LLM's decisions.
const Name = "llm"

// Options are the LLM classifier's dependencies.
type Options struct {
	// Fallback answers when the LLM fails for good; required.
	Fallback handoff.Classifier
	// Rules decides without the model when a rule (keyword, failed
	// answers) fires; nil means no rules.
	Rules func(handoff.Input) (handoff.Decision, bool)
	// Logger, HTTPClient and Clock as in classify.Options; HTTPClient is
	// required, a nil Clock means the wall clock.
	Logger     zerolog.Logger
	HTTPClient *http.Client
	Clock      clock.Clock
	// Redact masks personal data in each turn sent to the model (package
	// handoff/privacy); nil sends the turns as they are.
	Redact func(string) string
}

// Classifier asks an OpenAI-compatible chat-completions API. It is safe for
// concurrent use.
type Classifier struct {
	cfg    Config
	opts   Options
	client *openai.Client
	doer   *doer
	model  string
	prompt *Prompt
	mode   atomic.Value // Output in use
}

var _ handoff.Classifier = (*Classifier)(nil)

// New builds the LLM classifier for the enabled triggers of ts. cfg must
// have passed Defaults and Validate.
func New(cfg Config, ts []handoff.Trigger, opts Options) (*Classifier, error) {
	if opts.Fallback == nil {
		return nil, errors.New("chat: a fallback classifier is required")
	}
	opts.Clock = clock.Or(opts.Clock)
	c := &Classifier{cfg: cfg, opts: opts, model: cfg.Model, prompt: NewPrompt(ts, cfg.MaxTurns, cfg.MaxTurnChars).WithRedact(opts.Redact)}
	c.doer = &doer{next: opts.HTTPClient}
	c.client = newClient(cfg, c.doer)
	start := cfg.StructuredOutput
	if start == OutputAuto || start == "" {
		start = OutputJSONSchema
	}
	c.mode.Store(start)
	return c, nil
}

// newClient returns the go-openai client for cfg, sending through d.
func newClient(cfg Config, d *doer) *openai.Client {
	var oc openai.ClientConfig
	switch cfg.Azure.Type {
	case "azure", "azure_ad":
		oc = openai.DefaultAzureConfig(cfg.APIKey.Value(), cfg.BaseURL)
		if cfg.Azure.Type == "azure_ad" {
			oc.APIType = openai.APITypeAzureAD
		}
		oc.APIVersion = cfg.Azure.APIVersion
		if dep := cfg.Azure.Deployment; dep != "" {
			oc.AzureModelMapperFunc = func(string) string { return dep }
		}
	default:
		oc = openai.DefaultConfig(cfg.APIKey.Value())
		oc.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
		oc.OrgID = cfg.Organization
	}
	oc.HTTPClient = d
	return openai.NewClientWithConfig(oc)
}

// Mode returns the structured-output mode in use: the configured one, or
// the one auto fell back to after the server rejected json_schema.
func (c *Classifier) Mode() Output { return c.mode.Load().(Output) }

// Classify judges in: rules first, then one LLM call (with retries on
// transient failures), and the fallback classifier when the LLM fails.
func (c *Classifier) Classify(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	if len(in.Transcript) == 0 {
		return handoff.Decision{}, handoff.Invalid("transcript", "no turns to classify; pass at least the user's message")
	}
	if c.opts.Rules != nil {
		if d, ok := c.opts.Rules(in); ok {
			return d, nil
		}
	}
	a, usage, err := c.ask(ctx, in)
	if err == nil {
		return handoff.Decision{Handoff: a.Handoff, Triggers: a.Triggers, Confidence: a.Confidence, Reason: a.Reason,
			Classifier: Name, Usage: usage}, nil
	}
	if ctx.Err() != nil {
		return handoff.Decision{}, ctx.Err()
	}
	c.opts.Logger.Warn().Err(err).Str("model", c.model).Int("calls", usage.Calls).Msg("llm classifier failed; falling back")
	d, ferr := c.opts.Fallback.Classify(ctx, in)
	if ferr != nil {
		return handoff.Decision{}, fmt.Errorf("llm: %v; fallback: %w", err, ferr)
	}
	d.Fallback = true
	d.Usage = d.Usage.Add(usage)
	d.Reason = fmt.Sprintf("LLM unavailable (%s); %s", shortErr(err), d.Reason)
	return d, nil
}

// ask makes the call, retrying transient failures and switching the
// structured-output mode when the server rejects it.
func (c *Classifier) ask(ctx context.Context, in handoff.Input) (answer, handoff.Usage, error) {
	var usage handoff.Usage
	retries := DefaultRetries
	if c.cfg.Retries != nil {
		retries = *c.cfg.Retries
	}
	msgs := c.messages(in)
	transient := 0
	for switches := 0; ; {
		mode := c.Mode()
		callCtx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
		callCtx, slot := withRetryAfterSlot(callCtx)
		resp, err := c.client.CreateChatCompletion(callCtx, c.request(mode, msgs))
		cancel()
		usage.Calls++
		if err == nil {
			usage = usage.Add(handoff.Usage{PromptTokens: resp.Usage.PromptTokens,
				CompletionTokens: resp.Usage.CompletionTokens, TotalTokens: resp.Usage.TotalTokens})
			a, perr := c.read(resp, mode)
			return a, usage, perr
		}
		kind, status := classify(ctx, err)
		switch kind {
		case failCallerStopped:
			return answer{}, usage, ctx.Err()
		case failTemperature:
			if !c.doer.omitTemperature.Swap(true) {
				c.opts.Logger.Info().Str("model", c.model).Msg("the model rejects temperature 0; sending its default")
				continue
			}
		case failSchema:
			if next, ok := c.nextMode(mode); ok && switches < 2 {
				switches++
				c.mode.CompareAndSwap(mode, next)
				c.opts.Logger.Info().Str("model", c.model).Str("from", string(mode)).Str("to", string(next)).
					Int("status", status).Msg("the server rejects the structured-output mode; switching")
				continue
			}
		case failTransient:
			if transient < retries {
				d := backoff(transient)
				if ra := parseRetryAfter(slot.value, c.opts.Clock.Now()); ra > d {
					d = ra
				}
				if d > maxWait {
					return answer{}, usage, fmt.Errorf("the server asks to wait %v: %w", d, err)
				}
				transient++
				c.opts.Logger.Debug().Int("status", status).Dur("wait", d).Int("attempt", transient).Msg("retrying the llm call")
				if serr := clock.Sleep(ctx, c.opts.Clock, d); serr != nil {
					return answer{}, usage, serr
				}
				continue
			}
		}
		return answer{}, usage, err
	}
}

// maxWait is the longest Retry-After the classifier waits for.
const maxWait = 30 * time.Second

// backoff returns the wait before retry n (0-based): 0.5s, 1s, 2s, ... 8s.
func backoff(n int) time.Duration {
	return min(500*time.Millisecond<<uint(n), 8*time.Second)
}

// nextMode is the mode auto falls back to after mode was rejected; a mode
// set explicitly in the configuration never changes.
func (c *Classifier) nextMode(mode Output) (Output, bool) {
	if c.cfg.StructuredOutput != OutputAuto && c.cfg.StructuredOutput != "" {
		return "", false
	}
	switch mode {
	case OutputJSONSchema:
		return OutputTools, true
	case OutputTools:
		return OutputJSONObject, true
	}
	return "", false
}

func (c *Classifier) request(mode Output, msgs []openai.ChatCompletionMessage) openai.ChatCompletionRequest {
	req := openai.ChatCompletionRequest{Model: c.model, Messages: msgs}
	switch mode {
	case OutputJSONSchema:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{
			Type: openai.ChatCompletionResponseFormatTypeJSONSchema,
			JSONSchema: &openai.ChatCompletionResponseFormatJSONSchema{
				Name: schemaName, Schema: rawSchema(c.prompt.schema), Strict: true,
			},
		}
	case OutputJSONObject:
		req.ResponseFormat = &openai.ChatCompletionResponseFormat{Type: openai.ChatCompletionResponseFormatTypeJSONObject}
	case OutputTools:
		req.Tools = []openai.Tool{{Type: openai.ToolTypeFunction, Function: &openai.FunctionDefinition{
			Name: schemaName, Description: "Record the handoff decision.", Parameters: rawSchema(c.prompt.schema), Strict: true,
		}}}
		req.ToolChoice = openai.ToolChoice{Type: openai.ToolTypeFunction, Function: openai.ToolFunction{Name: schemaName}}
	}
	return req
}

// rawSchema lets a prebuilt schema pass through go-openai unchanged.
type rawSchema []byte

func (r rawSchema) MarshalJSON() ([]byte, error) { return r, nil }

// read takes the answer out of a response.
func (c *Classifier) read(resp openai.ChatCompletionResponse, mode Output) (answer, error) {
	if len(resp.Choices) == 0 {
		return answer{}, &errInvalidAnswer{"no choices in the response"}
	}
	m := resp.Choices[0].Message
	if m.Refusal != "" {
		return answer{}, &errInvalidAnswer{"the model refused: " + clip(m.Refusal, 100)}
	}
	raw := m.Content
	if mode == OutputTools || raw == "" && len(m.ToolCalls) > 0 {
		if len(m.ToolCalls) == 0 {
			return answer{}, &errInvalidAnswer{"no tool call in the response"}
		}
		raw = m.ToolCalls[0].Function.Arguments
	}
	a, err := parseAnswer(raw, c.prompt.ids)
	if err != nil {
		c.opts.Logger.Warn().Str("model", c.model).Str("mode", string(mode)).Msg(err.Error())
	}
	return a, err
}

func shortErr(err error) string {
	var inv *errInvalidAnswer
	if errors.As(err, &inv) {
		return inv.Error()
	}
	kind, status := classify(context.Background(), err)
	switch {
	case status != 0:
		return fmt.Sprintf("HTTP %d", status)
	case kind == failTransient:
		return "timeout or connection failure"
	}
	return clip(err.Error(), 80)
}
