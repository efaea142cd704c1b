package tools

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestSurveyAfterTheSession(t *testing.T) {
	e := newEnv(t, "")
	c := e.client(t)
	req := handoffFor(t, c, "c-survey", map[string]any{"language": "de"})

	open := structured[StatusOutput](t, call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID}))
	assert.Empty(t, open.SurveyQuestion, "no survey while the session is open")
	res := call(t, c, "rate_handoff", map[string]any{"handoff_id": req.HandoffID, "rating": 5})
	require.True(t, res.IsError, "rated before the session ended")
	assert.Contains(t, text(res), "has not ended (state delivered)")

	e.agentSays(t, req.HandoffID, "Lea", "Hallo!")
	require.NoError(t, e.svc.ApplyAgentEvent(context.Background(), handoff.AgentEvent{Kind: handoff.AgentClosed, Connector: "inbox", HandoffID: req.HandoffID}))
	res = call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID})
	st := structured[StatusOutput](t, res)
	assert.Equal(t, "Wie zufrieden waren Sie mit unserem Support, von 1 (gar nicht) bis 5 (sehr)? Gern auch mit einem Kommentar.", st.SurveyQuestion)
	assert.Contains(t, st.NextStep, "rate_handoff")
	assert.Contains(t, text(res), "Then ask the user: \"Wie zufrieden")

	for _, bad := range []int{0, 6, -1} {
		res := call(t, c, "rate_handoff", map[string]any{"handoff_id": req.HandoffID, "rating": bad})
		require.True(t, res.IsError, "rating %d", bad)
	}
	res = call(t, c, "rate_handoff", map[string]any{"handoff_id": "h_nope", "rating": 3})
	require.True(t, res.IsError)
	assert.Contains(t, text(res), "not found")

	out := structured[RateOutput](t, call(t, c, "rate_handoff", map[string]any{"handoff_id": req.HandoffID, "rating": 4, "comment": " schnell, danke "}))
	assert.Equal(t, RateOutput{HandoffID: req.HandoffID, Rating: 4, MessageForUser: "Vielen Dank für Ihr Feedback!", NextStep: out.NextStep}, out)
	r, ok, err := e.store.Rating(context.Background(), req.HandoffID)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 4, r.Rating)
	assert.Equal(t, "schnell, danke", r.Comment)
	assert.Equal(t, fixedNow, r.At)

	res = call(t, c, "rate_handoff", map[string]any{"handoff_id": req.HandoffID, "rating": 1})
	require.True(t, res.IsError, "a second answer")
	assert.Contains(t, text(res), "was rated already")
	r, _, err = e.store.Rating(context.Background(), req.HandoffID)
	require.NoError(t, err)
	assert.Equal(t, 4, r.Rating, "the first answer stays")

	st = structured[StatusOutput](t, call(t, c, "get_handoff_status", map[string]any{"handoff_id": req.HandoffID}))
	assert.Empty(t, st.SurveyQuestion, "not asked again once answered")
}

func TestSurveyOnEndAndTimeout(t *testing.T) {
	tests := []struct {
		name, cfg string
		end       func(t *testing.T, e *env, id string) string // returns the survey question seen
		want      string
	}{
		{"ended by the user", "", func(t *testing.T, e *env, id string) string {
			e.agentSays(t, id, "", "Hello!")
			return structured[EndOutput](t, call(t, e.client(t), "end_handoff", map[string]any{"handoff_id": id, "reason": "solved"})).SurveyQuestion
		}, "How satisfied were you with our support, from 1 (not at all) to 5 (very)? You can add a comment."},
		{"session timeout", "", func(t *testing.T, e *env, id string) string {
			e.agentSays(t, id, "", "Anything else?")
			e.clk.Advance(handoff.DefaultSessionTimeout + 1)
			return structured[StatusOutput](t, call(t, e.client(t), "get_handoff_status", map[string]any{"handoff_id": id})).SurveyQuestion
		}, "How satisfied were you with our support, from 1 (not at all) to 5 (very)? You can add a comment."},
		{"switched off", "survey:\n  enabled: false\n", func(t *testing.T, e *env, id string) string {
			e.agentSays(t, id, "", "Hello!")
			c := e.client(t)
			q := structured[EndOutput](t, call(t, c, "end_handoff", map[string]any{"handoff_id": id, "reason": "solved"})).SurveyQuestion
			res := call(t, c, "rate_handoff", map[string]any{"handoff_id": id, "rating": 5})
			require.True(t, res.IsError)
			assert.Contains(t, text(res), "survey is switched off")
			return q
		}, ""},
		{"withdrawn before an agent joined", "", func(t *testing.T, e *env, id string) string {
			c := e.client(t)
			q := structured[EndOutput](t, call(t, c, "end_handoff", map[string]any{"handoff_id": id, "reason": "no time"})).SurveyQuestion
			res := call(t, c, "rate_handoff", map[string]any{"handoff_id": id, "rating": 2})
			require.True(t, res.IsError)
			assert.Contains(t, text(res), "ended without a session with an agent")
			return q
		}, ""},
		{"configured text", "messages:\n  survey_question:\n    en: \"Rate us 1-5?\"\n", func(t *testing.T, e *env, id string) string {
			e.agentSays(t, id, "", "Hello!")
			return structured[EndOutput](t, call(t, e.client(t), "end_handoff", map[string]any{"handoff_id": id, "reason": "solved"})).SurveyQuestion
		}, "Rate us 1-5?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.cfg)
			req := handoffFor(t, e.client(t), "c-"+tt.name, nil)
			assert.Equal(t, tt.want, tt.end(t, e, req.HandoffID))
		})
	}
}
