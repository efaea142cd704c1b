package store

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestTransition(t *testing.T) {
	ctx := context.Background()
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	type step struct {
		to    handoff.State
		cause string
		at    time.Time
	}
	tests := []struct {
		name      string
		start     handoff.State
		steps     []step
		wantState handoff.State
		wantKind  handoff.ErrorKind // of the last step's error; KindOther means none
		// wantEvents are the events after creation.
		wantEvents []handoff.Event
	}{
		{
			name:  "the whole lifecycle",
			start: handoff.StateQueued,
			steps: []step{
				{handoff.StateDelivered, "delivered", at(1)},
				{handoff.StateAgentJoined, "agent replied", at(2)},
				{handoff.StateClosed, "agent closed", at(3)},
			},
			wantState: handoff.StateClosed,
			wantEvents: []handoff.Event{
				{From: handoff.StateQueued, To: handoff.StateDelivered, Cause: "delivered", At: at(1)},
				{From: handoff.StateDelivered, To: handoff.StateAgentJoined, Cause: "agent replied", At: at(2)},
				{From: handoff.StateAgentJoined, To: handoff.StateClosed, Cause: "agent closed", At: at(3)},
			},
		},
		{
			name:      "same state is a no-op",
			start:     handoff.StateQueued,
			steps:     []step{{handoff.StateQueued, "again", at(1)}},
			wantState: handoff.StateQueued,
		},
		{
			name:      "waiting timeout",
			start:     handoff.StateDelivered,
			steps:     []step{{handoff.StateTimedOut, "waiting timeout", at(1)}},
			wantState: handoff.StateTimedOut,
			wantEvents: []handoff.Event{
				{From: handoff.StateDelivered, To: handoff.StateTimedOut, Cause: "waiting timeout", At: at(1)},
			},
		},
		{
			name:      "final to open is a conflict",
			start:     handoff.StateQueued,
			steps:     []step{{handoff.StateCancelled, "user withdrew", at(1)}, {handoff.StateQueued, "retry", at(2)}},
			wantState: handoff.StateCancelled,
			wantKind:  handoff.KindConflict,
			wantEvents: []handoff.Event{
				{From: handoff.StateQueued, To: handoff.StateCancelled, Cause: "user withdrew", At: at(1)},
			},
		},
		{
			name:      "final to final is a conflict",
			start:     handoff.StateQueued,
			steps:     []step{{handoff.StateFailed, "401 from helpdesk", at(1)}, {handoff.StateClosed, "closed", at(2)}},
			wantState: handoff.StateFailed,
			wantKind:  handoff.KindConflict,
			wantEvents: []handoff.Event{
				{From: handoff.StateQueued, To: handoff.StateFailed, Cause: "401 from helpdesk", At: at(1)},
			},
		},
		{
			name:      "final to the same final state is a no-op",
			start:     handoff.StateQueued,
			steps:     []step{{handoff.StateClosed, "agent closed", at(1)}, {handoff.StateClosed, "user closed", at(2)}},
			wantState: handoff.StateClosed,
			wantEvents: []handoff.Event{
				{From: handoff.StateQueued, To: handoff.StateClosed, Cause: "agent closed", At: at(1)},
			},
		},
		{
			name:      "unknown state is invalid",
			start:     handoff.StateQueued,
			steps:     []step{{"escalated", "", at(1)}},
			wantState: handoff.StateQueued,
			wantKind:  handoff.KindInvalid,
		},
		{
			name:      "zero time is the clock's now",
			start:     handoff.StateQueued,
			steps:     []step{{handoff.StateDelivered, "delivered", time.Time{}}},
			wantState: handoff.StateDelivered,
			wantEvents: []handoff.Event{
				{From: handoff.StateQueued, To: handoff.StateDelivered, Cause: "delivered", At: t0.Add(time.Hour)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newClock()
			s := openTest(t, clk)
			in := sample("h_1", "conv", t0)
			in.State = tt.start
			created, ok, err := s.CreateHandoffIfRoom(ctx, in, 0)
			require.NoError(t, err)
			require.True(t, ok)
			clk.Advance(time.Hour)

			var (
				got     handoff.Handoff
				lastErr error
			)
			want := created
			for i, st := range tt.steps {
				got, lastErr = s.transition(ctx, "h_1", st.to, st.cause, st.at)
				if i < len(tt.steps)-1 {
					require.NoError(t, lastErr, "step %d", i)
				}
				if lastErr == nil && got.State != want.State {
					want.State, want.UpdatedAt = st.to, got.UpdatedAt
				}
			}
			if tt.wantKind == handoff.KindOther {
				require.NoError(t, lastErr)
				assert.Equal(t, want, got, "Transition returns the updated handoff")
			} else {
				require.Error(t, lastErr)
				assert.Equal(t, tt.wantKind, handoff.KindOf(lastErr), "%v", lastErr)
			}

			read, err := s.Handoff(ctx, "h_1")
			require.NoError(t, err)
			assert.Equal(t, tt.wantState, read.State)
			assert.Equal(t, want, read)
			if len(tt.wantEvents) == 0 {
				assert.Equal(t, created.UpdatedAt, read.UpdatedAt, "no transition, no update")
			} else {
				assert.Equal(t, tt.wantEvents[len(tt.wantEvents)-1].At, read.UpdatedAt)
			}

			events, err := s.Events(ctx, "h_1")
			require.NoError(t, err)
			wantEvents := []handoff.Event{{HandoffID: "h_1", To: tt.start, Cause: CauseCreated, At: t0}}
			for _, e := range tt.wantEvents {
				e.HandoffID = "h_1"
				wantEvents = append(wantEvents, e)
			}
			assert.Equal(t, wantEvents, events)
		})
	}
}

func TestEventsPerHandoff(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv-1", t0)
		create(t, s, "h_2", "conv-2", t0)
		// Interleaved transitions with times out of order: events keep the
		// order in which they happened.
		_, err := s.transition(ctx, "h_2", handoff.StateDelivered, "d2", t0.Add(5*time.Minute))
		require.NoError(t, err)
		_, err = s.transition(ctx, "h_1", handoff.StateDelivered, "d1", t0.Add(2*time.Minute))
		require.NoError(t, err)
		_, err = s.transition(ctx, "h_2", handoff.StateClosed, "c2", t0.Add(1*time.Minute))
		require.NoError(t, err)

		events, err := s.Events(ctx, "h_2")
		require.NoError(t, err)
		causes := []string{}
		for _, e := range events {
			assert.Equal(t, "h_2", e.HandoffID)
			causes = append(causes, e.Cause)
		}
		assert.Equal(t, []string{CauseCreated, "d2", "c2"}, causes)
	})
}

