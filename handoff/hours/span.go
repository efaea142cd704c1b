package hours

import "slices"

// span is a half-open interval [s, e) of wall-clock minutes counted from the
// start of one calendar day. Spans of an overnight window end after 1440.
type span struct {
	s, e int32
}

// merge returns the union of spans as sorted, disjoint spans: overlapping
// and touching spans become the widest one, others stay separate. Empty
// spans are dropped. The input is not modified.
func merge(spans []span) []span {
	in := make([]span, 0, len(spans))
	for _, sp := range spans {
		if sp.e > sp.s {
			in = append(in, sp)
		}
	}
	slices.SortFunc(in, func(a, b span) int { return int(a.s - b.s) })
	out := in[:0]
	for _, sp := range in {
		if n := len(out); n > 0 && sp.s <= out[n-1].e {
			out[n-1].e = max(out[n-1].e, sp.e)
			continue
		}
		out = append(out, sp)
	}
	return slices.Clip(out)
}

// clip returns the parts of sorted, disjoint spans within [lo, hi).
func clip(spans []span, lo, hi int32) []span {
	var out []span
	for _, sp := range spans {
		s, e := max(sp.s, lo), min(sp.e, hi)
		if e > s {
			out = append(out, span{s, e})
		}
	}
	return out
}

// shift returns spans moved by d minutes.
func shift(spans []span, d int32) []span {
	out := make([]span, len(spans))
	for i, sp := range spans {
		out[i] = span{sp.s + d, sp.e + d}
	}
	return out
}

// subtract returns the parts of sorted, disjoint spans a not covered by any
// span of b.
func subtract(a, b []span) []span {
	b = merge(b)
	var out []span
	for _, sp := range a {
		cur := sp
		for _, c := range b {
			if c.e <= cur.s || c.s >= cur.e {
				continue
			}
			if c.s > cur.s {
				out = append(out, span{cur.s, c.s})
			}
			cur.s = c.e
			if cur.s >= cur.e {
				break
			}
		}
		if cur.e > cur.s {
			out = append(out, cur)
		}
	}
	return out
}

// dayOf joins the windows that start on a day (own, ending up to 2880) with
// the spill of the previous day's windows (prev) and returns the merged
// spans of the day itself, within [0, 1440).
func dayOf(own, prev []span) []span {
	all := append(clip(own, 0, minutesPerDay), clip(shift(prev, -minutesPerDay), 0, minutesPerDay)...)
	return merge(all)
}
