package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// reply is the Change of an agent's reply number seq to h at at.
func reply(h handoff.Handoff, ext string, at time.Time) handoff.Change {
	ss := h.Session
	ss.LastSeq++
	ss.LastAgentAt = at
	if ss.FirstReplyAt.IsZero() {
		ss.FirstReplyAt = at
	}
	return handoff.Change{
		At: at, State: handoff.StateAgentJoined, Cause: "the agent replied", Session: &ss,
		Messages: []handoff.Message{{Seq: ss.LastSeq, Author: handoff.AuthorAgent, Name: "Lea", Text: "Hi " + ext, ExternalID: ext}},
	}
}

func TestUpdateHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		at := t0.Add(time.Minute)
		tests := []struct {
			name      string
			state     handoff.State // the handoff's state before
			decide    func(handoff.Handoff) (handoff.Change, error)
			wantErr   handoff.ErrorKind
			wantState handoff.State
			wantMsgs  int
			wantJobs  int // pending jobs after: the open job, plus any enqueued
		}{
			{"zero change writes nothing", handoff.StateDelivered,
				func(handoff.Handoff) (handoff.Change, error) { return handoff.Change{}, nil },
				0, handoff.StateDelivered, 0, 1},
			{"agent reply: message, session and state in one", handoff.StateDelivered,
				func(h handoff.Handoff) (handoff.Change, error) { return reply(h, "zendesk:1", at), nil },
				0, handoff.StateAgentJoined, 1, 1},
			{"user message with its relay job", handoff.StateAgentJoined,
				func(h handoff.Handoff) (handoff.Change, error) {
					ss := h.Session
					ss.LastSeq, ss.LastUserAt = 1, at
					m := handoff.Message{Seq: 1, Author: handoff.AuthorUser, Text: "thanks"}
					return handoff.Change{At: at, Session: &ss, Messages: []handoff.Message{m}, Jobs: []handoff.Delivery{
						{Subject: h.ID, Kind: handoff.DeliveryMessage, Seq: 1, Message: &m},
					}}, nil
				},
				0, handoff.StateAgentJoined, 1, 2},
			{"decide's error writes nothing", handoff.StateDelivered,
				func(h handoff.Handoff) (handoff.Change, error) {
					return reply(h, "x", at), handoff.Invalid("text", "nope")
				},
				handoff.KindInvalid, handoff.StateDelivered, 0, 1},
			{"leaving a final state is a conflict, and nothing is written", handoff.StateClosed,
				func(h handoff.Handoff) (handoff.Change, error) { return reply(h, "zendesk:2", at), nil },
				handoff.KindConflict, handoff.StateClosed, 0, 1},
			{"a message without a seq is refused", handoff.StateDelivered,
				func(h handoff.Handoff) (handoff.Change, error) {
					return handoff.Change{At: at, Messages: []handoff.Message{{Author: handoff.AuthorAgent, Text: "x"}}}, nil
				},
				handoff.KindInvalid, handoff.StateDelivered, 0, 1},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id := fmt.Sprintf("h_u%d", i)
				create(t, s, id, "conv-"+id, t0)
				if tt.state != handoff.StateQueued {
					_, err := s.transition(ctx, id, tt.state, "setup", t0)
					require.NoError(t, err)
				}
				h, err := s.UpdateHandoff(ctx, id, tt.decide)
				if tt.wantErr != 0 {
					assert.Equal(t, tt.wantErr, handoff.KindOf(err), "%v", err)
				} else {
					require.NoError(t, err)
					assert.Equal(t, tt.wantState, h.State)
				}
				got, err := s.Handoff(ctx, id)
				require.NoError(t, err)
				assert.Equal(t, tt.wantState, got.State)
				msgs, err := s.Messages(ctx, id, 0, 0)
				require.NoError(t, err)
				assert.Len(t, msgs, tt.wantMsgs)
				if tt.wantMsgs == 0 {
					assert.Equal(t, int64(0), got.Session.LastSeq, "the session is untouched")
				}
				ds, err := s.Deliveries(ctx, handoff.DeliveryFilter{Subject: id})
				require.NoError(t, err)
				assert.Len(t, ds, tt.wantJobs)
			})
		}
	})
}

