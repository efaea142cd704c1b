package tools

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"github.com/mark3labs/mcp-go/client"
	"github.com/mark3labs/mcp-go/mcp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// scripted is a server classifier that answers one fixed decision and
// counts its calls.
type scripted struct {
	dec   handoff.Decision
	calls atomic.Int32
}

func (s *scripted) Classify(context.Context, handoff.Input) (handoff.Decision, error) {
	s.calls.Add(1)
	return s.dec, nil
}

func no(confidence float64) handoff.Decision {
	return handoff.Decision{Confidence: confidence, Classifier: "embedded", Triggers: []string{}, Reason: "no trigger matched"}
}

// parcel is a conversation in which the user asks for someone without the
// usual words; the assistant's turn offers a person.
func parcel(conv string, extra map[string]any) map[string]any {
	args := map[string]any{
		"conversation_id": conv,
		"transcript": turns(
			"user", "My parcel never arrived and the tracking page is blank.",
			"assistant", "I can put you through to a colleague if you like.",
			"user", "Honestly, just get me somebody who can actually fix this!",
		),
		"language": "en",
		"email":    "anna@example.com",
	}
	for k, v := range extra {
		args[k] = v
	}
	return args
}

func TestVotePolicies(t *testing.T) {
	vote := []string{"explicit_request"}
	const userWords = "get me SOMEBODY who can actually fix this"
	const assistantWords = "put you through to a colleague"
	yes := handoff.Decision{Handoff: true, Triggers: []string{"frustration"}, Confidence: 0.91, Classifier: "embedded", Reason: "angry"}
	tests := []struct {
		name         string
		policy       string
		server       handoff.Decision
		vote         []string
		evidence     string
		wantStatus   string
		wantJudge    string
		wantTriggers []string
		wantGrounded bool
		wantDecided  bool
		wantNote     string
	}{
		{name: "verify: grounded vote, unsure server", policy: "verify", server: no(0.6), vote: vote, evidence: userWords,
			wantStatus: "delivered", wantJudge: "calling_model", wantTriggers: vote, wantGrounded: true, wantDecided: true, wantNote: "server was unsure (no at 0.60, below 0.90)"},
		{name: "verify: grounded vote, confident server", policy: "verify", server: no(0.97), vote: vote, evidence: userWords,
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}, wantGrounded: true, wantNote: "outweighed: the server's no at 0.97 is at or above 0.90"},
		{name: "verify: vote without evidence", policy: "verify", server: no(0.6), vote: vote,
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}, wantNote: "no evidence"},
		{name: "verify: evidence only in an assistant turn", policy: "verify", server: no(0.6), vote: vote, evidence: assistantWords,
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}, wantNote: "ungrounded"},
		{name: "trust: grounded vote, confident server", policy: "trust", server: no(0.97), vote: vote, evidence: userWords,
			wantStatus: "delivered", wantJudge: "calling_model", wantTriggers: vote, wantGrounded: true, wantDecided: true, wantNote: "agent_vote is trust"},
		{name: "trust: evidence only in an assistant turn", policy: "trust", server: no(0.97), vote: vote, evidence: assistantWords,
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}, wantNote: "ungrounded"},
		{name: "ignore: grounded vote, unsure server", policy: "ignore", server: no(0.6), vote: vote, evidence: userWords,
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}, wantGrounded: true, wantNote: "recorded only"},
		{name: "server hands off on its own triggers", policy: "trust", server: yes, vote: vote, evidence: userWords,
			wantStatus: "delivered", wantJudge: "embedded", wantTriggers: []string{"frustration"}, wantGrounded: true, wantNote: "its own triggers"},
		{name: "no vote", policy: "verify", server: no(0.6),
			wantStatus: "not_triggered", wantJudge: "embedded", wantTriggers: []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cls := &scripted{dec: tt.server}
			e := newEnvClassifier(t, "classifier:\n  agent_vote: "+tt.policy+"\n", cls)
			c := e.client(t)
			extra := map[string]any{}
			if tt.vote != nil {
				extra["triggers"] = tt.vote
			}
			if tt.evidence != "" {
				extra["evidence"] = tt.evidence
			}
			res := call(t, c, "request_human_handoff", parcel("c-vote", extra))
			out := structured[HandoffOutput](t, res)
			assert.Equal(t, tt.wantStatus, out.Status)
			assert.Equal(t, tt.wantJudge, out.Classifier)
			assert.Equal(t, tt.wantTriggers, out.Triggers)
			assert.Equal(t, int32(1), cls.calls.Load())

			if tt.vote == nil {
				assert.Nil(t, out.Vote)
				assert.Nil(t, out.ServerVerdict, "without a vote the verdict is the decision")
				assert.NotContains(t, text(res), "Your vote")
				return
			}
			require.NotNil(t, out.ServerVerdict, "the server's verdict is returned beside a vote")
			assert.Equal(t, tt.server.Handoff, out.ServerVerdict.Handoff)
			assert.Equal(t, tt.server.Confidence, out.ServerVerdict.Confidence)
			assert.Equal(t, "embedded", out.ServerVerdict.Classifier)
			assert.Contains(t, text(res), "Server's classifier: ")
			require.NotNil(t, out.Vote)
			assert.Equal(t, tt.vote, out.Vote.Triggers)
			assert.Equal(t, tt.wantGrounded, out.Vote.Grounded)
			assert.Equal(t, tt.wantDecided, out.Vote.Decided)
			assert.Contains(t, out.Vote.Note, tt.wantNote)
			assert.Contains(t, text(res), "Your vote: explicit_request: "+out.Vote.Note)

			if out.HandoffID == "" {
				return
			}
			h, err := e.store.Handoff(context.Background(), out.HandoffID)
			require.NoError(t, err)
			assert.Equal(t, tt.wantJudge, h.Classifier)
			require.NotNil(t, h.Vote)
			assert.Equal(t, tt.wantDecided, h.Vote.Decided)
			require.NotNil(t, h.ServerVerdict)
			assert.Equal(t, tt.server.Confidence, h.ServerVerdict.Confidence)
			ticket := helpdesk.Text(h)
			assert.Contains(t, ticket, "Calling model: voted explicit_request")
			assert.Contains(t, ticket, "Server said:")
			assert.Contains(t, ticket, "Decided by:   "+tt.wantJudge)
		})
	}
}

