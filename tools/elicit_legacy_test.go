package tools

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/internal/testlog"
)

// failingElicitor answers every elicitation with an error, as a client
// whose form broke would.
type failingElicitor struct {
	mu    sync.Mutex
	asked int
}

func (f *failingElicitor) Elicit(context.Context, mcp.ElicitationRequest) (*mcp.ElicitationResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked++
	return nil, errors.New("the elicitation form crashed")
}

func TestElicitationClientErrorFallsBackToNeedsEmail(t *testing.T) {
	e := newEnv(t, "")
	var logs testlog.Buffer
	e.srv = NewServer(e.svc, Options{Logger: zerolog.New(&logs)})
	el := &failingElicitor{}
	c := e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125), client.WithElicitationHandler(el))

	res := call(t, c, "request_human_handoff", askHuman("c-elicit-broken", nil))
	require.False(t, res.IsError, text(res))
	out := structured[HandoffOutput](t, res)
	assert.Equal(t, "needs_email", out.Status)
	assert.NotEmpty(t, out.MessageForUser, "the bot asks for the address in the chat instead")
	assert.Equal(t, 1, el.asked)
	assert.Contains(t, logs.String(), "the client failed an elicitation")
	assert.Contains(t, logs.String(), "the elicitation form crashed")

	// With a working form the same client is asked, and a valid answer is
	// taken (mcp-go's own bridge is not needed).
	ok := &elicitor{answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}}
	c = e.client(t, client.WithProtocolVersion(mcp.ProtocolVersion20251125), client.WithElicitationHandler(ok))
	out = structured[HandoffOutput](t, call(t, c, "request_human_handoff", askHuman("c-elicit-ok", nil)))
	assert.Equal(t, "delivered", out.Status)
	assert.Len(t, ok.messages, 1)
}