func TestUpdateHandoffRecordsSessionAndEvent(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv-1", t0)
		at := t0.Add(90 * time.Second)
		h, err := s.UpdateHandoff(ctx, "h_1", func(h handoff.Handoff) (handoff.Change, error) {
			c := reply(h, "webhook:evt_1", at)
			c.Session.AgentName, c.Session.JoinedAt = "Lea Koch", at
			c.Messages = append([]handoff.Message{{Seq: 1, Author: handoff.AuthorSystem, Text: "Lea Koch has joined."}}, c.Messages...)
			c.Messages[1].Seq, c.Session.LastSeq = 2, 2
			return c, nil
		})
		require.NoError(t, err)
		assert.Equal(t, handoff.Session{
			AgentName: "Lea Koch", JoinedAt: at, FirstReplyAt: at, LastAgentAt: at, WaitSince: t0, LastSeq: 2,
		}, h.Session)
		assert.Equal(t, at, h.UpdatedAt)
		evs, err := s.Events(ctx, "h_1")
		require.NoError(t, err)
		require.Len(t, evs, 2)
		assert.Equal(t, handoff.Event{HandoffID: "h_1", From: handoff.StateQueued, To: handoff.StateAgentJoined, Cause: "the agent replied", At: at}, evs[1])

		msgs, err := s.Messages(ctx, "h_1", 0, 0)
		require.NoError(t, err)
		require.Len(t, msgs, 2)
		assert.Equal(t, handoff.Message{HandoffID: "h_1", Seq: 1, Author: handoff.AuthorSystem, Text: "Lea Koch has joined.", At: at}, msgs[0])
		assert.Equal(t, handoff.Message{HandoffID: "h_1", Seq: 2, Author: handoff.AuthorAgent, Name: "Lea", Text: "Hi webhook:evt_1", ExternalID: "webhook:evt_1", At: at}, msgs[1])

		after, err := s.Messages(ctx, "h_1", 1, 0)
		require.NoError(t, err)
		assert.Len(t, after, 1, "the cursor skips what was read")
	})
}

func TestUpdateHandoffIgnoresRedeliveredMessage(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv-1", t0)
		_, err := s.UpdateHandoff(ctx, "h_1", func(h handoff.Handoff) (handoff.Change, error) {
			return reply(h, "zendesk:77", t0.Add(time.Minute)), nil
		})
		require.NoError(t, err)
		before, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)

		_, err = s.UpdateHandoff(ctx, "h_1", func(h handoff.Handoff) (handoff.Change, error) {
			return reply(h, "zendesk:77", t0.Add(2*time.Minute)), nil
		})
		assert.Equal(t, handoff.KindConflict, handoff.KindOf(err))
		assert.True(t, errors.Is(err, handoff.ErrDuplicateMessage), "%v", err)
		after, err := s.Handoff(ctx, "h_1")
		require.NoError(t, err)
		assert.Equal(t, before, after, "a redelivered message changes nothing")
		assert.Equal(t, 1, count(t, s, "messages"))

		// Messages without an external id (the user's) never collide.
		for range 2 {
			_, err := s.UpdateHandoff(ctx, "h_1", func(h handoff.Handoff) (handoff.Change, error) {
				ss := h.Session
				ss.LastSeq++
				return handoff.Change{Session: &ss, Messages: []handoff.Message{{Seq: ss.LastSeq, Author: handoff.AuthorUser, Text: "again"}}}, nil
			})
			require.NoError(t, err)
		}
		assert.Equal(t, 3, count(t, s, "messages"))
	})
}

func TestUpdateHandoffUnknown(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		_, err := s.UpdateHandoff(context.Background(), "h_missing", func(handoff.Handoff) (handoff.Change, error) {
			t.Fatal("decide called for a missing handoff")
			return handoff.Change{}, nil
		})
		assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
	})
}

