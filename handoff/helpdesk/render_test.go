package helpdesk

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestSubject(t *testing.T) {
	h := sampleHandoff()
	assert.Equal(t, "Handoff (explicit_request, frustration): It is <b>twice</b>! <script>alert('x')</script> I want a human now. [handoff:h_01JPA7Q3]", Subject(h))
	h.Question = strings.Repeat("é", 100)
	h.Triggers = nil
	s := Subject(h)
	assert.True(t, strings.HasPrefix(s, "Handoff: éé"))
	assert.Contains(t, s, "… [handoff:h_01JPA7Q3]")
	assert.Equal(t, "Handoff [handoff:x]", Subject(handoff.Handoff{ID: "x"}))
}

func TestTextHasEverythingTheAgentNeeds(t *testing.T) {
	h := sampleHandoff()
	txt := Text(h)
	mustContainAll(t, txt,
		"Customer:     Jane Doe <jane.doe@example.com>",
		"Phone:        +4915112345678",
		"Reason:       The user asks for a human and is angry about a double charge.",
		"Triggers:     explicit_request, frustration",
		"Priority:     high",
		"Route:        team=billing, user language=de",
		"Decided by:   cascade/llm (confidence 0.93)",
		"Reference:    handoff:h_01JPA7Q3",
		"Conversation: conv-42",
		"Created:      2025-03-14T09:29:12Z",
		"  customer_id: C-991\n  plan: pro",
		"Current question:\n  It is <b>twice</b>!",
		"Transcript (last 3 turns):\n[Customer]\n  My invoice shows two charges of 49 €\n[Bot]\n  I can see one charge.",
	)
	assert.Equal(t, txt, Text(h), "rendering is deterministic")
}

func TestHTMLEscapes(t *testing.T) {
	h := sampleHandoff()
	h.Contact.Name = `Jane "><img src=x onerror=alert(1)>`
	h.Metadata["<k>"] = "<v>"
	out := HTML(h)
	for _, bad := range []string{"<script>", "<img", "<b>twice", "<k>", "<v>"} {
		assert.NotContains(t, out, bad)
	}
	mustContainAll(t, out, "&lt;script&gt;", "&lt;b&gt;twice&lt;/b&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&lt;k&gt;", "<th align=\"left\">Reason</th>", "mailto:jane.doe@example.com")
	assert.Equal(t, out, HTML(h))
}

func TestQuestionFallsBackToLastUserTurn(t *testing.T) {
	h := sampleHandoff()
	h.Question = ""
	assert.Equal(t, h.Transcript[2].Content, question(h))
	assert.Equal(t, "", question(handoff.Handoff{}))
}

func TestMaskEmail(t *testing.T) {
	assert.Equal(t, "j***@example.com", maskEmail("jane.doe@example.com"))
	assert.Equal(t, "***", maskEmail("nonsense"))
	assert.Equal(t, "", maskEmail(""))
}

func BenchmarkRender(b *testing.B) {
	h := sampleHandoff()
	for _, r := range []struct {
		name string
		fn   func(handoff.Handoff) string
	}{{"text", Text}, {"html", HTML}} {
		b.Run(r.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = r.fn(h)
			}
		})
	}
}

func TestTicketShowsTheJudges(t *testing.T) {
	voted := sampleHandoff()
	voted.Triggers, voted.Classifier, voted.Confidence = []string{"explicit_request"}, handoff.JudgeCallingModel, 0
	voted.Vote = &handoff.Vote{Triggers: []string{"explicit_request"}, Evidence: "I want a <b>human</b> now", Grounded: true, Decided: true,
		Note: "decided: the server was unsure (no at 0.56, below 0.90) and the evidence is the user's"}
	voted.ServerVerdict = &handoff.Verdict{Triggers: []string{}, Confidence: 0.56, Classifier: "embedded"}

	outweighedYes := sampleHandoff() // the server handed off; the vote is shown beside it
	outweighedYes.Vote = &handoff.Vote{Triggers: []string{"frustration"}, Note: "no evidence: a vote without the user's words never decides"}
	outweighedYes.ServerVerdict = &handoff.Verdict{Handoff: true, Triggers: []string{"explicit_request", "frustration"}, Confidence: 0.93, Classifier: "cascade/llm"}

	forced := sampleHandoff()
	forced.Triggers, forced.Classifier, forced.Confidence = []string{"forced"}, handoff.JudgeForced, 1

	plain := sampleHandoff()
	plain.ServerVerdict = &handoff.Verdict{Handoff: true, Triggers: plain.Triggers, Confidence: 0.93, Classifier: "cascade/llm"}

	tests := []struct {
		name    string
		h       handoff.Handoff
		want    []string
		wantNot []string
	}{
		{"decided by the calling model", voted, []string{
			"Decided by:   calling_model (the bot's own model voted, quoting the customer; the classifier was overruled)",
			`Calling model: voted explicit_request, quoting the customer: "I want a <b>human</b> now"; decided: the server was unsure (no at 0.56, below 0.90)`,
			"Server said:  no handoff (confidence 0.56, embedded)",
		}, nil},
		{"vote beside the server's handoff", outweighedYes, []string{
			"Decided by:   cascade/llm (confidence 0.93)",
			"Calling model: voted frustration, without evidence; no evidence",
			"Server said:  handoff: explicit_request, frustration (confidence 0.93, cascade/llm)",
		}, nil},
		{"forced", forced, []string{"Decided by:   forced (the bot or its host asked for a person outright; not classified)"}, []string{"Calling model:", "Server said:"}},
		{"the classifier alone: no repetition", plain, []string{"Decided by:   cascade/llm (confidence 0.93)"}, []string{"Calling model:", "Server said:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			txt := Text(tt.h)
			mustContainAll(t, txt, tt.want...)
			for _, s := range tt.wantNot {
				assert.NotContains(t, txt, s)
			}
			html := HTML(tt.h)
			assert.Contains(t, html, `<th align="left">Decided by</th>`)
			assert.NotContains(t, html, "<b>human</b>", "the evidence is the customer's text: escaped")
			assert.Equal(t, tt.h.Vote != nil, strings.Contains(html, `<th align="left">Calling model</th>`))
		})
	}
}

func TestWebhookDocumentCarriesTheJudges(t *testing.T) {
	h := sampleHandoff()
	h.Classifier, h.Triggers = handoff.JudgeCallingModel, []string{"explicit_request"}
	h.Vote = &handoff.Vote{Triggers: []string{"explicit_request"}, Evidence: "a human", Grounded: true, Decided: true, Note: "decided"}
	h.ServerVerdict = &handoff.Verdict{Triggers: []string{}, Confidence: 0.6, Classifier: "embedded"}
	b, err := json.Marshal(NewDocument(h))
	assert.NoError(t, err)
	mustContainAll(t, string(b),
		`"classifier":"calling_model"`,
		`"vote":{"triggers":["explicit_request"],"evidence":"a human","grounded":true,"decided":true,"note":"decided"}`,
		`"server_verdict":{"handoff":false,"triggers":[],"confidence":0.6,"classifier":"embedded"}`)
	b, err = json.Marshal(NewDocument(sampleHandoff()))
	assert.NoError(t, err)
	assert.NotContains(t, string(b), `"vote"`)
}
