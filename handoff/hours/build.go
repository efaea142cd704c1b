package hours

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// gptbotsPeriods is the number of service periods GPTBots allows; more are
// accepted here with a warning.
const gptbotsPeriods = 10

// maxClosureDays bounds the length of one closure.
const maxClosureDays = 366

// dated is a parsed DatedPeriod.
type dated struct {
	day  int64
	span span
	path string
	name string
}

// closure is a parsed Closure as absolute wall-clock minutes since
// 1970-01-01 00:00, [start, end).
type closure struct {
	start, end int64
	path       string
	name       string
}

// builder compiles one Config (the default or a named schedule).
type builder struct {
	ps       *problems
	warnings *[]string
}

// compile validates cfg and builds its schedule. prefix is the path of cfg
// within the section ("" or "schedules.billing."); parent is the default
// schedule a named one inherits from, nil for the default itself.
func (b *builder) compile(cfg Config, prefix string, parent *Schedule) *Schedule {
	s := &Schedule{}
	s.zone = b.zone(cfg.Timezone, prefix, parent)

	var own [7][]span
	for i, p := range cfg.Weekly {
		path := fmt.Sprintf("%sweekly[%d]", prefix, i)
		days, err := parseDays(p.Days)
		if err != nil {
			b.ps.add(path+".days", p.Name, "%v", err)
		}
		sp, err := window(p.From, p.To, p.Overnight)
		if err != nil {
			b.ps.add(path, p.Name, "%v", err)
			continue
		}
		for d, on := range days {
			if on {
				own[d] = append(own[d], sp)
			}
		}
	}
	var ds []dated
	for i, p := range cfg.Dates {
		path := fmt.Sprintf("%sdates[%d]", prefix, i)
		date, err := requiredDate(p.Date)
		if err != nil {
			b.ps.add(path+".date", p.Name, "%v", err)
		}
		sp, err2 := window(p.From, p.To, p.Overnight)
		if err2 != nil {
			b.ps.add(path, p.Name, "%v", err2)
		}
		if err == nil && err2 == nil {
			ds = append(ds, dated{day: date.day(), span: sp, path: path, name: p.Name})
		}
	}
	var cs []closure
	for i, c := range cfg.Closures {
		path := fmt.Sprintf("%sclosures[%d]", prefix, i)
		if cl, ok := b.closure(c, path); ok {
			cs = append(cs, cl)
		}
	}
	b.contradictions(ds, cs)

	if n := len(cfg.Weekly) + len(cfg.Dates); n > gptbotsPeriods {
		*b.warnings = append(*b.warnings, fmt.Sprintf(
			"%s has %d service periods (weekly and dated); GPTBots allows at most %d, handoff-mcp accepts them all",
			sectionName(prefix), n, gptbotsPeriods))
	}
	if parent != nil && len(cfg.Weekly) == 0 && len(cfg.Dates) == 0 {
		*b.warnings = append(*b.warnings, fmt.Sprintf(
			"%s has no weekly or dated periods, so it is open around the clock apart from any closures",
			sectionName(prefix)))
	}

	s.messages = b.messages(cfg.Messages, prefix+"messages", parent, true)
	s.neverMessages = b.messages(cfg.NeverMessages, prefix+"never_messages", parent, false)
	s.always = len(cfg.Weekly) == 0 && len(cfg.Dates) == 0 && len(cs) == 0
	s.build(own, len(cfg.Weekly) == 0 && len(cfg.Dates) == 0, ds, cs)
	return s
}

func sectionName(prefix string) string {
	if prefix == "" {
		return "service_hours"
	}
	return strings.TrimSuffix(prefix, ".")
}

func requiredDate(s string) (Date, error) {
	if strings.TrimSpace(s) == "" {
		return Date{}, fmt.Errorf("date is missing; write date: YYYY-MM-DD")
	}
	return ParseDate(strings.TrimSpace(s))
}

