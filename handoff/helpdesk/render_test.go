package helpdesk

import (
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
		"Classifier:   cascade/llm (confidence 0.93)",
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
