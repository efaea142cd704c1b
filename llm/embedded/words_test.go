package embedded

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// TestTablesHoldNoNumbers: the record of a number skips the word tables
// (newWordInfo), which is right only while none of them holds one.
func TestTablesHoldNoNumbers(t *testing.T) {
	var keys []string
	for k := range wordFlags() {
		keys = append(keys, k)
	}
	for k := range langMarkers() {
		keys = append(keys, k)
	}
	for k := range nineWords() {
		keys = append(keys, k)
	}
	for k := range moreLangMarkers() {
		keys = append(keys, k)
	}
	assert.NotEmpty(t, keys)
	for _, k := range keys {
		d := text.Tokenize(k)
		for _, tok := range d.Tokens {
			assert.False(t, tok.Num, "%q is a number", k)
		}
	}
	assert.True(t, text.Tokenize("1.200,50").Tokens[0].Num, "the check recognises a number")
}

// TestWordRecords: a word's record says what the tables say of it, and a
// remembered record is the one computed.
func TestWordRecords(t *testing.T) {
	w := wordOf("nicht")
	assert.Equal(t, int8(langDE), w.vote)
	assert.Equal(t, hashWord("nicht"), w.hash)
	assert.Equal(t, *w, newWordInfo("nicht", false))
	assert.Equal(t, int8(langFI), wordOf("asiakaspalvelussa").vote, "a Finnish ending")
	assert.Equal(t, "person", wordOf("persn").corr, "a typo of an anchor")
	assert.Empty(t, wordOf("person").corr)
	assert.NotZero(t, wordOf("you").flags&wPersonal12)
	assert.Equal(t, int8(langPL), wordOf("prosze").more)
	assert.NotZero(t, wordOf("the").flags&wNine)
	n := newWordInfo("1200", true)
	dirty := *wordOf("nicht") // a record in a reused slot had other words
	setNumber(&dirty, "1200")
	assert.Equal(t, n, dirty, "setNumber writes newWordInfo's record of a number")
	assert.Equal(t, hashWord("1200"), n.hash)
	assert.Nil(t, n.user, "a number's candidates are the matcher's to find")
}

// TestRecordsHoldTheirWords: after typo correction and clitic stripping,
// the record of each token that is not a number holds the token's text
// (computeShape reads the length of the word from it), and the token's
// candidates are its record's.
func TestRecordsHoldTheirWords(t *testing.T) {
	for _, s := range []string{"I want to speek to a persn, 42 times!", "Haluan puhua ihmisellekin, mitäpä tämähän on", "don't"} {
		d := text.Tokenize(s)
		w := new(turnWords)
		w.lookup(&d, handoff.RoleUser)
		w.correct(&d)
		stripClitics(&d, w)
		for i, tok := range d.Tokens {
			if !tok.Num {
				assert.Equal(t, d.Word(i), w.infos[i].word, "%q: token %d", s, i)
			}
			assert.Same(t, w.infos[i].user, w.cands[i], "%q: token %d's candidates", s, i)
		}
	}
}

// TestFoundCategories: the categories a turn has found are those of its
// matches, all of which are below 64.
func TestFoundCategories(t *testing.T) {
	require.Less(t, numCats, 64)
	for _, s := range []string{"This is useless, you idiot, I want a human!", "Thanks, that worked", "I didn't understand that.",
		"Go to Settings > Account because it is there", "Ei, en halua puhua botille"} {
		for _, role := range []handoff.Role{handoff.RoleUser, handoff.RoleAssistant} {
			ti := analyseTurn(role, s)
			for cat := range numCats {
				n := 0
				for _, m := range ti.ms {
					if m.Value == cat {
						n++
					}
				}
				assert.Equal(t, n > 0, ti.found(bit(cat)), "%q %s: category %d", s, role, cat)
			}
		}
	}
	assert.False(t, (&turnInfo{turnText: &noText}).found(^uint64(0)), "a kept turn has no matches")
}

// TestRecentWords: the records a turn remembers by slot are the memo's,
// words that share a slot included, and every word has a slot.
func TestRecentWords(t *testing.T) {
	w := new(turnWords)
	words := []string{"a", "i", "ok", "the", "understand", "you", "and", "please", "kundenservicemitarbeiter"}
	for range 2 {
		for _, s := range words {
			assert.Same(t, wordOf(s), w.word(s), s)
			assert.Less(t, recentSlot(s), recentSlots)
			assert.GreaterOrEqual(t, recentSlot(s), 0)
		}
	}
	// Two words of one slot replace each other, and each is still read
	// right.
	var x, y string
	seen := map[int]string{}
	for i := 0; x == ""; i++ {
		s := "w" + strconv.Itoa(i)
		if o, ok := seen[recentSlot(s)]; ok {
			x, y = o, s
		}
		seen[recentSlot(s)] = s
	}
	for range 2 {
		assert.Equal(t, x, w.word(x).word)
		assert.Equal(t, y, w.word(y).word)
	}
}

