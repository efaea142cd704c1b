package tools

import "github.com/mark3labs/mcp-go/server"

// Stdio returns the stdio transport of s. mcp-go's stdio transport reports
// its errors on a standard library logger that writes plain text to stderr;
// here they go through the server's zerolog logger instead.
func (s *Server) Stdio() *server.StdioServer {
	st := server.NewStdioServer(s.MCPServer)
	st.SetErrorLogger(newStdLogger(s.log))
	return st
}
