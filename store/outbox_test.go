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

const lease = 30 * time.Second

// claim claims up to limit due jobs for owner at now.
func claim(t testing.TB, s *DB, owner string, limit int, now time.Time) []handoff.Delivery {
	t.Helper()
	ds, err := s.ClaimDeliveries(context.Background(), handoff.Claim{Owner: owner, Limit: limit, Lease: lease, Now: now})
	require.NoError(t, err)
	return ds
}

func subjects(ds []handoff.Delivery) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Subject+"/"+string(d.Kind))
	}
	return out
}

func message(id string, seq int64) handoff.Delivery {
	return handoff.Delivery{Subject: id, Kind: handoff.DeliveryMessage, Seq: seq,
		Message: &handoff.Message{HandoffID: id, Seq: seq, Author: handoff.AuthorUser, Text: fmt.Sprintf("message %d", seq)}}
}

func TestCreateHandoffEnqueuesOpen(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		h := create(t, s, "h_1", "conv-1", t0)
		ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: h.ID})
		require.NoError(t, err)
		require.Len(t, ds, 1)
		d := ds[0]
		assert.Equal(t, handoff.DeliveryOpen, d.Kind)
		assert.Equal(t, "h_1:created", d.Key)
		assert.Equal(t, handoff.DeliveryPending, d.State)
		assert.Equal(t, handoff.PriorityHigh.Rank(), d.Priority)
		assert.Equal(t, t0.UTC(), d.NextAttemptAt, "due at once")

		// A handoff created in another open state has nothing to open.
		agent := sample("h_2", "conv-2", t0)
		agent.State = handoff.StateAgentJoined
		_, _, err = s.CreateHandoffIfRoom(ctx, agent, 0)
		require.NoError(t, err)
		ds, err = s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_2"})
		require.NoError(t, err)
		assert.Empty(t, ds)

		// Losing the one-open-handoff race enqueues nothing either.
		_, created, err := s.CreateHandoffIfRoom(ctx, sample("h_3", "conv-1", t0), 0)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, 1, count(t, s, "deliveries"))
	})
}

func TestEnqueue(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		tests := []struct {
			name        string
			d           handoff.Delivery
			wantCreated bool
			wantKey     string
			wantErr     string
		}{
			{name: "message", d: message("h_1", 1), wantCreated: true, wantKey: "h_1:message:1"},
			{name: "same message again", d: message("h_1", 1), wantCreated: false, wantKey: "h_1:message:1"},
			{name: "next message", d: message("h_1", 2), wantCreated: true, wantKey: "h_1:message:2"},
			{name: "close", d: handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose, Reason: "solved"}, wantCreated: true, wantKey: "h_1:closed"},
			{name: "open again", d: handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryOpen}, wantCreated: false, wantKey: "h_1:created"},
			{name: "no subject", d: handoff.Delivery{Kind: handoff.DeliveryClose}, wantErr: "subject"},
			{name: "unknown kind", d: handoff.Delivery{Subject: "h_1", Kind: "reopen"}, wantErr: "unknown delivery kind"},
			{name: "message without message", d: handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryMessage, Seq: 3}, wantErr: "needs its message"},
			{name: "offline without message", d: handoff.Delivery{Subject: "m_1", Kind: handoff.DeliveryOffline}, wantErr: "needs its message"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, created, err := s.enqueue(ctx, tt.d)
				if tt.wantErr != "" {
					require.Error(t, err)
					assert.True(t, handoff.Is(err, handoff.KindInvalid))
					assert.Contains(t, err.Error(), tt.wantErr)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, tt.wantCreated, created)
				assert.Equal(t, tt.wantKey, got.Key)
				assert.Equal(t, handoff.DeliveryPending, got.State)
			})
		}
		ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_1"})
		require.NoError(t, err)
		assert.Equal(t, []string{"h_1/open", "h_1/message", "h_1/message", "h_1/close"}, subjects(ds))
		assert.Equal(t, "message 2", ds[2].Message.Text, "the payload round-trips")
		assert.Equal(t, "solved", ds[3].Reason)
	})
}

