package embedded

import (
	"math/bits"
	"unicode"
	"unicode/utf8"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// scanCapitals reads the capitals of raw text: whether a word inside a
// sentence is capitalised (a name, in the languages that do not
// capitalise nouns), and whether a short word is written in capitals for
// emphasis inside otherwise ordinary text.
//
// For ASCII text it also says whether the text shouts (see shouting),
// whose words are its words there: one pass instead of two.
//
// ASCII text is read in two passes, eight bytes at a time: one counts the
// small and the capital letters, the other visits only the words with a
// capital, which are all that the rest depends on (scanCapitalsRunes reads
// any text, letter by letter, and gives the same answers).
func scanCapitals(raw string) (names, emphasis, asciiShout bool) {
	lower, allUpper := 0, 0
	i := 0
	for ; i+8 <= len(raw); i += 8 {
		x := load8(raw, i)
		if x&highBits != 0 {
			return scanCapitalsRunes(raw)
		}
		l, u := letterMasks(x)
		lower += bits.OnesCount64(l)
		allUpper += bits.OnesCount64(u)
	}
	for ; i < len(raw); i++ {
		k := byteClass[raw[i]]
		if k&cNonASCII != 0 {
			return scanCapitalsRunes(raw)
		}
		lower += int(k & cLower)
		allUpper += int(k & cUpper >> 1)
	}
	if allUpper == 0 {
		return false, false, false
	}
	shouted := 0
	// After a word, the next capital is looked for from its end: a
	// letter ends no word.
	for i := nextCapital(raw, 0); i >= 0; i = nextCapital(raw, i) {
		// The word around the capital at i.
		start := i
		for start > 0 && isASCIILetter(raw[start-1]) {
			start--
		}
		upper, end := 0, start
		for ; end < len(raw) && isASCIILetter(raw[end]); end++ {
			if raw[end] <= 'Z' {
				upper++
			}
		}
		i = end
		w, letters := raw[start:end], end-start
		if upper == letters && letters >= 3 {
			shouted++
		}
		switch {
		case upper == letters && letters >= 2 && letters <= 5:
			if lower >= 6 && !emphasis {
				var buf [asciiWordBuf]byte
				if f := lowerASCII(&buf, w); functionWords()[string(f)] && string(f) != "ok" {
					emphasis = true
				}
			}
		case upper == 1 && w[0] <= 'Z' && w != "I" && !names:
			prev, sentenceStart := wordBefore(raw, start)
			if !sentenceStart {
				var buf [asciiWordBuf]byte
				names = !greetings()[string(lowerASCII(&buf, prev))]
			}
		}
	}
	return names, emphasis, shouted >= 2 && allUpper > lower
}

// asciiWordBuf is the room lowerASCII folds a word in without allocating.
const asciiWordBuf = 32

// lowerASCII returns w, a word of ASCII letters, in small letters (Fold's
// answer for it): in buf when it fits, which a map lookup reads without
// making a string.
func lowerASCII(buf *[asciiWordBuf]byte, w string) []byte {
	if len(w) > len(buf) {
		return []byte(text.Fold(w))
	}
	b := buf[:len(w)]
	for i := range len(w) {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return b
}

// The bytes of a uint64 read eight bytes of text at a time (load8).
const (
	lowBits  = 0x0101010101010101
	highBits = 0x8080808080808080
)

// load8 returns the eight bytes of s from i as a number, the first the
// lowest.
func load8(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// letterMasks returns the high bit of each byte of x, eight ASCII bytes,
// that is a small letter, and of each that is a capital. For a byte b
// under 0x80, b + 0x80 - c carries into no other byte and has its high
// bit set when b >= c.
func letterMasks(x uint64) (lower, upper uint64) {
	geA := x + (0x80-'A')*lowBits
	gtZ := x + (0x80-'Z'-1)*lowBits
	gea := x + (0x80-'a')*lowBits
	gtz := x + (0x80-'z'-1)*lowBits
	return gea &^ gtz & highBits, geA &^ gtZ & highBits
}

// nextCapital returns the index of the first capital of ASCII text s at
// or after from, or -1.
func nextCapital(s string, from int) int {
	i := from
	for ; i+8 <= len(s); i += 8 {
		if _, u := letterMasks(load8(s, i)); u != 0 {
			return i + bits.TrailingZeros64(u)/8
		}
	}
	for ; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return i
		}
	}
	return -1
}

// Classes of bytes in byteClass.
const (
	cLower    = 1 << iota // a to z
	cUpper                // A to Z
	cNonASCII             // part of a rune beyond ASCII
)

// byteClass classifies bytes for scanCapitals, without branches.
var byteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = cNonASCII
		case 'a' <= c && c <= 'z':
			t[c] = cLower
		case 'A' <= c && c <= 'Z':
			t[c] = cUpper
		}
	}
	return t
}()

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// wordBefore returns the word of ASCII text raw before the one at start,
// and whether the word at start opens a sentence: it is the first, or an
// end mark (. ! ? or a line break) comes between the two.
func wordBefore(raw string, start int) (prev string, sentenceStart bool) {
	end := start
	for end > 0 && !isASCIILetter(raw[end-1]) {
		if c := raw[end-1]; c == '.' || c == '!' || c == '?' || c == '\n' {
			sentenceStart = true
		}
		end--
	}
	if end == 0 {
		return "", true
	}
	b := end
	for b > 0 && isASCIILetter(raw[b-1]) {
		b--
	}
	return raw[b:end], sentenceStart
}

// scanCapitalsRunes is scanCapitals for any text.
func scanCapitalsRunes(raw string) (names, emphasis, asciiShout bool) {
	sentenceStart := true
	prev := "" // the word before, read only for a capitalised word
	lower, allUpper, shouted := 0, 0, 0
	var capsWords []string
	for i := 0; i < len(raw); {
		r, size := rune(raw[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(raw[i:])
		}
		if letter := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') || r >= utf8.RuneSelf && unicode.IsLetter(r); !letter {
			if r == '.' || r == '!' || r == '?' || r == '\n' {
				sentenceStart = true
			}
			i += size
			continue
		}
		j, upper, letters := i, 0, 0
	word:
		for j < len(raw) {
			if c := raw[j]; c < utf8.RuneSelf {
				// ASCII, most text: no decoding, no tables.
				switch {
				case 'a' <= c && c <= 'z':
					lower++
				case 'A' <= c && c <= 'Z':
					upper++
				default:
					break word
				}
				letters++
				j++
				continue
			}
			r2, s2 := utf8.DecodeRuneInString(raw[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			letters++
			if unicode.IsUpper(r2) {
				upper++
			} else {
				lower++
			}
			j += s2
		}
		w := raw[i:j]
		allUpper += upper
		if upper == letters && letters >= 3 {
			shouted++
		}
		switch {
		case upper == letters && letters >= 2 && letters <= 5:
			capsWords = append(capsWords, w)
		case upper == 1 && unicode.IsUpper(r) && !sentenceStart && w != "I" && !names && !greetings()[text.Fold(prev)]:
			names = true // a name, unless it is the one greeted ("Hi Alex")
		}
		prev = w
		sentenceStart = false
		i = j
	}
	if lower >= 6 {
		for _, w := range capsWords {
			if f := text.Fold(w); functionWords()[f] && f != "ok" {
				emphasis = true
			}
		}
	}
	return names, emphasis, shouted >= 2 && allUpper > lower
}
