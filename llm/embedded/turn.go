package embedded

import (
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// turnInfo is one analysed turn of a transcript. Once built it is never
// changed (but for its snippet, made once when first asked for), so that
// classifiers can share it between decisions.
//
// The fields holding pointers come first, so that the garbage collector,
// which reads a kept turn up to its last pointer, reads less than half of
// it; a turn holds no pointer into itself.
type turnInfo struct {
	role handoff.Role
	raw  string
	// turnText is what the turn is analysed from; a cached turn no
	// longer has it (see keep).
	*turnText
	// userPart is what only a user turn has; a kept turn of another
	// role shares noUser.
	*userPart
	// snip is the turn shortened for a reason, a *string made by the
	// first call of snippet on a turn longer than that (most turns are
	// never quoted) and written atomically: decisions that race to make
	// it make the same text.
	snip unsafe.Pointer
	// words are the sorted hashes of its distinct words.
	words []uint64
	// shv is its shape (see shape).
	shv turnShape

	// lang is the turn's language (langUnknown when it could not tell);
	// keyLang is the language of the key it is cached under (see
	// turnCache).
	lang    int
	keyLang int16
	// nTok is the number of tokens; facts what decisions read of the
	// turn's words (factYesShort ...).
	nTok  int
	facts uint16
	// ascii: raw is all ASCII; asciiShout: it is, and shouts (shouting),
	// which the shape reads with the capitals.
	ascii, asciiShout bool
	// Whether an assistant turn says it failed, by the classifier that
	// built it.
	failStrong, failWeak bool
}

// userPart is what the detectors and the classifier find in a user turn,
// which other turns do not have: kept apart, an assistant's turn is kept
// in half the memory. Pointers first, as in turnInfo.
type userPart struct {
	// langName names the language when cover is not coverFull.
	langName string
	// What the classifier that built it finds: what each of its triggers
	// with a description or keywords finds, by Classifier.hitSlot (nil
	// when none has either), and the notes of those hits (see
	// triggerHit.note).
	hits  []triggerHit
	notes []string
	// featsv are what generic triggers read of the turn (see features),
	// computed when featsDone.
	featsv turnFeatures
	// What the detectors find in the turn by itself.
	human detection
	fsig  frustrationSignals
	// sens is the score of each sensitive category (sensitiveCats order).
	sens [numSensitive]float64
	// cover says how far the built-in knowledge reads the turn's
	// language (coverFull, coverRequests, coverNone).
	cover     int
	featsDone bool
}

// noUser is the userPart of kept turns other than the user's: all zero,
// and never written.
var noUser userPart

// turnText is a turn's tokens and lexicon matches.
type turnText struct {
	doc text.Doc
	// stemsFilled says, while a classifier prepares the turn, whether it
	// fills each stem of the classifier's generic triggers (by stemID - 1):
	// 1 yes, -1 no, 0 not looked at yet.
	stemsFilled []int8
	// tokStems are packStem of each token, while a classifier prepares
	// the turn: filled compares them before the words.
	tokStems []uint64
	// ms are the built-in lexicon matches in token order; cats has the
	// bit of the category of each (see found).
	ms   []text.Match
	cats uint64
	// start and span hold, per token, a bit per category of the matches
	// starting at it and covering it.
	start, span []uint64
}

// triggerHit is what one trigger of a classifier finds in a user turn. It
// holds no pointer, so that a kept turn holds its hits in the space of its
// word hashes (see keep).
type triggerHit struct {
	// gen is the coverage of a generic trigger; note says what a turn
	// with gen > 0 matched, for the reason: 1 + its index in the turn's
	// notes (see turnInfo.hitNote), 0 for none.
	gen  float64
	note int32
	// kw is the first keyword of a keyword trigger in the turn, -1 for
	// none.
	kw int32
}

// hitNote returns what the turn matched of the generic trigger whose hit
// is at slot (Classifier.hitSlot), for the reason.
func (t *turnInfo) hitNote(slot int) string {
	if n := t.hits[slot].note; n > 0 {
		return t.notes[n-1]
	}
	return ""
}

func bit(cat int) uint64 { return 1 << uint(cat) }

// has reports whether a match of cat starts in tokens [from, to).
func (t *turnInfo) has(cat, from, to int) bool {
	b := bit(cat)
	for i := max(from, 0); i < to && i < len(t.start); i++ {
		if t.start[i]&b != 0 {
			return true
		}
	}
	return false
}

// found reports whether a match of one of the categories of the bit set
// cats (see bit) starts anywhere in the turn, from the set of the turn's
// categories: one operation, not a pass over the matches per category.
func (t *turnInfo) found(cats uint64) bool { return t.cats&cats != 0 }

// sentence returns the token range of the sentence holding token i.
func (t *turnInfo) sentence(i int) (int, int) {
	s := t.doc.Sentences[t.doc.Tokens[i].Sent]
	return s.Start, s.End
}

// clause returns the token range of the clause holding token i.
func (t *turnInfo) clause(i int) (int, int) {
	c := t.doc.Tokens[i].Clause
	from, to := i, i+1
	for from > 0 && t.doc.Tokens[from-1].Clause == c {
		from--
	}
	for to < len(t.doc.Tokens) && t.doc.Tokens[to].Clause == c {
		to++
	}
	return from, to
}

// negated reports whether a negation before token i, in its clause,
// reaches it. A negation reaches what it directly precedes, fillers
// ("a", "really", "mit einem") aside: "I don't need a human" and "ich
// brauche keinen Menschen" are negated, "I don't know how to contact a
// human" is not, and "No I want a human" is an interjection.
func (t *turnInfo) negated(i int) bool {
	from, _ := t.clause(i)
	for _, m := range t.ms {
		if m.Start < from || m.Start >= i || (m.Value != catNeg && m.Value != catNegInterj && m.Value != catInstead) {
			continue
		}
		if t.span[m.Start]&bit(catInability) != 0 {
			continue // "I can't reach anyone" asks for help
		}
		q := m.End
		for k := 0; k < 3 && q < i && fillers()[t.doc.Word(q)]; k++ {
			q++
		}
		if q == i || q < len(t.start) && t.start[q]&negatable != 0 {
			return true
		}
		if m.End > m.Start+1 && m.Value == catNeg && t.span[m.End-1]&bit(catWant) != 0 {
			return true // Finnish "en halua" holds the verb itself
		}
	}
	return false
}

// negatable are the categories a negation in front of them negates.
var negatable = bit(catWant) | bit(catTalk) | bit(catHandoffVerb) | bit(catHumanStrong) | bit(catHumanMedium) | bit(catHumanWeak)

// fillers are words a negation reaches across: articles, prepositions,
// intensifiers.
var fillers = sync.OnceValue(func() map[string]bool {
	return set(`a an the to with for any some really even just actually at all
		de d du des un une le la l les avec pour vraiment meme
		ein einen einem einer eine der die das den dem mit zu an fur wirklich mal unbedingt
		el los las una uno con para realmente al
		il lo gli di del della per davvero
		het een met voor echt
		en ett med for verkligen
		o os as um uma com realmente
		edes yhtaan mitaan`)
})

// snippet returns the raw text of the turn, shortened for a reason.
func (t *turnInfo) snippet() string {
	if len(t.raw) <= snipLen {
		return t.raw // shorten's answer
	}
	if p := atomic.LoadPointer(&t.snip); p != nil {
		return *(*string)(p)
	}
	s := shorten(t.raw, snipLen)
	atomic.StorePointer(&t.snip, unsafe.Pointer(&s))
	return s
}

// snipLen is how many characters of a turn a reason quotes.
const snipLen = 80

func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if allASCII(s[:n]) {
		// One byte a rune: the first n-1 runes are the first n-1 bytes,
		// and the text has more than n.
		return s[:n-1] + "…"
	}
	if !utf8.ValidString(s) {
		if utf8.RuneCountInString(s) <= n {
			return s
		}
		return string([]rune(s)[:n-1]) + "…"
	}
	// Cut after n-1 runes, if the text has more than n.
	cut, runes := 0, 0
	for i := range s {
		if runes == n-1 {
			cut = i
		}
		if runes == n {
			return s[:cut] + "…"
		}
		runes++
	}
	return s
}

// allASCII reports whether s is all ASCII.
func allASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