func TestHandoffByRemote(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		deliver := func(id, conv, connector, remote string, at time.Time) {
			h := sample(id, conv, at)
			h.Connector = connector
			_, _, err := s.CreateHandoffIfRoom(ctx, h, 0)
			require.NoError(t, err)
			_, err = s.markDelivered(ctx, id, handoff.Receipt{RemoteID: remote}, at)
			require.NoError(t, err)
		}
		deliver("h_old", "c1", "zendesk", "5158", t0)
		_, err := s.transition(ctx, "h_old", handoff.StateClosed, "done", t0)
		require.NoError(t, err)
		deliver("h_new", "c2", "zendesk", "5158", t0.Add(time.Hour)) // a reused remote id: the newest wins
		deliver("h_wh", "c3", "webhook", "5158", t0.Add(2*time.Hour))
		// A remote id that is the handoff's own id (the inbox's; a webhook
		// whose receiver named none) is found through the primary key, not
		// handoffs_remote (0013), and the newest still wins across both.
		deliver("h_inbox", "c4", "inbox", "h_inbox", t0)
		deliver("h_self", "c5", "webhook", "h_self", t0)
		deliver("h_later", "c6", "webhook", "h_self", t0.Add(time.Hour)) // a receiver that named the older handoff's id
		deliver("h_again", "c7", "webhook", "h_before", t0.Add(time.Hour))
		deliver("h_before", "c8", "webhook", "h_before", t0.Add(2*time.Hour))

		tests := []struct {
			connector, remote, want string
		}{
			{"zendesk", "5158", "h_new"},
			{"webhook", "5158", "h_wh"},
			{"inbox", "h_inbox", "h_inbox"},
			{"zendesk", "h_inbox", ""},
			{"webhook", "h_self", "h_later"},
			{"webhook", "h_before", "h_before"},
			{"intercom", "5158", ""},
			{"zendesk", "999", ""},
			{"zendesk", "", ""},
		}
		for _, tt := range tests {
			t.Run(tt.connector+"/"+tt.remote, func(t *testing.T) {
				h, err := s.HandoffByRemote(ctx, tt.connector, tt.remote)
				if tt.want == "" {
					assert.Equal(t, handoff.KindNotFound, handoff.KindOf(err))
					return
				}
				require.NoError(t, err)
				assert.Equal(t, tt.want, h.ID)
			})
		}
	})
}

func TestQueueOrderAndPosition(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		add := func(id string, p handoff.Priority, at time.Time) handoff.Handoff {
			h := sample(id, "conv-"+id, at)
			h.Priority = p
			stored, _, err := s.CreateHandoffIfRoom(ctx, h, 0)
			require.NoError(t, err)
			return stored
		}
		low := add("h_low", handoff.PriorityLow, t0)
		n1 := add("h_n1", handoff.PriorityNormal, t0.Add(time.Second))
		n2 := add("h_n2", "", t0.Add(2*time.Second)) // unset counts as normal
		hi := add("h_hi", handoff.PriorityHigh, t0.Add(3*time.Second))
		urgent := add("h_urgent", handoff.PriorityUrgent, t0.Add(4*time.Second))
		joined := add("h_joined", handoff.PriorityUrgent, t0.Add(-time.Hour))
		_, err := s.transition(ctx, joined.ID, handoff.StateAgentJoined, "the agent replied", t0)
		require.NoError(t, err)
		joined.State = handoff.StateAgentJoined

		listed, err := s.ListHandoffs(ctx, handoff.ListFilter{States: []handoff.State{handoff.StateQueued, handoff.StateDelivered}, Order: handoff.OrderQueue})
		require.NoError(t, err)
		ids := []string{}
		for _, h := range listed {
			ids = append(ids, h.ID)
		}
		assert.Equal(t, []string{"h_urgent", "h_hi", "h_n1", "h_n2", "h_low"}, ids, "priority first, then age")

		for _, tt := range []struct {
			h    handoff.Handoff
			want int
		}{{urgent, 1}, {hi, 2}, {n1, 3}, {n2, 4}, {low, 5}, {joined, 0}} {
			got, err := s.QueuePosition(ctx, tt.h)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, tt.h.ID)
		}
	})
}

func TestCreateHandoffIfRoom(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		for i := range 3 {
			_, created, err := s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("h_%d", i), fmt.Sprintf("c%d", i), t0), 3)
			require.NoError(t, err)
			require.True(t, created)
		}
		_, created, err := s.CreateHandoffIfRoom(ctx, sample("h_full", "c-full", t0), 3)
		assert.False(t, created)
		assert.Equal(t, handoff.KindConflict, handoff.KindOf(err))
		assert.True(t, errors.Is(err, handoff.ErrQueueFull))
		assert.Equal(t, 3, count(t, s, "handoffs"), "nothing stored")
		assert.Equal(t, 3, count(t, s, "deliveries"), "no open job either")

		open, created, err := s.CreateHandoffIfRoom(ctx, sample("h_again", "c1", t0), 3)
		require.NoError(t, err, "a conversation's open handoff is returned however full the queue is")
		assert.False(t, created)
		assert.Equal(t, "h_1", open.ID)

		_, err = s.transition(ctx, "h_0", handoff.StateAgentJoined, "the agent replied", t0)
		require.NoError(t, err)
		_, created, err = s.CreateHandoffIfRoom(ctx, sample("h_room", "c-room", t0), 3)
		require.NoError(t, err, "an agent took one: room again")
		assert.True(t, created)
	})
}

