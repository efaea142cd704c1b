package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestCreateHandoffRoundTrip(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	in := sample("h_1", "conv-1", t0.In(time.FixedZone("EET", 2*3600)))
	in.Attempts, in.LastError = 2, "helpdesk returned 503"
	in.NextAttemptAt = t0.Add(30 * time.Second)
	in.RemoteID, in.RemoteURL = "T-42", "https://help.example.com/tickets/42"
	in.State = handoff.StateAgentJoined
	in.Session = handoff.Session{
		AgentName: "Lea Koch", JoinedAt: t0.Add(time.Minute), FirstReplyAt: t0.Add(time.Minute),
		LastAgentAt: t0.Add(2 * time.Minute), LastUserAt: t0.Add(3 * time.Minute),
		WaitSince: t0.Add(10 * time.Second), AskedAt: t0.Add(50 * time.Second), LastSeq: 7,
	}
	in.Classifier, in.Confidence = handoff.JudgeCallingModel, 0
	in.Vote = &handoff.Vote{Triggers: []string{"explicit_request"}, Evidence: "a real person", Grounded: true, Decided: true, Note: "decided"}
	in.ServerVerdict = &handoff.Verdict{Triggers: []string{}, Confidence: 0.8, Classifier: "embedded", Reason: "nothing fired"}
	in.Summary = &handoff.Summary{Goal: "Get the double charge refunded", Tried: "Explained refund times", Why: "billing_dispute: charged twice",
		Source: handoff.SummaryExtractive, Note: "the LLM did not answer (HTTP 503)"}
	in.Redactions = []handoff.Redaction{{Kind: "card", Count: 2}, {Kind: "password", Count: 1}}

	tests := []struct {
		name string
		in   handoff.Handoff
		want handoff.Handoff
	}{
		{
			name: "every field",
			in:   in,
			want: func() handoff.Handoff {
				w := in
				w.CreatedAt, w.UpdatedAt, w.NextAttemptAt = t0, t0, t0.Add(30*time.Second)
				return w
			}(),
		},
		{
			name: "defaults",
			in:   handoff.Handoff{ID: "h_2", ConversationID: "conv-2", Metadata: map[string]string{}},
			want: handoff.Handoff{
				ID: "h_2", ConversationID: "conv-2", State: handoff.StateQueued,
				Transcript: []handoff.Turn{}, Triggers: []string{}, CreatedAt: t0, UpdatedAt: t0,
				Session: handoff.Session{WaitSince: t0},
			},
		},
		{
			name: "delivered at creation",
			in:   handoff.Handoff{ID: "h_3", ConversationID: "conv-3", State: handoff.StateDelivered, CreatedAt: t0.Add(time.Hour)},
			want: handoff.Handoff{
				ID: "h_3", ConversationID: "conv-3", State: handoff.StateDelivered,
				Transcript: []handoff.Turn{}, Triggers: []string{}, CreatedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(time.Hour),
				Session: handoff.Session{WaitSince: t0.Add(time.Hour)},
			},
		},
	}
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, created, err := s.CreateHandoffIfRoom(ctx, tt.in, 0)
				require.NoError(t, err)
				assert.True(t, created)
				assert.Equal(t, tt.want, got)

				read, err := s.Handoff(ctx, tt.in.ID)
				require.NoError(t, err)
				assert.Equal(t, tt.want, read, "read back differs from what CreateHandoff returned")

				open, err := s.OpenHandoff(ctx, tt.in.ConversationID)
				require.NoError(t, err)
				assert.Equal(t, tt.want, open)

				events, err := s.Events(ctx, tt.in.ID)
				require.NoError(t, err)
				assert.Equal(t, []handoff.Event{{HandoffID: tt.in.ID, To: tt.want.State, Cause: CauseCreated, At: tt.want.CreatedAt}}, events)
			})
		}
	})
}

func TestCreateHandoffInvalid(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		tests := []struct {
			name  string
			h     handoff.Handoff
			field string
		}{
			{"no id", handoff.Handoff{ConversationID: "c"}, "id"},
			{"no conversation", handoff.Handoff{ID: "h"}, "conversation_id"},
			{"closed", handoff.Handoff{ID: "h", ConversationID: "c", State: handoff.StateClosed}, "state"},
			{"failed", handoff.Handoff{ID: "h", ConversationID: "c", State: handoff.StateFailed}, "state"},
			{"unknown state", handoff.Handoff{ID: "h", ConversationID: "c", State: "lost"}, "state"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, created, err := s.CreateHandoffIfRoom(context.Background(), tt.h, 0)
				require.Error(t, err)
				assert.False(t, created)
				assert.Equal(t, handoff.KindInvalid, handoff.KindOf(err))
				var he *handoff.Error
				require.ErrorAs(t, err, &he)
				assert.Equal(t, tt.field, he.Field)
			})
		}
		assert.Zero(t, count(t, s, "handoffs"))
	})
}

