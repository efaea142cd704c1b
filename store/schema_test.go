package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestTranscriptRoundTrip(t *testing.T) {
	ctx := context.Background()
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		manyTurns := make([]handoff.Turn, 10_000)
		for i := range manyTurns {
			manyTurns[i] = handoff.Turn{Role: handoff.RoleUser, Content: fmt.Sprintf("turn %d: ¿dónde está mi pedido?", i)}
		}
		large := strings.Repeat("Hyvää päivää, 你好, مرحبا, 👩‍👩‍👧‍👦 ", 100_000) // about 4.6 MB
		tests := []struct {
			name       string
			transcript []handoff.Turn
			question   string
		}{
			{"languages", []handoff.Turn{
				{Role: handoff.RoleUser, Content: "Ich möchte mit einem Menschen sprechen, bitte. Größe: ß"},
				{Role: handoff.RoleAssistant, Content: "Je peux vous aider : « réessayez » plus tard ?"},
				{Role: handoff.RoleUser, Content: "Haluan puhua ihmisen kanssa – heti!"},
				{Role: handoff.RoleUser, Content: "私は人間と話したい。 Хочу поговорить с человеком. אני רוצה לדבר עם אדם"},
			}, "¿Puedo hablar con una persona?"},
			{"emoji and combining marks", []handoff.Turn{
				{Role: handoff.RoleUser, Content: "😡😡 charged twice 💳 👍🏽 🇫🇮 e\u0301 n\u0303 \u200d\u200b"},
			}, "🙏"},
			{"characters JSON and HTML escape", []handoff.Turn{
				{Role: handoff.RoleSystem, Content: "quotes \" ' backslash \\ slash / <script>alert(1)</script> & amp"},
				{Role: handoff.RoleUser, Content: "control \x00 \x01 \t tab \r\n newline \u2028 \u2029 end"},
			}, "\"quoted\"\n"},
			{"SQL-looking text", []handoff.Turn{
				{Role: handoff.RoleUser, Content: "'); DROP TABLE handoffs; --"},
			}, "' OR 1=1 --"},
			{"empty content", []handoff.Turn{{Role: handoff.RoleUser, Content: ""}}, ""},
			{"large content", []handoff.Turn{{Role: handoff.RoleUser, Content: large}}, large[:1000]},
			{"ten thousand turns", manyTurns, "last"},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := sample(fmt.Sprintf("h_%d", i), fmt.Sprintf("conv-%d", i), t0)
				h.Transcript, h.Question = tt.transcript, tt.question
				h.Reason = tt.question
				h.Metadata = map[string]string{"note": tt.question, "ключ": "值"}
				_, created, err := s.CreateHandoffIfRoom(ctx, h, 0)
				require.NoError(t, err)
				require.True(t, created)
				got, err := s.Handoff(ctx, h.ID)
				require.NoError(t, err)
				assert.Equal(t, h.Transcript, got.Transcript)
				assert.Equal(t, h.Question, got.Question)
				assert.Equal(t, h.Reason, got.Reason)
				assert.Equal(t, h.Metadata, got.Metadata)
				assert.True(t, utf8.ValidString(got.Transcript[0].Content))
			})
		}
		assert.Equal(t, 1, count(t, s, "handoffs WHERE transcript LIKE '%DROP TABLE%'"), "the table survived and stores the text")
	})
}

func TestStoredJSONIsReadable(t *testing.T) {
	// Other tools (sqlite3, the JSON functions in later migrations) read
	// these columns: they must be valid JSON of the documented shape.
	s := openTest(t, newClock())
	h := sample("h_1", "conv", t0)
	h.Transcript = []handoff.Turn{{Role: handoff.RoleUser, Content: "<b>Hi & bye</b>"}}
	_, _, err := s.CreateHandoffIfRoom(context.Background(), h, 0)
	require.NoError(t, err)
	var role, content, trigger, team, vip, created string
	require.NoError(t, s.r.QueryRow(`SELECT transcript ->> '$[0].role', transcript ->> '$[0].content',
		triggers ->> '$[0]', route ->> '$.team', metadata ->> '$.vip', created_at FROM handoffs`).
		Scan(&role, &content, &trigger, &team, &vip, &created))
	assert.Equal(t, "user", role)
	assert.Equal(t, "<b>Hi & bye</b>", content)
	assert.Equal(t, "explicit_request", trigger)
	assert.Equal(t, "billing", team)
	assert.Equal(t, "true", vip)
	assert.Equal(t, "2025-03-01T09:00:00.123456789Z", created)
	var route, transcript string
	require.NoError(t, s.r.QueryRow(`SELECT route, transcript FROM handoffs`).Scan(&route, &transcript))
	assert.JSONEq(t, `{"team":"billing","department":"finance","language":"fi"}`, route)
	assert.Equal(t, `[{"role":"user","content":"<b>Hi & bye</b>"}]`, transcript, "compact, HTML left as it is")
}

