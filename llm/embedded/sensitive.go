package embedded

import (
	"slices"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Scores of the sensitive-topic detector.
const (
	sTopic    = 0.90 // "I want to sue you", "my card was stolen"
	sSelfHarm = 0.99
	sNegated  = 0.30 // "I don't want to close my account": still the topic
	sGeneral  = 0.30 // "how do you protect customers against fraud?": a policy question
)

// sensitiveMask returns the sensitive categories named in ms as a bit set
// (bit i for sensitiveCats[i]). A description that says "sensitive topic"
// without naming one gets them all.
func sensitiveMask(ms []text.Match) uint64 {
	var mask uint64
	generic := false
	for _, m := range ms {
		if m.Value == catSensitive {
			generic = true
		}
		if m.Value == catSecurityName {
			mask |= 1 << 3 // sensitiveCats[3] is catSecurity
		}
		if m.Value == catLegalTopic {
			mask |= 1 << 0 // "legal matters" names sensitiveCats[0], catLegal
		}
		for i, c := range sensitiveCats {
			if m.Value == c {
				mask |= 1 << uint(i)
			}
		}
	}
	if generic && mask == 0 {
		return allSensitive
	}
	return mask
}

var allSensitive = uint64(1)<<uint(len(sensitiveCats)) - 1

// isSensitiveCat says, by category, whether it is one of sensitiveCats.
var isSensitiveCat = func() []bool {
	t := make([]bool, slices.Max(sensitiveCats[:])+1)
	for _, c := range sensitiveCats {
		t[c] = true
	}
	return t
}()

// sensitiveScores scores each sensitive category in one user turn.
func sensitiveScores(t *turnInfo) [numSensitive]float64 {
	var out [numSensitive]float64
	for _, m := range t.ms {
		c := m.Value
		if c == catLegalTopic {
			from, to := t.sentence(m.Start)
			if !t.has(catLegalAct, from, to) {
				continue // "where is the legal notice?"
			}
			c = catLegal // "I'm reporting this under GDPR"
		}
		if uint(c) >= uint(len(isSensitiveCat)) || !isSensitiveCat[c] {
			continue // most matches: no pass over the categories
		}
		for i, sc := range sensitiveCats {
			if c != sc || t.span[m.Start]&bit(catQuoted) != 0 {
				continue
			}
			from, to := t.sentence(m.Start)
			s := sTopic
			switch {
			case sc == catSelfHarm:
				s = sSelfHarm
			case t.negated(m.Start):
				s = sNegated
			case sc != catMedical && sc != catClosure && t.generalQuestion(from, to):
				s = sGeneral
			}
			out[i] = max(out[i], s)
		}
	}
	return out
}

// sensitiveTopic judges whether the latest user turns raise one of the
// sensitive categories in mask.
func (a *analysis) sensitiveTopic(mask uint64) detection {
	for _, r := range a.sensitive {
		if r.mask == mask {
			return r.d
		}
	}
	best := none
	for k, ti := range a.recentUsers() {
		t := a.turns[ti]
		for i, s := range t.sens {
			if s == 0 || mask&(1<<uint(i)) == 0 {
				continue
			}
			if s *= recency(k); s > best.score {
				best = detection{score: s, turn: ti, note: "raises a sensitive topic (" + sensitiveNames[i] + ")"}
			}
		}
	}
	a.sensitive = append(a.sensitive, sensitiveResult{mask: mask, d: best})
	return best
}

var sensitiveNames = []string{"legal", "medical", "fraud", "security", "account closure", "self-harm"}

// generalQuestion reports whether tokens [from, to) speak of protection or
// prevention in general ("how do you protect customers against fraud?"),
// the "protection" of "data protection" aside.
func (t *turnInfo) generalQuestion(from, to int) bool {
	for i := from; i < to; i++ {
		if t.start[i]&bit(catProtect) != 0 && t.span[i]&bit(catLegalTopic) == 0 {
			return true
		}
	}
	return false
}
