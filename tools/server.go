// Package tools declares handoff-mcp's MCP tools, each from Go structs with
// input and output schemas, and builds the MCP server that serves them.
//
// Every result carries structured content and a readable text block that
// says plainly who owns the conversation now and what the calling model
// should do next. Mistakes the model can correct are tool results with
// isError; internal faults are Go errors, logged, and never shown in detail.
//
// The Server's HTTPHandler and Stdio hand it to package tools/transport,
// which holds the transports and their HTTP plumbing (bearer auth, sessions,
// status and error-code fixes, logging).
package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/llm/sampling"
	"github.com/handoff-mcp/handoff-mcp/tools/transport"
)

// Instructions tell the calling model how the tools fit together.
const Instructions = `handoff-mcp hands a conversation over to a human support agent.
Call request_human_handoff when one of the triggers its description lists applies (the user asks for a person,
is frustrated, the conversation is stuck, a sensitive topic comes up, or whatever the bot builder configured),
passing the ids you judge to apply and the user's words as evidence; the server also judges the triggers
itself, so calling it when unsure is fine.
Always pass the user the message_for_user it returns. When the status says a human owns the conversation,
stop trying to solve the issue yourself: follow the session with get_handoff_status (relay the agent's
messages verbatim), relay what the user writes with send_handoff_message, and call end_handoff when the user
no longer wants a person. When a result says the bot owns the conversation again, resume helping; when it
carries survey_question, ask it and store the user's answer with rate_handoff.
Use collect_contact to store an email address, phone number or a message for the team (for example outside
service hours), and check_service_hours to answer questions about opening times.`

// Options configure the MCP server.
type Options struct {
	// Version is reported to clients.
	Version string
	Logger  zerolog.Logger
	// Triggers are the configured triggers, listed in
	// request_human_handoff's description; nil lists the service's.
	Triggers []handoff.Trigger
	// Feed reports handoff changes to resource subscribers and to calls
	// waiting for an agent (updates.* in its Config); nil serves the
	// handoff resource without notifications, and calls never wait.
	Feed *watch.Feed
	// Queue tells where a handoff waiting for an agent stands, for the
	// handoff resource and waiting calls; nil means the service, when it
	// implements QueueReporter.
	Queue QueueReporter
	// Clock is the time of waiting calls and of HTTP sessions' idleness;
	// nil means the wall clock.
	Clock clock.Clock
	// HTTPSessions bound the sessions of the streamable HTTP transport.
	HTTPSessions transport.HTTPSessions
	// OnToolCall, when set, hears how long each tool call took (the
	// metrics' histograms); the tool is one of the registered ones.
	OnToolCall func(tool string, d time.Duration)
}

// Server is the MCP server with its tools, and a way to wait for calls in
// flight when shutting down.
type Server struct {
	*server.MCPServer
	inflight sync.WaitGroup
	updates  *updates
	reach    *sampling.Sessions     // which HTTP sessions can carry a sampling request
	log      zerolog.Logger         // mcp-go's transports log through it
	sessions transport.HTTPSessions // bounds of HTTPHandler's sessions
	onCall   func(string, time.Duration)
}

