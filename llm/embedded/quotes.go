package embedded

import "strings"

// markQuotes sets the catQuoted bit of the tokens inside quotation marks:
// "..." (and the typographic quotes folding turns into it) and '...' when
// the single quotes stand apart from words, so that an apostrophe ("don't",
// "l'agent") is never taken for one. Quoted words are reported speech: "my
// son typed 'talk to a human'" does not ask for one.
func markQuotes(t *turnInfo) {
	f := t.doc.Folded
	open := -1
	var quote byte
	// The quotes in order, found by IndexByte: most turns have none or
	// a few apostrophes.
	dq, sq := strings.IndexByte(f, '"'), strings.IndexByte(f, '\'')
	for dq >= 0 || sq >= 0 {
		var i int
		if sq < 0 || dq >= 0 && dq < sq {
			i, dq = dq, indexByteFrom(f, '"', dq+1)
		} else {
			i, sq = sq, indexByteFrom(f, '\'', sq+1)
		}
		c := f[i]
		before := i == 0 || !isLetterByte(f[i-1])
		after := i+1 == len(f) || !isLetterByte(f[i+1])
		if c == '"' {
			// Double quotes (and guillemets, which may stand apart from
			// the words: « parler à un humain ») open and close in turn.
			before, after = open < 0, open >= 0
		}
		switch {
		case open < 0 && before && (!after || c == '"'):
			open, quote = i, c
		case open >= 0 && c == quote && (!before || c == '"') && after:
			for k, tok := range t.doc.Tokens {
				if int(tok.Off) > open && int(tok.End) <= i {
					t.span[k] |= bit(catQuoted)
					t.start[k] |= bit(catQuoted)
				}
			}
			open = -1
		}
	}
}

func isLetterByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

// indexByteFrom returns the index of the first c in s at or after from,
// or -1.
func indexByteFrom(s string, c byte, from int) int {
	if k := strings.IndexByte(s[from:], c); k >= 0 {
		return from + k
	}
	return -1
}