func TestOpenStatesMatchSchema(t *testing.T) {
	// The partial index, the queries and handoff.OpenStates must agree.
	b, err := migrationFS.ReadFile("migrations/0001_init.sql")
	require.NoError(t, err)
	var quoted []string
	for _, st := range handoff.OpenStates {
		quoted = append(quoted, "'"+string(st)+"'")
	}
	want := "state IN (" + strings.Join(quoted, ", ") + ")"
	assert.Equal(t, want, openClause)
	assert.Contains(t, string(b), "WHERE "+want)
}

// listPlans are ListHandoffs' statements as its callers filter, each with
// the partial index (0013; postgres 0003) that must serve it, on either
// backend.
var listPlans = []struct {
	name   string
	filter handoff.ListFilter
	index  string
}{
	{"list waiting", handoff.ListFilter{States: []handoff.State{handoff.StateQueued, handoff.StateDelivered}}, "handoffs_waiting"},
	{"list open (the desk's queue)", handoff.ListFilter{States: handoff.OpenStates, Order: handoff.OrderQueue}, "handoffs_one_open"},
	{"list settled (the desk's Resolved)", handoff.ListFilter{States: []handoff.State{handoff.StateClosed, handoff.StateTimedOut, handoff.StateCancelled}, Order: handoff.OrderRecent}, "handoffs_state_settled"},
	{"list with an agent", handoff.ListFilter{States: []handoff.State{handoff.StateAgentJoined}}, "handoffs_state_settled"},
	{"failed of a conversation", handoff.ListFilter{ConversationID: "c", States: []handoff.State{handoff.StateFailed}}, "handoffs_conversation_ended"},
	{"open of a conversation", handoff.ListFilter{ConversationID: "c", States: handoff.OpenStates}, "handoffs_one_open"},
	{"a conversation's, open", handoff.ListFilter{ConversationID: "c"}, "handoffs_one_open"},
	{"a conversation's, ended", handoff.ListFilter{ConversationID: "c"}, "handoffs_conversation_ended"},
}

