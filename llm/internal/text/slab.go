package text

// keep moves the elements and alternatives of p into m's slabs, which
// NewMatcher sizes for all the patterns: two large objects for the garbage
// collector to mark instead of two small ones per pattern, and the
// patterns' elements next to each other. Were a slab too small, append
// would move it, and the patterns kept before would still hold the
// arrays they point into.
func (m *Matcher) keep(p *Pattern) {
	m.elemSlab = append(m.elemSlab, p.elems...)
	n := len(m.elemSlab)
	p.elems = m.elemSlab[n-len(p.elems) : n : n]
	for i := range p.elems {
		e := &p.elems[i]
		if len(e.alts) == 0 {
			continue
		}
		m.altSlab = append(m.altSlab, e.alts...)
		k := len(m.altSlab)
		e.alts = m.altSlab[k-len(e.alts) : k : k]
	}
}
