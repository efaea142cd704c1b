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

func TestSaveContactMerges(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		// Each step saves into the same conversation; the result accumulates.
		steps := []struct {
			name string
			save handoff.Contact
			want handoff.Contact
		}{
			{"email first", handoff.Contact{Email: "ada@example.com"}, handoff.Contact{Email: "ada@example.com"}},
			{"phone added", handoff.Contact{Phone: "+358401234567"}, handoff.Contact{Email: "ada@example.com", Phone: "+358401234567"}},
			{"nothing given", handoff.Contact{}, handoff.Contact{Email: "ada@example.com", Phone: "+358401234567"}},
			{"name added, email replaced", handoff.Contact{Email: "ada@work.example", Name: "Ada L."},
				handoff.Contact{Email: "ada@work.example", Phone: "+358401234567", Name: "Ada L."}},
			{"all replaced", handoff.Contact{Email: "a@x.example", Phone: "+4930123456", Name: "A"},
				handoff.Contact{Email: "a@x.example", Phone: "+4930123456", Name: "A"}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				got, err := s.SaveContact(ctx, "conv", st.save, t0)
				require.NoError(t, err)
				assert.Equal(t, st.want, got)
				stored, err := s.Contact(ctx, "conv")
				require.NoError(t, err)
				assert.Equal(t, st.want, stored)
			})
		}

		t.Run("other conversations untouched", func(t *testing.T) {
			got, err := s.Contact(ctx, "other")
			require.NoError(t, err)
			assert.True(t, got.IsZero())
			_, err = s.SaveContact(ctx, "empty", handoff.Contact{}, t0)
			require.NoError(t, err)
			assert.Equal(t, 1, count(t, s, "contacts"), "a zero contact stores nothing")
		})
		t.Run("conversation required", func(t *testing.T) {
			_, err := s.SaveContact(ctx, "", handoff.Contact{Email: "a@x.example"}, t0)
			assert.Equal(t, handoff.KindInvalid, handoff.KindOf(err))
		})
	})
}

func TestSaveContactUpdatedAt(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		updatedAt := func() string {
			var at string
			require.NoError(t, s.r.QueryRow("SELECT updated_at FROM contacts WHERE conversation_id = 'conv'").Scan(&at))
			return at
		}
		_, err := s.SaveContact(ctx, "conv", handoff.Contact{Email: "a@x.example"}, t0.Add(time.Hour))
		require.NoError(t, err)
		assert.Equal(t, "2025-03-01T10:00:00.123456789Z", updatedAt())
		now := clk.Advance(2 * time.Hour)
		_, err = s.SaveContact(ctx, "conv", handoff.Contact{Name: "A"}, time.Time{})
		require.NoError(t, err)
		assert.Equal(t, formatTime(now), updatedAt(), "zero time means the clock's now")
	})
}

func TestSetHandoffContact(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		at := t0.Add(time.Minute)
		got, err := s.SetHandoffContact(ctx, "h_1", handoff.Contact{Email: "new@example.com"}, at)
		require.NoError(t, err)
		assert.Equal(t, handoff.Contact{Email: "new@example.com"}, got.Contact, "replaced, not merged")
		assert.Equal(t, at, got.UpdatedAt)
		read, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, got, read)
	})
}

