package embedded

import (
	"fmt"
	"strconv"
	"strings"
)

// Reading says how the embedded classifier reads one trigger: which
// built-in knowledge applies, what of its description it uses, and what it
// leaves aside. `handoff-mcp triggers explain`, `config check` and the eval
// report print it so that a builder sees how each wording is understood.
type Reading struct {
	// ID is the trigger's id.
	ID string `json:"id"`
	// Kind is the built-in knowledge applied; empty when the trigger is
	// judged by the words of its description and examples alone.
	Kind Kind `json:"kind,omitempty"`
	// KindSource says where Kind came from: "configured" (the trigger's
	// kind), "inferred" (read from the description) or "words" (no kind:
	// judged by word matching).
	KindSource string `json:"kind_source"`
	// FailedAnswers is how many failed answers a bot_failure trigger needs.
	FailedAnswers int `json:"failed_answers,omitempty"`
	// Categories are the sensitive categories a sensitive trigger covers.
	Categories []string `json:"categories,omitempty"`
	// Alternatives are, for a trigger judged by its words, the slots of each
	// alternative of the description: concepts as "concept:NAME", words by
	// stem as "word:STEM", and "request" for "asks", "wants".
	Alternatives [][]string `json:"alternatives,omitempty"`
	// Amount is the amount condition read from the description, such as
	// "> 100"; empty when there is none.
	Amount string `json:"amount,omitempty"`
	// Concepts are what the reading understood of the description beyond
	// its kind (a restriction such as "at the company"), in words.
	Concepts []string `json:"concepts,omitempty"`
	// Ignored lists content words of the description that the reading does
	// not use.
	Ignored []string `json:"ignored,omitempty"`
	// Warnings say when a description reads weakly or falls back to word
	// matching, and what to do about it.
	Warnings []string `json:"warnings,omitempty"`
	// Fires and DoesNotFire are a few messages that would and would not
	// fire the trigger on their own, checked against the classifier.
	Fires       []string `json:"fires,omitempty"`
	DoesNotFire []string `json:"does_not_fire,omitempty"`
}

// Readings returns how each enabled trigger is read, in configuration
// order.
func (c *Classifier) Readings() []Reading {
	out := make([]Reading, 0, len(c.triggers))
	for _, t := range c.triggers {
		out = append(out, c.reading(t))
	}
	return out
}

func (c *Classifier) reading(t *trigger) Reading {
	r := Reading{ID: t.ID, Kind: t.kind, KindSource: "inferred"}
	switch {
	case t.Kind != "":
		r.KindSource = "configured"
	case t.kind == KindNone:
		r.KindSource = "words"
	}
	switch t.kind {
	case KindBotFailure:
		r.FailedAnswers = t.failN
	case KindSensitive:
		for i, n := range sensitiveNames {
			if t.sensitive&(1<<uint(i)) != 0 {
				r.Categories = append(r.Categories, n)
			}
		}
	case KindNone:
		if t.gen != nil {
			for _, a := range t.gen.desc {
				r.Alternatives = append(r.Alternatives, a.slotNames())
				if a.amount != nil && r.Amount == "" {
					r.Amount = a.amount.String()
				}
			}
		}
	}
	return r
}

// slotNames names the slots of an alternative for people.
func (a *alternative) slotNames() []string {
	out := make([]string, 0, len(a.slots))
	for _, s := range a.slots {
		out = append(out, slotName(s))
	}
	return out
}

// slotName names one slot: "concept:NAME", "word:STEM" or "request".
func slotName(s slot) string {
	switch {
	case s.concept == conceptRequest:
		return "request"
	case s.concept != 0:
		return "concept:" + conceptName(s.concept)
	}
	return "word:" + s.stem
}

// conceptName names a concept of the concept lexicon.
func conceptName(c int) string {
	if n, ok := conceptNames[c]; ok {
		return n
	}
	return fmt.Sprintf("concept%d", c-conceptBase)
}

// String writes the condition as "> 100", "< 20" or "> 10 and < 50".
func (c *amountCond) String() string {
	var parts []string
	if c.minSet {
		parts = append(parts, "> "+strconv.FormatFloat(c.min, 'f', -1, 64))
	}
	if c.maxSet {
		parts = append(parts, "< "+strconv.FormatFloat(c.max, 'f', -1, 64))
	}
	return strings.Join(parts, " and ")
}

// conceptNames name the concepts of the concept lexicon.
var conceptNames = map[int]string{cRefund: "refund", cCharge: "charge", cDispute: "dispute", cUnrecognised: "unrecognised",
	cComplaint: "complaint", cService: "service", cAccount: "account", cCancel: "cancel", cOrder: "order",
	cDelivery: "delivery", cPassword: "password", cMoney: "money", cDamaged: "damaged", cLate: "late"}
