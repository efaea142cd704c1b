package hours

import (
	"math"
	"sort"
	"time"
	_ "time/tzdata" // zones work on hosts without a tz database
)

// zone maps between instants and the wall clock of one IANA zone, in whole
// seconds. Both directions are monotone, which keeps DST simple:
//
//   - wall(u) is the wall clock at instant u as seconds since 1970-01-01
//     00:00 "as if UTC", except in the hour repeated when clocks go back,
//     where it stays at the last second before the jump: a repeated wall
//     time counts only on its first pass.
//   - instant(w) is the first instant whose wall clock shows w or later. A
//     wall time skipped when clocks go forward maps to the first instant
//     after the gap; a repeated one to its first occurrence.
//
// They satisfy wall(u) >= w exactly when u >= instant(w), so a window
// [from, to) of wall times is open at the instants [instant(from),
// instant(to)).
type zone struct {
	loc *time.Location
	// starts[i] begins a zone period with UTC offset offs[i] (seconds) that
	// lasts until starts[i+1]; the last start ends the table. Outside
	// [starts[0], starts[len-1]) the location is asked directly.
	starts []int64
	offs   []int64
	// first and last are the true bounds of the first and last periods,
	// which may reach beyond the table.
	first, last int64
}

const (
	// maxOffset bounds any UTC offset a zone ever had (in seconds).
	maxOffset = 26 * 3600
	minUnix   = math.MinInt64 / 4
	maxUnix   = math.MaxInt64 / 4
)

// tableFrom and tableTo bound the precomputed periods: 1900 to 2200.
var (
	tableFrom = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	tableTo   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
)

// newZone precomputes the zone periods of loc between 1900 and 2200, so
// that queries do a binary search instead of asking the time package, which
// is slow for zones whose rules are given as a formula.
func newZone(loc *time.Location) *zone {
	z := &zone{loc: loc}
	for u := tableFrom; u < tableTo; {
		start, end, off := z.lookup(u)
		switch n := len(z.offs); {
		case n == 0:
			z.first = start
			fallthrough
		case z.offs[n-1] != off:
			// Periods that differ only in name (CET in 1900 and 1901)
			// are one period here.
			z.starts = append(z.starts, max(start, tableFrom))
			z.offs = append(z.offs, off)
		}
		z.last = end
		u = min(end, tableTo)
	}
	z.starts = append(z.starts, tableTo)
	return z
}

// lookup asks the location for the period around u.
func (z *zone) lookup(u int64) (start, end, off int64) {
	t := time.Unix(u, 0).In(z.loc)
	_, o := t.Zone()
	s, e := t.ZoneBounds()
	start, end = minUnix, maxUnix
	if !s.IsZero() {
		start = s.Unix()
	}
	if !e.IsZero() {
		end = e.Unix()
	}
	if end <= u {
		// ZoneBounds reports an end before the instant on the last UTC
		// day of leap years served by a zone's TZ rule (golang/go#81583).
		end = z.change(u, int64(o))
	}
	return min(start, u), end, int64(o)
}

// change returns the first instant after u whose offset differs from off,
// looking up to two days ahead (no zone changes twice that fast); when there
// is none it returns u plus two days, where a new lookup continues.
func (z *zone) change(u, off int64) int64 {
	offset := func(v int64) int64 {
		_, o := time.Unix(v, 0).In(z.loc).Zone()
		return int64(o)
	}
	for v := u + 3600; v <= u+48*3600; v += 3600 {
		if offset(v) == off {
			continue
		}
		lo, hi := v-3600, v
		for hi-lo > 1 {
			if mid := lo + (hi-lo)/2; offset(mid) == off {
				lo = mid
			} else {
				hi = mid
			}
		}
		return hi
	}
	return u + 48*3600
}

// period returns the bounds [start, end) and UTC offset of the zone period
// containing instant u.
func (z *zone) period(u int64) (start, end, off int64) {
	n := len(z.starts) - 1
	if u < z.starts[0] || u >= z.starts[n] {
		return z.lookup(u)
	}
	i := sort.Search(n, func(i int) bool { return z.starts[i+1] > u })
	start, end = z.starts[i], z.starts[i+1]
	if i == 0 {
		start = z.first
	}
	if i == n-1 {
		end = z.last
	}
	return start, end, z.offs[i]
}

// wall returns the wall clock of instant u, holding at the last second
// before a backward jump until the clock passes it again.
func (z *zone) wall(u int64) int64 {
	start, _, off := z.period(u)
	w := u + off
	for p := start; p > minUnix && u-p < maxOffset; {
		ps, _, poff := z.period(p - 1)
		w = max(w, p-1+poff)
		p = ps
	}
	return w
}

// instant returns the first instant whose wall clock shows w or later.
func (z *zone) instant(w int64) int64 {
	for u := w - maxOffset; ; {
		_, end, off := z.period(u)
		if c := max(u, w-off); c < end {
			return c
		}
		u = end
	}
}

// day returns the day number (days since 1970-01-01) of instant u's wall
// clock and the seconds into that day.
func (z *zone) day(u int64) (day, sec int64) {
	w := z.wall(u)
	day = floorDiv(w, secondsPerDay)
	return day, w - day*secondsPerDay
}

// at returns the instant of minute m of day d, in the zone's location.
func (z *zone) at(d int64, m int32) int64 {
	return z.instant(d*secondsPerDay + int64(m)*60)
}

// time returns instant u as a time.Time in the zone's location.
func (z *zone) time(u int64) time.Time {
	return time.Unix(u, 0).In(z.loc)
}