func TestOfflineMessages(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv-1", t0)
		msgs := []handoff.OfflineMessage{
			{ID: "m_1", ConversationID: "conv-1", HandoffID: "h_1", Contact: handoff.Contact{Email: "a@x.example"},
				Text: "Please call me back", CreatedAt: t0.Add(time.Minute)},
			{ID: "m_3", ConversationID: "conv-3", Contact: handoff.Contact{Phone: "+358401234567", Name: "Äijö"},
				Text: "Soittakaa minulle 🙏", CreatedAt: t0.Add(3 * time.Minute)},
			{ID: "m_2", ConversationID: "conv-2", Contact: handoff.Contact{Email: "b@y.example"},
				Text: "Bitte zurückrufen", CreatedAt: t0.Add(2 * time.Minute)},
		}
		for _, m := range msgs {
			require.NoError(t, s.AddOfflineMessage(ctx, m))
		}
		clk.Advance(10 * time.Minute)
		noTime := handoff.OfflineMessage{ID: "m_4", ConversationID: "conv-4", Text: "later"}
		require.NoError(t, s.AddOfflineMessage(ctx, noTime))
		noTime.CreatedAt = clk.Now()

		t.Run("newest first", func(t *testing.T) {
			got, err := s.OfflineMessages(ctx, 0)
			require.NoError(t, err)
			assert.Equal(t, []handoff.OfflineMessage{noTime, msgs[1], msgs[2], msgs[0]}, got)
		})
		t.Run("limit", func(t *testing.T) {
			got, err := s.OfflineMessages(ctx, 2)
			require.NoError(t, err)
			assert.Equal(t, []handoff.OfflineMessage{noTime, msgs[1]}, got)
		})

		bad := []struct {
			name string
			m    handoff.OfflineMessage
			kind handoff.ErrorKind
		}{
			{"no id", handoff.OfflineMessage{ConversationID: "c", Text: "x"}, handoff.KindInvalid},
			{"no conversation", handoff.OfflineMessage{ID: "m_9", Text: "x"}, handoff.KindInvalid},
			{"no text", handoff.OfflineMessage{ID: "m_9", ConversationID: "c"}, handoff.KindInvalid},
			{"unknown handoff", handoff.OfflineMessage{ID: "m_9", ConversationID: "c", HandoffID: "h_missing", Text: "x"}, handoff.KindNotFound},
			{"duplicate id", handoff.OfflineMessage{ID: "m_1", ConversationID: "c", Text: "x"}, handoff.KindConflict},
		}
		for _, tt := range bad {
			t.Run(tt.name, func(t *testing.T) {
				err := s.AddOfflineMessage(ctx, tt.m)
				require.Error(t, err)
				assert.Equal(t, tt.kind, handoff.KindOf(err), "%v", err)
			})
		}
		assert.Equal(t, 4, count(t, s, "offline_messages"))
	})
}

func TestOfflineMessagesDefaultLimit(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		for i := range DefaultListLimit + 5 {
			require.NoError(t, s.AddOfflineMessage(ctx, handoff.OfflineMessage{
				ID: fmt.Sprintf("m_%03d", i), ConversationID: "c", Text: "x", CreatedAt: t0.Add(time.Duration(i) * time.Second),
			}))
		}
		got, err := s.OfflineMessages(ctx, -1)
		require.NoError(t, err)
		require.Len(t, got, DefaultListLimit)
		assert.Equal(t, fmt.Sprintf("m_%03d", DefaultListLimit+4), got[0].ID)
	})
}

// A phone collected while the request runs (saved after the request read
// the contact, before its handoff was stored) is on the handoff: the
// creation completes the contact in its own transaction.
func TestCreateHandoffTakesContactSavedMeanwhile(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		_, err := s.SaveContact(ctx, "conv-race", handoff.Contact{Phone: "+358401234567", Name: "Ada"}, t0)
		require.NoError(t, err)
		h := sample("h_race", "conv-race", t0)
		h.Contact = handoff.Contact{Email: "ada@example.com", Name: "Ada Lovelace"}
		got, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
		require.NoError(t, err)
		require.True(t, created)
		want := handoff.Contact{Email: "ada@example.com", Phone: "+358401234567", Name: "Ada Lovelace"}
		assert.Equal(t, want, got.Contact, "the request's fields win, the stored ones fill the gaps")
		stored, err := s.Handoff(ctx, "h_race")
		require.NoError(t, err)
		assert.Equal(t, want, stored.Contact)
		kept, err := s.Contact(ctx, "conv-race")
		require.NoError(t, err)
		assert.Equal(t, want, kept, "the handoff's contact is saved with it, in its transaction")
	})
}