func TestCreateHandoffOneOpenPerConversation(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		first := create(t, s, "h_1", "conv", t0)

		// A second request for the conversation gets the open one back.
		again, created, err := s.CreateHandoffIfRoom(ctx, sample("h_2", "conv", clk.Advance(time.Minute)), 0)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, first, again)
		_, err = s.Handoff(ctx, "h_2")
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "the refused handoff was stored: %v", err)

		// So does a retry with the same id.
		again, created, err = s.CreateHandoffIfRoom(ctx, sample("h_1", "conv", clk.Now()), 0)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, first, again)

		// Another conversation is independent.
		create(t, s, "h_3", "other", clk.Now())

		// Once the open one is final, the conversation may open a new one.
		_, err = s.transition(ctx, "h_1", handoff.StateClosed, "agent closed", clk.Advance(time.Minute))
		require.NoError(t, err)
		_, err = s.OpenHandoff(ctx, "conv")
		assert.True(t, handoff.Is(err, handoff.KindNotFound))
		second := create(t, s, "h_4", "conv", clk.Advance(time.Minute))
		open, err := s.OpenHandoff(ctx, "conv")
		require.NoError(t, err)
		assert.Equal(t, second, open)

		// Reusing the closed handoff's id for a new one is a conflict.
		_, created, err = s.CreateHandoffIfRoom(ctx, sample("h_1", "third", clk.Now()), 0)
		assert.False(t, created)
		assert.Equal(t, handoff.KindConflict, handoff.KindOf(err), "%v", err)

		assert.Equal(t, 3, count(t, s, "handoffs"))
		assert.Equal(t, 4, count(t, s, "handoff_events"), "three creations and one transition")
	})
}

func TestHandoffNotFound(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		tests := []struct {
			name string
			call func() error
		}{
			{"Handoff", func() error { _, err := s.Handoff(ctx, "h_missing"); return err }},
			{"OpenHandoff", func() error { _, err := s.OpenHandoff(ctx, "conv-missing"); return err }},
			{"Events", func() error { _, err := s.Events(ctx, "h_missing"); return err }},
			{"Transition", func() error {
				_, err := s.transition(ctx, "h_missing", handoff.StateClosed, "", t0)
				return err
			}},
			{"SetHandoffContact", func() error {
				_, err := s.SetHandoffContact(ctx, "h_missing", handoff.Contact{Email: "a@b.example"}, t0)
				return err
			}},
			{"RecordAttempt", func() error { _, err := s.recordAttempt(ctx, "h_missing", "boom", t0, t0); return err }},
			{"MarkDelivered", func() error {
				_, err := s.markDelivered(ctx, "h_missing", handoff.Receipt{RemoteID: "1"}, t0)
				return err
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				require.Error(t, err)
				assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err), "%v", err)
				assert.Contains(t, err.Error(), "missing")
			})
		}
	})
}