// TestCapitalsReadShoutingOfASCII: for ASCII text the pass over the
// capitals says what shouting says.
func TestCapitalsReadShoutingOfASCII(t *testing.T) {
	for _, s := range []string{"", "THIS IS NOT OK", "THIS is not ok", "I WANT A HUMAN NOW!!", "WHY??", "Hello there",
		"NO NO no", "ABC DEF ghi", "AB CD EF", "OK. FINE. WHATEVER.", "it IS about my PLAN", "x1Y2Z3 ABC DEF"} {
		_, _, shout := scanCapitals(s)
		assert.Equal(t, shouting(s), shout, "%q", s)
	}
}

// TestCapitalsASCIIPathReadsAsRunes: the two passes scanCapitals makes
// over ASCII text find what the letter-by-letter reading finds.
func TestCapitalsASCIIPathReadsAsRunes(t *testing.T) {
	texts := []string{"", "Hi Alex, can I talk to Maria?", "hello. Bob is here", "Hey Bob", "I think Paris. Yes", "it IS about my PLAN ok",
		"x1Y2Z3 ABC DEF", "iPhone and McDonald", "A B C", "We went to Berlin!\nThen Rome", "OK OK OK fine fine fine", "NOT what I asked, NO",
		"Hello there Tom", "says Hi Anna", "...Anna", "the NOT so good", "my IBAN DE123 is wrong"}
	// And every text of letters, capitals, digits and marks up to five long.
	alphabet := []byte("aB.1 I")
	var gen func(prefix []byte)
	gen = func(prefix []byte) {
		texts = append(texts, string(prefix))
		if len(prefix) == 5 {
			return
		}
		for _, c := range alphabet {
			gen(append(prefix, c))
		}
	}
	gen(nil)
	// Longer texts, which the ASCII pass reads eight bytes at a time.
	words := []string{"I", "Alex", "NOT", "ok", "OK", "Hi", "the", "PLAN", "x1Y", ".", "!", "\n", "ABC", "is", "my", "Bob"}
	seed := uint32(1)
	for range 3000 {
		var b strings.Builder
		for range 2 + seed%11 {
			seed = seed*1664525 + 1013904223
			b.WriteString(words[seed>>16%uint32(len(words))])
			if seed>>8%3 != 0 {
				b.WriteByte(' ')
			}
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		n1, e1, s1 := scanCapitals(s)
		n2, e2, s2 := scanCapitalsRunes(s)
		require.Equal(t, []bool{n2, e2, s2}, []bool{n1, e1, s1}, "%q", s)
	}
}

// TestLetterMasks: the eight-byte reading classifies every ASCII byte at
// every place as the byte-by-byte reading does.
func TestLetterMasks(t *testing.T) {
	for b := range uint64(0x80) {
		for k := range 8 {
			x := uint64('.')*lowBits&^(0xff<<(8*k)) | b<<(8*k)
			l, u := letterMasks(x)
			assert.Equal(t, 'a' <= b && b <= 'z', l != 0, "%q at %d", rune(b), k)
			assert.Equal(t, 'A' <= b && b <= 'Z', u != 0, "%q at %d", rune(b), k)
			s := strings.Repeat(".", k) + string(rune(b)) + strings.Repeat(".", 7-k)
			want, after := -1, 10
			if 'A' <= b && b <= 'Z' {
				want, after = k, k
			}
			assert.Equal(t, want, nextCapital(s, 0), "%q", s)
			assert.Equal(t, after, nextCapital(s+"..X", 0), "%q", s)
		}
	}
}

func TestSortSmall(t *testing.T) {
	for _, n := range []int{0, 1, 2, 17, 32, 33, 100} {
		xs := make([]uint64, n)
		for i := range xs {
			xs[i] = uint64((i*7919 + 13) % 31)
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		sortSmall(xs)
		assert.Equal(t, want, xs, "n=%d", n)
	}
}

// TestStemMemoChangesNoCoverage: a turn being prepared remembers which
// stems of the generic triggers it fills; the coverage and the reason are
// those of a turn that looks every stem up.
func TestStemMemoChangesNoCoverage(t *testing.T) {
	c := newTestClassifier(t, Config{},
		handoff.Trigger{ID: "warranty", Description: "The user asks about the warranty of a broken blender or mixer.",
			Examples: []string{"My blender broke, is it under warranty?", "Garantie für den Mixer"}},
		handoff.Trigger{ID: "delivery", Description: "The user complains that the blender delivery is late."})
	c.ready()
	require.Positive(t, c.stems)
	for _, s := range []string{"My blender broke last week, is that covered by the warranty?", "The mixer delivery is late again",
		"Hello", "blenders and mixers: warranty for both?"} {
		plain := analyseTurn(handoff.RoleUser, s)
		memo := analyseTurn(handoff.RoleUser, s)
		memo.stemsFilled = make([]int8, c.stems)
		for i := range memo.doc.Tokens {
			memo.tokStems = append(memo.tokStems, packStem(memo.doc.Word(i)))
		}
		for _, tr := range c.triggers {
			want, wantAlt := tr.gen.judge(&plain)
			for range 2 { // the second time from the memo
				got, gotAlt := tr.gen.judge(&memo)
				assert.Equal(t, want, got, "%s: %q", tr.ID, s)
				assert.Equal(t, tr.gen.explain(&plain, wantAlt), tr.gen.explain(&memo, gotAlt))
			}
		}
		assert.NotEqual(t, make([]int8, c.stems), memo.stemsFilled, "%q: the memo was used", s)
	}
}

// TestPackedStems: a word that fills a stem's slot has the stem's packed
// number, so that comparing the numbers first loses no slot.
func TestPackedStems(t *testing.T) {
	words := []string{"a", "ab", "abc", "abcd", "abcde", "abcdef", "blend", "blender", "blenders", "warranty", "war", "warr", "x"}
	for _, w := range words {
		for _, stem := range words {
			if fillsStem(w, stem) {
				assert.Equal(t, packStem(stem), packStem(w), "%q fills %q", w, stem)
			}
		}
	}
	assert.True(t, fillsStem("blenders", "blend"))
	assert.False(t, fillsStem("abcd", "abc"), "a stem under five bytes is a whole word")
	assert.NotEqual(t, packStem("ab"), packStem("abc"))
}

// TestNotesInterned: a reason written again is the one kept before, with
// its text.
func TestNotesInterned(t *testing.T) {
	a := internNote([]byte("matches the description: word:blender"))
	b := internNote([]byte("matches the description: word:blender"))
	assert.Equal(t, "matches the description: word:blender", b)
	assert.Same(t, unsafe.StringData(a), unsafe.StringData(b))
	assert.Equal(t, "matches example 2", internNote([]byte("matches example 2")))
}

// TestGenericReason: the reason of a generic trigger names where the turn
// matched, the slots it filled and the amount that met the condition.
func TestGenericReason(t *testing.T) {
	c := newTestClassifier(t, Config{},
		handoff.Trigger{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
		handoff.Trigger{ID: "warranty", Description: "The user asks about the warranty of a blender.",
			Examples: []string{"Is my mixer still under warranty?"}})
	for _, tc := range []struct{ turn, id, want string }{
		{"I want a refund of 250 EUR", "refund_over_100", "matches the description: concept:refund, amount 250 > 100"},
		{"Is my mixer still under warranty?", "warranty", "matches example 1: word:mixer, word:still, word:under"},
	} {
		var got string
		for _, v := range c.Judge(handoff.Input{Transcript: []handoff.Turn{{Role: handoff.RoleUser, Content: tc.turn}}}) {
			if v.ID == tc.id {
				got = v.Note
			}
		}
		assert.Equal(t, tc.want, got, "%q", tc.turn)
	}
}

// TestOverlapAtLeast checks the early stop of overlapAtLeast against the
// share of shared words counted in full, on random sorted sets.
func TestOverlapAtLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		pick := func() []uint64 {
			xs := make([]uint64, rng.IntN(12))
			for i := range xs {
				xs[i] = rng.Uint64N(16)
			}
			slices.Sort(xs)
			return slices.Compact(xs)
		}
		xs, ys := pick(), pick()
		hit := 0
		for _, x := range xs {
			if slices.Contains(ys, x) {
				hit++
			}
		}
		for _, share := range []float64{0.5, 0.8, 1} {
			want := len(xs) > 0 && float64(hit)/float64(len(xs)) >= share
			if got := overlapAtLeast(xs, ys, share); got != want {
				t.Fatalf("overlapAtLeast(%v, %v, %v) = %v, want %v", xs, ys, share, got, want)
			}
		}
	}
}
