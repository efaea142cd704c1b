package text

import (
	"fmt"
	"strings"
)

// Entry is one pattern of a Matcher with the value it reports.
type Entry struct {
	Pattern string
	Value   int
}

// Match is a pattern found in a Doc: tokens [Start, End).
type Match struct {
	Value      int
	Start, End int
}

type compiled struct {
	p     *Pattern
	value int
}

type indexed struct {
	a  alt
	id int32
}

// Matcher finds many patterns in one pass over a Doc. The first element of
// each pattern is indexed (exact words in a map, prefixes and infixes by
// their first three bytes) so that the cost grows with the text, not with
// the number of patterns. A Matcher is safe for concurrent use.
type Matcher struct {
	pats   []compiled
	exact  map[string][]int32
	prefix map[string][]indexed // keyed by the first min(3, len) bytes
	infix  map[string][]indexed // keyed by the first 3 bytes; suffixes too
	num    []int32              // patterns starting with # or $
	sign   []int32
}

// NewMatcher compiles entries into a Matcher.
func NewMatcher(entries []Entry) (*Matcher, error) {
	m := &Matcher{exact: map[string][]int32{}, prefix: map[string][]indexed{}, infix: map[string][]indexed{}}
	var expanded []Entry
	for _, e := range entries {
		alts, err := Expand(e.Pattern)
		if err != nil {
			return nil, err
		}
		for _, a := range alts {
			expanded = append(expanded, Entry{Pattern: a, Value: e.Value})
		}
	}
	for _, e := range expanded {
		p, err := CompilePattern(e.Pattern)
		if err != nil {
			return nil, err
		}
		id := int32(len(m.pats))
		m.pats = append(m.pats, compiled{p: p, value: e.Value})
		first := p.elems[0]
		switch {
		case first.num:
			m.num = append(m.num, id)
			continue
		case first.sign:
			m.sign = append(m.sign, id)
			continue
		}
		for _, a := range first.alts {
			switch {
			case a.suffix:
				k := a.s[:3]
				m.infix[k] = append(m.infix[k], indexed{a: a, id: id})
			case a.prefix:
				k := a.s[:min(3, len(a.s))]
				m.prefix[k] = append(m.prefix[k], indexed{a: a, id: id})
			default:
				m.exact[a.s] = append(m.exact[a.s], id)
			}
		}
	}
	return m, nil
}

// MustMatcher is NewMatcher for patterns written in the source code.
func MustMatcher(entries []Entry) *Matcher {
	m, err := NewMatcher(entries)
	if err != nil {
		panic(err)
	}
	return m
}

// Len returns the number of patterns.
func (m *Matcher) Len() int { return len(m.pats) }

// Find calls fn for every match in d, in token order; a pattern matching
// twice at one start (through two alternatives) is reported once.
func (m *Matcher) Find(d *Doc, fn func(Match)) {
	toks := d.Tokens
	var seen [8]int32
	for i := range toks {
		t := &toks[i]
		n := 0
		try := func(id int32) {
			for _, s := range seen[:min(n, len(seen))] {
				if s == id {
					return
				}
			}
			if n < len(seen) {
				seen[n] = id
			}
			n++
			c := &m.pats[id]
			if end, ok := c.p.matchAt(toks, i); ok {
				fn(Match{Value: c.value, Start: i, End: end})
			}
		}
		switch {
		case t.Num:
			for _, id := range m.num {
				try(id)
			}
		case t.Sign:
			for _, id := range m.sign {
				try(id)
			}
		}
		s := t.S
		for _, id := range m.exact[s] {
			try(id)
		}
		for l := 1; l <= 3 && l <= len(s); l++ {
			for _, x := range m.prefix[s[:l]] {
				if x.a.match(s) {
					try(x.id)
				}
			}
		}
		if len(m.infix) > 0 {
			for p := 0; p+3 <= len(s); p++ {
				for _, x := range m.infix[s[p:p+3]] {
					if x.a.match(s) {
						try(x.id)
					}
				}
			}
		}
	}
}

// Expand rewrites a pattern with groups of phrases in parentheses into the
// patterns it stands for: "(bist du|sind sie) ~3 mensch*" gives
// "bist du ~3 mensch*" and "sind sie ~3 mensch*". Groups do not nest.
func Expand(src string) ([]string, error) {
	open := strings.IndexByte(src, '(')
	if open < 0 {
		if strings.IndexByte(src, ')') >= 0 {
			return nil, fmt.Errorf("pattern %q: ) without (", src)
		}
		return []string{src}, nil
	}
	end := strings.IndexByte(src[open:], ')')
	if end < 0 {
		return nil, fmt.Errorf("pattern %q: ( without )", src)
	}
	end += open
	inner := src[open+1 : end]
	if strings.IndexByte(inner, '(') >= 0 {
		return nil, fmt.Errorf("pattern %q: groups cannot nest", src)
	}
	rest, err := Expand(src[end+1:])
	if err != nil {
		return nil, err
	}
	var out []string
	for _, alt := range strings.Split(inner, "|") {
		for _, r := range rest {
			out = append(out, src[:open]+" "+alt+" "+r)
		}
	}
	return out, nil
}
