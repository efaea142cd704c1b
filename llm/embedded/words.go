package embedded

import (
	"slices"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Most of what the analysis of a turn reads of a word depends on the word
// alone: the language it votes for, what a typo of it reads as, the word
// classes the shape reads, its hash and stem, the lexicon patterns it may
// start. All of it is computed the first time the word is seen and kept in
// one record, so that a turn costs one lookup per word, not one per table.

// wordInfo is what the classifier knows of one folded word. It depends on
// the word alone, so a remembered one is never wrong, only faster.
type wordInfo struct {
	// hash is hashWord of the word; stem its first four bytes.
	hash uint64
	stem uint64
	// flags are its classes in wordFlags (wFunction ...) and wNine.
	flags uint16
	// vote is the language the word votes for in guessLang (langUnknown
	// for none); more is its language among moreLangNames, -1 for none.
	vote, more int8
	// corr is what the word reads as in a user turn after typo
	// correction, "" when itself.
	corr string
	// user and assistant are the word's candidates in the matchers of
	// each role.
	user, assistant *text.Candidates
	// word is the word, "" in the record of a number (which is not
	// remembered).
	word string
}

// wNine marks a marker word of one of the nine languages (nineWords).
const wNine = 1 << 7

// words remembers the records of the words seen so far; it is bounded (see
// text.Memo), so random words cannot grow it without end.
var words text.Memo[*wordInfo]

// wordOf returns the record of folded word w, which is not a number
// (numbers are many and rarely seen twice: they are not remembered, see
// turnWords.lookup).
func wordOf(w string) *wordInfo {
	if x, ok := words.Get(w); ok {
		return x
	}
	x := newWordInfo(w, false)
	words.Put(w, &x)
	return &x
}

// setNumber makes x the record of number w: newWordInfo(w, true).
func setNumber(x *wordInfo, w string) {
	x.hash, x.stem, x.flags, x.vote, x.more = hashWord(w), packStem(w), 0, 0, -1
	x.corr, x.user, x.assistant, x.word = "", nil, nil, ""
}

func newWordInfo(w string, num bool) wordInfo {
	x := wordInfo{hash: hashWord(w), stem: packStem(w), more: -1}
	if num {
		// No table holds a number (TestTablesHoldNoNumbers), no typo
		// of one is corrected, and the matcher looks up a number's
		// candidates itself.
		return x
	}
	x.word = strings.Clone(w) // w may point into a text that is reused
	x.flags = wordFlags()[w]
	if l, ok := langMarkers()[w]; ok {
		x.vote = int8(l)
	} else {
		x.vote = int8(langBySuffix(w))
	}
	if nineWords()[w] {
		x.flags |= wNine
	}
	if l, ok := moreLangMarkers()[w]; ok {
		x.more = int8(l)
	}
	if len(w) >= 5 && !isKnown(w) {
		if c, ok := speller().Correct(w); ok {
			x.corr = c
		}
	}
	x.user = userMatcher().Candidates(w)
	x.assistant = assistantMatcher().Candidates(w)
	return x
}

// turnWords are the records of a turn's tokens and the candidates the
// matcher reads, in token order: scratch space of newTurn.
type turnWords struct {
	infos []*wordInfo
	// cands are the candidates of each record in the matcher of the
	// turn's role (see lookup); assistant says which.
	cands     []*text.Candidates
	assistant bool
	// nums holds the records of the turn's numbers.
	nums []wordInfo
	// recent are records looked up before, by recentSlot: most words of
	// a turn are common ones found here, without hashing the word.
	recent [recentSlots]*wordInfo
}

// recentSlots is the size of turnWords.recent: room enough that the
// common words of a conversation seldom share a slot (one pair of the 83
// words of BenchmarkEmbedded's transcript does, against 14 with 256
// slots and a sum of the bytes).
const (
	recentBits  = 10
	recentSlots = 1 << recentBits
)

// recentSlot returns the slot of word s (not empty) in turnWords.recent:
// its length, first, second, middle and last bytes, mixed by a
// multiplication (Fibonacci hashing), whose top bits are the slot.
func recentSlot(s string) int {
	k := uint32(len(s))<<24 ^ uint32(s[0]) ^ uint32(s[len(s)/2])<<8 ^ uint32(s[len(s)-1])<<16 ^ uint32(s[min(1, len(s)-1)])<<20
	return int(k * 0x9e3779b1 >> (32 - recentBits))
}

// word returns the record of word s, not a number.
func (w *turnWords) word(s string) *wordInfo {
	if s == "" {
		return wordOf(s)
	}
	e := &w.recent[recentSlot(s)]
	if x := *e; x != nil && x.word == s {
		return x
	}
	x := wordOf(s)
	*e = x
	return x
}

// packStem returns the first four bytes of w (all of a shorter one) as a
// number: two words are equal, or one starts with the other of four bytes
// or more, only when their numbers are.
func packStem(w string) uint64 {
	var p uint64
	for i := 0; i < 4 && i < len(w); i++ {
		p = p<<8 | uint64(w[i])
	}
	return p
}

// wordScratch recycles the turnWords of a newTurn without a turnScratch
// (a turnScratch has its own).
var wordScratch = sync.Pool{New: func() any { return new(turnWords) }}

// lookup fills w with the records of d's tokens and their candidates in
// the matcher of role (see candidate), in one pass.
func (w *turnWords) lookup(d *text.Doc, role handoff.Role) {
	w.infos, w.cands = w.infos[:0], w.cands[:0]
	w.assistant = role == handoff.RoleAssistant
	// Room for every token, so that the records of numbers stay where
	// they are while more are added.
	w.nums = slices.Grow(w.nums[:0], len(d.Tokens))
	for i := range d.Tokens {
		t := &d.Tokens[i]
		var x *wordInfo
		if t.Num {
			// Written in place (the room is there): a record built
			// and then copied costs the copy, with its pointers.
			w.nums = w.nums[:len(w.nums)+1]
			x = &w.nums[len(w.nums)-1]
			setNumber(x, d.Word(i))
		} else {
			x = w.word(d.Word(i))
		}
		w.infos = append(w.infos, x)
		w.cands = append(w.cands, w.candidate(x))
	}
}

// candidate returns the candidates of record x in the matcher of the
// role lookup was given: the assistant's for an assistant turn, the
// user's for any other.
func (w *turnWords) candidate(x *wordInfo) *text.Candidates {
	if w.assistant {
		return x.assistant
	}
	return x.user
}

// set makes x the record of token i (a word corrected or stripped).
func (w *turnWords) set(i int, x *wordInfo) {
	w.infos[i], w.cands[i] = x, w.candidate(x)
}

// correct replaces the misspelt words of a user turn by the anchor they
// stand for: a word of five letters or more that no lexicon knows, one
// edit away from exactly one anchor word (see speller).
func (w *turnWords) correct(d *text.Doc) {
	for i, x := range w.infos {
		if x.corr != "" {
			d.SetWord(i, x.corr)
			w.set(i, w.word(x.corr))
		}
	}
}

// release returns w to the pool.
// The records and candidates it holds belong to the memos or are
// garbage, whether or not the pool keeps a reference: they are not
// cleared.
func (w *turnWords) release() {
	wordScratch.Put(w)
}

// sortSmall sorts xs: by insertion for the few values of a turn's words,
// quicker there than the general sort.
func sortSmall(xs []uint64) {
	if len(xs) > 32 {
		slices.Sort(xs)
		return
	}
	for i := 1; i < len(xs); i++ {
		x, j := xs[i], i
		for ; j > 0 && x < xs[j-1]; j-- {
			xs[j] = xs[j-1]
		}
		xs[j] = x
	}
}
