package hours

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// fuzzZones mixes ordinary zones with ones whose clocks do odd things:
// half-hour DST (Lord_Howe), DST changes at midnight (Havana, Santiago,
// Sao_Paulo until 2019), a skipped day (Apia, 2011-12-30), a backward jump
// across midnight (Tehran until 2022) and Ramadan DST (Casablanca).
var fuzzZones = []string{
	"UTC", "Europe/Berlin", "America/New_York", "Europe/Helsinki", "Australia/Lord_Howe",
	"Asia/Kathmandu", "America/Sao_Paulo", "Pacific/Apia", "Asia/Tehran", "America/Havana",
	"America/Santiago", "Pacific/Chatham", "Africa/Casablanca", "America/St_Johns",
}

// fuzzInstant maps any int64 to an instant between 1900 and 2200, keeping
// those already in range, with a fraction of a second taken from n.
func fuzzInstant(n int64) time.Time {
	return time.Unix(tableFrom+floorMod(n-tableFrom, tableTo-tableFrom), floorMod(n, 4)*250e6)
}

// FuzzPeriod feeds arbitrary text to the period parser and checks the
// queries of every schedule it accepts.
func FuzzPeriod(f *testing.F) {
	f.Add("mon-fri", "08:00", "18:00", false, uint8(1), int64(1734000000))
	f.Add("sun", "22:00", "06:00", true, uint8(2), int64(1736000000))
	f.Add("daily", "02:30", "03:30", false, uint8(1), int64(1743300000))
	f.Add("fri-mon", "07:00", "07:00", true, uint8(8), int64(1600000000))
	f.Add("weekdays, sat", "0:00", "24:00", false, uint8(7), int64(1325000000))
	f.Add("tu,th", "23:59", "00:00", true, uint8(9), int64(-1000000000))
	f.Fuzz(func(t *testing.T, days, from, to string, overnight bool, zone uint8, at int64) {
		cfg := Config{
			Timezone: fuzzZones[int(zone)%len(fuzzZones)],
			Weekly:   []WeeklyPeriod{{Days: Days{days}, From: from, To: to, Overnight: overnight}},
		}
		s, _, err := New(cfg)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 || ce.Problems[0].Msg == "" {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		sp, err := window(from, to, overnight)
		if err != nil {
			t.Fatalf("New accepted what window rejects: %v", err)
		}
		if sp.s < 0 || sp.s >= minutesPerDay || sp.e <= sp.s || sp.e > sp.s+minutesPerDay {
			t.Fatalf("span %v out of range", sp)
		}
		for _, m := range []int32{sp.s, sp.e % minutesPerDay} {
			if got, err := parseClock(formatClock(m), true); err != nil || got != m {
				t.Fatalf("clock %d does not round-trip: %d, %v", m, got, err)
			}
		}
		checkInvariants(t, s, cfg, fuzzInstant(at))
	})
}

// FuzzSchedule builds schedules of several weekly periods, dated periods
// and closures near the instant asked about, and checks the queries.
func FuzzSchedule(f *testing.F) {
	f.Add([]byte{3, 0x3e, 8, 0, 18, 0, 0, 0x40, 10, 0, 16, 0, 0, 1, 22, 0, 6, 0, 1, 1, 2, 9, 0, 12, 0, 0, 1, 2, 0}, uint8(1), int64(1734000000))
	f.Add([]byte{2, 0x7f, 9, 0, 17, 0, 0, 0x7f, 2, 30, 3, 30, 0, 0, 0}, uint8(2), int64(1741500000))
	f.Add([]byte{1, 0x41, 23, 0, 1, 0, 1, 1, 3, 20, 0, 2, 0, 1, 2, 5, 2, 0, 3}, uint8(8), int64(1325200000))
	f.Add([]byte{0, 2, 1, 9, 0, 17, 0, 0, 1, 0, 1}, uint8(4), int64(1700000000))
	f.Add([]byte{4, 0x7f, 0, 0, 24, 0, 0, 0x01, 12, 0, 12, 0, 1, 0x22, 6, 15, 5, 45, 1, 0x10, 0, 0, 0, 30, 0}, uint8(12), int64(1650000000))
	f.Fuzz(func(t *testing.T, data []byte, zone uint8, at int64) {
		when := fuzzInstant(at)
		name := fuzzZones[int(zone)%len(fuzzZones)]
		if len(data) > 0 && data[0]&1 == 1 {
			// Ask about an instant within a few hours of a clock change.
			when = nearChange(name, when, int64(data[0]>>1))
		}
		cfg := fuzzConfig(data, name, when)
		s, _, err := New(cfg)
		if err != nil {
			var ce *ConfigError
			if !errors.As(err, &ce) || len(ce.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			return
		}
		checkInvariants(t, s, cfg, when)
	})
}

// nearChange returns an instant up to 4 hours either side (by k, in
// 4-minute steps) of the first clock change after at in the named zone, or
// at itself when there is none.
func nearChange(name string, at time.Time, k int64) time.Time {
	z := (&builder{ps: &problems{}, warnings: new([]string)}).zone(name, "", nil)
	u := at.Unix()
	for i := 1; i < len(z.starts)-1; i++ {
		if z.starts[i] > u {
			return time.Unix(z.starts[i]+(k-64)*240, 0)
		}
	}
	return at
}

// fuzzConfig decodes bytes into a Config whose dated periods and closures
// lie within a few days of when.
func fuzzConfig(data []byte, zone string, when time.Time) Config {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	clock := func() string {
		h, m := next()%25, []int{0, 15, 30, 45, 59, 1}[next()%6]
		if h == 24 {
			m = 0
		}
		return fmt.Sprintf("%02d:%02d", h, m)
	}
	// overnight is mostly right for from and to, so most configs are valid.
	overnight := func(from, to string) bool {
		return (to <= from) != (next()%8 == 0)
	}
	loc, _ := time.LoadLocation(zone)
	base := DateOf(when.In(loc))
	cfg := Config{Timezone: zone}
	for range next() % 5 {
		mask := next()
		var days Days
		for d := range 7 {
			if mask&(1<<d) != 0 {
				days = append(days, weekdayNames[d][:2+d%3])
			}
		}
		from, to := clock(), clock()
		cfg.Weekly = append(cfg.Weekly, WeeklyPeriod{Days: days, From: from, To: to, Overnight: overnight(from, to)})
	}
	for range next() % 3 {
		d := base.AddDays(next()%5 - 2)
		from, to := clock(), clock()
		cfg.Dates = append(cfg.Dates, DatedPeriod{Date: d.String(), From: from, To: to, Overnight: overnight(from, to)})
	}
	for range next() % 4 {
		c := Closure{Date: base.AddDays(next()%7 - 3).String()}
		switch next() % 4 {
		case 1:
			c.From, c.To = clock(), clock()
			c.Overnight = overnight(c.From, c.To)
		case 2:
			d, _ := ParseDate(c.Date)
			c.Until = d.AddDays(next() % 3).String()
		case 3:
			d, _ := ParseDate(c.Date)
			c.From, c.Until, c.To = clock(), d.AddDays(1+next()%2).String(), clock()
		}
		cfg.Closures = append(cfg.Closures, c)
	}
	return cfg
}

// checkInvariants checks the queries at at and around the window bounds of
// at's date, where off-by-one mistakes live.
func checkInvariants(t *testing.T, s *Schedule, cfg Config, at time.Time) {
	t.Helper()
	checkAt(t, s, cfg, at)
	for _, w := range s.Windows(s.DateOf(at)) {
		for _, edge := range []time.Time{w.Start, w.End} {
			for _, d := range []time.Duration{-time.Second / 2, 0, time.Second / 2} {
				checkAt(t, s, cfg, edge.Add(d))
			}
		}
	}
}

// checkAt checks the queries of s at one instant against each other and
// against a naive reading of cfg.
func checkAt(t *testing.T, s *Schedule, cfg Config, at time.Time) {
	t.Helper()
	day := s.DateOf(at)
	inWindows := func(u time.Time, ws []handoff.Window) bool {
		for _, w := range ws {
			if !u.Before(w.Start) && u.Before(w.End) {
				return true
			}
		}
		return false
	}

	// Open agrees with the windows of the instant's date (and only those).
	open := s.Open(at)
	if got := inWindows(at, s.Windows(day)); got != open {
		t.Fatalf("Open(%s) = %v but the windows of %s %v say %v", at, open, day, s.Windows(day), got)
	}
	for _, other := range []Date{day.AddDays(-1), day.AddDays(1)} {
		if inWindows(at, s.Windows(other)) {
			t.Fatalf("%s lies in a window of %s, not of its own date %s", at, other, day)
		}
	}
	if want, ok := naiveOpen(cfg, s.Location(), at); ok && want != open {
		t.Fatalf("Open(%s) = %v, the naive reading says %v", at.In(s.Location()), open, want)
	}

	// Windows are sorted, non-empty, on their date, and open at both ends.
	var prev time.Time
	for _, w := range s.Windows(day) {
		if !w.Start.Before(w.End) || w.Start.Before(prev) {
			t.Fatalf("windows of %s out of order or empty: %v", day, s.Windows(day))
		}
		if s.DateOf(w.Start) != day || s.DateOf(w.End.Add(-time.Second)) != day {
			t.Fatalf("window %v does not lie on %s", w, day)
		}
		if !s.Open(w.Start) || !s.Open(w.End.Add(-time.Second)) {
			t.Fatalf("window %v is not open at its ends", w)
		}
		prev = w.End
	}

	// windowsUntil lists the windows of the dates from at's to u's.
	windowsUntil := func(u time.Time) []handoff.Window {
		var ws []handoff.Window
		for d := day; d.day() <= s.DateOf(u).day(); d = d.AddDays(1) {
			ws = append(ws, s.Windows(d)...)
		}
		return ws
	}

	// NextOpen is open, and no window starts between at and it.
	if u, ok := s.NextOpen(at); ok {
		if u.Before(at) || !s.Open(u) || (open && !u.Equal(at)) {
			t.Fatalf("NextOpen(%s) = %s: before, closed, or not at when open", at, u)
		}
		for _, w := range windowsUntil(u) {
			if u.After(at) && w.End.After(at) && w.Start.Before(u) {
				t.Fatalf("NextOpen(%s) = %s skips window %v", at, u, w)
			}
		}
		if u.After(at) && s.Open(u.Add(-time.Second)) && !u.Add(-time.Second).Before(at) {
			t.Fatalf("NextOpen(%s) = %s, but a second earlier is open", at, u)
		}
	} else {
		if open {
			t.Fatalf("NextOpen(%s) says never while open", at)
		}
		for d := day; d.day() < day.day()+30; d = d.AddDays(1) {
			for _, w := range s.Windows(d) {
				if w.End.After(at) {
					t.Fatalf("NextOpen(%s) says never, but %s has window %v", at, d, w)
				}
			}
		}
	}

	// NextClose is closed, and windows cover everything between at and it.
	if u, ok := s.NextClose(at); ok {
		if u.Before(at) || s.Open(u) || (!open && !u.Equal(at)) {
			t.Fatalf("NextClose(%s) = %s: before, open, or not at when closed", at, u)
		}
		cur := at
		for _, w := range windowsUntil(u) {
			if !w.Start.After(cur) && w.End.After(cur) {
				cur = w.End
			}
		}
		if cur.Before(u) || (u.After(at) && !cur.Equal(u)) {
			t.Fatalf("NextClose(%s) = %s, but the windows cover only until %s", at, u, cur)
		}
	} else if !open {
		t.Fatalf("NextClose(%s) says never while closed", at)
	}
}

// bruteWall returns the wall clock of at (seconds since 1970 as if UTC),
// holding at the highest wall time already shown when clocks went back, by
// sampling the last second of every minute of the 26 hours before at.
// Since 1980 every zone changes offset on a whole minute, so the samples
// include the last second before each change.
func bruteWall(loc *time.Location, at time.Time) int64 {
	wall := func(v int64) int64 {
		_, off := time.Unix(v, 0).In(loc).Zone()
		return v + int64(off)
	}
	u := at.Unix()
	best := wall(u)
	for v := floorDiv(u, 60)*60 - 1; v >= u-maxOffset; v -= 60 {
		best = max(best, wall(v))
	}
	return best
}

// naiveOpen reads cfg literally, independently of the schedule's tables: a
// weekly or dated period covers the wall-clock times from its from to its
// to on its date or, overnight, on the next; a closure covers its span; the
// wall clock comes from bruteWall. Before 1980 (offsets with seconds) it
// answers only where the offset is stable for 30 hours either side; ok is
// false when it does not answer.
func naiveOpen(cfg Config, loc *time.Location, at time.Time) (open, ok bool) {
	var w int64
	if at.Year() >= 1980 {
		w = bruteWall(loc, at)
	} else {
		_, o1 := at.Add(-30 * time.Hour).In(loc).Zone()
		_, o2 := at.In(loc).Zone()
		_, o3 := at.Add(30 * time.Hour).In(loc).Zone()
		if o1 != o2 || o2 != o3 {
			return false, false
		}
		w = at.Unix() + int64(o2)
	}
	d := floorDiv(w, secondsPerDay)
	sec := w - d*secondsPerDay
	covers := func(day int64, sp span) bool {
		for _, shift := range []int64{0, 1} {
			if day+shift == d && sec+shift*secondsPerDay >= int64(sp.s)*60 && sec+shift*secondsPerDay < int64(sp.e)*60 {
				return true
			}
		}
		return false
	}
	periods := len(cfg.Weekly) == 0 && len(cfg.Dates) == 0
	for _, p := range cfg.Weekly {
		set, _ := parseDays(p.Days)
		sp, _ := window(p.From, p.To, p.Overnight)
		for _, day := range []int64{d - 1, d} {
			if set[weekdayOf(day)] && covers(day, sp) {
				periods = true
			}
		}
	}
	dated := false
	for _, p := range cfg.Dates {
		date, _ := ParseDate(p.Date)
		sp, _ := window(p.From, p.To, p.Overnight)
		if covers(date.day(), sp) {
			dated = true
		}
	}
	b := &builder{ps: &problems{}, warnings: new([]string)}
	for i, c := range cfg.Closures {
		cl, _ := b.closure(c, fmt.Sprint(i))
		if m := d*minutesPerDay*60 + sec; m >= cl.start*60 && m < cl.end*60 {
			periods = false
		}
	}
	return periods || dated, true
}
