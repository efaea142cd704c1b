package embedded

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// TestTablesHoldNoNumbers: the record of a number skips the word tables
// (newWordInfo), which is right only while none of them holds one.
func TestTablesHoldNoNumbers(t *testing.T) {
	var keys []string
	for k := range wordFlags {
		keys = append(keys, k)
	}
	for k := range langMarkers {
		keys = append(keys, k)
	}
	for k := range nineWords {
		keys = append(keys, k)
	}
	for k := range moreLangMarkers {
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
	assert.Equal(t, hashWord("1200"), n.hash)
	assert.Nil(t, n.user, "a number's candidates are the matcher's to find")
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
