package tools

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// fullStore is the store with a full disk: creating a handoff fails as
// store.DB's write does when SQLite answers SQLITE_FULL
// (store.TestDiskFullIsNotStored shows that real error).
type fullStore struct{ *store.DB }

func (fullStore) CreateHandoffIfRoom(context.Context, handoff.Handoff, int) (handoff.Handoff, bool, error) {
	return handoff.Handoff{}, false, fmt.Errorf("creating handoff: database or disk is full (%w)", handoff.ErrNotStored)
}

func (fullStore) CreateHandoffPositioned(context.Context, handoff.Handoff, int) (handoff.Handoff, bool, int, error) {
	return handoff.Handoff{}, false, 0, fmt.Errorf("creating handoff: database or disk is full (%w)", handoff.ErrNotStored)
}

// The caller of a call the database could not write learns that nothing
// was stored, not that "nothing was lost".
func TestDatabaseWriteFailureSaysNothingWasStored(t *testing.T) {
	e := newFollowEnv(t, "", followOpts{wrap: func(s *store.DB) handoff.Store { return fullStore{s} }})
	res := call(t, e.client(t), "request_human_handoff", askHuman("c-full", map[string]any{"email": "ok@example.com"}))
	require.True(t, res.IsError)
	assert.Contains(t, text(res), "NOTHING OF THIS CALL WAS STORED")
	assert.Contains(t, text(res), "no handoff was created")
	assert.NotContains(t, text(res), "nothing was lost")
}
