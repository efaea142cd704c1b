package transport

import (
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
)

// NewStdio returns the stdio transport of srv. mcp-go's stdio transport
// reports its errors on a standard library logger that writes plain text to
// stderr; here they go through log instead. Pass the output through
// StdioOutput when listening.
func NewStdio(srv *server.MCPServer, log zerolog.Logger) *server.StdioServer {
	st := server.NewStdioServer(srv)
	st.SetErrorLogger(newStdLogger(log))
	return st
}
