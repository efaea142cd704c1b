package embedded

import (
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// readDescription reads the trigger's description: see Classifier.ready.
func (ct *trigger) readDescription() {
	t := ct.Trigger
	desc := analyseTurn(handoff.RoleUser, t.Description)
	desc.ms = withoutConcepts(desc.ms)
	if ct.kind == KindNone {
		ct.kind = inferKind(&desc.doc, desc.ms)
	}
	switch ct.kind {
	case KindBotFailure:
		// The description's own count ("failed three times") decides how
		// many failures the model needs; failed_answers is the rule on
		// plain failure phrases, and the count when the description
		// gives none.
		n, stated := describedCount(&desc.doc)
		switch {
		case stated:
			ct.failN = n
		case t.FailedAnswers > 0:
			ct.failN = t.FailedAnswers
		default:
			ct.failN = n
		}
	case KindSensitive:
		if ct.sensitive = sensitiveMask(desc.ms) | describedCategories(&desc.doc); ct.sensitive == 0 {
			ct.sensitive = allSensitive
		}
		ct.sensitive = fraudSecurity(ct.sensitive)
	case KindFrustration:
		ct.about = aboutConcepts(t.Description)
	case KindNone:
		ct.gen = newGeneric(ct)
	}
}

// aboutConcepts reads what a frustration trigger's description says the
// anger is about ("angry about a double charge", "wütend wegen einer
// Doppelbuchung", "vihainen tuplaveloituksen takia"): the customer-service
// concepts after "about" (before a Finnish postposition), in the same
// clause, without the company it is aimed at ("the service"). A
// description that lists what anger looks like ("complains of being kept
// waiting") restricts nothing. Nil when it names no such concept.
func aboutConcepts(desc string) []alternative {
	d := text.Tokenize(desc)
	inScope := make([]bool, len(d.Tokens))
	for i, tok := range d.Tokens {
		switch {
		case aboutWords()[d.Word(i)]:
			for k := i + 1; k < len(d.Tokens) && k <= i+6 && d.Tokens[k].Clause == tok.Clause; k++ {
				inScope[k] = true
			}
		case aboutAfter()[d.Word(i)]:
			for k := i - 1; k >= 0 && k >= i-4 && d.Tokens[k].Clause == tok.Clause; k-- {
				inScope[k] = true
			}
		}
	}
	var about alternative
	about.example = -1
	concepts().Find(&d, func(m text.Match) {
		c := m.Value
		if !inScope[m.Start] || c == cService || c <= conceptBase || c >= conceptEnd || about.hasConcept(c) {
			return
		}
		w := 1.0
		if cw, ok := conceptWeights()[c]; ok {
			w = cw
		}
		about.slots = append(about.slots, slot{concept: c, weight: w})
		about.total += w
	})
	if about.total == 0 {
		return nil
	}
	return []alternative{about}
}

// aboutWords introduce what an emotion is about; aboutAfter follow it
// (Finnish postpositions).
var (
	aboutWords = sync.OnceValue(func() map[string]bool {
		return set(`about over regarding concerning because due wegen uber bezuglich aufgrund cause sujet concernant propos
		sobre por causa riguardo per causa vanwege omdat over om angaende pga`)
	})
	aboutAfter = sync.OnceValue(func() map[string]bool { return set(`takia vuoksi johdosta takiaan vuoksi`) })
)

// describedCount reads "twice" or "three times" from a description, and
// whether it says one; it defaults to 2, the failures the product means by
// "repeated".
func describedCount(d *text.Doc) (int, bool) {
	n := 0
	counts().Find(d, func(m text.Match) { n = max(n, m.Value) })
	if n == 0 {
		return 2, false
	}
	return n, true
}

var counts = sync.OnceValue(func() *text.Matcher { return text.MustMatcher(countLex()) })
