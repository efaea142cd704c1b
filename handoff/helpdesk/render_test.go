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
	assert.Equal(t, h.Transcript[2].Content, Question(h))
	assert.Equal(t, "", Question(handoff.Handoff{}))
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

func TestTicketStartsWithTheSummary(t *testing.T) {
	h := sampleHandoff()
	h.Summary = &handoff.Summary{Goal: "Refund of a <b>double</b> charge.", Tried: "Looked up the invoice.", Why: "explicit_request: wants a person.",
		Source: handoff.SummaryExtractive, Note: "the model's summary was unavailable (the LLM did not answer: HTTP 503)"}
	h.Redactions = []handoff.Redaction{{Kind: "card", Count: 2}, {Kind: "password", Count: 1}}

	txt := Text(h)
	assert.True(t, strings.HasPrefix(txt, "A customer was handed over by the bot. Reply here; they will not have to repeat themselves.\n\n"+
		"Summary:\n"+
		"  Goal:        Refund of a <b>double</b> charge.\n"+
		"  Bot tried:   Looked up the invoice.\n"+
		"  Handed over: explicit_request: wants a person.\n"+
		"  Written by:  extracted from the conversation (no model); the model's summary was unavailable (the LLM did not answer: HTTP 503)\n\n"+
		"Privacy: 2 card numbers, 1 password redacted; the masked values are not in this ticket.\n\n"+
		"Customer:     Jane Doe"), txt)

	html := HTML(h)
	assert.True(t, strings.HasPrefix(html, "<p>A customer was handed over by the bot. Reply here; they will not have to repeat themselves.</p>\n"+
		"<h4>Summary</h4>\n<table>\n"+
		"<tr><th align=\"left\">Goal</th><td>Refund of a &lt;b&gt;double&lt;/b&gt; charge.</td></tr>\n"+
		"<tr><th align=\"left\">Bot tried</th><td>Looked up the invoice.</td></tr>\n"+
		"<tr><th align=\"left\">Handed over</th><td>explicit_request: wants a person.</td></tr>\n"+
		"<tr><th align=\"left\">Written by</th><td>extracted from the conversation (no model); the model&#39;s summary was unavailable (the LLM did not answer: HTTP 503)</td></tr>\n"+
		"</table>\n<p><i>Privacy: 2 card numbers, 1 password redacted; the masked values are not in this ticket.</i></p>\n<table>\n"), html)

	// A handoff stored before summaries renders as before.
	h.Summary, h.Redactions = nil, nil
	assert.True(t, strings.HasPrefix(Text(h), "A customer was handed over by the bot. Reply here; they will not have to repeat themselves.\n\nCustomer:"))

	doc := NewDocument(sampleHandoff())
	b, err := json.Marshal(doc)
	assert.NoError(t, err)
	assert.NotContains(t, string(b), `"summary"`, "absent when none")
}