// A handoff refused by a full queue saves no contact: its transaction
// stored nothing (the service saves the contact it was given itself).
func TestCreateHandoffRefusedSavesNoContact(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		_, created, err := s.CreateHandoffIfRoom(ctx, sample("h_1", "conv-1", t0), 1)
		require.NoError(t, err)
		require.True(t, created)
		h := sample("h_2", "conv-2", t0)
		h.Contact = handoff.Contact{Email: "ada@example.com"}
		_, _, err = s.CreateHandoffIfRoom(ctx, h, 1)
		require.ErrorIs(t, err, handoff.ErrQueueFull)
		kept, err := s.Contact(ctx, "conv-2")
		require.NoError(t, err)
		assert.True(t, kept.IsZero(), "nothing of the refused transaction stays")
	})
}

// TestStaleRequestContextsForgotten checks that saving a request's context
// deletes, at most once an hour, the contexts older than
// handoff.ContextFreshFor, which no message goes out with any more, through
// either statement that saves one.
func TestStaleRequestContextsForgotten(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		kept := func(conv string) bool {
			_, ok, err := s.RequestContext(ctx, conv)
			require.NoError(t, err)
			return ok
		}
		require.NoError(t, s.SaveRequestContext(ctx, "old", handoff.RequestContext{Question: "q", At: t0}))
		require.NoError(t, s.SaveRequestContext(ctx, "fresh", handoff.RequestContext{Question: "q", At: t0.Add(time.Hour)}))
		later := t0.Add(handoff.ContextFreshFor + 30*time.Minute)
		require.NoError(t, s.SaveRequestContext(ctx, "new", handoff.RequestContext{Question: "q", At: later}))
		assert.False(t, kept("old"), "older than ContextFreshFor: deleted")
		assert.True(t, kept("fresh"), "within ContextFreshFor: kept")
		assert.True(t, kept("new"))

		// Within the hour nothing is deleted; after it, the request that
		// stores no handoff deletes too.
		require.NoError(t, s.SaveRequestContext(ctx, "new2", handoff.RequestContext{Question: "q", At: later.Add(45 * time.Minute)}))
		assert.True(t, kept("fresh"), "at most one delete an hour")
		require.NoError(t, s.RecordUnstored(ctx, handoff.Unstored{ConversationID: "off", At: later.Add(2 * time.Hour),
			Context: handoff.RequestContext{Question: "q"}, Outcome: handoff.OutcomeOffHours, Judge: "embedded"}))
		assert.False(t, kept("fresh"), "RecordUnstored deletes stale contexts as well")
		assert.True(t, kept("new"))
		assert.True(t, kept("off"))
	})
}

func TestRequestContextAndOfflineMessageContext(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		_, ok, err := s.RequestContext(ctx, "conv")
		require.NoError(t, err)
		assert.False(t, ok)
		rc := handoff.RequestContext{Language: "de", Question: "Erstattung?", Triggers: []string{"billing"}, Reason: "refund",
			Route: handoff.Route{Team: "billing"}, Priority: handoff.PriorityUrgent, Metadata: map[string]string{"order": "4711"},
			Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: "Erstattung?"}}, At: t0}
		require.NoError(t, s.SaveRequestContext(ctx, "conv", handoff.RequestContext{Question: "older", At: t0}))
		require.NoError(t, s.SaveRequestContext(ctx, "conv", rc), "the latest replaces the earlier")
		got, ok, err := s.RequestContext(ctx, "conv")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, rc, got)

		m := handoff.OfflineMessage{ID: "m_1", ConversationID: "conv", Contact: handoff.Contact{Email: "a@example.com"},
			Text: "bitte erstatten", Connector: "zendesk", CreatedAt: t0, Context: &rc}
		require.NoError(t, s.AddOfflineMessage(ctx, m))
		ms, err := s.OfflineMessages(ctx, 10)
		require.NoError(t, err)
		require.Len(t, ms, 1)
		assert.Equal(t, &rc, ms[0].Context)
		jobs, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "m_1"})
		require.NoError(t, err)
		require.Len(t, jobs, 1)
		assert.Equal(t, handoff.PriorityUrgent.Rank(), jobs[0].Priority, "the job goes ahead like the handoff would have")
		assert.Equal(t, &rc, jobs[0].Offline.Context)
	})
}