func TestVoteInvalid(t *testing.T) {
	e := newEnvClassifier(t, `
triggers:
  - id: explicit_request
    description: The user asks for a person.
  - id: refund
    description: A refund of more than 100 EUR.
    enabled: false
`, &scripted{dec: no(0.6)})
	c := e.client(t)
	tests := []struct {
		name    string
		extra   map[string]any
		wantErr string
	}{
		{name: "unknown id", extra: map[string]any{"triggers": []string{"angry"}, "evidence": "fix this"}, wantErr: `triggers: "angry" is not an enabled trigger of this server; valid ids: explicit_request`},
		{name: "disabled id", extra: map[string]any{"triggers": []string{"refund"}}, wantErr: `"refund" is not an enabled trigger`},
		{name: "evidence without triggers", extra: map[string]any{"evidence": "fix this"}, wantErr: "evidence: was given without triggers"},
		{name: "evidence too long", extra: map[string]any{"triggers": []string{"explicit_request"}, "evidence": strings.Repeat("x", 501)}, wantErr: "at most 500 characters"},
		{name: "force without reason", extra: map[string]any{"force": true}, wantErr: "reason: is required with force: true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := call(t, c, "request_human_handoff", parcel("c-invalid", tt.extra))
			require.True(t, res.IsError, "want a tool error, got %s", text(res))
			assert.Contains(t, text(res), tt.wantErr)
		})
	}
	hs, err := e.store.ListHandoffs(context.Background(), handoff.ListFilter{})
	require.NoError(t, err)
	assert.Empty(t, hs)
}

func TestForcedHandoff(t *testing.T) {
	button := map[string]any{"force": true, "reason": "The user pressed the talk-to-a-person button."}
	tests := []struct {
		name       string
		config     string
		args       map[string]any
		wantStatus string
		wantErr    string
	}{
		{name: "allowed", args: parcel("c-force", button), wantStatus: "delivered"},
		{name: "allowed, with a vote recorded only", args: parcel("c-force-vote", map[string]any{"force": true, "reason": "button", "triggers": []string{"frustration"}, "evidence": "fix this"}), wantStatus: "delivered"},
		{name: "switched off", config: "classifier:\n  allow_force: false\n", args: parcel("c-force-off", button), wantErr: "force: is switched off on this server (classifier.allow_force: false); the bot builder can switch it on with classifier.allow_force: true"},
		{name: "outside service hours", config: closedNow, args: parcel("c-force-closed", button), wantStatus: "off_hours"},
		{name: "needs an email", args: func() map[string]any { a := parcel("c-force-email", button); delete(a, "email"); return a }(), wantStatus: "needs_email"},
		{name: "queue full", config: "queue:\n  max_length: 1\n", args: parcel("c-force-full", button), wantStatus: "queue_full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cls := &scripted{dec: no(0.99)}
			e := newEnvClassifier(t, tt.config, cls)
			c := e.client(t)
			if tt.wantStatus == "queue_full" { // someone already waits
				first := structured[HandoffOutput](t, call(t, c, "request_human_handoff", parcel("c-first", button)))
				require.Equal(t, "delivered", first.Status)
			}
			res := call(t, c, "request_human_handoff", tt.args)
			if tt.wantErr != "" {
				require.True(t, res.IsError, "want a tool error, got %s", text(res))
				assert.Contains(t, text(res), tt.wantErr)
				return
			}
			out := structured[HandoffOutput](t, res)
			assert.Equal(t, tt.wantStatus, out.Status)
			assert.Equal(t, []string{"forced"}, out.Triggers)
			assert.Equal(t, "forced", out.Classifier)
			assert.Equal(t, 1.0, out.Confidence)
			assert.Nil(t, out.ServerVerdict, "nothing was classified")
			assert.Zero(t, cls.calls.Load(), "a forced handoff is not classified")
			if tt.wantStatus != "delivered" {
				return
			}
			h, err := e.store.Handoff(context.Background(), out.HandoffID)
			require.NoError(t, err)
			assert.Equal(t, "forced", h.Classifier)
			assert.Contains(t, h.Reason, tt.args["reason"].(string))
			if _, ok := tt.args["triggers"]; ok {
				require.NotNil(t, out.Vote)
				assert.False(t, out.Vote.Decided)
				assert.Contains(t, out.Vote.Note, "forced")
				require.NotNil(t, h.Vote)
			}
		})
	}
}

