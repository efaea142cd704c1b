// Package hours is the service-hours engine of handoff-mcp: weekly periods,
// one-off dated periods and closures in an IANA timezone, merged per calendar
// day into effective windows, and the queries built on them (is it open, the
// windows of a date, the next opening and closing) plus the off-hours reply
// in the user's language and timezone.
//
// All times in the configuration are wall-clock times of the schedule's zone.
// See docs/hours.md for the configuration, the merging, overnight and DST
// rules, and the message templates.
package hours

import (
	"encoding/json"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// Config is the service_hours section of the configuration file. The zero
// Config means always open.
type Config struct {
	// Timezone is the IANA zone the times are written in, such as
	// Europe/Berlin; empty means UTC.
	Timezone string `yaml:"timezone,omitempty" json:"timezone,omitempty"`
	// Weekly are the repeating periods. When there are neither weekly nor
	// dated periods the service is open around the clock, apart from the
	// closures.
	Weekly []WeeklyPeriod `yaml:"weekly,omitempty" json:"weekly,omitempty"`
	// Dates are one-off periods that add hours on one date.
	Dates []DatedPeriod `yaml:"dates,omitempty" json:"dates,omitempty"`
	// Closures close a whole day, part of a day, or a run of days (holidays,
	// company events). They win over weekly periods; a dated period may not
	// overlap one.
	Closures []Closure `yaml:"closures,omitempty" json:"closures,omitempty"`
	// Messages are the off-hours replies per language (ISO 639-1 code, such
	// as en or de), overriding the built-in ones. Placeholders: {next_open},
	// {next_open_time}, {next_open_date}, {timezone}.
	Messages map[string]string `yaml:"messages,omitempty" json:"messages,omitempty"`
	// NeverMessages are the replies per language when the schedule never
	// opens again (only past dated periods are left), overriding the
	// built-in ones. Only {timezone} may be used.
	NeverMessages map[string]string `yaml:"never_messages,omitempty" json:"never_messages,omitempty"`
	// Schedules are named schedules per team or department, chosen by name
	// in a query; an unknown name falls back to this default schedule. A
	// named schedule inherits Timezone and the messages when it leaves them
	// empty; its periods and closures are its own (use a YAML anchor to
	// share holidays). Named schedules cannot nest.
	Schedules map[string]Config `yaml:"schedules,omitempty" json:"schedules,omitempty"`
}

// WeeklyPeriod opens the service on the given weekdays from From to To.
type WeeklyPeriod struct {
	// Name is optional and names the period in error messages.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Days are the weekdays: mon..sun, full English names, any prefix of at
	// least two letters, ranges like mon-fri (fri-mon wraps), and the words
	// weekdays, weekends and daily; case-insensitive. YAML accepts a list or
	// one comma-separated string.
	Days Days `yaml:"days" json:"days"`
	// From is the opening time, HH:MM.
	From string `yaml:"from" json:"from"`
	// To is the closing time, HH:MM; 24:00 is the end of the day.
	To string `yaml:"to" json:"to"`
	// Overnight must be true when To is not after From: the window then
	// ends at To on the next day (22:00-06:00). From equal to To with
	// Overnight is a 24-hour window.
	Overnight bool `yaml:"overnight,omitempty" json:"overnight,omitempty"`
}

// DatedPeriod adds opening hours on one date, on top of the weekly periods.
type DatedPeriod struct {
	// Name is optional and names the period in error messages.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Date is the calendar date, YYYY-MM-DD.
	Date string `yaml:"date" json:"date"`
	// From and To are as in WeeklyPeriod.
	From string `yaml:"from" json:"from"`
	To   string `yaml:"to" json:"to"`
	// Overnight is as in WeeklyPeriod: the window ends on the next date.
	Overnight bool `yaml:"overnight,omitempty" json:"overnight,omitempty"`
}

// Closure closes the service from Date at From (default 00:00) until Until
// (default Date) at To (default 24:00). Without From and To it closes whole
// days; with them, part of a day or one continuous span over several days.
type Closure struct {
	// Name is optional (a holiday's name) and names the closure in error
	// messages.
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Date is the first closed date, YYYY-MM-DD.
	Date string `yaml:"date" json:"date"`
	// Until is the last closed date, YYYY-MM-DD, at most 366 days after
	// Date; empty means Date.
	Until string `yaml:"until,omitempty" json:"until,omitempty"`
	// From is when the closure starts on Date, HH:MM.
	From string `yaml:"from,omitempty" json:"from,omitempty"`
	// To is when the closure ends on Until, HH:MM; 24:00 is the end of day.
	To string `yaml:"to,omitempty" json:"to,omitempty"`
	// Overnight lets a one-date closure end at To on the next date.
	Overnight bool `yaml:"overnight,omitempty" json:"overnight,omitempty"`
}

// Days lists weekdays as written in the configuration. In YAML it is a list
// (days: [mon, wed]) or one string (days: mon-fri or days: "mon, wed").
type Days []string

// UnmarshalYAML accepts a sequence of strings or one scalar string.
func (d *Days) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		*d = Days{n.Value}
		return nil
	case yaml.SequenceNode:
		var s []string
		if err := n.Decode(&s); err != nil {
			return err
		}
		*d = s
		return nil
	}
	return fmt.Errorf("line %d: days must be a list like [mon, tue] or a string like mon-fri", n.Line)
}

// UnmarshalJSON accepts an array of strings or one string, as in YAML.
func (d *Days) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*d = Days{one}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("days must be a list like [\"mon\", \"tue\"] or a string like \"mon-fri\"")
	}
	*d = list
	return nil
}