func TestQueriesUseIndexes(t *testing.T) {
	s := openTest(t, newClock())
	tests := []struct {
		name, query string
		args        []any
		index       string
	}{
		{"open handoff", selectOpen, []any{"conv"}, "handoffs_one_open"},
		{"handoff by id", selectHandoff, []any{"h"}, "sqlite_autoindex_handoffs_1"},
		{"handoff state by id (the desk)", selectHandoffState, []any{"h"}, "sqlite_autoindex_handoffs_1"},
		{"list all", "SELECT id FROM handoffs ORDER BY created_at, rowid LIMIT 100", nil, "handoffs_created"},
		{"events", "SELECT e.at FROM handoffs h LEFT JOIN handoff_events e ON e.handoff_id = h.id WHERE h.id = ? ORDER BY e.id", []any{"h"}, "handoff_events_handoff"},
		{"offline messages", "SELECT id FROM offline_messages ORDER BY created_at DESC, rowid DESC LIMIT 100", nil, "offline_messages_created"},
		{"claim due deliveries", claimDue, []any{"w", "tok", "t", "t", "t", "t", 4}, "deliveries_due"},
		{"claim heads only", claimDue, []any{"w", "tok", "t", "t", "t", "t", 4}, "SEARCH e USING COVERING INDEX deliveries_queue (subject=? AND id<?)"},
		{"claim a subject's delivery", claimSubject, []any{"w", "tok", "t", "t", "h", "t", "t", 1}, "SEARCH d USING INDEX deliveries_queue (subject=?)"},
		{"next due delivery", selectNextDue, nil, "deliveries_due"},
		{"failed deliveries", "SELECT id FROM deliveries WHERE state IN (?) ORDER BY id LIMIT 100", []any{"failed"}, "deliveries_state"},
		{"deliveries of a subject", "SELECT id FROM deliveries WHERE subject = ? ORDER BY id LIMIT 100", []any{"h"}, "deliveries_subject"},
		{"delivery by key", selectDeliveryByKey, []any{"h:created"}, "sqlite_autoindex_deliveries_1"},
		// The hot path of request_human_handoff and get_handoff_status.
		{"queue position: counts and younger", selectRankCounts(positionScanLimit), []any{"h"}, "SEARCH a USING INDEX handoffs_waiting (<expr>=? AND created_at>?)"},
		{"queue position: older", selectOlder(1), []any{"h"}, "SEARCH a USING INDEX handoffs_waiting (<expr>=? AND created_at<?)"},
		{"queue position: younger, same time", selectRankCounts(positionScanLimit), []any{"h"}, "SEARCH a USING INDEX handoffs_waiting (<expr>=? AND created_at=? AND rowid>?)"},
		{"queue position: older, same time", selectOlder(1), []any{"h"}, "SEARCH a USING INDEX handoffs_waiting (<expr>=? AND created_at=? AND rowid<?)"},
		{"queue position: higher ranks", selectRankCounts(positionScanLimit), []any{"h"}, "SEARCH queue_counts USING INTEGER PRIMARY KEY (rowid>?)"},
		{"queue length", countWaiting, nil, "SCAN queue_counts"},
		{"contact", "SELECT email, phone, name FROM contacts WHERE conversation_id = ?", []any{"c"}, "SEARCH contacts USING PRIMARY KEY (conversation_id=?)"},
		{"wait times", selectWaitTimes, []any{20}, "handoffs_first_reply"},
		{"session messages", "SELECT seq FROM messages WHERE handoff_id = ? AND seq > ? ORDER BY seq LIMIT ?", []any{"h", 0, 100}, "sqlite_autoindex_messages_1"},
		{"handoff by a helpdesk's remote id", selectByRemote, []any{"zendesk", "1"}, "SEARCH handoffs USING INDEX handoffs_remote (connector=? AND remote_id=?)"},
		{"handoff by its own id as remote id", selectByRemote, []any{"inbox", "h"}, "SEARCH handoffs USING INDEX sqlite_autoindex_handoffs_1 (id=?)"},
		{"open sessions gauge", "SELECT COUNT(*) FROM handoffs INDEXED BY handoffs_state_settled WHERE " + notWaitingClause + " AND state = 'agent_joined'", nil, "COVERING INDEX handoffs_state_settled (state=?)"},
		{"change cursor", "SELECT COALESCE(MAX(change_seq), 0) FROM handoffs", nil, "handoffs_change_seq"},
		{"changes", selectChanges, []any{0, 100}, "handoffs_change_seq"},
		{"change sequence of a write (trigger)", "SELECT MAX(change_seq) FROM handoffs", nil, "handoffs_change_seq"},
	}
	// ListHandoffs' statements, as its callers filter: each names the
	// partial index its states fall under (0013), searched by conversation
	// where the filter names one.
	for _, l := range listPlans {
		q, args, err := listQuery(l.filter)
		require.NoError(t, err)
		index := l.index
		if l.filter.ConversationID != "" {
			index = "SEARCH handoffs USING INDEX " + l.index + " (conversation_id=?)"
		}
		tests = append(tests, struct {
			name, query string
			args        []any
			index       string
		}{l.name, q, args, index})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := s.r.Query("EXPLAIN QUERY PLAN "+tt.query, tt.args...)
			require.NoError(t, err)
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, unused int
				var detail string
				require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
				plan = append(plan, detail)
			}
			require.NoError(t, rows.Err())
			joined := strings.Join(plan, "; ")
			assert.Contains(t, joined, tt.index)
			for _, step := range plan {
				// queue_counts has four rows; a subquery's scan reads what
				// its own (checked) step found.
				bounded := strings.HasPrefix(step, "SCAN queue_counts") || strings.HasPrefix(step, "SCAN (subquery") ||
					step == "SCAN younger" || step == "SCAN same_time" || step == "SCAN found"
				if strings.HasPrefix(step, "SCAN ") && !bounded {
					assert.Contains(t, step, " USING ", "full table scan: %s", joined)
				}
			}
		})
	}
}
