// Package text holds the language-neutral text machinery of the embedded
// classifier: folding (lower case, no accents), tokenizing into words,
// sentences and clauses, compiled word patterns with wildcards and gaps, and
// hashed character n-grams.
package text

import (
	"strings"
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
	lower, ascii := true, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	switch {
	case ascii && lower:
		return s
	case ascii:
		b := []byte(s)
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				b[i] = c + 'a' - 'A'
			}
		}
		return unsafe.String(&b[0], len(b)) // b is never written again
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		}
		lr := unicode.ToLower(r)
		if f, ok := foldTable[lr]; ok {
			b.WriteString(f)
			continue
		}
		if p, ok := punctFold[lr]; ok {
			if p != 0 { // 0 drops the rune (the Arabic tatweel)
				b.WriteRune(p)
			}
			continue
		}
		if unicode.Is(unicode.Mn, lr) { // combining marks of decomposed input
			continue
		}
		b.WriteRune(lr)
	}
	return b.String()
}