func TestRecordAttempt(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		steps := []struct {
			msg      string
			next, at time.Time
		}{
			{"helpdesk returned 503", t0.Add(5 * time.Second), t0.Add(time.Second)},
			{"connection refused", t0.Add(20 * time.Second), t0.Add(10 * time.Second)},
			{"gave up", time.Time{}, t0.Add(30 * time.Second)},
		}
		for i, st := range steps {
			got, err := s.recordAttempt(ctx, "h_1", st.msg, st.next, st.at)
			require.NoError(t, err)
			assert.Equal(t, i+1, got.Attempts)
			assert.Equal(t, st.msg, got.LastError)
			assert.Equal(t, st.next, got.NextAttemptAt)
			assert.Equal(t, st.at, got.UpdatedAt)
			assert.Equal(t, handoff.StateQueued, got.State, "a failed attempt leaves the state alone")
			read, err := s.Handoff(ctx, "h_1")
			require.NoError(t, err)
			assert.Equal(t, got, read)
		}
		events, err := s.Events(ctx, "h_1")
		require.NoError(t, err)
		assert.Len(t, events, 1, "attempts are not transitions")
	})
}

func TestMarkDelivered(t *testing.T) {
	ctx := context.Background()
	receipt := handoff.Receipt{RemoteID: "T-42", URL: "https://help.example.com/t/42", Meta: map[string]string{"requester_id": "7"}}
	tests := []struct {
		name       string
		before     []handoff.State // transitions before delivery
		wantState  handoff.State
		wantEvents int
	}{
		{"queued becomes delivered", nil, handoff.StateDelivered, 2},
		{"agent already joined", []handoff.State{handoff.StateAgentJoined}, handoff.StateAgentJoined, 2},
		{"cancelled meanwhile keeps the receipt", []handoff.State{handoff.StateCancelled}, handoff.StateCancelled, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, newClock())
			create(t, s, "h_1", "conv", t0)
			_, err := s.recordAttempt(ctx, "h_1", "timeout", t0.Add(time.Minute), t0)
			require.NoError(t, err)
			for _, st := range tt.before {
				_, err := s.transition(ctx, "h_1", st, "test", t0)
				require.NoError(t, err)
			}
			at := t0.Add(2 * time.Minute)
			got, err := s.markDelivered(ctx, "h_1", receipt, at)
			require.NoError(t, err)
			assert.Equal(t, tt.wantState, got.State)
			assert.Equal(t, "T-42", got.RemoteID)
			assert.Equal(t, receipt.URL, got.RemoteURL)
			assert.Equal(t, map[string]string{"requester_id": "7"}, got.RemoteMeta)
			assert.Equal(t, 2, got.Attempts)
			assert.Empty(t, got.LastError)
			assert.True(t, got.NextAttemptAt.IsZero())
			assert.Equal(t, at, got.UpdatedAt)
			read, err := s.Handoff(ctx, "h_1")
			require.NoError(t, err)
			assert.Equal(t, got, read)
			events, err := s.Events(ctx, "h_1")
			require.NoError(t, err)
			require.Len(t, events, tt.wantEvents)
			if tt.before == nil {
				assert.Equal(t, handoff.Event{HandoffID: "h_1", From: handoff.StateQueued, To: handoff.StateDelivered, Cause: CauseDelivered, At: at}, events[1])
			}

			// A second receipt without a URL keeps the stored one.
			again, err := s.markDelivered(ctx, "h_1", handoff.Receipt{RemoteID: "T-43"}, at)
			require.NoError(t, err)
			assert.Equal(t, "T-43", again.RemoteID)
			assert.Equal(t, receipt.URL, again.RemoteURL)
			assert.Equal(t, receipt.Meta, again.RemoteMeta)
			events, err = s.Events(ctx, "h_1")
			require.NoError(t, err)
			assert.Len(t, events, tt.wantEvents, "no second transition")
		})
	}
}
