package embedded

import (
	"fmt"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
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
	c.ready()
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
	desc := analyseTurn(handoff.RoleUser, t.Description)
	r.Concepts = c.understood(t, &r)
	r.Ignored = ignoredWords(t, &desc)
	r.Warnings = c.warnings(t, &r)
	r.Fires, r.DoesNotFire = c.samplesFor(t, descLang(&desc))
	if len(r.Fires) == 0 {
		r.Warnings = append(r.Warnings, "none of the sample messages fires it: add examples of messages that should")
	}
	return r
}

// understood says in words what the reading takes from the description.
func (c *Classifier) understood(t *trigger, r *Reading) []string {
	var out []string
	switch t.kind {
	case KindHumanRequest:
		out = append(out, "a request for a human (built-in knowledge: "+requestLanguages+")")
	case KindFrustration:
		out = append(out, "frustration or anger (built-in knowledge: "+fullLanguages+")")
		if t.about != nil {
			out = append(out, "only when the user's words speak of "+t.aboutNames())
		}
	case KindBotFailure:
		out = append(out, fmt.Sprintf("the assistant failed at least %d times among its latest ten replies", t.failN))
	case KindSensitive:
		out = append(out, "a sensitive topic, limited to: "+strings.Join(r.Categories, ", "))
	case KindNone:
		if t.gen == nil {
			break
		}
		for _, a := range t.gen.desc {
			parts := a.slotNames()
			if a.amount != nil {
				parts = append(parts, "amount "+a.amount.String())
			}
			out = append(out, "one of: "+strings.Join(parts, " + "))
		}
		if len(t.gen.pos) > 0 {
			out = append(out, fmt.Sprintf("or like one of its %d examples", len(t.Examples)))
		}
	}
	return out
}

// requestLanguages and fullLanguages list the languages of the built-in
// knowledge.
const (
	fullLanguages    = "en de fr fi es it nl sv pt"
	requestLanguages = fullLanguages + " pl cs tr ru da no ja zh ar"
)

// ignoredWords lists the content words of a description that the reading
// of a trigger with a kind does not use: "company" in "angry at the
// company". A trigger judged by its words uses them all.
func ignoredWords(t *trigger, desc *turnInfo) []string {
	if t.kind == KindNone {
		return nil
	}
	d := &desc.doc
	used := make([]bool, len(d.Tokens))
	mark := func(m text.Match) {
		for i := m.Start; i < m.End && i < len(used); i++ {
			used[i] = true
		}
	}
	for _, m := range desc.ms {
		if m.Value < numCats || t.kind == KindFrustration && t.about != nil && m.Value > conceptBase && m.Value < conceptEnd {
			mark(m)
		}
	}
	descMatcher().Find(d, mark)
	descCategoryMatcher().Find(d, mark)
	counts().Find(d, mark)
	var out []string
	seen := map[string]bool{}
	for i, tok := range d.Tokens {
		w := d.Word(i)
		if used[i] || tok.Num || tok.Sign || len(w) < 3 || stopWords()[w] || framingWords()[w] || seen[w] {
			continue
		}
		seen[w] = true
		if len(desc.raw) == len(d.Folded) { // folding kept every byte in place: show the word as written
			w = desc.raw[tok.Off:tok.End]
		}
		out = append(out, w)
	}
	return out
}

// framingWords describe the conversation or qualify the description
// without adding a condition: "explicitly", "clearly", "sounds".
var framingWords = sync.OnceValue(func() map[string]bool {
	return set(`explicitly clearly directly really actually seems seem sounds sound appears says say writes
	message messages conversation chat visitor caller ausdrucklich deutlich direkt explicitement clairement directement
	selvasti suoraan nimenomaan explicitamente claramente esplicitamente expliciet uttryckligen
	topic topics matter matters issue issues question questions thing things case cases subject subjects area areas
	thema themen frage fragen angelegenheit angelegenheiten sujet sujets affaire affaires aihe aiheet asia asiat kysymys kysymykset kysymyksia
	tema temas asunto asuntos questione questioni argomento onderwerp onderwerpen kwestie kwesties amne amnen fraga fragor assunto assuntos questao questoes
	whether before after saying something anything everything nothing else can could did does must should would will shall
	still also just only alone another other others some every each which who whom whose what where while into onto then
	there here these those such very much many most few not now this that their they them its etwas alles andere noch auch
	nur kann konnte muss soll wird quelque chose autre autres encore aussi seulement peut doit jotain muuta myos vain viela`)
})

// warnings say when the reading is weak or leaves something out.
func (c *Classifier) warnings(t *trigger, r *Reading) []string {
	var out []string
	switch {
	case t.kind == KindNone && t.gen != nil:
		out = append(out, "no built-in kind: judged by matching the words of its description and examples (less reliable; "+
			"the cascade asks the LLM when unsure); name a kind or add examples")
		weak := true
		for _, a := range t.gen.desc {
			concepts, words := 0, 0
			for _, s := range a.slots {
				if s.concept != 0 && s.concept != conceptRequest {
					concepts++
				} else if s.concept == 0 {
					words++
				}
			}
			if concepts > 0 || words > 1 {
				weak = false
			}
		}
		if weak && len(t.gen.pos) == 0 {
			out = append(out, "reads weakly: no customer-service concept and at most one word to match; add examples")
		}
	case len(r.Ignored) > 0:
		out = append(out, fmt.Sprintf("the built-in %s knowledge decides; not used from the description: %s", t.kind,
			strings.Join(r.Ignored, ", ")))
	}
	if t.kind == KindBotFailure && t.FailedAnswers > 0 && t.FailedAnswers != t.failN {
		out = append(out, fmt.Sprintf("the description asks for %d failures and failed_answers for %d: the model waits for %d, "+
			"the rule on plain failure phrases fires at %d", t.failN, t.FailedAnswers, t.failN, t.FailedAnswers))
	}
	return out
}
