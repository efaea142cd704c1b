package text

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A pattern is a sequence of word elements matched against the tokens of
// one sentence. Elements are separated by spaces:
//
//	word      the folded token equals word
//	word*     the token starts with word          (inflection: "human*")
//	*word     the token ends with word            (compounds: "*mitarbeiter")
//	*word*    the token contains word             ("*palvelij*")
//	a|b*|c    any of the alternatives
//	~N        up to N tokens of anything
//	#         a number; $ a currency sign
//	(a b|c)   any of the phrases (expanded into one pattern each)
//
// Patterns are written in plain letters; they are folded when compiled, so
// "Mensch" and "mensch" are the same.

type alt struct {
	s              string
	prefix, suffix bool // s may be followed / preceded by more letters
}

type elem struct {
	alts []alt
	gap  int // > 0 for a ~N element
	num  bool
	sign bool
	// firsts has bit b&63 set for each byte b that a word the alternatives
	// accept may start with (all bits when one matches inside words), and
	// minLen is the length of the shortest alternative: match rejects most
	// words by them, without reading the alternatives.
	firsts uint64
	minLen int
}

// newElem returns the element of the alternatives alts.
func newElem(alts []alt) elem {
	e := elem{alts: alts, minLen: len(alts[0].s)}
	for _, a := range alts {
		e.minLen = min(e.minLen, len(a.s))
		if a.suffix {
			e.firsts = ^uint64(0)
			continue
		}
		e.firsts |= 1 << (a.s[0] & 63)
	}
	return e
}

func (a alt) match(tok string) bool {
	if len(tok) < len(a.s) {
		return false
	}
	switch {
	case a.prefix && a.suffix:
		return strings.Contains(tok, a.s)
	case a.prefix:
		return strings.HasPrefix(tok, a.s)
	case a.suffix:
		return strings.HasSuffix(tok, a.s)
	}
	return tok == a.s
}

// exact reports whether e accepts a word by its exact spelling only: no
// gap, number, sign, prefix or suffix.
func (e *elem) exact() bool {
	if e.gap != 0 || e.num || e.sign {
		return false
	}
	for _, a := range e.alts {
		if a.prefix || a.suffix {
			return false
		}
	}
	return true
}

// match reports whether e accepts token i of d.
func (e *elem) match(d *Doc, i int) bool {
	t := &d.Tokens[i]
	if e.num {
		return t.Num
	}
	if e.sign {
		return t.Sign
	}
	if e.firsts&(1<<(t.first&63)) == 0 {
		return false
	}
	w := d.Word(i)
	if len(w) < max(e.minLen, 1) {
		return false
	}
	for i := range e.alts {
		a := &e.alts[i]
		if len(w) < len(a.s) || !a.prefix && !a.suffix && (len(w) != len(a.s) || w[0] != a.s[0]) {
			continue
		}
		if a.match(w) {
			return true
		}
	}
	return false
}

// Pattern is one compiled pattern.
type Pattern struct {
	src   string
	elems []elem
}

// String returns the source of the pattern.
func (p *Pattern) String() string { return p.src }

// CompilePattern compiles one pattern.
func CompilePattern(src string) (*Pattern, error) {
	folded := Fold(src)
	if strings.ContainsAny(folded, "-'") {
		folded = patternSeparators.Replace(folded)
	}
	fields := splitCJK(strings.Fields(folded))
	p := &Pattern{src: src, elems: make([]elem, 0, len(fields))}
	// The alternatives of all elements share one array: fewer objects
	// for the garbage collector to mark, and an element's alternatives
	// next to the following element's.
	nAlts := 0
	for _, f := range fields {
		if f[0] != '~' && f != "#" && f != "$" {
			nAlts += strings.Count(f, "|") + 1
		}
	}
	alts := make([]alt, 0, nAlts)
	for _, f := range fields {
		switch {
		case f[0] == '~':
			n, err := strconv.Atoi(f[1:])
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("pattern %q: bad gap %q", src, f)
			}
			if len(p.elems) == 0 {
				return nil, fmt.Errorf("pattern %q: cannot start with a gap", src)
			}
			p.elems = append(p.elems, elem{gap: n})
			continue
		case f == "#":
			p.elems = append(p.elems, elem{num: true})
			continue
		case f == "$":
			p.elems = append(p.elems, elem{sign: true})
			continue
		}
		first := len(alts)
		for a := range strings.SplitSeq(f, "|") {
			x := alt{s: strings.Trim(a, "*"), prefix: strings.HasSuffix(a, "*"), suffix: strings.HasPrefix(a, "*")}
			if x.s == "" {
				return nil, fmt.Errorf("pattern %q: empty alternative in %q", src, f)
			}
			if (x.suffix) && len(x.s) < 3 {
				return nil, fmt.Errorf("pattern %q: %q is too short to match inside words", src, a)
			}
			alts = append(alts, x)
		}
		p.elems = append(p.elems, newElem(alts[first:len(alts):len(alts)]))
	}
	if len(p.elems) == 0 {
		return nil, fmt.Errorf("empty pattern %q", src)
	}
	if p.elems[len(p.elems)-1].gap > 0 {
		return nil, fmt.Errorf("pattern %q: cannot end with a gap", src)
	}
	return p, nil
}

// patternSeparators are the characters that split a pattern's words as
// the tokenizer splits a text's.
var patternSeparators = strings.NewReplacer("-", " ", "'", " ")

// matchAt reports whether the pattern matches the tokens starting at i,
// whose first token is already known to match the first element, and
// returns the end (exclusive) of the shortest match. Matches stay inside
// the sentence of token i.
func (p *Pattern) matchAt(d *Doc, i int) (int, bool) {
	return p.matchFrom(d, i+1, 1, d.Tokens[i].Sent)
}

// matchFrom reports whether elements ei onwards match the tokens of d
// from i on, in sentence sent, and returns the end of the shortest match.
func (p *Pattern) matchFrom(d *Doc, i, ei int, sent int32) (int, bool) {
	toks := d.Tokens
	for ; ei < len(p.elems); ei++ {
		e := &p.elems[ei]
		if e.gap > 0 {
			for skip := 0; skip <= e.gap; skip++ {
				if i+skip >= len(toks) || toks[i+skip].Sent != sent {
					break
				}
				if end, ok := p.matchFrom(d, i+skip, ei+1, sent); ok {
					return end, true
				}
			}
			return 0, false
		}
		if i >= len(toks) || toks[i].Sent != sent || !e.match(d, i) {
			return 0, false
		}
		i++
	}
	return i, true
}

// splitCJK splits the plain words of Chinese or Japanese characters of a
// pattern into one element per character, as the tokenizer splits them:
// "人工 客服" is matched as four tokens.
func splitCJK(fields []string) []string {
	if !hasCJK(fields) {
		return fields
	}
	out := fields[:0:0]
	for _, f := range fields {
		cjk := false
		for _, r := range f {
			cjk = cjk || IsCJK(r)
		}
		if !cjk || strings.ContainsAny(f, "|*~") {
			out = append(out, f)
			continue
		}
		for _, r := range f {
			out = append(out, string(r))
		}
	}
	return out
}

// hasCJK reports whether any of fields holds a Chinese or Japanese
// character.
func hasCJK(fields []string) bool {
	for _, f := range fields {
		for i := 0; i < len(f); i++ {
			if f[i] >= utf8.RuneSelf {
				for _, r := range f {
					if IsCJK(r) {
						return true
					}
				}
				break
			}
		}
	}
	return false
}
