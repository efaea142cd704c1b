package embedded

import "strings"

// generic judges a trigger without built-in knowledge: by how well the
// user's words fill the slots of its description and examples.
type generic struct {
	desc     []alternative
	pos, neg []alternative
}

func newGeneric(t *trigger) *generic {
	g := &generic{desc: describe(t.Description, true)}
	for _, e := range t.Examples {
		g.pos = append(g.pos, describe(e, false)...)
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
	concepts uint64 // bit c-conceptBase for each concept present
	request  bool
	amounts  []float64
}

func (t *turnInfo) features() *turnFeatures {
	if t.feats != nil {
		return t.feats
	}
	f := &turnFeatures{amounts: amounts(&t.doc)}
	for _, m := range t.ms {
		switch {
		case m.Value == catWant:
			f.request = true
		case m.Value > conceptBase && m.Value < conceptEnd:
			f.concepts |= 1 << uint(m.Value-conceptBase)
		}
	}
	t.feats = f
	return f
}

// coverage returns the share of a's weight that turn t fills, 0 when its
// amount condition fails.
func (a *alternative) coverage(t *turnInfo) float64 {
	f := t.features()
	got := 0.0
	for _, s := range a.slots {
		switch {
		case s.concept == conceptRequest:
			if f.request {
				got += s.weight
			}
		case s.concept != 0:
			if f.concepts&conceptFills[s.concept-conceptBase] != 0 {
				got += s.weight
			}
		default:
			for _, tok := range t.doc.Tokens {
				if tok.S == s.stem || len(s.stem) >= 5 && strings.HasPrefix(tok.S, s.stem) {
					got += s.weight
					break
				}
			}
		}
	}
	if a.amount != nil && !a.amount.holds(f.amounts) {
		return 0
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

func bestCoverage(alts []alternative, t *turnInfo) float64 {
	best := 0.0
	for i := range alts {
		best = max(best, alts[i].coverage(t))
	}
	return best
}

// coverage judges one user turn against a trigger's description and
// examples.
func (g *generic) coverage(t *turnInfo) float64 {
	s := max(bestCoverage(g.desc, t), bestCoverage(g.pos, t))
	if s > 0 && len(g.neg) > 0 {
		if n := bestCoverage(g.neg, t); n >= 0.7 && n >= s {
			s *= 0.5
		}
	}
	return 0.95 * s
}

// genericScore judges the latest user turns against the description and
// examples of the idx-th trigger.
func (a *analysis) genericScore(idx int) detection {
	best := none
	for k, ti := range a.recentUsers() {
		t := a.turns[ti]
		if t.gen == nil {
			continue
		}
		s := t.gen[idx] * recency(k)
		if s > best.score {
			best = detection{score: s, turn: ti, note: "matches the description"}
		}
	}
	return best
}
