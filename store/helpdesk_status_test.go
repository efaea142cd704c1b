package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestHelpdeskStatusShared(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		other := secondHandle(t, s, clk)
		_, ok, err := other.HelpdeskStatus(ctx, "zendesk")
		require.NoError(t, err)
		assert.False(t, ok, "nothing saved yet")

		down := handoff.HelpdeskStatus{Connector: "zendesk", Status: handoff.HelpdeskUnavailable, CheckedAt: t0.Add(time.Minute),
			Error: "zendesk: 401 Unauthorized: check helpdesk.zendesk.api_token", ConfigError: true}
		require.NoError(t, s.SaveHelpdeskStatus(ctx, down))
		got, ok, err := other.HelpdeskStatus(ctx, "zendesk")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, down, got, "another replica reads what one saved")

		up := handoff.HelpdeskStatus{Connector: "zendesk", Status: handoff.HelpdeskAvailable, CheckedAt: t0.Add(6 * time.Minute)}
		require.NoError(t, other.SaveHelpdeskStatus(ctx, up))
		got, ok, err = s.HelpdeskStatus(ctx, "zendesk")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, up, got, "a newer check replaces the row, error and all")

		_, ok, err = s.HelpdeskStatus(ctx, "freshdesk")
		require.NoError(t, err)
		assert.False(t, ok, "one row per connector")
		assert.Error(t, s.SaveHelpdeskStatus(ctx, handoff.HelpdeskStatus{Status: handoff.HelpdeskAvailable}), "a status names its connector")
	})
}
