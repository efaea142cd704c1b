package hours

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Schedule answers when the service is open. It is built once by New and is
// safe for concurrent use.
type Schedule struct {
	zone *zone
	// always is true when nothing is configured: open around the clock.
	always bool
	// week holds the open spans of each weekday (time.Weekday order) within
	// [0, 1440) on days without dated periods or closures nearby, the
	// previous weekday's overnight spill included.
	week [7][]span
	// own holds the merged windows that start on each weekday, ending up to
	// 2880 minutes for overnight windows.
	own [7][]span
	// weekEmpty: no weekday has an open minute; weekFull: every minute of
	// the week is open.
	weekEmpty, weekFull bool
	// except holds the open spans of days touched by a dated period or a
	// closure (or by the spill of one), keyed by day number; exFrom and
	// exTo bound its keys (noDay and -noDay when there are none).
	except       map[int64][]span
	exFrom, exTo int64
	// messages and neverMessages map language codes to templates, built-in
	// ones included.
	messages, neverMessages map[string]string
	// named are the named schedules by lower-cased name (default only).
	named map[string]*Schedule
}

var _ handoff.Schedule = (*Schedule)(nil)

// Validate reports every problem of c as a *ConfigError, with paths
// relative to the service_hours section. It is what New checks.
func (c *Config) Validate() error {
	_, _, err := New(*c)
	return err
}

// New validates cfg and builds its Schedule. The warnings are problems that
// do not stop the schedule from working, such as more than the 10 service
// periods GPTBots allows. The error is a *ConfigError listing every problem.
func New(cfg Config) (*Schedule, []string, error) {
	ps := &problems{}
	var warnings []string
	b := &builder{ps: ps, warnings: &warnings}
	s := b.compile(cfg, "", nil)
	lower := map[string]string{}
	for _, name := range slices.Sorted(maps.Keys(cfg.Schedules)) {
		sub := cfg.Schedules[name]
		prefix := "schedules." + name + "."
		key := strings.ToLower(strings.TrimSpace(name))
		switch {
		case key == "":
			ps.add("schedules", "", "a named schedule has an empty name; give it a name such as billing")
			continue
		case lower[key] != "":
			ps.add("schedules."+name, "", "the name clashes with %q (names are case-insensitive); rename one", lower[key])
			continue
		case len(sub.Schedules) > 0:
			ps.add(prefix+"schedules", "", "named schedules cannot nest; move them up to service_hours.schedules")
		}
		lower[key] = name
		if s.named == nil {
			s.named = map[string]*Schedule{}
		}
		s.named[key] = b.compile(sub, prefix, s)
	}
	if err := ps.err(); err != nil {
		return nil, warnings, err
	}
	return s, warnings, nil
}

// For returns the named schedule (names are case-insensitive), or s itself
// when name is empty or unknown.
func (s *Schedule) For(name string) *Schedule {
	if n, ok := s.named[strings.ToLower(strings.TrimSpace(name))]; ok {
		return n
	}
	return s
}

// Names returns the names of the named schedules, sorted, lower-cased.
func (s *Schedule) Names() []string {
	return slices.Sorted(maps.Keys(s.named))
}

// Location returns the schedule's zone.
func (s *Schedule) Location() *time.Location { return s.zone.loc }

// AlwaysOpen reports whether nothing is configured, so that the service is
// open around the clock.
func (s *Schedule) AlwaysOpen() bool { return s.always }

// build fills the lookup tables from parsed periods. all24 opens every
// weekday fully (no weekly or dated periods were given).
func (s *Schedule) build(own [7][]span, all24 bool, ds []dated, cs []closure) {
	for d := range own {
		if all24 {
			own[d] = []span{{0, minutesPerDay}}
		}
		s.own[d] = merge(own[d])
	}
	s.weekEmpty, s.weekFull = true, true
	for d := range s.week {
		s.week[d] = dayOf(s.own[d], s.own[(d+6)%7])
		if len(s.week[d]) > 0 {
			s.weekEmpty = false
		}
		if len(s.week[d]) != 1 || s.week[d][0] != (span{0, minutesPerDay}) {
			s.weekFull = false
		}
	}

	byDay := map[int64][]span{}
	touched := map[int64]bool{}
	for _, d := range ds {
		byDay[d.day] = append(byDay[d.day], d.span)
		touched[d.day], touched[d.day+1] = true, true
	}
	for _, c := range cs {
		for d := floorDiv(c.start, minutesPerDay); d <= floorDiv(c.end-1, minutesPerDay); d++ {
			touched[d] = true
		}
	}
	ownOn := func(d int64) []span {
		return merge(append(slices.Clone(s.own[weekdayOf(d)]), byDay[d]...))
	}
	s.except = make(map[int64][]span, len(touched))
	s.exFrom, s.exTo = noDay, -noDay
	for d := range touched {
		var closed []span
		for _, c := range cs {
			lo, hi := c.start-d*minutesPerDay, c.end-d*minutesPerDay
			if hi > 0 && lo < minutesPerDay {
				closed = append(closed, span{int32(max(lo, 0)), int32(min(hi, minutesPerDay))})
			}
		}
		s.except[d] = subtract(dayOf(ownOn(d), ownOn(d-1)), closed)
		s.exFrom, s.exTo = min(s.exFrom, d), max(s.exTo, d)
	}
}

// noDay bounds the day numbers of exceptions when there are none, far
// beyond any date but safe to add to.
const noDay = 1 << 40

// spans returns the open spans of day number d within [0, 1440).
func (s *Schedule) spans(d int64) []span {
	if d >= s.exFrom && d <= s.exTo {
		if sp, ok := s.except[d]; ok {
			return sp
		}
	}
	return s.week[weekdayOf(d)]
}

// String describes the schedule briefly, for logs.
func (s *Schedule) String() string {
	if s.always {
		return "always open"
	}
	return fmt.Sprintf("service hours in %s", s.zone.loc)
}
