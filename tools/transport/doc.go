// Package transport serves the MCP server that package tools builds: the
// streamable HTTP transport and the stdio transport, with what mcp-go
// leaves to its users or gets wrong.
//
//   - http.go: NewHTTP, the streamable HTTP transport at MCPPath, with
//     bearer auth (compared in constant time), a request body limit, and
//     IsLoopback, which tells whether a listen address needs a token.
//   - token.go: CheckToken, which refuses a bearer token too weak to guard a
//     public address.
//   - httpsession.go: the HTTP session id manager: ids the server issued
//     (named by the replica, SessionIDPrefix), idle expiry, and the bound on
//     sessions and subscriptions/listen streams (HTTPSessions).
//   - httpstatus.go: the HTTP status of protocol 2026-07-28 errors, and
//     NoteRefusal and ErrResourceNotFound, through which the tools' request
//     check tells it a request was refused after it was read.
//   - notfound.go: the -32002 (or, at 2026-07-28 over HTTP, -32602) code of
//     resource-not-found refusals, in HTTP responses and StdioOutput.
//   - stdio.go: NewStdio, the stdio transport.
//   - drain.go: Drain, which holds the end of the stdio input until the tool
//     calls read before it are answered.
//   - log.go: mcp-go's slog logger (HTTP) and standard library logger
//     (stdio) written as zerolog events, with session ids cut short and
//     emails and phone numbers masked.
//
// It does not import package tools: it serves any *server.MCPServer, and the
// Server of package tools calls it.
package transport
