package embedded

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

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
	for i := 0; i < len(s); {
		var up, low bool
		if c := s[i]; c < utf8.RuneSelf {
			// ASCII, most text: no decoding, no tables.
			up, low = 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			up, low = unicode.IsUpper(r), unicode.IsLower(r)
			i += size
		}
		switch {
		case up:
			upper++
			run++
		case low:
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
	cur := a.turns[ti]
	if cur.nTok < 3 {
		return false
	}
	seen := 0
	for k := len(a.users) - 1; k >= 0 && seen < 3; k-- {
		pi := a.users[k]
		if pi >= ti {
			continue
		}
		seen++
		if similar(cur, a.turns[pi]) {
			return true
		}
	}
	return false
}

// similar reports whether most of x's distinct words (80%) also occur in
// y. Turns of very different lengths are not similar.
func similar(x, y *turnInfo) bool {
	nx, ny := x.nTok, y.nTok
	if nx == 0 || ny*2 < nx || nx*2 < ny {
		return false
	}
	return overlapAtLeast(x.wordSet(), y.wordSet(), 0.8)
}

// overlapAtLeast reports whether the share of the distinct words xs (sorted
// hashes) that also occur in ys is share or more. It stops at the miss
// after which even all the words left would not reach the share: most
// pairs of turns it compares share few words.
func overlapAtLeast(xs, ys []uint64, share float64) bool {
	n := len(xs)
	if n == 0 {
		return 0 >= share
	}
	hit, j := 0, 0
	for k, h := range xs {
		for j < len(ys) && ys[j] < h {
			j++
		}
		if j < len(ys) && ys[j] == h {
			hit++
		} else if float64(hit+n-k-1)/float64(n) < share {
			return false
		}
	}
	return float64(hit)/float64(n) >= share
}

// wordSet returns the sorted hashes of the turn's distinct words.
func (t *turnInfo) wordSet() []uint64 { return t.words }

// wordSetInto computes the word set in ws, which has room for a hash per
// token, from the records of the tokens.
func (t *turnInfo) wordSetInto(ws []uint64, words []*wordInfo) []uint64 {
	for i := range words {
		w := words[i]
		ws = append(ws, w.hash)
	}
	sortSmall(ws)
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
// -koon/-köön ("Menkää", "kirotkoon"). The sentence is tokens [start,
// end) of d.
func commandForm(d *text.Doc, start, end int, question bool) bool {
	n := end - start
	if n < 1 || question {
		return false
	}
	w := d.Word(start)
	next := ""
	if n > 1 {
		next = d.Word(start + 1)
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
	case (w == "ne" || w == "n") && n > 2:
		return true // a French sentence that opens with "ne" forbids: "Ne me touchez pas"
	}
	return false
}
