package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestAgents(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		a, err := desk.NewAgent("Lea", "lea@example.com", desk.RoleAdmin, []string{"Billing, support"}, []string{"fi", "EN"}, "a long password")
		require.NoError(t, err)
		a, err = s.AddAgent(ctx, a)
		require.NoError(t, err)
		assert.NotZero(t, a.ID)

		dup, err := desk.NewAgent("lea", "other@example.com", desk.RoleAgent, nil, nil, "a long password")
		require.NoError(t, err)
		_, err = s.AddAgent(ctx, dup)
		assert.True(t, handoff.Is(err, handoff.KindConflict), "names are unique, whatever the case: %v", err)

		got, err := s.AgentByEmail(ctx, "LEA@example.com")
		require.NoError(t, err)
		assert.Equal(t, "Lea", got.Name)
		assert.Equal(t, []string{"billing", "support"}, got.Teams)
		assert.Equal(t, []string{"fi", "en"}, got.Languages)
		assert.Equal(t, t0, got.CreatedAt)
		assert.True(t, got.CheckPassword("a long password"))
		assert.False(t, got.CheckPassword("a wrong password"))

		as, err := s.Agents(ctx)
		require.NoError(t, err)
		assert.Len(t, as, 1)

		_, err = s.AgentByName(ctx, "nobody")
		assert.True(t, handoff.Is(err, handoff.KindNotFound))
		assert.True(t, handoff.Is(s.RemoveAgent(ctx, "nobody"), handoff.KindNotFound))
		require.NoError(t, s.RemoveAgent(ctx, "lea"))
		as, err = s.Agents(ctx)
		require.NoError(t, err)
		assert.Empty(t, as)
	})
}

func TestDeskSessions(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		a, err := desk.NewAgent("Max", "max@example.com", desk.RoleAgent, nil, nil, "a long password")
		require.NoError(t, err)
		a, err = s.AddAgent(ctx, a)
		require.NoError(t, err)
		ses := desk.Session{TokenHash: "h1", AgentID: a.ID, CSRF: "c1", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		require.NoError(t, s.CreateDeskSession(ctx, ses))

		got, err := s.DeskSession(ctx, "h1", t0.Add(59*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, "c1", got.CSRF)
		_, err = s.DeskSession(ctx, "h1", t0.Add(time.Hour))
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "expired")

		// A new password ends the agent's sessions.
		require.NoError(t, s.SetAgentPassword(ctx, "Max", "new-hash"))
		_, err = s.DeskSession(ctx, "h1", t0)
		assert.True(t, handoff.Is(err, handoff.KindNotFound))
		assert.True(t, handoff.Is(s.SetAgentPassword(ctx, "nobody", "x"), handoff.KindNotFound))

		require.NoError(t, s.CreateDeskSession(ctx, desk.Session{TokenHash: "h2", AgentID: a.ID, CSRF: "c2", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}))
		require.NoError(t, s.DeleteDeskSession(ctx, "h2"))
		_, err = s.DeskSession(ctx, "h2", t0)
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "logged out")

		require.NoError(t, s.SetMessagesSeen(ctx, a.ID, t0.Add(time.Minute)))
		got2, err := s.Agent(ctx, a.ID)
		require.NoError(t, err)
		assert.Equal(t, t0.Add(time.Minute), got2.MessagesSeenAt)
	})
}

func TestTransfersAndHandledMessages(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		for _, id := range []string{"h_1", "h_2"} {
			_, _, err := s.CreateHandoffIfRoom(ctx, sample(id, "conv-"+id, t0), 0)
			require.NoError(t, err)
		}
		require.NoError(t, s.AddTransfer(ctx, desk.Transfer{HandoffID: "h_1", FromAgent: "Lea", ToAgent: "Max", Note: "billing", At: t0}))
		require.NoError(t, s.AddTransfer(ctx, desk.Transfer{HandoffID: "h_1", FromAgent: "Max", ToTeam: "legal", At: t0.Add(time.Minute)}))
		ts, err := s.Transfers(ctx, "h_1")
		require.NoError(t, err)
		require.Len(t, ts, 2)
		assert.Equal(t, "billing", ts[0].Note)
		last, err := s.LastTransfers(ctx, []string{"h_1", "h_2"})
		require.NoError(t, err)
		assert.Equal(t, map[string]desk.Transfer{"h_1": ts[1]}, last)

		require.NoError(t, s.AddOfflineMessage(ctx, handoff.OfflineMessage{ID: "m_1", ConversationID: "c9", Text: "call me", CreatedAt: t0}))
		require.NoError(t, s.MarkHandled(ctx, desk.Handled{MessageID: "m_1", Agent: "Lea", How: desk.HandledEmail, Reply: "Will do", At: t0}))
		err = s.MarkHandled(ctx, desk.Handled{MessageID: "m_1", Agent: "Max", How: desk.HandledMarked, At: t0})
		assert.True(t, handoff.Is(err, handoff.KindConflict), "handled once: %v", err)
		err = s.MarkHandled(ctx, desk.Handled{MessageID: "m_404", Agent: "Max", How: desk.HandledMarked, At: t0})
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "%v", err)
		done, err := s.HandledMessages(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[string]desk.Handled{"m_1": {MessageID: "m_1", Agent: "Lea", How: desk.HandledEmail, Reply: "Will do", At: t0}}, done)
	})
}

func TestHandoffContextAndTimezoneRoundTrip(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		h := sample("h_1", "conv-1", t0)
		h.Context = []handoff.ContextItem{{Title: "Refunds", URL: "https://help.example.com/refunds", Excerpt: "3-5 days"}}
		h.Timezone = "Europe/Helsinki"
		_, _, err := s.CreateHandoffIfRoom(ctx, h, 0)
		require.NoError(t, err)
		got, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, h.Context, got.Context)
		assert.Equal(t, "Europe/Helsinki", got.Timezone)
	})
}