// customTriggers is a configuration with more triggers than the description
// lists: 15 enabled (one without a description, one with a long one split
// over lines) and one disabled.
func customTriggers() string {
	var b strings.Builder
	b.WriteString("triggers:\n")
	b.WriteString("  - id: refund_over_100\n    description: |\n      The customer wants a refund\n      of more than 100 EUR.\n")
	b.WriteString("  - id: legal_threat\n    description: \"" + strings.Repeat("The user threatens legal action or mentions a lawyer. ", 6) + "\"\n")
	b.WriteString("  - id: vip_keyword\n    keywords: [platinum]\n")
	b.WriteString("  - id: switched_off\n    description: Never listed.\n    enabled: false\n")
	for i := 1; i <= 12; i++ {
		fmt.Fprintf(&b, "  - id: topic_%02d\n    description: The user asks about topic %d.\n", i, i)
	}
	return b.String()
}

func TestHandoffDescriptionFromConfig(t *testing.T) {
	e := newEnv(t, customTriggers())
	tools := e.srv.ListTools()
	desc := tools["request_human_handoff"].Tool.Description

	golden := filepath.Join("testdata", "handoff_description_custom.golden")
	if os.Getenv("UPDATE_TOOLSNAPS") == "true" {
		require.NoError(t, os.WriteFile(golden, []byte(desc), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run UPDATE_TOOLSNAPS=true go test ./tools")
	assert.Equal(t, string(want), desc)

	lines := strings.Split(desc, "\n")
	var listed []string
	for _, l := range lines {
		if strings.HasPrefix(l, "- ") {
			listed = append(listed, l)
		}
	}
	require.Len(t, listed, maxListedTriggers+1, "12 triggers and the count of the rest")
	assert.Equal(t, "- refund_over_100: The customer wants a refund of more than 100 EUR.", listed[0])
	assert.True(t, strings.HasSuffix(listed[1], "…"), "a long description is cut: %s", listed[1])
	assert.Equal(t, maxTriggerChars, utf8.RuneCountInString(strings.TrimPrefix(listed[1], "- legal_threat: ")))
	assert.Equal(t, "- vip_keyword: (no description) fires on its keywords", listed[2])
	assert.Equal(t, "- topic_09: The user asks about topic 9.", listed[11])
	assert.Equal(t, "- ... and 3 more, not listed here; the server judges them too.", listed[12])
	assert.NotContains(t, desc, "switched_off")
	assert.Contains(t, desc, fmt.Sprintf("at most %d characters", handoff.MaxEvidenceChars))
}

func TestHandoffDescriptionIsBounded(t *testing.T) {
	var ts []handoff.Trigger
	for i := range 200 {
		ts = append(ts, handoff.Trigger{ID: fmt.Sprintf("trigger_with_a_rather_long_identifier_%03d", i), Description: strings.Repeat("word ", 100)})
	}
	desc := HandoffDescription(ts)
	list := triggerList(ts)
	assert.LessOrEqual(t, utf8.RuneCountInString(list), maxTriggerListChars+80, "the list and its 'and N more' line")
	assert.LessOrEqual(t, utf8.RuneCountInString(desc), 4200)
	assert.Contains(t, list, "more, not listed here")
	assert.Equal(t, "- (none enabled: the server hands off only when forced)\n", triggerList(nil))
}

func TestForcedHandoffElicitsEmail(t *testing.T) {
	cls := &scripted{dec: no(0.99)}
	e := newEnvClassifier(t, "", cls)
	el := &elicitor{answers: []*mcp.ElicitationResult{accept("liisa@example.fi")}}
	c := e.client(t, client.WithElicitationHandler(el))
	args := parcel("c-force-elicit", map[string]any{"force": true, "reason": "button"})
	delete(args, "email")
	out := structured[HandoffOutput](t, call(t, c, "request_human_handoff", args))
	assert.Equal(t, "delivered", out.Status)
	assert.Equal(t, []string{"forced"}, out.Triggers)
	assert.Len(t, el.messages, 1)
	assert.Zero(t, cls.calls.Load())
}
