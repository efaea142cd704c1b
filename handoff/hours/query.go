package hours

import (
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// horizonDays is how far past the last dated period or closure the searches
// for the next opening or closing look before answering "never": the weekly
// pattern repeats, so one week (plus a DST day) would do.
const horizonDays = 15

// Open reports whether the service is open at t.
func (s *Schedule) Open(t time.Time) bool {
	if s.always {
		return true
	}
	d, sec := s.zone.day(t.Unix())
	for _, sp := range s.spans(d) {
		if sec < int64(sp.e)*60 {
			return sec >= int64(sp.s)*60
		}
	}
	return false
}

// DateOf returns the calendar date of t in the schedule's zone: the date
// whose Windows decide whether t is open.
func (s *Schedule) DateOf(t time.Time) Date {
	d, _ := s.zone.day(t.Unix())
	return dateOfDay(d)
}

// Windows returns the merged effective windows of a calendar date in the
// schedule's zone, as instants in that zone, earliest first. Windows are cut
// at midnight: an overnight window 22:00-06:00 shows as 22:00-24:00 on the
// date it starts and 00:00-06:00 on the next; NextClose tells when it really
// closes. Windows that fall entirely into a DST gap are left out.
func (s *Schedule) Windows(date Date) []handoff.Window {
	d := date.day()
	var out []handoff.Window
	for _, sp := range s.spans(d) {
		a, b := s.zone.at(d, sp.s), s.zone.at(d, sp.e)
		if a < b {
			out = append(out, handoff.Window{Start: s.zone.time(a), End: s.zone.time(b)})
		}
	}
	return out
}

// NextOpen returns the earliest instant at or after t at which the service
// is open: t itself when it is open at t. It returns false when the service
// never opens again.
func (s *Schedule) NextOpen(t time.Time) (time.Time, bool) {
	return s.next(t, true)
}

// NextClose returns the earliest instant at or after t at which the service
// is closed: t itself when it is closed at t. It returns false when the
// service never closes.
func (s *Schedule) NextClose(t time.Time) (time.Time, bool) {
	return s.next(t, false)
}

// next finds the earliest instant at or after t whose state is open (or
// closed), walking the wall-clock spans of each day forward from t's.
func (s *Schedule) next(t time.Time, open bool) (time.Time, bool) {
	if s.always && open {
		return t, true
	}
	if s.always {
		return time.Time{}, false
	}
	u := t.Unix()
	d, sec := s.zone.day(u)
	limit := max(d, s.exTo+1) + horizonDays
	// Without any weekly state change to find, only the exceptions can
	// answer: skip the days before them, stop after them.
	static := (open && s.weekEmpty) || (!open && s.weekFull)
	if static && d < s.exFrom-1 {
		d, sec = s.exFrom-1, 0
	}
	for ; d <= limit; d, sec = d+1, 0 {
		if static && d > s.exTo+1 {
			break
		}
		spans := s.spans(d)
		if !open {
			spans = gaps(spans)
		}
		for _, sp := range spans {
			if int64(sp.e)*60 <= sec {
				continue
			}
			a, b := s.zone.at(d, sp.s), s.zone.at(d, sp.e)
			switch {
			case b <= u || a >= b:
				continue
			case a <= u:
				return t, true
			}
			return s.zone.time(a), true
		}
	}
	return time.Time{}, false
}

// gaps returns the complement of sorted, disjoint spans within [0, 1440).
func gaps(spans []span) []span {
	out := make([]span, 0, len(spans)+1)
	var at int32
	for _, sp := range spans {
		if sp.s > at {
			out = append(out, span{at, sp.s})
		}
		at = sp.e
	}
	if at < minutesPerDay {
		out = append(out, span{at, minutesPerDay})
	}
	return out
}

// Status answers q for the schedule named by q.Schedule (the default one
// when the name is empty or unknown). q.At must be set.
func (s *Schedule) Status(q handoff.HoursQuery) (handoff.HoursStatus, error) {
	if q.At.IsZero() {
		return handoff.HoursStatus{}, handoff.Invalid("at", "the instant to check is missing")
	}
	sc := s.For(q.Schedule)
	st := handoff.HoursStatus{
		Open:       sc.Open(q.At),
		Now:        q.At.In(sc.zone.loc),
		Timezone:   sc.zone.loc.String(),
		Today:      sc.Windows(sc.DateOf(q.At)),
		AlwaysOpen: sc.always,
	}
	if st.Open {
		if next, ok := sc.NextClose(q.At); ok {
			st.NextClose = next
		}
		return st, nil
	}
	if next, ok := sc.NextOpen(q.At); ok {
		st.NextOpen = next
	} else {
		st.Never = true
	}
	st.Message = sc.Message(q.At, st.NextOpen, q.Language, q.UserZone)
	return st, nil
}