// NewServer returns an MCP server serving every tool of svc, with input and
// output validation and panic recovery on.
func NewServer(svc *handoff.Service, opts Options) *Server {
	if opts.Version == "" {
		opts.Version = "dev"
	}
	s := &Server{updates: newUpdates(svc, opts), reach: sampling.NewSessions(), log: opts.Logger, sessions: opts.HTTPSessions, onCall: opts.OnToolCall}
	s.MCPServer = server.NewMCPServer("handoff-mcp", opts.Version,
		server.WithTitle("Human handoff"),
		server.WithInstructions(Instructions),
		server.WithToolCapabilities(false),
		// handoff://{id} can be subscribed to; resources/list stays empty
		// (no client may list every user's handoffs), so there is no list
		// to announce changes of.
		server.WithResourceCapabilities(true, false),
		server.WithHooks(s.hooks()),
		server.WithLogging(),
		// Elicitation is the client's capability, not ours: we use it
		// where the client declares it (clientCanElicit), and announce
		// nothing. Input and output validation are validated's, which
		// says in words what to send (and logs what we got wrong).
		server.WithCompletions(),
		server.WithResourceCompletionProvider(handoffCompletions{svc}),
	)
	// What runs around every tool's handler, outermost first. The chain is
	// put together once per tool below, not given to mcp-go as
	// WithToolHandlerMiddleware: mcp-go composes its middlewares anew at
	// every call, a closure per middleware and call.
	chain := []server.ToolHandlerMiddleware{
		s.track,
		s.updates.nudge,
		logFaults(opts.Logger),
		clientLog,
		rejectInvalidUTF8,
		elicitForLegacy(opts.Logger),
		// Innermost: where the sampling classifier can reach the client's
		// model; on protocol 2026-07-28, its need for it becomes an
		// input_required result.
		s.reach.Middleware,
		sampling.Middleware,
		recoverPanics,
	}
	s.updates.setServer(s.MCPServer)
	if opts.Triggers == nil {
		opts.Triggers = svc.Triggers()
	}
	decls := All(svc, opts.Triggers)
	tools := make([]server.ServerTool, len(decls))
	for i, d := range decls {
		tools[i] = d.ServerTool
		if d.WaitsForAgent {
			tools[i].Handler = s.updates.waitForAgent(d.Handler)
		}
		tools[i].Tool = precomputeOutputSchema(d.Tool)
	}
	s.updates.setReadOnly(tools)
	for i := range tools {
		tools[i] = validated(tools[i])
		for _, m := range slices.Backward(chain) {
			tools[i].Handler = m(tools[i].Handler)
		}
	}
	s.AddTools(tools...)
	s.AddResourceTemplates(HandoffTemplate(svc, s.updates.queue))
	return s
}

// CloseStreams ends what would hold a shutdown: request_human_handoff calls
// waiting for an agent return where the handoff stands, and
// subscriptions/listen requests and legacy notification streams end. Call it
// when shutting down, before waiting for calls in flight.
func (s *Server) CloseStreams() { s.updates.closeStreams() }

// Tool is a tool's declaration: its MCP definition and handler, and what
// the server adds around the handler.
type Tool struct {
	server.ServerTool
	// WaitsForAgent: a call that hands off may wait for an agent to join
	// (when the client asks for it), with progress notifications.
	WaitsForAgent bool
}

// All returns every tool of svc; triggers are listed in
// request_human_handoff's description.
func All(svc *handoff.Service, triggers []handoff.Trigger) []Tool {
	return []Tool{
		{ServerTool: RequestHumanHandoff(svc, triggers), WaitsForAgent: true},
		{ServerTool: GetHandoffStatus(svc)},
		{ServerTool: SendHandoffMessage(svc)},
		{ServerTool: EndHandoff(svc)},
		{ServerTool: RateHandoff(svc)},
		{ServerTool: CheckServiceHours(svc)},
		{ServerTool: CollectContact(svc)},
	}
}

// precomputeOutputSchema returns t with its output schema encoded once, as
// a raw schema: mcp-go encodes a structured OutputSchema again at every
// call it validates (outputSchemaJSONFor), a raw one never. The listed
// definition is the same JSON.
func precomputeOutputSchema(t mcp.Tool) mcp.Tool {
	if t.OutputSchema.Type == "" || t.RawOutputSchema != nil {
		return t
	}
	raw, err := json.Marshal(t.OutputSchema)
	if err != nil {
		return t // mcp-go would fail to encode it too, and skip validation
	}
	t.RawOutputSchema, t.OutputSchema = raw, mcp.ToolOutputSchema{}
	return t
}

// track counts calls in flight, for Wait.
func (s *Server) track(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		s.inflight.Add(1)
		defer s.inflight.Done()
		if s.onCall != nil {
			// Wall time on purpose: the duration of real work, for the
			// histograms only; nothing decides by it.
			start := time.Now()
			defer func() { s.onCall(req.Params.Name, time.Since(start)) }()
		}
		return next(ctx, req)
	}
}

