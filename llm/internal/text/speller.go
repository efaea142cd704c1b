package text

// Speller corrects typing errors in words against a list of anchor words:
// a word one edit (insertion, deletion, substitution or swap of neighbours)
// away from exactly one anchor is read as that anchor. Anchors carry a
// class; a word close to several anchors of one class is read as the first
// of them in byte order, since any of them means the same. It indexes the
// anchors' one-deletion variants (the symmetric-delete method), so a lookup
// costs one map access per letter of the word.
type Speller struct {
	anchors map[string]int      // anchor -> class
	deletes map[string][]string // variant -> anchors it comes from
	minLen  int
}

// NewSpeller indexes the anchors (word -> class) of at least minLen bytes.
func NewSpeller(anchors map[string]int, minLen int) *Speller {
	s := &Speller{anchors: map[string]int{}, deletes: map[string][]string{}, minLen: minLen}
	for a, class := range anchors {
		if len(a) < minLen {
			continue
		}
		s.anchors[a] = class
		s.add(a, a)
		for i := range len(a) {
			s.add(a[:i]+a[i+1:], a)
		}
	}
	return s
}

func (s *Speller) add(variant, anchor string) {
	for _, x := range s.deletes[variant] {
		if x == anchor {
			return
		}
	}
	s.deletes[variant] = append(s.deletes[variant], anchor)
}

// Correct returns the anchor w is a typo of, and true; or w and false when w
// is an anchor itself, is too short, or is not one edit from exactly one
// anchor. w must be folded ASCII.
func (s *Speller) Correct(w string) (string, bool) {
	if _, ok := s.anchors[w]; ok || len(w) < s.minLen || len(w) > 24 {
		return w, false
	}
	found := ""
	consider := func(cands []string) bool {
		for _, c := range cands {
			if c == w || !oneEdit(w, c) {
				continue
			}
			switch {
			case found == "" || found == c:
				found = c
			case s.anchors[found] != s.anchors[c]:
				return false // ambiguous
			case c < found:
				found = c
			}
		}
		return true
	}
	if !consider(s.deletes[w]) {
		return w, false
	}
	var buf [24]byte
	for i := range len(w) {
		v := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if !consider(s.deletes[string(v)]) {
			return w, false
		}
	}
	if found == "" {
		return w, false
	}
	return found, true
}

// oneEdit reports whether a and b are one insertion, deletion, substitution
// or swap of neighbouring letters apart.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	switch len(b) - len(a) {
	case 0:
		diff := -1
		for i := range len(a) {
			if a[i] != b[i] {
				if diff >= 0 {
					// a swap: ab/ba at diff, diff+1
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return diff >= 0
	case 1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}
