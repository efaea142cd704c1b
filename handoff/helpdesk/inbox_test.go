package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestInbox(t *testing.T) {
	in := NewInbox()
	h := sampleHandoff()
	r, err := in.Open(ctx(t), h)
	require.NoError(t, err)
	assert.Equal(t, handoff.Receipt{RemoteID: h.ID}, r)
	r2, found, err := in.Find(ctx(t), h)
	require.NoError(t, err)
	assert.True(t, found)
	assert.Equal(t, r, r2)
	assert.NoError(t, in.AddMessage(ctx(t), h, handoff.Message{Text: "x"}))
	assert.NoError(t, in.Close(ctx(t), h, "done"))
	assert.NoError(t, in.Check(ctx(t)))
	assert.Equal(t, "inbox", in.Name())
}
