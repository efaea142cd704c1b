package tools

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
)

// bindError says what is wrong with an argument that does not fit its Go
// type, naming the field: "since: 1e+30 is out of range; use a whole
// number from 0 to 9223372036854775807".
func bindError(err error) string {
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field == "" {
		return err.Error()
	}
	switch te.Type.Kind().String() {
	case "int", "int64", "int32":
		return fmt.Sprintf("%s: %s is not a whole number in range; use one from 0 to %d", te.Field, te.Value, int64(math.MaxInt64))
	}
	return fmt.Sprintf("%s: a %s was given where a %s is expected", te.Field, te.Value, te.Type.Kind())
}

// hooks returns the server's hooks: the subscriptions' (see updates), and
// the refusal of request ids JSON-RPC does not allow.
func (s *Server) hooks() *server.Hooks {
	h := s.updates.hooks()
	h.AddOnRequestInitialization(rejectBadID)
	return h
}

// rejectBadID refuses a request whose id is not a string or a number, as
// JSON-RPC 2.0 and MCP require (objects, arrays and booleans are not ids;
// a null id makes a notification). mcp-go answers the refusal as an
// invalid request (-32600).
func rejectBadID(_ context.Context, id any, _ any) error {
	switch id.(type) {
	case string, float64, json.Number, int, int64, nil, mcp.RequestId:
		return nil
	}
	return fmt.Errorf("invalid request id: a JSON-RPC id is a string or a number, not %s", jsonKind(id))
}

func jsonKind(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

// clientLog sends the client a notifications/message for each tool call
// at the level it asked for with logging/setLevel (or, from 2026-07-28, in
// the request): debug for a call that went through, error for an internal
// fault (no detail: those stay in the server's log). Nothing is sent below
// the client's level; mcp-go keeps the level per session.
func clientLog(next server.ToolHandlerFunc) server.ToolHandlerFunc {
	return func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		start := time.Now()
		res, err := next(ctx, req)
		srv := server.ServerFromContext(ctx)
		if srv == nil {
			return res, err
		}
		level := mcp.LoggingLevelDebug
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			level = mcp.LoggingLevelError
		case res != nil && res.IsError:
			level = mcp.LoggingLevelInfo
		}
		if !wantsLog(ctx, level) {
			return res, err
		}
		data := map[string]any{"tool": req.Params.Name, "took_ms": time.Since(start).Milliseconds()}
		switch level {
		case mcp.LoggingLevelError:
			data["error"] = "internal error; see the server's log"
		case mcp.LoggingLevelInfo:
			data["result"] = "tool error"
		}
		_ = srv.SendLogMessageToClient(ctx, mcp.NewLoggingMessageNotification(level, "handoff-mcp", data))
		return res, err
	}
}

// wantsLog reports whether the client of ctx's request takes a log
// notification of level, as MCPServer.SendLogMessageToClient decides it
// (the level the request declares under protocol 2026-07-28, else the
// session's logging/setLevel), so that one it would drop is not built.
func wantsLog(ctx context.Context, level mcp.LoggingLevel) bool {
	session := server.ClientSessionFromContext(ctx)
	if session == nil || !session.Initialized() {
		return false
	}
	if info := server.RequestProtocolInfoFromContext(ctx); info != nil && info.Modern {
		return info.LogLevel != "" && level.ShouldSendTo(info.LogLevel)
	}
	logging, ok := session.(server.SessionWithLogging)
	return ok && level.ShouldSendTo(logging.GetLogLevel())
}
