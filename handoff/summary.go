package handoff

import (
	"context"
	"fmt"
	"strings"
)

// Summary is what a human agent reads first about a handoff: the user's
// goal, what the bot tried, and why it handed the conversation over. A model
// writes it where one is configured; otherwise (or when the model fails) it
// is taken from the conversation itself.
type Summary struct {
	// Goal is what the user wants, in a sentence.
	Goal string `json:"goal"`
	// Tried is what the bot tried or answered; empty when it tried nothing.
	Tried string `json:"tried,omitempty"`
	// Why the bot handed over: the triggers and the reason.
	Why string `json:"why"`
	// Source is who wrote it: SummaryExtractive, SummaryLLM or
	// SummarySampling.
	Source string `json:"source"`
	// Note says why a model-written summary was wanted but the extractive
	// one stands in its place; empty otherwise.
	Note string `json:"note,omitempty"`
}

// The sources of a Summary.
const (
	// SummaryExtractive: taken from the conversation without a model.
	SummaryExtractive = "extractive"
	// SummaryLLM: written by the configured LLM (classifier.llm).
	SummaryLLM = "llm"
	// SummarySampling: written by the MCP client's model.
	SummarySampling = "sampling"
)

// IsZero reports whether s says nothing.
func (s Summary) IsZero() bool { return s.Goal == "" && s.Tried == "" && s.Why == "" }

// Lines renders s as the three labelled lines a ticket starts with, plus a
// line naming who wrote it.
func (s Summary) Lines() []string {
	var out []string
	add := func(label, v string) {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, label+": "+v)
		}
	}
	add("Goal", s.Goal)
	add("Bot tried", s.Tried)
	add("Handed over", s.Why)
	out = append(out, "Written by: "+s.Author())
	return out
}

// Author says in words who wrote s, and why a model did not when one was
// wanted.
func (s Summary) Author() string {
	var who string
	switch s.Source {
	case SummaryLLM:
		who = "the LLM"
	case SummarySampling:
		who = "the bot's own model"
	default:
		who = "extracted from the conversation (no model)"
	}
	if s.Note != "" {
		who += fmt.Sprintf("; %s", s.Note)
	}
	return who
}

// Summarizer writes the summary of a handoff about to be stored. A model
// that cannot answer leaves an extractive summary with a Note saying why;
// the only error is one the caller returns as it is, for the tool's
// middleware to turn into a request to the client (the client's model must
// be asked first, from protocol 2026-07-28 on), as with the classifier.
type Summarizer interface {
	Summarize(ctx context.Context, h Handoff) (Summary, error)
}

// Redaction counts what privacy redaction masked of one kind ("card",
// "iban", "national_id", "password", or a builder pattern's name) in what
// leaves the server. It never holds the values.
type Redaction struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// Redactor masks personal data in what leaves the server: the helpdesk's
// copy of a handoff, and the text sent to any LLM.
type Redactor interface {
	// RedactHandoff returns h with its transcript, question, reason,
	// metadata values and summary masked, and what was masked.
	RedactHandoff(h Handoff) (Handoff, []Redaction)
}

// RedactionCounter is a Redactor that can count what RedactHandoff would
// mask without building the masked copy.
type RedactionCounter interface {
	Redactions(h Handoff) []Redaction
}

// RedactionNote says what was masked, for people: "2 card numbers, 1
// password redacted"; empty when nothing was.
func RedactionNote(rs []Redaction) string {
	if len(rs) == 0 {
		return ""
	}
	parts := make([]string, 0, len(rs))
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%d %s", r.Count, redactionNoun(r.Kind, r.Count)))
	}
	return strings.Join(parts, ", ") + " redacted"
}

func redactionNoun(kind string, n int) string {
	one, many := kind, kind+" matches"
	switch kind {
	case "card":
		one, many = "card number", "card numbers"
	case "iban":
		one, many = "IBAN", "IBANs"
	case "national_id":
		one, many = "national id", "national ids"
	case "password":
		one, many = "password", "passwords"
	default:
		one = kind + " match"
	}
	if n == 1 {
		return one
	}
	return many
}
