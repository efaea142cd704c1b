package embedded

import (
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// generic judges a trigger without built-in knowledge: by how well the
// user's words fill the slots of its description and examples.
type generic struct {
	desc        []alternative
	pos, neg    []alternative
	exampleText []string // the examples, by alternative.example
}

func newGeneric(t *trigger) *generic {
	g := &generic{desc: describe(t.Description, true)}
	// An example shows what the description means; it does not lift the
	// description's amount condition: with "refund of more than 100 EUR"
	// the example "Ich möchte 250 € erstattet bekommen" still needs an
	// amount over 100.
	var cond *amountCond
	for _, a := range g.desc {
		if a.amount != nil {
			cond = a.amount
		}
	}
	for _, e := range t.Examples {
		alts := describe(e, false)
		for i := range alts {
			if alts[i].amount == nil {
				alts[i].amount = cond
			}
			alts[i].example = len(g.exampleText)
		}
		g.exampleText = append(g.exampleText, e)
		g.pos = append(g.pos, alts...)
	}
	for _, e := range t.NegativeExamples {
		g.neg = append(g.neg, describe(e, false)...)
	}
	return g
}

// Reliability of a generic verdict of no handoff: the cascade asks the LLM
// when no rule or built-in knowledge backs the embedded verdict.
const genericReliability = 0.8

// turnFeatures are what the generic matching reads from a user turn.
type turnFeatures struct {
	amounts  []float64
	concepts uint64 // bit c-conceptBase for each concept present
	request  bool
	transact bool // an order, an invoice, an account: what customer service is about
}

// moneyContext are the concepts that make a turn about money or a
// transaction.
var moneyContext = conceptBits(cCharge, cRefund, cMoney, cAccount, cOrder, cCancel, cDelivery)

func conceptBits(cs ...int) uint64 {
	var b uint64
	for _, c := range cs {
		b |= 1 << uint(c-conceptBase)
	}
	return b
}

func (t *turnInfo) features() *turnFeatures {
	if t.featsDone {
		return &t.featsv
	}
	t.featsv = turnFeatures{amounts: amounts(&t.doc)}
	f := &t.featsv
	if len(f.amounts) > 0 {
		f.transact = true // an amount of money
	}
	for _, m := range t.ms {
		switch {
		case m.Value == catWant:
			f.request = true
		case m.Value == catTransact:
			f.transact = true
		case m.Value > conceptBase && m.Value < conceptEnd:
			f.concepts |= 1 << uint(m.Value-conceptBase)
		}
	}
	t.featsDone = true
	return f
}

// coverage returns the share of a's weight that turn t fills, 0 when its
// amount condition fails.
func (a *alternative) coverage(t *turnInfo) float64 {
	f := t.features()
	if a.amount != nil && !a.amount.holds(f.amounts) {
		return 0 // before the slots, which most turns need not fill then
	}
	got := 0.0
	for i := range a.slots {
		if s := &a.slots[i]; a.filled(s, t, f) {
			got += s.weight
		}
	}
	return got / a.total
}

// conceptFills gives, for each concept slot of a description, the concepts
// of a user turn that fill it: the concept itself, and for a dispute a
// refund demand too (disputing a charge is asking for the money back: a
// chargeback).
var conceptFills = func() (m [conceptEnd - conceptBase + 1]uint64) {
	for c := conceptBase + 1; c < conceptEnd; c++ {
		m[c-conceptBase] = 1 << uint(c-conceptBase)
	}
	m[cDispute-conceptBase] |= 1 << uint(cRefund-conceptBase)
	return m
}()

// filled reports whether turn t, with features f, fills slot s.
func (a *alternative) filled(s *slot, t *turnInfo, f *turnFeatures) bool {
	switch {
	case s.concept == conceptRequest:
		return f.request
	case s.concept == cDispute || s.concept == cUnrecognised:
		// "wrong", "twice", "weird" dispute only when the turn is about
		// money or a transaction.
		return f.concepts&conceptFills[s.concept-conceptBase] != 0 && (f.concepts&moneyContext != 0 || f.transact)
	case s.concept != 0:
		return f.concepts&conceptFills[s.concept-conceptBase] != 0
	}
	// A turn being prepared remembers what it found of each stem: the
	// triggers' alternatives share many.
	var memo *int8
	if s.stemID > 0 && s.stemID <= len(t.stemsFilled) {
		memo = &t.stemsFilled[s.stemID-1]
		if *memo != 0 {
			return *memo > 0
		}
	}
	found := false
	if memo != nil && len(t.tokStems) == len(t.doc.Tokens) {
		// The tokens' packed stems first: most differ.
		for k, p := range t.tokStems {
			if p == s.pack && fillsStem(t.doc.Word(k), s.stem) {
				found = true
				break
			}
		}
	} else {
		for k := range t.doc.Tokens {
			if fillsStem(t.doc.Word(k), s.stem) {
				found = true
				break
			}
		}
	}
	if memo != nil {
		*memo = -1
		if found {
			*memo = 1
		}
	}
	return found
}

// fillsStem reports whether word w fills a slot of stem: it is the stem,
// or starts with a stem of five bytes or more.
func fillsStem(w, stem string) bool {
	return w == stem || len(stem) >= 5 && strings.HasPrefix(w, stem)
}

func bestCoverage(alts []alternative, t *turnInfo) float64 {
	best := 0.0
	for i := range alts {
		best = max(best, alts[i].coverage(t))
	}
	return best
}

// judge judges one user turn against a trigger's description and
// examples: it returns the coverage and the alternative that explain
// reads, the first that covers t best.
func (g *generic) judge(t *turnInfo) (float64, *alternative) {
	s := 0.0
	var best *alternative
	bestCov := 0.0
	for _, alts := range [2][]alternative{g.desc, g.pos} {
		for i := range alts {
			c := alts[i].coverage(t)
			s = max(s, c)
			if c > bestCov {
				best, bestCov = &alts[i], c
			}
		}
	}
	if s > 0 && len(g.neg) > 0 {
		if n := bestCoverage(g.neg, t); n >= 0.7 && n >= s {
			s *= 0.5
		}
	}
	return 0.95 * s, best
}

// genericScore judges the latest user turns against the description and
// examples of the trigger whose hits are at slot (Classifier.hitSlot).
func (a *analysis) genericScore(slot int) detection {
	best := none
	for k, ti := range a.recentUsers() {
		t := a.turns[ti]
		if t.hits == nil {
			continue
		}
		if s := t.hits[slot].gen * recency(k); s > best.score {
			best = detection{score: s, turn: ti}
		}
	}
	if best.turn >= 0 && best.score > 0 {
		best.note = a.turns[best.turn].hitNote(slot)
	}
	return best
}

// explain says what of the description or an example turn t matched,
// best being the alternative judge found: the slots it filled and the
// amount that met the condition.
func (g *generic) explain(t *turnInfo, best *alternative) string {
	return string(g.appendExplanation(nil, t, best))
}

// appendExplanation appends explain's text to b.
func (g *generic) appendExplanation(b []byte, t *turnInfo, best *alternative) []byte {
	if best == nil {
		return append(b, "matches the description"...)
	}
	// "matches WHERE: WHAT, WHAT".
	b = append(b, "matches "...)
	if best.example >= 0 {
		b = append(b, "example "...)
		b = strconv.AppendInt(b, int64(best.example+1), 10)
	} else {
		b = append(b, "the description"...)
	}
	n := 0
	next := func() {
		if n == 0 {
			b = append(b, ": "...)
		} else {
			b = append(b, ", "...)
		}
		n++
	}
	f := t.features()
	for i := range best.slots {
		if s := best.slots[i]; best.filled(&s, t, f) {
			next()
			b = appendSlotName(b, s)
		}
	}
	if best.amount != nil {
		for _, v := range f.amounts {
			if best.amount.holds([]float64{v}) {
				next()
				b = append(b, "amount "...)
				b = strconv.AppendFloat(b, v, 'f', -1, 64)
				b = append(b, " "...)
				b = append(b, best.amount.String()...)
				break
			}
		}
	}
	return b
}

// notes interns the reasons of generic triggers: a turn's reason is most
// often one written before, for another turn, and is kept without an
// allocation of its own (see internNote).
var notes text.Memo[string]

// internNote returns b as a string: the one remembered in notes when it
// was seen before.
func internNote(b []byte) string {
	if s, ok := notes.GetBytes(b); ok {
		return s
	}
	s := string(b)
	notes.Put(s, s)
	return s
}
