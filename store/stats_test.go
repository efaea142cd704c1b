package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/desk"
	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/stats"
)

// day0 is the first day of the stats history.
var day0 = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// story is one handoff of a hand-computed history.
type story struct {
	id, trigger, team, lang, judge string
	created                        time.Duration // after day0
	reply                          time.Duration // after created; 0: no agent reply
	end                            handoff.State // "" stays open
	cause                          string
	endAfter                       time.Duration // after created
	transfers                      int
	rating                         int
}

// history is the hand-computed history of TestStatsFigures.
var history = []story{
	{"h1", "human", "billing", "en", "embedded", 9 * time.Hour, 30 * time.Second, handoff.StateClosed, handoff.CauseClosedByAgent, 10 * time.Minute, 0, 5},
	{"h2", "human", "billing", "de", "cascade/llm", 10 * time.Hour, 90 * time.Second, handoff.StateClosed, handoff.CauseClosedByAgent, 20 * time.Minute, 1, 3},
	{"h3", "frustration", "", "fr", "calling_model", 33 * time.Hour, 60 * time.Second, handoff.StateClosed, handoff.CauseEndedByUser, 5 * time.Minute, 0, 4},
	{"h4", "frustration", "", "en", "forced", 35 * time.Hour, 0, handoff.StateCancelled, handoff.CauseEndedByUser, 2 * time.Minute, 0, 0},
	{"h5", "human", "", "fi", "cascade/sampling", 36 * time.Hour, 120 * time.Second, handoff.StateTimedOut, handoff.CauseSessionTimeout, 10 * time.Minute, 0, 0},
	{"h6", "refund", "", "en", "embedded", 56 * time.Hour, 300 * time.Second, "", "", 0, 0, 0},
	// Outside the range: created on day 3.
	{"h7", "human", "billing", "en", "embedded", 75 * time.Hour, 10 * time.Second, handoff.StateClosed, handoff.CauseClosedByAgent, time.Minute, 0, 1},
}

// play stores the history and the decisions of TestStatsFigures.
func play(t *testing.T, s *DB) {
	t.Helper()
	ctx := context.Background()
	for _, st := range history {
		h := sample(st.id, "c-"+st.id, day0.Add(st.created))
		h.Triggers, h.Route, h.Language, h.Classifier = []string{st.trigger}, handoff.Route{Team: st.team}, st.lang, st.judge
		_, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
		require.NoError(t, err)
		require.True(t, created)
		if st.reply > 0 {
			at := h.CreatedAt.Add(st.reply)
			_, err := s.UpdateHandoff(ctx, st.id, func(handoff.Handoff) (handoff.Change, error) {
				return handoff.Change{At: at, State: handoff.StateAgentJoined, Cause: handoff.CauseAgentReplied,
					Session: &handoff.Session{JoinedAt: at, FirstReplyAt: at, LastAgentAt: at}}, nil
			})
			require.NoError(t, err)
		}
		for i := range st.transfers {
			// As the desk records a transfer: the state stays agent_joined.
			require.NoError(t, s.AddTransfer(ctx, desk.Transfer{HandoffID: st.id, FromAgent: "Lea", ToTeam: "b",
				At: h.CreatedAt.Add(st.reply + time.Duration(i+1)*time.Second)}))
		}
		if st.end != "" {
			_, err := s.transition(ctx, st.id, st.end, st.cause, h.CreatedAt.Add(st.endAfter))
			require.NoError(t, err)
		}
		if st.rating > 0 {
			require.NoError(t, s.SaveRating(ctx, handoff.Rating{HandoffID: st.id, Rating: st.rating, At: h.CreatedAt.Add(st.endAfter + time.Minute)}))
		}
	}
	for _, d := range []struct {
		at      time.Duration
		outcome handoff.Outcome
	}{
		{-time.Hour, handoff.OutcomeNotTriggered}, // before the range
		{8 * time.Hour, handoff.OutcomeNotTriggered},
		{8*time.Hour + time.Minute, handoff.OutcomeNotTriggered},
		{30 * time.Hour, handoff.OutcomeNotTriggered},
		{50 * time.Hour, handoff.OutcomeOffHours},
		{51 * time.Hour, handoff.OutcomeNeedsEmail},
	} {
		require.NoError(t, s.RecordDecision(ctx, day0.Add(d.at), d.outcome, "embedded"))
	}
}

