package transport

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bareServer serves an MCP server with no tools whose request hook refuses
// a read of "test://missing" as the tools' request check refuses a handoff
// that does not exist, "test://full" as it refuses a subscription over the
// limits, and "test://bad" without noting it.
func bareServer(t *testing.T, opts HTTPOptions) string {
	t.Helper()
	hooks := &server.Hooks{}
	hooks.AddOnRequestInitialization(func(ctx context.Context, _ any, message any) error {
		raw, _ := message.(json.RawMessage)
		switch {
		case strings.Contains(string(raw), `"test://missing"`):
			err := fmt.Errorf("%w: test://missing: no such thing", ErrResourceNotFound)
			NoteRefusal(ctx, err)
			return err
		case strings.Contains(string(raw), `"test://full"`):
			err := fmt.Errorf("test://full: over the limit")
			NoteRefusal(ctx, err)
			return err
		case strings.Contains(string(raw), `"test://bad"`):
			return fmt.Errorf("refused without a note")
		}
		return nil
	})
	srv := server.NewMCPServer("transport-test", "1", server.WithResourceCapabilities(false, false), server.WithHooks(hooks))
	opts.Logger = zerolog.Nop()
	h, _ := NewHTTP(srv, opts)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}

// post sends body to url at protocol version; header adds to the request.
func post(t *testing.T, url, version, method, name, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+MCPPath, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json, text/event-stream")
	req.Header.Set(mcp.HeaderProtocolVersion, version)
	if method != "" {
		req.Header.Set(mcp.HeaderMethod, method)
	}
	if name != "" {
		req.Header.Set("Mcp-Name", name)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

// modernRead is a resources/read of uri at protocol 2026-07-28.
func modernRead(t *testing.T, url, uri string) (*http.Response, string) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"jsonrpc": "2.0", "id": 7, "method": "resources/read", "params": map[string]any{
		"uri": uri,
		"_meta": map[string]any{
			mcp.MetaKeyProtocolVersion:    mcp.ProtocolVersion20260728,
			mcp.MetaKeyClientInfo:         map[string]any{"name": "raw", "version": "1"},
			mcp.MetaKeyClientCapabilities: map[string]any{},
		}}})
	require.NoError(t, err)
	return post(t, url, mcp.ProtocolVersion20260728, "resources/read", uri, string(body), nil)
}

// A refusal the hook notes is a processed request at 2026-07-28: 200, with
// -32602 for a resource that does not exist and mcp-go's -32600 otherwise;
// one it does not note keeps mcp-go's 400.
func TestNoteRefusalGivesTheModernStatusAndCode(t *testing.T) {
	url := bareServer(t, HTTPOptions{})
	res, body := modernRead(t, url, "test://missing")
	assert.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"code":-32602,"message":"resource not found: test://missing`)

	res, body = modernRead(t, url, "test://full")
	assert.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"code":-32600,"message":"test://full: over the limit`)

	res, body = modernRead(t, url, "test://bad")
	assert.Equal(t, http.StatusBadRequest, res.StatusCode, body)
	assert.Contains(t, body, `"code":-32600`)
}

// Before 2026-07-28 the same refusal is -32002 (resource not found), 200.
func TestLegacyNotFoundCode(t *testing.T) {
	url := bareServer(t, HTTPOptions{Sessions: HTTPSessions{Replica: "r7"}})
	res, body := post(t, url, mcp.ProtocolVersion20251125, "", "", `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`, nil)
	require.Equal(t, http.StatusOK, res.StatusCode, body)
	id := res.Header.Get(server.HeaderKeySessionID)
	assert.True(t, strings.HasPrefix(id, SessionIDPrefix("r7")), id)
	res, body = post(t, url, mcp.ProtocolVersion20251125, "", "", `{"jsonrpc":"2.0","id":2,"method":"resources/read","params":{"uri":"test://missing"}}`,
		map[string]string{server.HeaderKeySessionID: id})
	assert.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.Contains(t, body, `"code":-32002,"message":"resource not found: test://missing`)
}

func TestBearerAndBodyLimit(t *testing.T) {
	const token = "0f3a9c1be7d24856"
	url := bareServer(t, HTTPOptions{Token: token, MaxBody: 512})
	ping := `{"jsonrpc":"2.0","id":1,"method":"ping"}`
	res, body := post(t, url, mcp.ProtocolVersion20260728, "ping", "", ping, nil)
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, body)
	assert.Equal(t, `Bearer realm="handoff-mcp"`, res.Header.Get("WWW-Authenticate"))
	res, body = post(t, url, mcp.ProtocolVersion20260728, "ping", "", ping, map[string]string{"Authorization": "Bearer " + token + "x"})
	assert.Equal(t, http.StatusUnauthorized, res.StatusCode, body)
	assert.Equal(t, `Bearer realm="handoff-mcp", error="invalid_token"`, res.Header.Get("WWW-Authenticate"))
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + strings.Repeat("x", 600) + `"}}`
	res, body = post(t, url, mcp.ProtocolVersion20260728, "ping", "", big, map[string]string{"Authorization": "bearer " + token})
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, body)
	assert.Contains(t, body, `"message":"request body exceeds 512 bytes"`, "a JSON-RPC error")
}

// TestLegacyBodyOverLimit checks that a body over the limit of a request of
// a protocol before 2026-07-28, which the session bound reads to find an
// initialize, is refused 413 whether it declares its length or comes in
// chunks (the bound reads at most the limit and one byte of it, then hands
// what it read and the rest to mcp-go, which refuses it).
func TestLegacyBodyOverLimit(t *testing.T) {
	url := bareServer(t, HTTPOptions{MaxBody: 512})
	big := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"` +
		strings.Repeat("x", 600) + `","version":"1"}}}`
	for _, chunked := range []bool{false, true} {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(big))
		require.NoError(t, err)
		if chunked {
			req.ContentLength = -1
			req.Body = io.NopCloser(strings.NewReader(big)) // no length known
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json, text/event-stream")
		req.Header.Set(mcp.HeaderProtocolVersion, mcp.ProtocolVersion20251125)
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, "chunked %v: %s", chunked, body)
	}
	small := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}`
	res, body := post(t, url, mcp.ProtocolVersion20251125, "", "", small, nil)
	assert.Equal(t, http.StatusOK, res.StatusCode, body)
	assert.NotEmpty(t, res.Header.Get(server.HeaderKeySessionID), "an initialize within the limit opens a session")
}

// TestBodyLimitIsOurs checks that the configured limit is the one applied,
// above mcp-go's own default (4 MiB): server.max_request_bytes is 8 MiB.
func TestBodyLimitIsOurs(t *testing.T) {
	url := bareServer(t, HTTPOptions{MaxBody: 8 << 20})
	pad := strings.Repeat("x", int(server.DefaultMaxRequestBodyBytes)+1000)
	big := `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"pad":"` + pad + `"}}`
	res, body := post(t, url, mcp.ProtocolVersion20260728, "ping", "", big, nil)
	assert.Equal(t, http.StatusOK, res.StatusCode, body)
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:8080": true, "localhost:8080": true, "LOCALHOST:1": true, "127.0.0.2:80": true,
		"0.0.0.0:8080": false, ":8080": false, "10.0.0.1:8080": false, "[::]:8080": false, "example.com:80": false, "127.0.0.1": false,
	} {
		assert.Equal(t, want, IsLoopback(addr), addr)
	}
}