func TestCreateHandoffIfRoomConcurrent(t *testing.T) {
	// Two handles on one file, many goroutines: the queue never overfills.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "handoff.db")
	a, b := openAt(t, path, newClock()), openAt(t, path, newClock())
	const n, max = 40, 7
	var wg sync.WaitGroup
	var mu sync.Mutex
	created, full := 0, 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := a
			if i%2 == 1 {
				s = b
			}
			_, ok, err := s.CreateHandoffIfRoom(ctx, sample(fmt.Sprintf("h_%02d", i), fmt.Sprintf("c%02d", i), t0), max)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case ok:
				created++
			case errors.Is(err, handoff.ErrQueueFull):
				full++
			default:
				t.Errorf("create %d: %v", i, err)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, max, created)
	assert.Equal(t, n-max, full)
	assert.Equal(t, max, count(t, a, "handoffs"))
}

func TestWaitTimes(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		for i, wait := range []time.Duration{30 * time.Second, 2 * time.Minute, 45 * time.Second} {
			id := fmt.Sprintf("h_%d", i)
			created := t0.Add(time.Duration(i) * time.Hour)
			create(t, s, id, "c"+id, created)
			_, err := s.UpdateHandoff(ctx, id, func(h handoff.Handoff) (handoff.Change, error) {
				return reply(h, "x", created.Add(wait)), nil
			})
			require.NoError(t, err)
		}
		create(t, s, "h_waiting", "c-waiting", t0) // no reply: not counted

		got, err := s.WaitTimes(ctx, 10)
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{45 * time.Second, 2 * time.Minute, 30 * time.Second}, got, "newest reply first")
		got, err = s.WaitTimes(ctx, 2)
		require.NoError(t, err)
		assert.Equal(t, []time.Duration{45 * time.Second, 2 * time.Minute}, got)
		got, err = s.WaitTimes(ctx, 0)
		require.NoError(t, err)
		assert.Empty(t, got)
	})
}

func TestDueTimeouts(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		set := func(id string, state handoff.State, edit func(*handoff.Session)) {
			create(t, s, id, "c-"+id, t0)
			_, err := s.UpdateHandoff(ctx, id, func(h handoff.Handoff) (handoff.Change, error) {
				ss := h.Session
				edit(&ss)
				return handoff.Change{At: t0, State: state, Cause: "setup", Session: &ss}, nil
			})
			require.NoError(t, err)
		}
		agentAt := t0.Add(time.Minute)
		set("h_waiting", handoff.StateDelivered, func(*handoff.Session) {})
		set("h_asked", handoff.StateDelivered, func(ss *handoff.Session) { ss.AskedAt = t0.Add(time.Minute) })
		set("h_kept", handoff.StateQueued, func(ss *handoff.Session) { ss.WaitSince = t0.Add(10 * time.Minute) })
		set("h_assigned", handoff.StateAgentJoined, func(ss *handoff.Session) { ss.JoinedAt = t0 })
		set("h_quiet", handoff.StateAgentJoined, func(ss *handoff.Session) { ss.FirstReplyAt, ss.LastAgentAt = agentAt, agentAt })
		set("h_answered", handoff.StateAgentJoined, func(ss *handoff.Session) {
			ss.FirstReplyAt, ss.LastAgentAt, ss.LastUserAt = agentAt, agentAt, agentAt.Add(time.Second)
		})
		set("h_user_first", handoff.StateAgentJoined, func(ss *handoff.Session) {
			ss.FirstReplyAt, ss.LastAgentAt, ss.LastUserAt = agentAt, agentAt, agentAt.Add(-time.Second)
		})
		set("h_closed", handoff.StateClosed, func(ss *handoff.Session) { ss.FirstReplyAt, ss.LastAgentAt = agentAt, agentAt })

		ids := func(waitBefore, sessionBefore time.Time) []string {
			hs, err := s.DueTimeouts(ctx, waitBefore, sessionBefore, 0)
			require.NoError(t, err)
			out := []string{}
			for _, h := range hs {
				out = append(out, h.ID)
			}
			return out
		}
		tests := []struct {
			name                      string
			waitBefore, sessionBefore time.Time
			want                      []string
		}{
			{"nothing due yet", t0.Add(-time.Second), agentAt.Add(-time.Second), []string{}},
			{"waiting timeout: no reply, not asked, waiting since before",
				t0, time.Time{}, []string{"h_waiting", "h_assigned"}},
			{"a user who kept waiting counts from then", t0.Add(10 * time.Minute), time.Time{}, []string{"h_waiting", "h_kept", "h_assigned"}},
			{"session timeout: the agent's last message unanswered",
				time.Time{}, agentAt, []string{"h_quiet", "h_user_first"}},
			{"both", t0, agentAt, []string{"h_waiting", "h_assigned", "h_quiet", "h_user_first"}},
			{"neither", time.Time{}, time.Time{}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				assert.ElementsMatch(t, tt.want, ids(tt.waitBefore, tt.sessionBefore))
			})
		}
	})
}

