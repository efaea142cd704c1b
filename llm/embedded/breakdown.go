package embedded

import "slices"

// Probabilities that an assistant turn broke the dialogue, from what
// surrounds it. They combine as independent signals.
const (
	bPrior      = 0.10 // any assistant turn
	bConfused   = 0.70 // the user's next turn is confused or corrects it
	bEcho       = 0.60 // the user echoes its words in a short question: "What kid?"
	bDisagree   = 0.35 // the user's next turn opens with "no" or "I don't know"
	bRepeat     = 0.55 // it repeats an earlier assistant turn
	bIgnored    = 0.35 // it shares nothing with the user's question before it
	bOffTopic   = 0.15 // it shares nothing with the user's statement before it
	bEmpty      = 0.30 // it says almost nothing: "...", "Ok."
	bFrustrated = 0.40 // the user's next turn is hostile or exasperated
)

// breakdownAfter estimates from the dialogue whether assistant turn i
// failed.
func (a *analysis) breakdownAfter(i int) float64 {
	t := &a.turns[i]
	p := bPrior
	if i+1 < len(a.turns) && a.turns[i+1].role == "user" {
		u := &a.turns[i+1]
		switch {
		case confused(u):
			p = combine(p, bConfused)
		case echoes(u, t):
			p = combine(p, bEcho)
		case len(u.doc.Tokens) > 0 && u.start[0]&bit(catDisagree) != 0:
			p = combine(p, bDisagree)
		}
		if u.count(catInsult)+u.count(catHostile)+u.count(catExasper) > 0 {
			p = combine(p, bFrustrated)
		}
	}
	for j := i - 2; j >= 0 && j >= i-12; j-- {
		if a.turns[j].role == "assistant" && len(t.doc.Tokens) > 1 && similar(t, &a.turns[j]) {
			p = combine(p, bRepeat)
			break
		}
	}
	if len(t.doc.Tokens) <= 1 {
		p = combine(p, bEmpty)
	}
	if i > 0 && a.turns[i-1].role == "user" {
		q := &a.turns[i-1]
		switch {
		case ignoresQuestion(q, t):
			p = combine(p, bIgnored)
		case len(q.doc.Tokens) >= 4 && len(t.doc.Tokens) >= 3 && !sharesContent(q, t):
			p = combine(p, bOffTopic)
		}
	}
	return p
}

// confused reports whether a user turn opens with confusion or a
// correction: the first sentence, or the whole of a short turn.
func confused(u *turnInfo) bool {
	if len(u.doc.Sentences) == 0 {
		return false
	}
	s := u.doc.Sentences[0]
	for _, m := range u.ms {
		if m.Value != catConfused {
			continue
		}
		// A bare "what"/"was"/"quoi" counts only as the whole sentence.
		if m.End-m.Start == 1 && isWh(u, m.Start) {
			if s.End-s.Start == 1 && m.Start == s.Start {
				return true
			}
			continue
		}
		if m.Start < s.End || len(u.doc.Tokens) <= 8 {
			return true
		}
	}
	return false
}

func isWh(u *turnInfo, i int) bool { return u.start[i]&bit(catWhWord) != 0 }

// echoes reports whether a short user question repeats a content word of
// the assistant turn right after a question word: "What kid?" after "this
// kid couldn't possibly belong to anyone else".
func echoes(u, t *turnInfo) bool {
	if len(u.doc.Tokens) > 6 || len(u.doc.Sentences) == 0 || !u.doc.Sentences[0].Question {
		return false
	}
	if !isWh(u, 0) {
		return false
	}
	for _, w := range u.doc.Tokens[1:] {
		if len(w.S) < 3 || stopWords[w.S] {
			continue
		}
		for _, x := range t.doc.Tokens {
			if x.S == w.S || len(w.S) >= 5 && len(x.S) >= 5 && w.S[:4] == x.S[:4] {
				return true
			}
		}
	}
	return false
}

// ignoresQuestion reports whether an assistant reply shares no content
// word with the user's question before it and does not start like an
// answer.
func ignoresQuestion(q, r *turnInfo) bool {
	if len(q.doc.Sentences) == 0 || !q.doc.Sentences[len(q.doc.Sentences)-1].Question || len(r.doc.Tokens) == 0 {
		return false
	}
	if r.start[0]&(bit(catYes)|bit(catNegInterj)) != 0 {
		return false
	}
	return !sharesContent(q, r)
}

// sharesContent reports whether two turns share a content word (not a
// stop word, three letters or more), comparing the first four letters.
func sharesContent(x, y *turnInfo) bool {
	xs, ys := x.contentStems(), y.contentStems()
	j := 0
	for _, h := range xs {
		for j < len(ys) && ys[j] < h {
			j++
		}
		if j < len(ys) && ys[j] == h {
			return true
		}
	}
	return false
}

// contentStems returns the sorted, distinct four-letter stems of the
// turn's content words.
func (t *turnInfo) contentStems() []uint32 {
	if t.stems != nil {
		return t.stems
	}
	out := make([]uint32, 0, len(t.doc.Tokens))
	for _, a := range t.doc.Tokens {
		if len(a.S) < 3 || stopWords[a.S] || questionWords[a.S] {
			continue
		}
		var h uint32
		for i := 0; i < 4 && i < len(a.S); i++ {
			h = h<<8 | uint32(a.S[i])
		}
		out = append(out, h)
	}
	slices.Sort(out)
	t.stems = slices.Compact(out)
	return t.stems
}

var questionWords = map[string]bool{"what": true, "who": true, "how": true, "why": true, "where": true, "when": true,
	"which": true, "you": true, "your": true, "do": true, "does": true, "did": true, "can": true, "are": true}