func TestListHandoffs(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		// Inserted out of time order: the list must follow created_at.
		create(t, s, "h_b", "conv-b", t0.Add(2*time.Minute))
		create(t, s, "h_a", "conv-a", t0.Add(1*time.Minute))
		create(t, s, "h_c", "conv-a2", t0.Add(3*time.Minute))
		create(t, s, "h_d", "conv-d", t0.Add(3*time.Minute)) // same time as h_c: insertion order
		_, err := s.transition(ctx, "h_a", handoff.StateCancelled, "user withdrew", t0.Add(4*time.Minute))
		require.NoError(t, err)
		create(t, s, "h_a2", "conv-a", t0.Add(5*time.Minute))
		_, err = s.transition(ctx, "h_b", handoff.StateDelivered, "delivered", t0.Add(6*time.Minute))
		require.NoError(t, err)

		tests := []struct {
			name string
			f    handoff.ListFilter
			want []string
		}{
			{"all", handoff.ListFilter{}, []string{"h_a", "h_b", "h_c", "h_d", "h_a2"}},
			{"open", handoff.ListFilter{States: handoff.OpenStates}, []string{"h_b", "h_c", "h_d", "h_a2"}},
			{"queued", handoff.ListFilter{States: []handoff.State{handoff.StateQueued}}, []string{"h_c", "h_d", "h_a2"}},
			{"final", handoff.ListFilter{States: []handoff.State{handoff.StateCancelled, handoff.StateClosed}}, []string{"h_a"}},
			{"conversation", handoff.ListFilter{ConversationID: "conv-a"}, []string{"h_a", "h_a2"}},
			{"conversation and state", handoff.ListFilter{ConversationID: "conv-a", States: []handoff.State{handoff.StateQueued}}, []string{"h_a2"}},
			{"conversation, ended", handoff.ListFilter{ConversationID: "conv-a", States: []handoff.State{handoff.StateCancelled, handoff.StateFailed}}, []string{"h_a"}},
			{"conversation, open and ended", handoff.ListFilter{ConversationID: "conv-a", States: []handoff.State{handoff.StateCancelled, handoff.StateQueued}}, []string{"h_a", "h_a2"}},
			{"conversation, open", handoff.ListFilter{ConversationID: "conv-a", States: handoff.OpenStates}, []string{"h_a2"}},
			{"waiting and ended", handoff.ListFilter{States: []handoff.State{handoff.StateCancelled, handoff.StateDelivered}}, []string{"h_a", "h_b"}},
			{"delivered, in queue order", handoff.ListFilter{States: []handoff.State{handoff.StateDelivered}, Order: handoff.OrderQueue}, []string{"h_b"}},
			{"limit", handoff.ListFilter{Limit: 2}, []string{"h_a", "h_b"}},
			{"nothing", handoff.ListFilter{ConversationID: "nobody"}, []string{}},
			{"id prefix", handoff.ListFilter{IDPrefix: "h_a"}, []string{"h_a", "h_a2"}},
			{"id prefix and state", handoff.ListFilter{IDPrefix: "h_a", States: handoff.OpenStates}, []string{"h_a2"}},
			{"whole id as prefix", handoff.ListFilter{IDPrefix: "h_a2"}, []string{"h_a2"}},
			{"id prefix matching nothing", handoff.ListFilter{IDPrefix: "h_e"}, []string{}},
			{"id prefix with LIKE wildcards", handoff.ListFilter{IDPrefix: "h_%"}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.ListHandoffs(ctx, tt.f)
				require.NoError(t, err)
				ids := []string{}
				for _, h := range got {
					ids = append(ids, h.ID)
				}
				assert.Equal(t, tt.want, ids)
			})
		}

		t.Run("full records", func(t *testing.T) {
			got, err := s.ListHandoffs(ctx, handoff.ListFilter{ConversationID: "conv-b"})
			require.NoError(t, err)
			require.Len(t, got, 1)
			one, err := s.Handoff(ctx, "h_b")
			require.NoError(t, err)
			assert.Equal(t, one, got[0])
		})
		t.Run("unknown state", func(t *testing.T) {
			_, err := s.ListHandoffs(ctx, handoff.ListFilter{States: []handoff.State{"lost"}})
			assert.Equal(t, handoff.KindInvalid, handoff.KindOf(err))
		})
	})
}

func TestListHandoffsDefaultLimit(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		for i := range DefaultListLimit + 20 {
			create(t, s, fmt.Sprintf("h_%03d", i), fmt.Sprintf("conv-%03d", i), t0.Add(time.Duration(i)*time.Second))
		}
		tests := []struct {
			name  string
			limit int
			want  int
		}{
			{"zero", 0, DefaultListLimit},
			{"negative", -1, DefaultListLimit},
			{"above default", DefaultListLimit + 10, DefaultListLimit + 10},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := s.ListHandoffs(ctx, handoff.ListFilter{Limit: tt.limit})
				require.NoError(t, err)
				require.Len(t, got, tt.want)
				assert.Equal(t, "h_000", got[0].ID, "oldest first")
			})
		}
	})
}

// TestHandoffState reads a handoff's connector, state and agent as Handoff
// reads them, and an unknown id as not found.
func TestHandoffState(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		h := sample("h_state", "conv-state", t0)
		h.Connector = "inbox"
		_, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
		require.NoError(t, err)
		require.True(t, created)
		_, err = s.transition(ctx, h.ID, handoff.StateAgentJoined, "the agent replied", t0)
		require.NoError(t, err)
		_, err = s.UpdateHandoff(ctx, h.ID, func(h handoff.Handoff) (handoff.Change, error) {
			h.Session.AgentName = "Lea"
			return handoff.Change{Session: &h.Session}, nil
		})
		require.NoError(t, err)

		want, err := s.Handoff(ctx, h.ID)
		require.NoError(t, err)
		require.Equal(t, "Lea", want.Session.AgentName)
		connector, state, agent, err := s.HandoffState(ctx, h.ID)
		require.NoError(t, err)
		assert.Equal(t, want.Connector, connector)
		assert.Equal(t, want.State, state)
		assert.Equal(t, want.Session.AgentName, agent)

		_, _, _, err = s.HandoffState(ctx, "h_nope")
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "%v", err)
	})
}