func TestDeduper(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	path := filepath.Join(t.TempDir(), "handoff.db")
	a, b := openAt(t, path, clk), openAt(t, path, clk)

	seen, err := a.Seen(ctx, "zendesk", "evt-1", t0)
	require.NoError(t, err)
	assert.False(t, seen, "first delivery")
	seen, err = b.Seen(ctx, "zendesk", "evt-1", t0.Add(time.Minute))
	require.NoError(t, err)
	assert.True(t, seen, "the redelivery, to another process on the same database")
	seen, err = a.Seen(ctx, "intercom", "evt-1", t0)
	require.NoError(t, err)
	assert.False(t, seen, "ids are per connector")

	require.NoError(t, b.Forget(ctx, "zendesk", "evt-1"))
	seen, err = a.Seen(ctx, "zendesk", "evt-1", t0.Add(2*time.Minute))
	require.NoError(t, err)
	assert.False(t, seen, "forgotten after a failure: the retry is applied")

	// Remembered at least a day (hooks.DefaultMaxAge); gone after the retention.
	seen, err = a.Seen(ctx, "zendesk", "evt-1", t0.Add(25*time.Hour))
	require.NoError(t, err)
	assert.True(t, seen)
	_, err = a.Seen(ctx, "zendesk", "evt-2", t0.Add(InboundRetention+time.Hour))
	require.NoError(t, err)
	assert.Equal(t, 1, count(t, a, "inbound_events WHERE event_id = 'evt-2'"))
	assert.Equal(t, 0, count(t, a, "inbound_events WHERE event_id = 'evt-1' AND connector = 'zendesk'"), "older than the retention: pruned")
}

func TestDeduperConcurrent(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		var wg sync.WaitGroup
		var mu sync.Mutex
		firsts := 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				seen, err := s.Seen(ctx, "chatwoot", "message:1", t0)
				assert.NoError(t, err)
				if !seen {
					mu.Lock()
					firsts++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		assert.Equal(t, 1, firsts, "exactly one delivery is new")
	})
}

func TestMigrationGivesEarlierHandoffsASession(t *testing.T) {
	// A database written before the live session: its handoffs keep
	// working, waiting since they were created.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db := migratedBefore(t, path, "0003_session.sql")
	clk := newClock()
	_, err := db.Exec(`INSERT INTO handoffs (id, conversation_id, state, connector, remote_id, created_at, updated_at)
		VALUES ('h_old', 'c1', 'delivered', 'zendesk', '5158', ?, ?)`, formatTime(t0), formatTime(t0))
	require.NoError(t, err)
	require.NoError(t, db.Close())

	s := openAt(t, path, clk)
	h, err := s.HandoffByRemote(ctx, "zendesk", "5158")
	require.NoError(t, err)
	assert.Equal(t, handoff.Session{WaitSince: t0}, h.Session)
	due, err := s.DueTimeouts(ctx, t0, time.Time{}, 0)
	require.NoError(t, err)
	assert.Len(t, due, 1)
}

