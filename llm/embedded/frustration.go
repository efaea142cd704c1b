package embedded

import (
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Weights of the frustration detector: a logistic model over counts of
// lexical and typographic signals, set by reasoning about how strongly each
// signal speaks for anger, then checked on development data (see
// docs/classifier.md). No signal at all gives sigmoid(fBias) ≈ 0.1.
const (
	fBias      = -0.35
	fCue       = 2.7  // "I am angry", "ich bin frustriert", "olen turhautunut"
	fInsult    = 2.0  // idiot, Scheiße, vittu
	fHostile   = 2.2  // shut up, lass mich in Ruhe, ta gueule
	fExasper   = 1.6  // useless, lächerlich, j'en ai marre, not happy
	fNegEval   = 0.65 // liar, hate, nobody, never
	fPositive  = -1.1 // thanks, love, great
	fExclaim   = 0.5  // a sentence ending with !
	fShout     = 0.9  // WORDS IN CAPITALS, !!, ?!
	fIntense   = 0.3  // so, always, again: only next to a negative signal
	fRepeat    = 1.4  // the user repeats an earlier message
	fNegVal    = 0.3  // bad, problem, war, fear
	fCommand   = 0.55 // a sentence opening with a command: "Stop it", "Gib mir"
	fConfront  = 0.5  // "you" with a negation or a negative word
	fNegation  = 0.25 // not, never, nobody
	fWhy       = 0.35 // a why-question to someone: "why did you ...?"
	fCapSignal = 2    // at most this many of one signal count
	fNoSignal  = 0.03 // the score when no signal at all is present
)

// frustration judges whether the user is frustrated or angry, in the latest
// user turns of the window.
func (a *analysis) frustrationScore() detection {
	if a.frustration != nil {
		return *a.frustration
	}
	best := none
	for k, ti := range a.recentUsers() {
		s, note := a.frustrationInTurn(ti)
		s *= recency(k)
		if s > best.score {
			best = detection{score: s, turn: ti, note: note}
		}
	}
	a.frustration = &best
	return best
}

func (a *analysis) frustrationInTurn(ti int) (float64, string) {
	t := &a.turns[ti]
	var n [numCats]int
	negPos := 0
	for _, m := range t.ms {
		if m.Value >= numCats {
			continue
		}
		switch m.Value {
		case catNeg, catNegInterj:
			if t.span[m.Start]&(bit(catNegVal)|bit(catExasper)) != 0 {
				continue // "does not work" counts once
			}
		case catFrustrationCue, catPositive, catInsult, catNegEval:
			if t.negatedNear(m.Start) {
				if m.Value == catPositive {
					negPos++ // "not happy", "en ole tyytyväinen"
				}
				continue
			}
		}
		n[m.Value]++
	}
	z := fBias
	z += fCue * capped(n[catFrustrationCue])
	z += fInsult * capped(n[catInsult])
	z += fHostile * capped(n[catHostile])
	z += fExasper * capped(n[catExasper]+negPos)
	z += fNegEval * min(float64(n[catNegEval]), 3)
	z += fNegVal * min(float64(n[catNegVal]), 3)
	z += fPositive * min(float64(n[catPositive]), 3)
	negations := n[catNeg] + n[catNegInterj]
	z += fNegation * capped(negations)
	negative := n[catFrustrationCue]+n[catInsult]+n[catHostile]+n[catExasper]+negPos+n[catNegEval]+n[catNegVal] > 0
	if n[catYou] > 0 && (negative || negations > 0) {
		z += fConfront
	}
	commands, whys := 0, 0
	for _, s := range t.doc.Sentences {
		if s.End > s.Start && (t.start[s.Start]&bit(catCommand) != 0 || commandForm(t.doc.Tokens[s.Start:s.End], s.Question)) {
			commands++
		}
		if s.Question && t.has(catWhy, s.Start, s.End) && t.has(catYou, s.Start, s.End) {
			whys++
		}
	}
	z += fWhy * capped(whys)
	z += fCommand * capped(commands)
	exclaims, shout := 0, false
	for _, s := range t.doc.Sentences {
		if s.Exclaims > 0 {
			exclaims++
		}
		if s.Exclaims > 1 || s.Exclaims > 0 && s.Question {
			shout = true
		}
	}
	if negative || negations > 0 || commands > 0 || whys > 0 {
		// Exclamations and shouting amplify; alone they are enthusiasm as
		// often as anger ("Hello!", "Great!!").
		z += fExclaim * capped(exclaims)
		if shout || shouting(t.raw) {
			z += fShout
		}
	} else if shouting(t.raw) {
		z += fShout
	}
	if negative {
		z += fIntense * capped(n[catIntensity])
	}
	repeats := a.repeatsEarlier(ti)
	if repeats {
		z += fRepeat
	}
	if !negative && negations == 0 && commands == 0 && whys == 0 && exclaims == 0 && !repeats && !shout {
		return fNoSignal, ""
	}
	note := "the user sounds frustrated"
	switch {
	case n[catFrustrationCue] > 0:
		note = "the user says they are frustrated or angry"
	case n[catInsult]+n[catHostile] > 0:
		note = "the user is hostile"
	case n[catExasper]+negPos > 0:
		note = "the user is exasperated"
	}
	return sigmoid(z), note
}

func capped(n int) float64 { return float64(min(n, fCapSignal)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// negatedNear reports whether a negation directly precedes token i (within
// two tokens in its clause): "not happy", "nicht zufrieden", "pas content".
func (t *turnInfo) negatedNear(i int) bool {
	from, _ := t.clause(i)
	for p := max(from, i-3); p < i; p++ {
		if t.start[p]&(bit(catNeg)|bit(catNegInterj)) != 0 || t.span[p]&bit(catNeg) != 0 {
			return true
		}
	}
	return false
}

// shouting reports whether s has at least two words of three or more
// letters in capitals, and more capitals than lower case overall.
func shouting(s string) bool {
	words, upper, lower := 0, 0, 0
	run, runUpper := 0, true
	flush := func() {
		if run >= 3 && runUpper {
			words++
		}
		run, runUpper = 0, true
	}
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
			run++
		case unicode.IsLower(r):
			lower++
			run++
			runUpper = false
		default:
			flush()
		}
	}
	flush()
	return words >= 2 && upper > lower
}

// repeatsEarlier reports whether user turn ti says again what an earlier
// user turn said: most of its words were in one of the two user turns
// before it.
func (a *analysis) repeatsEarlier(ti int) bool {
	cur := &a.turns[ti]
	if len(cur.doc.Tokens) < 3 {
		return false
	}
	seen := 0
	for k := len(a.users) - 1; k >= 0 && seen < 3; k-- {
		pi := a.users[k]
		if pi >= ti {
			continue
		}
		seen++
		if similar(cur, &a.turns[pi]) {
			return true
		}
	}
	return false
}

// similar reports whether most of x's distinct words (80%) also occur in
// y. Turns of very different lengths are not similar.
func similar(x, y *turnInfo) bool {
	nx, ny := len(x.doc.Tokens), len(y.doc.Tokens)
	if nx == 0 || ny*2 < nx || nx*2 < ny {
		return false
	}
	return overlap(x, y) >= 0.8
}

// overlap returns the share of x's distinct words that also occur in y.
func overlap(x, y *turnInfo) float64 {
	xs, ys := x.wordSet(), y.wordSet()
	if len(xs) == 0 {
		return 0
	}
	hit, j := 0, 0
	for _, h := range xs {
		for j < len(ys) && ys[j] < h {
			j++
		}
		if j < len(ys) && ys[j] == h {
			hit++
		}
	}
	return float64(hit) / float64(len(xs))
}

// wordSet returns the sorted hashes of the turn's distinct words.
func (t *turnInfo) wordSet() []uint64 {
	if t.words != nil {
		return t.words
	}
	ws := make([]uint64, 0, len(t.doc.Tokens))
	for _, tok := range t.doc.Tokens {
		ws = append(ws, hashWord(tok.S))
	}
	slices.Sort(ws)
	t.words = slices.Compact(ws)
	return t.words
}

func hashWord(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// commandForm recognises an imperative by its form where the languages
// mark it: a German "Verben Sie" opening a statement ("Behalten Sie es"),
// a French verb in -ez or with -moi/-toi opening a statement ("Laissez-moi",
// "Évitez"), a Finnish plural imperative in -kaa/-kää or a jussive in
// -koon/-köön ("Menkää", "kirotkoon").
func commandForm(toks []text.Token, question bool) bool {
	if len(toks) < 1 || question {
		return false
	}
	w := toks[0].S
	next := ""
	if len(toks) > 1 {
		next = toks[1].S
	}
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "en") && next == "sie":
		return true
	case len(w) > 4 && strings.HasSuffix(w, "ez") && next != "vous":
		return true
	case len(w) > 3 && (next == "moi" || next == "toi") && !strings.HasPrefix(w, "qu"):
		return true
	case len(w) > 5 && (strings.HasSuffix(w, "kaa") || strings.HasSuffix(w, "koon")):
		return true
	}
	return false
}