func TestStatsFigures(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		play(t, s)
		q := stats.Query{Since: day0, Until: day0.Add(72 * time.Hour)}
		r, err := stats.Compute(context.Background(), s, q)
		require.NoError(t, err)

		assert.Equal(t, stats.Escalations{Total: 6,
			PerDay:     []stats.DayCount{{Day: "2026-03-02", Count: 2}, {Day: "2026-03-03", Count: 3}, {Day: "2026-03-04", Count: 1}},
			PerTrigger: map[string]int{"human": 3, "frustration": 2, "refund": 1},
		}, r.Escalations)
		// 6 handoffs + 5 decisions; 3 fired no trigger; 1 of the 8 that fired was off hours.
		assert.Equal(t, stats.Calls{Total: 11, NotTriggered: 3, NotTriggeredShare: 0.27, OffHours: 1, OffHoursShare: 0.13, NeedsEmail: 1}, r.Calls)
		// First replies 30, 60, 90, 120, 300 s: p50 is the 3rd, p90 the 5th.
		assert.Equal(t, stats.Durations{Count: 5, P50Seconds: 90, P90Seconds: 300}, r.FirstResponse)
		// Resolved: h3 300 s, h1 600 s, h2 1200 s: p50 the 2nd, p90 the 3rd.
		assert.Equal(t, stats.Durations{Count: 3, P50Seconds: 600, P90Seconds: 1200}, r.Resolution)
		assert.Equal(t, stats.Satisfaction{Count: 3, Mean: 4}, r.Satisfaction)
		assert.Equal(t, 1, r.Abandoned, "h4")
		assert.Equal(t, 1, r.Timeouts, "h5")
		assert.Equal(t, 1, r.Transfers, "h2")
		assert.Equal(t, map[string]int{"embedded": 2, "llm": 1, "sampling": 1, "calling_model": 1, "forced": 1, "rules": 0}, r.Judges)

		q.By = stats.ByTeam
		r, err = stats.Compute(context.Background(), s, q)
		require.NoError(t, err)
		assert.Equal(t, []stats.Group{
			{Key: "(none)", Escalations: 4, FirstResponse: stats.Durations{Count: 3, P50Seconds: 120, P90Seconds: 300},
				Resolution: stats.Durations{Count: 1, P50Seconds: 300, P90Seconds: 300}, Satisfaction: stats.Satisfaction{Count: 1, Mean: 4}, Abandoned: 1, Timeouts: 1},
			{Key: "billing", Escalations: 2, FirstResponse: stats.Durations{Count: 2, P50Seconds: 30, P90Seconds: 90},
				Resolution: stats.Durations{Count: 2, P50Seconds: 600, P90Seconds: 1200}, Satisfaction: stats.Satisfaction{Count: 2, Mean: 4}, Transfers: 1},
		}, r.Groups)

		q.By = stats.ByDay
		r, err = stats.Compute(context.Background(), s, q)
		require.NoError(t, err)
		require.Len(t, r.Groups, 3)
		assert.Equal(t, "2026-03-03", r.Groups[1].Key)
		assert.Equal(t, 3, r.Groups[1].Escalations)
	})
}

func TestStatsQueriesUseIndexes(t *testing.T) {
	s := openTest(t, newClock())
	for _, q := range []struct{ sql, index string }{
		{statsHandoffs, "handoffs_created"},
		{statsDecisions, "decisions_at"},
	} {
		rows, err := s.r.Query("EXPLAIN QUERY PLAN "+q.sql, formatTime(day0), formatTime(day0.Add(time.Hour)))
		require.NoError(t, err)
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
			plan = append(plan, detail)
		}
		require.NoError(t, rows.Close())
		all := strings.Join(plan, "\n")
		assert.Contains(t, all, "USING INDEX "+q.index, all)
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") {
				assert.Contains(t, line, "USING", "a full scan: %s", all)
			}
		}
		assert.NotContains(t, all, "TEMP B-TREE", "a sort: %s", all)
	}
}

func TestRatingOnceAndDecisionPruning(t *testing.T) {
	clk := newClock()
	forEachBackend(t, clk, func(t *testing.T, s *DB) {
		ctx := context.Background()
		create(t, s, "h1", "c1", t0)
		require.NoError(t, s.SaveRating(ctx, handoff.Rating{HandoffID: "h1", Rating: 2}))
		err := s.SaveRating(ctx, handoff.Rating{HandoffID: "h1", Rating: 5})
		require.ErrorIs(t, err, handoff.ErrAlreadyRated)
		assert.True(t, handoff.Is(err, handoff.KindConflict))
		err = s.SaveRating(ctx, handoff.Rating{HandoffID: "h_nope", Rating: 5})
		assert.True(t, handoff.Is(err, handoff.KindNotFound), "%v", err)
		r, ok, err := s.Rating(ctx, "h1")
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, handoff.Rating{HandoffID: "h1", Rating: 2, At: t0}, r)

		require.NoError(t, s.RecordDecision(ctx, t0, handoff.OutcomeNotTriggered, "embedded"))
		require.NoError(t, s.RecordDecision(ctx, t0.Add(DecisionRetention+time.Hour), handoff.OutcomeOffHours, "llm"))
		assert.Equal(t, 1, count(t, s, "decisions"), "the first is past the retention when the second arrives")
		n, err := s.PruneDecisions(ctx, t0.Add(DecisionRetention+2*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, int64(1), n)
		require.NoError(t, s.Ready(ctx))
	})
}
