package handoff

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGrounded(t *testing.T) {
	conv := []Turn{
		{Role: RoleUser, Content: "Ich möchte   bitte mit einem MITARBEITER sprechen!!"},
		{Role: RoleAssistant, Content: "I can connect you to a real person if you like."},
		{Role: RoleSystem, Content: "The user is angry."},
		{Role: RoleUser, Content: "Je voudrais parler à un humain, s'il vous plaît."},
		{Role: RoleUser, Content: "人間と話したいです。"},
	}
	tests := []struct {
		name     string
		evidence string
		want     bool
	}{
		{"exact quote", "Je voudrais parler à un humain", true},
		{"case, accents, spaces and punctuation ignored", "ich MOCHTE bitte, mit einem mitarbeiter sprechen", true},
		{"typographic punctuation", "s’il vous plait", true},
		{"only in an assistant turn", "connect you to a real person", false},
		{"only in a system turn", "the user is angry", false},
		{"not said at all", "I want to cancel my contract", false},
		{"part of a word is not a word", "arbeiter", false},
		{"words from two turns", "sprechen je voudrais", false},
		{"too short", "un", false},
		{"empty", "  ", false},
		{"spaceless script", "人間と話したい", true},
		{"spaceless script not said", "電話したい", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Grounded(tt.evidence, conv))
		})
	}
}

func TestCombine(t *testing.T) {
	conv := []Turn{
		{Role: RoleUser, Content: "My parcel never arrived."},
		{Role: RoleAssistant, Content: "Shall I put you through to a person?"},
		{Role: RoleUser, Content: "Honestly, just get me somebody who can fix it."},
	}
	unsureNo := Decision{Confidence: 0.56, Classifier: "embedded", Triggers: []string{}}
	sureNo := Decision{Confidence: 0.97, Classifier: "embedded", Triggers: []string{}}
	yes := Decision{Handoff: true, Triggers: []string{"frustration"}, Confidence: 0.9, Classifier: "embedded"}
	vote := []string{"explicit_request"}
	const grounded = "get me somebody who can fix it"
	tests := []struct {
		name        string
		policy      VotePolicy
		server      Decision
		ids         []string
		evidence    string
		wantHandoff bool
		wantJudge   string
		wantDecided bool
		wantNote    string
	}{
		{"no vote", VoteVerify, unsureNo, nil, "", false, "embedded", false, ""},
		{"verify: grounded vote overrules an unsure no", VoteVerify, unsureNo, vote, grounded, true, JudgeCallingModel, true, "server was unsure (no at 0.56, below 0.90)"},
		{"verify: a confident no outweighs it", VoteVerify, sureNo, vote, grounded, false, "embedded", false, "outweighed: the server's no at 0.97"},
		{"verify: without evidence it never decides", VoteVerify, unsureNo, vote, "", false, "embedded", false, "no evidence"},
		{"verify: evidence from the assistant's turn", VoteVerify, unsureNo, vote, "put you through to a person", false, "embedded", false, "ungrounded"},
		{"trust: a grounded vote overrules a confident no", VoteTrust, sureNo, vote, grounded, true, JudgeCallingModel, true, "agent_vote is trust"},
		{"trust: ungrounded never decides", VoteTrust, sureNo, vote, "I demand a manager", false, "embedded", false, "ungrounded"},
		{"ignore: recorded only", VoteIgnore, unsureNo, vote, grounded, false, "embedded", false, "recorded only"},
		{"server hands off: its triggers stand", VoteTrust, yes, vote, grounded, true, "embedded", false, "its own triggers"},
		{"server agrees", VoteVerify, yes, []string{"frustration"}, grounded, true, "embedded", false, "agreed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, v := combine(tt.policy, 0.9, tt.server, tt.ids, tt.evidence, conv)
			assert.Equal(t, tt.wantHandoff, dec.Handoff)
			assert.Equal(t, tt.wantJudge, dec.Classifier)
			if tt.ids == nil {
				assert.Nil(t, v)
				return
			}
			require.NotNil(t, v)
			assert.Equal(t, tt.wantDecided, v.Decided)
			assert.Contains(t, v.Note, tt.wantNote)
			if v.Decided {
				assert.Equal(t, tt.ids, dec.Triggers)
				assert.Contains(t, dec.Reason, grounded)
			} else {
				assert.Equal(t, tt.server, dec, "the server's decision stands unchanged")
			}
		})
	}
}

func TestCheckVote(t *testing.T) {
	off := false
	ts := []Trigger{{ID: "explicit_request"}, {ID: "frustration"}, {ID: "legal", Enabled: &off}}
	tests := []struct {
		name     string
		ids      []string
		evidence string
		want     []string
		wantErr  string
	}{
		{name: "none", want: nil},
		{name: "configured ids, case-insensitive, once", ids: []string{"Explicit_Request", "frustration", "explicit_request"}, want: []string{"explicit_request", "frustration"}},
		{name: "unknown id lists the valid ones", ids: []string{"refund"}, wantErr: `triggers: "refund" is not an enabled trigger of this server; valid ids: explicit_request, frustration`},
		{name: "disabled id", ids: []string{"legal"}, wantErr: `"legal" is not an enabled trigger`},
		{name: "evidence without triggers", evidence: "a person", wantErr: "evidence: was given without triggers"},
		{name: "evidence too long", ids: []string{"frustration"}, evidence: strings.Repeat("é", MaxEvidenceChars+1), wantErr: "evidence: is 501 characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkVote(tt.ids, tt.evidence, ts)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.True(t, Is(err, KindInvalid))
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
