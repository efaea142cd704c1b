package text

import (
	"cmp"
	"slices"
)

// Candidates are what one word starts in a Matcher: the values of the
// one-word patterns it matches, and the longer patterns whose first element
// it matches. They depend on the word alone and never change.
type Candidates struct {
	singles []int
	// multi are the longer patterns whose second element is a gap or
	// matches by prefix or infix; byNext the others, by the words their
	// second element accepts, and next the same by the words' numbers
	// (Matcher.seconds), sorted.
	multi  []multiPattern
	byNext map[string][]*compiled
	next   []nextPatterns
	// second is the word's number in Matcher.seconds, 0 for none.
	second int32
}

// nextPatterns are the patterns that go on with the word numbered second.
type nextPatterns struct {
	second int32
	pats   []*compiled
}

// after returns the patterns of c that go on with the word numbered
// second.
func (c *Candidates) after(second int32) []*compiled {
	if second == 0 {
		return nil
	}
	// A binary search written out: slices.BinarySearchFunc calls its
	// comparison at every step.
	lo, hi := 0, len(c.next)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.next[m].second < second {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(c.next) && c.next[lo].second == second {
		return c.next[lo].pats
	}
	return nil
}

// memoLimit caps how many distinct words a Matcher remembers the
// candidates of; words beyond it are looked up every time.
const memoLimit = 50000

// candidatesOf returns the candidates of word s, from the memo when it
// was seen before. The result depends on s alone, so the memo never
// changes what Find reports, only how fast.
func (m *Matcher) candidatesOf(s string, remember bool) *Candidates {
	if c, ok := m.memo.Get(s); ok {
		return c
	}
	c := m.Candidates(s)
	if remember {
		m.memo.Put(s, c)
	}
	return c
}

// noCandidates are the candidates of the many words that start nothing.
var noCandidates = &Candidates{}

// Candidates returns the candidates of folded word s, for FindWith; the
// caller may keep them as long as it likes.
func (m *Matcher) Candidates(s string) *Candidates {
	c := &Candidates{}
	add := func(id int32) {
		p := &m.pats[id].p
		if len(p.elems) == 1 {
			v := m.pats[id].value
			if !slices.Contains(c.singles, v) {
				c.singles = append(c.singles, v)
			}
			return
		}
		e := &p.elems[1]
		if !e.exact() {
			if !slices.ContainsFunc(c.multi, func(x multiPattern) bool { return x.cp == &m.pats[id] }) {
				c.multi = append(c.multi, newMultiPattern(&m.pats[id]))
			}
			return
		}
		if c.byNext == nil {
			c.byNext = map[string][]*compiled{}
		}
		for _, a := range e.alts {
			if !slices.Contains(c.byNext[a.s], &m.pats[id]) {
				c.byNext[a.s] = append(c.byNext[a.s], &m.pats[id])
			}
		}
	}
	for _, id := range m.exact[s] {
		add(id)
	}
	for l := 1; l <= 3 && l <= len(s); l++ {
		for _, x := range m.prefix[s[:l]] {
			if x.a.match(s) {
				add(x.id)
			}
		}
	}
	// Words with a pattern inside them are long: compounds such as
	// "kundenservicemitarbeiter" or "chatbot".
	if len(s) >= minInfixWord {
		for p := 0; p+3 <= len(s); p++ {
			for _, x := range m.infix[s[p:p+3]] {
				if x.a.match(s) {
					add(x.id)
				}
			}
		}
	}
	c.second = m.seconds[s]
	if c.singles == nil && c.multi == nil && c.byNext == nil && c.second == 0 {
		return noCandidates
	}
	for k, pats := range c.byNext {
		c.next = append(c.next, nextPatterns{second: m.seconds[k], pats: pats})
	}
	slices.SortFunc(c.next, func(a, b nextPatterns) int { return cmp.Compare(a.second, b.second) })
	return c
}

// multiPattern is a candidate pattern of Candidates.multi: a pointer into
// Matcher.pats (not an id: one memory access less), with what FindWith
// checks before it reads the pattern, which is elsewhere in memory: the
// element after the first one and the gap before it must accept a word
// starting with a byte of next (see elem.firsts), among the gap+1 words
// after the first one.
type multiPattern struct {
	cp   *compiled
	next uint64
	gap  int
}

func newMultiPattern(cp *compiled) multiPattern {
	es := cp.p.elems
	mp := multiPattern{cp: cp, next: ^uint64(0)}
	k := 1
	if es[1].gap > 0 {
		mp.gap, k = es[1].gap, 2
	}
	if e := &es[k]; e.gap == 0 && !e.num && !e.sign {
		mp.next = e.firsts
	}
	return mp
}

// mayMatch reports whether token i+1 of d, or one of the mp.gap tokens
// after it in the sentence of token i, starts with a byte of mp.next: when
// none does, the pattern does not match at i.
func (mp *multiPattern) mayMatch(d *Doc, i int) bool {
	if mp.next == ^uint64(0) {
		return true
	}
	toks := d.Tokens
	sent := toks[i].Sent
	for k := i + 1; k <= i+1+mp.gap && k < len(toks) && toks[k].Sent == sent; k++ {
		if mp.next&(1<<(toks[k].first&63)) != 0 {
			return true
		}
	}
	return false
}
