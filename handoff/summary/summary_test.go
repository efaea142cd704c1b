package summary

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func turns(ts ...string) []handoff.Turn {
	out := make([]handoff.Turn, len(ts))
	for i, t := range ts {
		role := handoff.RoleUser
		if i%2 == 1 {
			role = handoff.RoleAssistant
		}
		out[i] = handoff.Turn{Role: role, Content: t}
	}
	return out
}

func TestExtractive(t *testing.T) {
	tests := []struct {
		name string
		h    handoff.Handoff
		want handoff.Summary
	}{
		{
			name: "greeting skipped, question differs, last two bot replies",
			h: handoff.Handoff{
				Transcript: turns("Hi!", "Hello, how can I help?",
					"I was charged twice for my October invoice.", "I can see one payment of 49 EUR on 3 October.",
					"There are two on my bank statement.", "Refunds of double charges take up to 5 banking days.",
					"This is useless, I want a person"),
				Question: "This is useless, I want a person",
				Triggers: []string{"explicit_request", "frustration"},
				Reason:   "The user asks for a person.",
			},
			want: handoff.Summary{
				Goal:   "I was charged twice for my October invoice. Now asks: This is useless, I want a person",
				Tried:  "I can see one payment of 49 EUR on 3 October. / Refunds of double charges take up to 5 banking days.",
				Why:    "explicit_request, frustration: The user asks for a person.",
				Source: handoff.SummaryExtractive,
			},
		},
		{
			name: "a goal without a full stop",
			h: handoff.Handoff{
				Transcript: turns("My invoice shows two charges of 49 €", "I can see one charge. Could you check again?", "It is twice! I want a human now."),
				Triggers:   []string{"explicit_request"},
			},
			want: handoff.Summary{
				Goal:   "My invoice shows two charges of 49 €. Now asks: It is twice! I want a human now.",
				Tried:  "I can see one charge. Could you check again?",
				Why:    "explicit_request",
				Source: handoff.SummaryExtractive,
			},
		},
		{
			name: "a reason that names its trigger is not prefixed again",
			h: handoff.Handoff{
				Transcript: turns("My parcel never arrived.", "Sorry to hear that! Could you give me the order number?", "I gave it twice already. Please let me talk to a human."),
				Triggers:   []string{"explicit_request"},
				Reason:     "explicit_request: asks to talk to a human (“I gave it twice already. Please let me talk to a human.”).",
			},
			want: handoff.Summary{
				Goal:   "My parcel never arrived. Now asks: I gave it twice already. Please let me talk to a human.",
				Tried:  "Sorry to hear that! Could you give me the order number?",
				Why:    "explicit_request: asks to talk to a human (“I gave it twice already. Please let me talk to a human.”).",
				Source: handoff.SummaryExtractive,
			},
		},
		{
			name: "one question, nothing tried",
			h: handoff.Handoff{
				Question: "Kann ich mit einem Menschen sprechen?",
				Triggers: []string{"explicit_request"},
			},
			want: handoff.Summary{Goal: "Kann ich mit einem Menschen sprechen?", Why: "explicit_request", Source: handoff.SummaryExtractive},
		},
		{
			name: "long turns shortened to their first sentence or words",
			h: handoff.Handoff{
				Transcript: turns("Tilasin 12.11. uuden puhelimen ja se saapui rikkinäisenä, näyttö on haljennut ja laite ei käynnisty lainkaan vaikka olen ladannut sitä koko yön. Haluan palauttaa sen ja saada rahani takaisin mahdollisimman pian, koska tarvitsen puhelinta töissä joka päivä.",
					"Voit palauttaa tuotteen 30 päivän kuluessa. Tulosta palautuslappu tililtäsi kohdasta Tilaukset ja vie paketti lähimpään pakettiautomaattiin, jonka jälkeen hyvitys maksetaan viiden arkipäivän kuluessa."),
				Triggers: []string{"refund"},
				Reason:   "A refund needs a person.",
			},
			want: handoff.Summary{
				Goal:   "Tilasin 12.11. uuden puhelimen ja se saapui rikkinäisenä, näyttö on haljennut ja laite ei käynnisty lainkaan vaikka olen ladannut sitä koko yön.",
				Tried:  "Voit palauttaa tuotteen 30 päivän kuluessa.",
				Why:    "refund: A refund needs a person.",
				Source: handoff.SummaryExtractive,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { assert.Equal(t, tt.want, Extractive(tt.h)) })
	}
}

func TestShortenCutsAtAWord(t *testing.T) {
	s := "word " + "another " + "andonemore " + "abcdefghij abcdefghij abcdefghij abcdefghij"
	assert.Equal(t, "word another andonemore abcdefghij…", shorten(s, 40))
}

type fakeWriter struct {
	sum  handoff.Summary
	err  error
	wait bool
}

func (f fakeWriter) WriteSummary(ctx context.Context, _ handoff.Handoff) (handoff.Summary, error) {
	if f.wait {
		<-ctx.Done()
		return handoff.Summary{}, ctx.Err()
	}
	return f.sum, f.err
}

func TestSummarizer(t *testing.T) {
	h := handoff.Handoff{ID: "h_1", Transcript: turns("I need to change the address of my order 1234."), Triggers: []string{"order_change"}}
	ext := Extractive(h)
	tests := []struct {
		name string
		w    Writer
		want handoff.Summary
	}{
		{"no model", nil, ext},
		{"model answers", fakeWriter{sum: handoff.Summary{Goal: " Change the delivery\naddress. ", Tried: "Nothing.", Why: "Order changes need a person.", Source: handoff.SummaryLLM}},
			handoff.Summary{Goal: "Change the delivery address.", Tried: "Nothing.", Why: "Order changes need a person.", Source: handoff.SummaryLLM}},
		{"model leaves out why", fakeWriter{sum: handoff.Summary{Goal: "Change the address.", Source: handoff.SummarySampling}},
			handoff.Summary{Goal: "Change the address.", Why: "order_change", Source: handoff.SummarySampling}},
		{"model fails", fakeWriter{err: errors.New("the LLM did not answer: HTTP 503")},
			func() handoff.Summary {
				s := ext
				s.Note = "the model's summary was unavailable (the LLM did not answer: HTTP 503)"
				return s
			}()},
		{"model too slow", fakeWriter{wait: true},
			func() handoff.Summary {
				s := ext
				s.Note = "the model's summary was unavailable (no answer within 1ms)"
				return s
			}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(tt.w, Config{Timeout: time.Millisecond}, zerolog.Nop())
			got, err := s.Summarize(context.Background(), h)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestConfigValidate(t *testing.T) {
	c := Config{}
	c.Defaults()
	assert.NoError(t, c.Validate())
	assert.Equal(t, Config{Writer: WriterAuto, MaxTokens: 300, Timeout: 10 * time.Second}, c)
	for _, bad := range []Config{{Writer: "llm", MaxTokens: 300}, {Writer: "auto", MaxTokens: 10}, {Writer: "auto", MaxTokens: 300, Timeout: time.Hour}} {
		assert.Error(t, bad.Validate(), "%+v", bad)
	}
}

// pendingErr is a Writer's error asking the client first.
type pendingErr struct{}

func (pendingErr) Error() string { return "ask the client first" }
func (pendingErr) Pending()      {}

func TestSummarizerPassesPendingOn(t *testing.T) {
	s := New(fakeWriter{err: fmt.Errorf("wrapped: %w", pendingErr{})}, Config{}, zerolog.Nop())
	_, err := s.Summarize(context.Background(), handoff.Handoff{Question: "Where is my parcel?"})
	var p Pending
	assert.ErrorAs(t, err, &p, "the tool's middleware must see it")
}

// TestOneLine checks that oneLine joins the words of s by single spaces,
// as strings.Fields splits them, whether or not s is on one line already.
func TestOneLine(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", " a", "a ", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u2003b",
		"Hello, my invoice is wrong.", "ääkkönen öljy", "bad \xff byte", "\xff", "line one\r\nline two  ", "a\u0085b"} {
		assert.Equal(t, strings.Join(strings.Fields(s), " "), oneLine(s), "%q", s)
	}
}