// zone loads the schedule's location, inheriting the parent's when empty.
func (b *builder) zone(name, prefix string, parent *Schedule) *zone {
	name = strings.TrimSpace(name)
	switch {
	case name == "" && parent != nil:
		return parent.zone
	case name == "":
		name = "UTC"
	}
	if z, ok := zones.Load(name); ok {
		return z.(*zone)
	}
	if name == "Local" {
		b.ps.add(prefix+"timezone", "", "Local is whatever zone the host is set to; name the zone, such as Europe/Berlin")
		return utcZone()
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		b.ps.add(prefix+"timezone", "", "unknown time zone %q; use an IANA name such as Europe/Berlin, America/New_York or UTC", name)
		return utcZone()
	}
	z, _ := zones.LoadOrStore(name, newZone(loc))
	return z.(*zone)
}

// zones caches the precomputed zones by name; a zone never changes once
// built, so schedules built from the same config share them.
var zones sync.Map

func utcZone() *zone {
	z, _ := zones.LoadOrStore("UTC", newZone(time.UTC))
	return z.(*zone)
}

// closure parses a Closure into an absolute span of wall-clock minutes.
func (b *builder) closure(c Closure, path string) (closure, bool) {
	first, err := requiredDate(c.Date)
	if err != nil {
		b.ps.add(path+".date", c.Name, "%v", err)
		return closure{}, false
	}
	last := first
	if strings.TrimSpace(c.Until) != "" {
		if last, err = ParseDate(strings.TrimSpace(c.Until)); err != nil {
			b.ps.add(path+".until", c.Name, "%v", err)
			return closure{}, false
		}
	}
	from, to := int32(0), int32(minutesPerDay)
	if strings.TrimSpace(c.From) != "" {
		if from, err = parseClock(c.From, false); err != nil {
			b.ps.add(path+".from", c.Name, "%v", err)
			return closure{}, false
		}
	}
	if strings.TrimSpace(c.To) != "" {
		if to, err = parseClock(c.To, true); err != nil {
			b.ps.add(path+".to", c.Name, "%v", err)
			return closure{}, false
		}
	}
	d0, d1 := first.day(), last.day()
	switch {
	case d1 < d0:
		b.ps.add(path+".until", c.Name, "until %s is before date %s; swap them", last, first)
		return closure{}, false
	case d1-d0+1 > maxClosureDays:
		b.ps.add(path+".until", c.Name, "the closure spans %d days; one closure may span at most %d, split it", d1-d0+1, maxClosureDays)
		return closure{}, false
	case d1 > d0 && c.Overnight:
		b.ps.add(path, c.Name, "overnight: true is only for a closure on one date; this one already runs until %s, remove overnight", last)
		return closure{}, false
	case d1 > d0:
		return closure{start: d0*minutesPerDay + int64(from), end: d1*minutesPerDay + int64(to), path: path, name: c.Name}, true
	}
	sp, err := overnightSpan(from, to, c.Overnight)
	if err != nil {
		b.ps.add(path, c.Name, "%v", err)
		return closure{}, false
	}
	return closure{start: d0*minutesPerDay + int64(sp.s), end: d0*minutesPerDay + int64(sp.e), path: path, name: c.Name}, true
}

// contradictions reports dated periods that overlap a closure: the service
// cannot be both open and closed at the same time.
func (b *builder) contradictions(ds []dated, cs []closure) {
	for _, d := range ds {
		s, e := d.day*minutesPerDay+int64(d.span.s), d.day*minutesPerDay+int64(d.span.e)
		for _, c := range cs {
			if s < c.end && c.start < e {
				b.ps.add(d.path, d.name,
					"%s %s-%s overlaps %s, which closes %s; a time cannot be both open and closed: remove one, or narrow the closure with from/to",
					dateOfDay(d.day), formatClock(d.span.s), formatClock(d.span.e%minutesPerDay), describe(c.path, c.name), spanText(c.start, c.end))
			}
		}
	}
}

func describe(path, name string) string {
	if name = strings.TrimSpace(name); name != "" {
		return fmt.Sprintf("%s (%q)", path, name)
	}
	return path
}

// spanText formats absolute minutes as "2024-12-24 00:00 to 2024-12-25 00:00".
func spanText(start, end int64) string {
	f := func(m int64) string {
		d := floorDiv(m, minutesPerDay)
		return dateOfDay(d).String() + " " + formatClock(int32(m-d*minutesPerDay))
	}
	return f(start) + " to " + f(end)
}
