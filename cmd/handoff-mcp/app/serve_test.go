package app

import (
	"bufio"
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

func TestHTTPServerTimeouts(t *testing.T) {
	cfg := config.Default()
	assert.Equal(t, 10*time.Second, cfg.Server.ReadHeaderTimeout)
	assert.Equal(t, 60*time.Second, cfg.Server.ReadTimeout)
	assert.Equal(t, 120*time.Second, cfg.Server.IdleTimeout)

	cfg, err := config.Parse([]byte("server:\n  read_timeout: 1s\n"), func(string) (string, bool) { return "", false })
	require.NoError(t, err)
	a, err := New(context.Background(), cfg, Options{DBPath: t.TempDir() + "/h.db", Stderr: &testlog.Buffer{}})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	srv := a.HTTPServer("")
	assert.Equal(t, time.Second, srv.ReadTimeout)
	assert.Equal(t, 10*time.Second, srv.ReadHeaderTimeout)
	assert.Equal(t, 120*time.Second, srv.IdleTimeout)
	assert.Zero(t, srv.WriteTimeout, "streams write for as long as they last")

	// A client that sends its headers and one byte of a promised body is
	// cut off by the read timeout instead of holding the connection.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	conn, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer conn.Close()
	_, err = conn.Write([]byte("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"))
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(30*time.Second))) // a bound on the test, not a measure
	_, err = bufio.NewReader(conn).ReadString(0)
	require.Error(t, err)
	var ne net.Error
	if errors.As(err, &ne) {
		assert.False(t, ne.Timeout(), "the server closed the connection before the test gave up")
	}
}