func TestClaimRunsSubjectsInOrder(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		a := create(t, s, "h_a", "conv-a", t0)
		for _, d := range []handoff.Delivery{message(a.ID, 1), message(a.ID, 2), {Subject: a.ID, Kind: handoff.DeliveryClose}} {
			_, _, err := s.enqueue(ctx, d)
			require.NoError(t, err)
		}
		low := sample("h_b", "conv-b", t0.Add(time.Second))
		low.Priority = handoff.PriorityLow
		_, _, err := s.CreateHandoffIfRoom(ctx, low, 0)
		require.NoError(t, err)
		urgent := sample("h_c", "conv-c", t0.Add(2*time.Second))
		urgent.Priority = handoff.PriorityUrgent
		_, _, err = s.CreateHandoffIfRoom(ctx, urgent, 0)
		require.NoError(t, err)

		now := clk.Advance(time.Minute)
		got := claim(t, s, "w1", 10, now)
		assert.Equal(t, []string{"h_c/open", "h_a/open", "h_b/open"}, subjects(got), "heads only, highest priority first")

		// Each subject's next job becomes claimable only when the one before
		// it is finished.
		var order []string
		for len(got) > 0 {
			for _, d := range got {
				order = append(order, d.Subject+"/"+string(d.Kind))
				_, err := s.CompleteDelivery(ctx, d, "inbox", handoff.Receipt{RemoteID: "r-" + d.Subject}, now)
				require.NoError(t, err)
			}
			got = claim(t, s, "w1", 10, now)
		}
		assert.Equal(t, []string{"h_c/open", "h_a/open", "h_b/open", "h_a/message", "h_a/message", "h_a/close"}, order)
		_, ok, err := s.NextDue(ctx)
		require.NoError(t, err)
		assert.False(t, ok, "nothing pending")
	})
}

func TestClaimLeaseAndTakeover(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)

		first := claim(t, s, "w1", 1, t0)
		require.Len(t, first, 1)
		assert.Equal(t, "w1", first[0].LeaseOwner)
		assert.Equal(t, t0.Add(lease).UTC(), first[0].LeaseUntil)
		assert.False(t, first[0].Unknown)
		assert.Empty(t, claim(t, s, "w2", 1, t0.Add(lease-time.Nanosecond)), "held until the lease ends")

		next, ok, err := s.NextDue(ctx)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, t0.Add(lease).UTC(), next, "a leased job is due when its lease ends")

		// w1 dies mid-attempt; w2 takes over when the lease ends, and learns
		// that the first attempt's outcome is unknown.
		second := claim(t, s, "w2", 1, t0.Add(lease))
		require.Len(t, second, 1)
		assert.Equal(t, first[0].ID, second[0].ID)
		assert.True(t, second[0].Unknown)
		assert.NotEqual(t, first[0].LeaseToken, second[0].LeaseToken)

		// w1 comes back to life: it may record nothing.
		for name, write := range map[string]func(handoff.Delivery) error{
			"complete": func(d handoff.Delivery) error {
				_, err := s.CompleteDelivery(ctx, d, "zendesk", handoff.Receipt{RemoteID: "1"}, t0)
				return err
			},
			"retry": func(d handoff.Delivery) error {
				_, err := s.RetryDelivery(ctx, d, "boom", true, t0, t0)
				return err
			},
			"fail": func(d handoff.Delivery) error {
				_, err := s.FailDelivery(ctx, d, "boom", true, t0)
				return err
			},
			"cancel": func(d handoff.Delivery) error {
				_, err := s.CancelDelivery(ctx, d, "gone", t0)
				return err
			},
			"release": func(d handoff.Delivery) error { return s.ReleaseDelivery(ctx, d, t0) },
		} {
			err := write(first[0])
			require.Error(t, err, name)
			assert.True(t, handoff.Is(err, handoff.KindConflict), "%s: %v", name, err)
			assert.Contains(t, err.Error(), "lease was lost", name)
		}
		done, err := s.CompleteDelivery(ctx, second[0], "zendesk", handoff.Receipt{RemoteID: "42"}, t0.Add(lease))
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryDone, done.State)
		assert.Empty(t, done.LeaseToken)
		// A finished job cannot be finished again, even with its own token.
		_, err = s.CompleteDelivery(ctx, second[0], "zendesk", handoff.Receipt{RemoteID: "43"}, t0.Add(lease))
		assert.True(t, handoff.Is(err, handoff.KindConflict))
	})
}

func TestCompleteOpenDeliversHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		d := claim(t, s, "w", 1, t0)[0]
		at := t0.Add(time.Second)
		done, err := s.CompleteDelivery(ctx, d, "zendesk", handoff.Receipt{
			RemoteID: "123", URL: "https://acme.zendesk.com/agent/tickets/123", Meta: map[string]string{"requester_id": "9"},
		}, at)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryDone, done.State)
		assert.Equal(t, 1, done.Attempts)
		assert.Equal(t, "123", done.RemoteID)
		assert.Equal(t, "zendesk", done.Connector)

		h, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, handoff.StateDelivered, h.State)
		assert.Equal(t, "123", h.RemoteID)
		assert.Equal(t, "https://acme.zendesk.com/agent/tickets/123", h.RemoteURL)
		assert.Equal(t, "9", h.RemoteMeta["requester_id"])
		assert.Equal(t, "zendesk", h.Connector)
		assert.Equal(t, 1, h.Attempts)
		evs, err := s.Events(ctx, "h_1")
		require.NoError(t, err)
		require.Len(t, evs, 2)
		assert.Equal(t, handoff.Event{HandoffID: "h_1", From: handoff.StateQueued, To: handoff.StateDelivered, Cause: CauseDelivered, At: at.UTC()}, evs[1])
	})
}

func TestRetryMirrorsOnHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		d := claim(t, s, "w", 1, t0)[0]
		next := t0.Add(4 * time.Second)
		got, err := s.RetryDelivery(ctx, d, "zendesk: 503 Service Unavailable", true, next, t0)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryPending, got.State)
		assert.Equal(t, 1, got.Attempts)
		assert.True(t, got.Unknown)
		assert.Equal(t, next.UTC(), got.NextAttemptAt)
		assert.Empty(t, got.LeaseOwner)
		assert.Empty(t, claim(t, s, "w", 1, next.Add(-time.Nanosecond)), "not due before next")

		h, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, handoff.StateQueued, h.State)
		assert.Equal(t, 1, h.Attempts)
		assert.Equal(t, "zendesk: 503 Service Unavailable", h.LastError)
		assert.Equal(t, next.UTC(), h.NextAttemptAt)

		// The job comes back due, still marked unknown for the next worker.
		again := claim(t, s, "w", 1, next)
		require.Len(t, again, 1)
		assert.True(t, again[0].Unknown)
	})
}

func TestFailOpenParksHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		_, _, err := s.enqueue(ctx, message("h_1", 1))
		require.NoError(t, err)
		_, _, err = s.enqueue(ctx, handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose})
		require.NoError(t, err)

		d := claim(t, s, "w", 1, t0)[0]
		msg := "zendesk: 401 Unauthorized: check helpdesk.zendesk.email and api_token"
		failed, err := s.FailDelivery(ctx, d, msg, true, t0)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryFailed, failed.State)
		assert.True(t, failed.Permanent)
		assert.Equal(t, msg, failed.LastError)

		h, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, handoff.StateFailed, h.State)
		assert.Equal(t, msg, h.LastError)
		assert.True(t, h.NextAttemptAt.IsZero())
		evs, err := s.Events(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, CauseDeliveryFailed, evs[len(evs)-1].Cause)

		ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: "h_1"})
		require.NoError(t, err)
		require.Len(t, ds, 3)
		for _, later := range ds[1:] {
			assert.Equal(t, handoff.DeliveryCancelled, later.State)
			assert.Contains(t, later.LastError, "never opened")
		}
		listed, err := s.ListHandoffs(ctx, handoff.ListFilter{States: []handoff.State{handoff.StateFailed}})
		require.NoError(t, err)
		assert.Len(t, listed, 1, "a failed handoff stays visible and listed")
		// The conversation may ask again: a failed handoff is not open.
		_, created, err := s.CreateHandoffIfRoom(ctx, sample("h_2", "conv", t0), 0)
		require.NoError(t, err)
		assert.True(t, created)
	})
}

func TestFailMessageKeepsHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		open := claim(t, s, "w", 1, t0)[0]
		_, err := s.CompleteDelivery(ctx, open, "freshdesk", handoff.Receipt{RemoteID: "7"}, t0)
		require.NoError(t, err)
		_, _, err = s.enqueue(ctx, message("h_1", 1))
		require.NoError(t, err)
		_, _, err = s.enqueue(ctx, handoff.Delivery{Subject: "h_1", Kind: handoff.DeliveryClose})
		require.NoError(t, err)

		m := claim(t, s, "w", 1, t0)[0]
		_, err = s.FailDelivery(ctx, m, "freshdesk: 404 Not Found", true, t0)
		require.NoError(t, err)
		h, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, handoff.StateDelivered, h.State)
		assert.Empty(t, h.LastError)
		// The close still runs after the failed message.
		next := claim(t, s, "w", 1, t0)
		assert.Equal(t, []string{"h_1/close"}, subjects(next))
	})
}

func TestReleaseAndCancel(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		d := claim(t, s, "w", 1, t0)[0]
		at := t0.Add(time.Second)
		require.NoError(t, s.ReleaseDelivery(ctx, d, at))
		again := claim(t, s, "w2", 1, at)
		require.Len(t, again, 1, "due again at once")
		assert.True(t, again[0].Unknown)
		assert.Equal(t, 0, again[0].Attempts, "an interrupted attempt does not count")

		cancelled, err := s.CancelDelivery(ctx, again[0], "the handoff is cancelled; nothing to open", at)
		require.NoError(t, err)
		assert.Equal(t, handoff.DeliveryCancelled, cancelled.State)
		st, err := s.DeliveryStats(ctx)
		require.NoError(t, err)
		assert.Equal(t, map[handoff.DeliveryState]int{handoff.DeliveryCancelled: 1}, st.Counts)
		assert.True(t, st.OldestPending.IsZero())
	})
}

func TestOfflineMessageForwarding(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		kept := handoff.OfflineMessage{ID: "m_1", ConversationID: "conv", Contact: handoff.Contact{Email: "ada@example.com"}, Text: "Call me"}
		require.NoError(t, s.AddOfflineMessage(ctx, kept))
		fwd := handoff.OfflineMessage{ID: "m_2", ConversationID: "conv", Contact: handoff.Contact{Email: "ada@example.com"}, Text: "Still broken", Connector: "zendesk", CreatedAt: t0}
		require.NoError(t, s.AddOfflineMessage(ctx, fwd))

		ds := claim(t, s, "w", 10, t0)
		require.Len(t, ds, 1, "only the forwarded message has a job")
		d := ds[0]
		assert.Equal(t, handoff.DeliveryOffline, d.Kind)
		assert.Equal(t, "m_2:created", d.Key)
		require.NotNil(t, d.Offline)
		assert.Equal(t, "Still broken", d.Offline.Text)
		assert.Equal(t, "ada@example.com", d.Offline.Contact.Email)

		_, err := s.CompleteDelivery(ctx, d, "zendesk", handoff.Receipt{RemoteID: "555"}, t0)
		require.NoError(t, err)
		ms, err := s.OfflineMessages(ctx, 10)
		require.NoError(t, err)
		byID := map[string]handoff.OfflineMessage{}
		for _, m := range ms {
			byID[m.ID] = m
		}
		assert.Equal(t, "555", byID["m_2"].RemoteID)
		assert.Equal(t, "zendesk", byID["m_2"].Connector)
		assert.Empty(t, byID["m_1"].Connector, "it stays in the inbox")
	})
}

func TestNextDueSkipsBlockedJobs(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0.Add(time.Hour))
		// An earlier-due message behind a later open is not what is due next.
		m := message("h_1", 1)
		m.NextAttemptAt = t0
		_, _, err := s.enqueue(ctx, m)
		require.NoError(t, err)
		next, ok, err := s.NextDue(ctx)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, t0.Add(time.Hour).UTC(), next)
		assert.Empty(t, claim(t, s, "w", 10, t0.Add(time.Minute)))
	})
}