// Wait blocks until every tool call in flight has returned, or ctx ends.
func (s *Server) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { s.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// recoverPanics turns a panic in a tool's handler into an error (which
// logFaults logs), as mcp-go's WithRecovery does, in its words.
func recoverPanics(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic recovered in %s tool handler: %v", req.Params.Name, r)
			}
		}()
		return next(ctx, req)
	}
}

// logFaults logs internal faults (Go errors and recovered panics) and turns
// them into a generic tool error, so that nothing internal (SQL, paths,
// credentials) reaches the model.
func logFaults(log zerolog.Logger) server.ToolHandlerMiddleware {
	return func(next server.ToolHandlerFunc) server.ToolHandlerFunc {
		return func(ctx context.Context, req mcp.CallToolRequest) (res *mcp.CallToolResult, err error) {
			start := time.Now()
			res, err = next(ctx, req)
			ev := log.Debug()
			if err != nil {
				ev = log.Error().Err(err)
			}
			ev.Str("tool", req.Params.Name).Dur("took", time.Since(start)).Msg("tool call")
			if errors.Is(err, handoff.ErrNotStored) {
				return mcp.NewToolResultError(notStoredText), nil
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				return mcp.NewToolResultError("handoff-mcp hit an internal error and logged it; nothing was lost. Try again, or tell the user you could not complete the request."), nil
			}
			return res, err
		}
	}
}

// typed binds a call's arguments to the tool's input type before h runs;
// arguments that do not fit it are an input error the model can correct.
func typed[T any](h func(context.Context, mcp.CallToolRequest, T) (*mcp.CallToolResult, error)) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		var in T
		if err := req.BindArguments(&in); err != nil {
			return invalidInput(bindError(err)), nil
		}
		return h(ctx, req, in)
	}
}

// rejectInvalidUTF8 answers a call whose raw arguments are not valid UTF-8
// with a tool error. JSON decoding would otherwise replace the bad bytes
// with U+FFFD silently, and the agent would never learn its text was mangled.
func rejectInvalidUTF8(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		if raw := req.Params.RawArguments; len(raw) > 0 && !utf8.Valid(raw) {
			return invalidInput("the arguments are not valid UTF-8; send all text as UTF-8."), nil
		}
		return next(ctx, req)
	}
}

// toolError turns an error of the handoff package into a tool result the
// model can act on when it is the caller's to fix, and passes others on as
// internal faults.
func toolError(err error) (*mcp.CallToolResult, error) {
	switch handoff.KindOf(err) {
	case handoff.KindInvalid, handoff.KindNotFound, handoff.KindConflict:
		return invalidInput(err.Error()), nil
	}
	return nil, err
}

func ptr[T any](v T) *T { return &v }

// annotations sets all four hints explicitly: mcp-go's defaults say
// destructive and not idempotent, which is wrong for most of our tools.
func annotations(title string, readOnly, destructive, idempotent, openWorld bool) mcp.ToolOption {
	return mcp.WithToolAnnotation(mcp.ToolAnnotation{
		Title:           title,
		ReadOnlyHint:    ptr(readOnly),
		DestructiveHint: ptr(destructive),
		IdempotentHint:  ptr(idempotent),
		OpenWorldHint:   ptr(openWorld),
	})
}

// HTTPHandler returns the streamable HTTP transport of s at
// transport.MCPPath (see transport.NewHTTP): when token is non-empty every
// request must carry it as a bearer token; request bodies are limited to
// maxBody bytes; sessions are bounded as Options.HTTPSessions says.
func (s *Server) HTTPHandler(token string, maxBody int64) http.Handler {
	h, streams := transport.NewHTTP(s.MCPServer, transport.HTTPOptions{
		Token: token, MaxBody: maxBody, Sessions: s.sessions, Now: s.updates.now, Logger: s.log,
		Context: s.updates.httpContext, Wrap: s.reach.HTTP,
	})
	s.updates.addHTTP(streams)
	return h
}

// Stdio returns the stdio transport of s, logging through the server's
// logger; its output belongs behind transport.StdioOutput.
func (s *Server) Stdio() *server.StdioServer { return transport.NewStdio(s.MCPServer, s.log) }
