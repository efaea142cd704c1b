// Package text holds the language-neutral text machinery of the embedded
// classifier: folding (lower case, no accents), tokenizing into words,
// sentences and clauses, compiled word patterns with wildcards and gaps, and
// hashed character n-grams.
package text

import (
	"encoding/binary"
	"slices"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// foldTable maps the Latin letters with diacritics of the languages we
// support to plain ASCII.
var foldTable = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ð': "d", 'ø': "o", 'ł': "l", 'đ': "d", 'ı': "i"}
	for base, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭį", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// punctFold maps typographic punctuation to its ASCII form.
var punctFold = map[rune]rune{
	'’': '\'', '‘': '\'', 'ʼ': '\'', '´': '\'', '`': '\'', '‚': '\'',
	'“': '"', '”': '"', '„': '"', '«': '"', '»': '"',
	'–': '-', '—': '-', '…': '.', '¿': ' ', '¡': ' ',
	// Chinese, Japanese and Arabic punctuation.
	'。': '.', '？': '?', '！': '!', '，': ',', '、': ',', '：': ':', '；': ';', '「': '"', '」': '"',
	'؟': '?', '،': ',', '؛': ';',
	// Arabic letters written in several forms: alef with hamza or madda,
	// teh marbuta and alef maksura are read as their plain forms.
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ة': 'ه', 'ى': 'ي', 'ـ': 0,
}

// Fold returns s in lower case with accents removed and typographic
// punctuation replaced by ASCII ("Ärger über Kündigung" gives
// "arger uber kundigung"), so that matching is case- and accent-insensitive.
func Fold(s string) string {
	f, _ := foldASCII(s)
	return f
}

// foldASCII is Fold also saying whether s is all ASCII.
func foldASCII(s string) (string, bool) {
	if isFolded(s) {
		return s, true
	}
	b, ascii := appendFold(make([]byte, 0, len(s)), s)
	return bytesString(b), ascii
}

// foldInto is foldASCII writing into the space of buf: it returns the
// folded text, which is s itself or the bytes of the returned buffer (valid
// until that is written again), the buffer to pass next time, and whether
// s is all ASCII.
func foldInto(buf []byte, s string) (string, []byte, bool) {
	if isFolded(s) {
		return s, buf, true
	}
	buf, ascii := appendFold(buf[:0], s)
	return bytesString(buf), buf, ascii
}

// bytesString returns b as a string without copying; b must not be
// written while the string is in use.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// isFolded reports whether s is ASCII without capitals: folded already.
func isFolded(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return false
		}
	}
	return true
}

// appendFold appends s, folded, to b, and says whether s is all ASCII.
func appendFold(b []byte, s string) ([]byte, bool) {
	// ASCII folds byte for byte: room for all of s first, then no
	// capacity check per byte.
	n := len(b)
	b = slices.Grow(b, len(s))[:n+len(s)]
	out := b[n:]
	i := 0
	// Eight bytes at a time while they are ASCII: a capital is a byte
	// from 'A' to 'Z', which gets the bit 0x20 (b + 0x80 - c carries into
	// no other byte of ASCII bytes and sets the high bit when b >= c).
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))
		if x&0x8080808080808080 != 0 {
			break
		}
		geA := x + (0x80-'A')*0x0101010101010101
		gtZ := x + (0x80-'Z'-1)*0x0101010101010101
		x |= (geA &^ gtZ & 0x8080808080808080) >> 2
		binary.LittleEndian.PutUint64(out[i:i+8], x)
	}
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return appendFoldRunes(b[:n+i], s[i:]), false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return b, true
}

// appendFoldRunes appends s, folded, to b, rune by rune.
func appendFoldRunes(b []byte, s string) []byte {
	for _, r := range s {
		if r < utf8.RuneSelf {
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b = append(b, byte(r))
			continue
		}
		lr := unicode.ToLower(r)
		if f, ok := foldTable[lr]; ok {
			b = append(b, f...)
			continue
		}
		if p, ok := punctFold[lr]; ok {
			if p != 0 { // 0 drops the rune (the Arabic tatweel)
				b = utf8.AppendRune(b, p)
			}
			continue
		}
		if unicode.Is(unicode.Mn, lr) { // combining marks of decomposed input
			continue
		}
		b = utf8.AppendRune(b, lr)
	}
	return b
}