// TestQueuePositionMatchesQueueOrder checks QueuePosition and the queue
// length kept in queue_counts against ListHandoffs' queue order, through
// creations, transitions out of and back into the queue, ties on the
// creation time, and both ways of counting a rank (younger or older).
func TestQueuePositionMatchesQueueOrder(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		prios := []handoff.Priority{handoff.PriorityLow, "", handoff.PriorityNormal, handoff.PriorityHigh, handoff.PriorityUrgent}
		var ids []string
		for i := range 60 {
			// Ties of three on the creation time; pairs share a rank.
			h := sample(fmt.Sprintf("h_%02d", i), fmt.Sprintf("conv-%d", i), t0.Add(time.Duration(i/3)*time.Second))
			h.Priority = prios[(i/2)%len(prios)]
			if i%11 == 0 {
				h.State = handoff.StateDelivered
			}
			_, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
			require.NoError(t, err)
			require.True(t, created)
			ids = append(ids, h.ID)
		}
		for i, id := range ids {
			switch i % 5 {
			case 1:
				_, err := s.transition(ctx, id, handoff.StateAgentJoined, "the agent replied", t0)
				require.NoError(t, err)
			case 3:
				_, err := s.transition(ctx, id, handoff.StateClosed, "resolved", t0)
				require.NoError(t, err)
			}
			if i%10 == 1 { // back to waiting, as a session that waits again
				_, err := s.transition(ctx, id, handoff.StateDelivered, "the agent left", t0)
				require.NoError(t, err)
			}
		}

		check := func(t *testing.T) {
			queue, err := s.ListHandoffs(ctx, handoff.ListFilter{States: []handoff.State{handoff.StateQueued, handoff.StateDelivered}, Order: handoff.OrderQueue, Limit: 1000})
			require.NoError(t, err)
			require.NotEmpty(t, queue)
			var length int
			require.NoError(t, s.r.QueryRowContext(ctx, countWaiting).Scan(&length))
			assert.Equal(t, len(queue), length, "queue_counts")
			for i, h := range queue {
				got, err := s.QueuePosition(ctx, h)
				require.NoError(t, err)
				assert.Equal(t, i+1, got, h.ID)
			}
			for _, id := range ids {
				h, err := s.Handoff(ctx, id)
				require.NoError(t, err)
				if !h.State.Waiting() {
					got, err := s.QueuePosition(ctx, h)
					require.NoError(t, err)
					assert.Zero(t, got, id)
					h.State = handoff.StateQueued // a stale copy: it left the queue
					got, err = s.QueuePosition(ctx, h)
					require.NoError(t, err)
					assert.Zero(t, got, id)
				}
			}
		}
		t.Run("counting younger", check)
		t.Run("counting older", func(t *testing.T) {
			defer func(n int) { positionScanLimit = n }(positionScanLimit)
			positionScanLimit = 2
			check(t)
		})
	})
}

// TestCreateHandoffPositioned checks that the position CreateHandoffPositioned
// reads in its transaction is the one QueuePosition reads after it, for
// handoffs of every rank, created out of time order (younger ones already
// wait) and with ties, and that it is 0 for a handoff that does not wait or
// was not created.
func TestCreateHandoffPositioned(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		prios := []handoff.Priority{handoff.PriorityLow, "", handoff.PriorityHigh, handoff.PriorityUrgent, handoff.PriorityNormal}
		for i := range 30 {
			// Creation times go back and forth, in ties of two.
			at := t0.Add(time.Duration((i/2)%7) * time.Second)
			h := sample(fmt.Sprintf("h_%02d", i), fmt.Sprintf("conv-%d", i), at)
			h.Priority = prios[i%len(prios)]
			if i%4 == 0 {
				h.State = handoff.StateDelivered
			}
			stored, created, pos, err := s.CreateHandoffPositioned(ctx, h, 0)
			require.NoError(t, err)
			require.True(t, created)
			want, err := s.QueuePosition(ctx, stored)
			require.NoError(t, err)
			require.Positive(t, want)
			assert.Equal(t, want, pos, h.ID)
		}

		again := sample("h_again", "conv-3", t0)
		stored, created, pos, err := s.CreateHandoffPositioned(ctx, again, 0)
		require.NoError(t, err)
		assert.False(t, created)
		assert.Equal(t, "h_03", stored.ID)
		assert.Zero(t, pos, "not created")

		joined := sample("h_joined", "conv-joined", t0)
		joined.State = handoff.StateAgentJoined
		_, created, pos, err = s.CreateHandoffPositioned(ctx, joined, 0)
		require.NoError(t, err)
		assert.True(t, created)
		assert.Zero(t, pos, "not waiting")
	})
}
