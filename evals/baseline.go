package evals

import (
	"strings"
	"unicode"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The baselines every report shows next to a classifier. They are
// trigger-agnostic: when a baseline hands off, it counts as firing every
// configured trigger, so its per-trigger figures are its handoff figures on
// that trigger's rows plus the no-handoff rows.
const (
	// BaselineAlways hands every conversation off.
	BaselineAlways = "always"
	// BaselineNever hands nothing off.
	BaselineNever = "never"
	// BaselineKeyword hands off when a user turn contains a word of a naive
	// multilingual list (KeywordList).
	BaselineKeyword = "keyword"
	// BaselineLength hands off when the transcript has at least N turns, with
	// N the cut that maximises accuracy on the dataset itself (an upper bound
	// on what length alone can do). Only multi-turn datasets get it.
	BaselineLength = "length"
)

// BaselineNames lists the baselines in report order.
var BaselineNames = []string{BaselineAlways, BaselineNever, BaselineKeyword, BaselineLength}

func isBaseline(name string) bool {
	for _, b := range BaselineNames {
		if b == name {
			return true
		}
	}
	return false
}

// KeywordList is the keyword baseline's list: the words a naive rule would
// look for to spot a request for a person, in English, German, French and
// Finnish (with a few common inflections). It is deliberately plain: it
// fires on "travel agent" and "are you a real person?" and misses anger,
// failure and sensitive topics, which is what a classifier must beat.
var KeywordList = []string{
	// English
	"human", "humans", "agent", "agents", "person", "people", "representative", "rep",
	"operator", "someone", "somebody", "staff", "manager", "supervisor",
	// German
	"mensch", "menschen", "mitarbeiter", "mitarbeiterin", "berater", "beraterin",
	"person", "jemand", "jemanden", "jemandem", "sachbearbeiter", "kundendienst", "kundenservice",
	// French
	"humain", "humaine", "conseiller", "conseillère", "personne", "opérateur",
	"opératrice", "quelqu'un", "responsable",
	// Finnish
	"ihminen", "ihmisen", "ihmiselle", "ihmistä", "asiakaspalvelija", "asiakaspalvelijan",
	"asiakaspalvelijalle", "henkilö", "henkilön", "henkilölle", "virkailija", "virkailijan",
	"joku", "jonkun", "jonkin",
}

// keywordMatcher holds KeywordList as a set of lower-case words.
type keywordMatcher map[string]bool

func newKeywordMatcher(words []string) keywordMatcher {
	m := keywordMatcher{}
	for _, w := range words {
		m[strings.ToLower(w)] = true
	}
	return m
}

// match reports whether any user turn of t contains a listed word.
func (m keywordMatcher) match(t []handoff.Turn) bool {
	for _, turn := range t {
		if turn.Role != handoff.RoleUser {
			continue
		}
		for _, w := range words(turn.Content) {
			if m[w] {
				return true
			}
		}
	}
	return false
}

// words splits s into lower-case words of letters, digits and inner
// apostrophes ("quelqu'un" stays one word).
func words(s string) []string {
	s = strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	})
}

// baselinePredictions returns, for each baseline that applies to the rows,
// its handoff decision per row, and for the length baseline its cut.
func baselinePredictions(rows []Row) (preds map[string][]bool, lengthCut int) {
	preds = map[string][]bool{}
	always := make([]bool, len(rows))
	never := make([]bool, len(rows))
	kw := make([]bool, len(rows))
	m := newKeywordMatcher(KeywordList)
	multi := false
	for i, r := range rows {
		always[i] = true
		kw[i] = m.match(r.Transcript)
		multi = multi || r.MultiTurn()
	}
	preds[BaselineAlways], preds[BaselineNever], preds[BaselineKeyword] = always, never, kw
	if multi {
		lengthCut = fitLengthCut(rows)
		l := make([]bool, len(rows))
		for i, r := range rows {
			l[i] = len(r.Transcript) >= lengthCut
		}
		preds[BaselineLength] = l
	}
	return preds, lengthCut
}

// fitLengthCut returns the turn count N for which "hand off when the
// transcript has at least N turns" has the best accuracy on rows; ties go to
// the better F1, then to the smaller N. Accuracy rather than F1 because F1
// rewards handing everything off, which would make the cut the shortest
// transcript and the baseline a copy of always-handoff.
func fitLengthCut(rows []Row) int {
	cands := map[int]bool{}
	for _, r := range rows {
		cands[len(r.Transcript)] = true
	}
	best, bestAcc, bestF1 := 0, -1.0, -1.0
	for n := range cands {
		var c Confusion
		for _, r := range rows {
			c.Add(r.ExpectHandoff, len(r.Transcript) >= n)
		}
		f1, acc := c.F1(), c.Accuracy()
		if acc > bestAcc || (acc == bestAcc && (f1 > bestF1 || (f1 == bestF1 && n < best))) {
			best, bestAcc, bestF1 = n, acc, f1
		}
	}
	return best
}
