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

// compiled is a pattern of a Matcher, held by value: one object less
// per pattern, and one memory access less to reach its elements.
type compiled struct {
	p     Pattern
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
	// numAlts is true when some first element's word holds a digit, a
	// point or a comma, the bytes of a number token: only then can a
	// number start a pattern other than #.
	numAlts bool
	// starts marks the first bytes of the words that first elements
	// accept; a word starting otherwise starts no pattern, unless some
	// first element matches inside words (infix).
	starts [256]bool
	infixy bool
	// seconds numbers the words that second elements accept exactly
	// (from 1), which Candidates.byNext is keyed by.
	seconds map[string]int32
	// memo holds the candidates of words seen before.
	memo Memo[*Candidates]
	// elemSlab and altSlab hold the elements and alternatives of all
	// the patterns (see keep).
	elemSlab []elem
	altSlab  []alt
}

// minInfixWord is the shortest word searched for *infix* and *suffix
// patterns; shorter words are matched by exact and prefix patterns only.
const minInfixWord = 6

// NewMatcher compiles entries into a Matcher.
func NewMatcher(entries []Entry) (*Matcher, error) {
	m := &Matcher{exact: make(map[string][]int32, len(entries)), prefix: map[string][]indexed{}, infix: map[string][]indexed{},
		seconds: map[string]int32{}}
	// All patterns are compiled first, so that their elements and
	// alternatives go to slabs of the right size (see keep).
	var ps []compiled
	nElems, nAlts := 0, 0
	for _, e := range entries {
		srcs := []string{e.Pattern}
		if strings.IndexByte(e.Pattern, '(') >= 0 || strings.IndexByte(e.Pattern, ')') >= 0 {
			var err error
			if srcs, err = Expand(e.Pattern); err != nil {
				return nil, err
			}
		}
		for _, src := range srcs {
			p, err := CompilePattern(src)
			if err != nil {
				return nil, err
			}
			ps = append(ps, compiled{p: *p, value: e.Value})
			nElems += len(p.elems)
			for _, el := range p.elems {
				nAlts += len(el.alts)
			}
		}
	}
	m.elemSlab, m.altSlab = make([]elem, 0, nElems), make([]alt, 0, nAlts)
	m.pats = make([]compiled, len(ps))
	copy(m.pats, ps)
	for id := range m.pats {
		m.add(int32(id))
	}
	return m, nil
}

// add indexes pattern id, which has no groups.
func (m *Matcher) add(id int32) {
	p := &m.pats[id].p
	m.keep(p)
	if len(p.elems) > 1 && p.elems[1].exact() {
		for _, a := range p.elems[1].alts {
			if m.seconds[a.s] == 0 {
				m.seconds[a.s] = int32(len(m.seconds) + 1)
			}
		}
	}
	first := p.elems[0]
	switch {
	case first.num:
		m.num = append(m.num, id)
		return
	case first.sign:
		m.sign = append(m.sign, id)
		return
	}
	for _, a := range first.alts {
		m.numAlts = m.numAlts || strings.ContainsAny(a.s, "0123456789.,")
		m.starts[a.s[0]] = true
		m.infixy = m.infixy || a.suffix
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
// twice at one start (through two alternatives) is reported once, and so
// is a value that several one-word patterns report for the same word.
func (m *Matcher) Find(d *Doc, fn func(Match)) {
	m.FindWith(d, nil, fn)
}

// FindWith is Find reading the candidates of token i from cands[i] when
// cands is not nil and cands[i] is not nil (see Candidates), rather than
// looking them up.
func (m *Matcher) FindWith(d *Doc, cands []*Candidates, fn func(Match)) {
	toks := d.Tokens
	for i := range toks {
		t := &toks[i]
		if t.Num || t.Sign {
			ids := m.num
			if t.Sign {
				ids = m.sign
			}
			for _, id := range ids {
				if end, ok := m.pats[id].p.matchAt(d, i); ok {
					fn(Match{Value: m.pats[id].value, Start: i, End: end})
				}
			}
			if t.Sign {
				continue
			}
		}
		if t.Num && !m.numAlts {
			continue // no word pattern can match it
		}
		var c *Candidates
		if cands != nil {
			c = cands[i]
		}
		if c == nil {
			w := d.Word(i)
			if !m.infixy && w != "" && !m.starts[w[0]] {
				continue // no pattern starts with its first letter
			}
			// Numbers are many and rarely seen twice: they are not
			// remembered.
			c = m.candidatesOf(w, !t.Num)
		}
		for _, v := range c.singles {
			fn(Match{Value: v, Start: i, End: i + 1})
		}
		for k := range c.multi {
			mp := &c.multi[k]
			if !mp.mayMatch(d, i) {
				continue
			}
			cp := mp.cp
			p := &cp.p
			// Most candidates fail on the next word: check it inline, and
			// go on after it when it matches.
			if e := &p.elems[1]; e.gap == 0 {
				if i+1 >= len(toks) || toks[i+1].Sent != t.Sent || !e.match(d, i+1) {
					continue
				}
				if end, ok := p.matchFrom(d, i+2, 2, t.Sent); ok {
					fn(Match{Value: cp.value, Start: i, End: end})
				}
				continue
			}
			if end, ok := p.matchAt(d, i); ok {
				fn(Match{Value: cp.value, Start: i, End: end})
			}
		}
		if c.byNext != nil && i+1 < len(toks) && toks[i+1].Sent == t.Sent {
			// The patterns whose second element accepts the next word,
			// by its number when its candidates are at hand.
			var pats []*compiled
			if cands != nil && cands[i+1] != nil {
				pats = c.after(cands[i+1].second)
			} else {
				pats = c.byNext[d.Word(i+1)]
			}
			for _, cp := range pats {
				if end, ok := cp.p.matchFrom(d, i+2, 2, t.Sent); ok {
					fn(Match{Value: cp.value, Start: i, End: end})
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
