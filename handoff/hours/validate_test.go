package hours

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestValidationErrors(t *testing.T) {
	// weekly puts p second, after a valid period, so paths say weekly[1].
	weekly := func(p WeeklyPeriod) Config {
		return Config{Weekly: []WeeklyPeriod{{Days: Days{"mon"}, From: "08:00", To: "09:00"}, p}}
	}
	tests := []struct {
		name string
		cfg  Config
		want []string
	}{
		{"unknown zone", Config{Timezone: "Europe/Berln"},
			[]string{`timezone: unknown time zone "Europe/Berln"; use an IANA name such as Europe/Berlin, America/New_York or UTC`}},
		{"the host's zone", Config{Timezone: "Local"},
			[]string{`timezone: Local is whatever zone the host is set to; name the zone, such as Europe/Berlin`}},
		{"unknown weekday", weekly(WeeklyPeriod{Name: "weekend", Days: Days{"sat", "sonntag"}, From: "10:00", To: "12:00"}),
			[]string{`weekly[1].days ("weekend"): unknown weekday "sonntag"; write mon..sun or monday..sunday, a range like mon-fri, or weekdays, weekends, daily`}},
		{"no days", weekly(WeeklyPeriod{From: "10:00", To: "12:00"}),
			[]string{`weekly[1].days: no days given; write mon..sun or monday..sunday, a range like mon-fri, or weekdays, weekends, daily`}},
		{"a bad range of days", weekly(WeeklyPeriod{Days: Days{"mon-xyz"}, From: "10:00", To: "12:00"}),
			[]string{`weekly[1].days: "mon-xyz" is not a range of weekdays; write mon..sun or monday..sunday, a range like mon-fri, or weekdays, weekends, daily`}},
		{"from after to without overnight", weekly(WeeklyPeriod{Name: "late shift", Days: Days{"fri"}, From: "18:00", To: "08:00"}),
			[]string{`weekly[1] ("late shift"): from 18:00 is not before to 08:00; for a window past midnight write to: "08:00" with overnight: true, or swap them`}},
		{"from equal to to", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "08:00", To: "08:00"}),
			[]string{`weekly[1]: from and to are both 08:00; for a 24-hour window from 08:00 write overnight: true, for a whole day write from: "00:00" and to: "24:00"`}},
		{"overnight that is not", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "08:00", To: "18:00", Overnight: true}),
			[]string{`weekly[1]: overnight: true but to 18:00 is after from 08:00 on the same day; remove overnight: true`}},
		{"overnight to midnight", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "08:00", To: "24:00", Overnight: true}),
			[]string{`weekly[1]: to 24:00 already ends at midnight; remove overnight: true`}},
		{"from 24:00", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "24:00", To: "24:00"}),
			[]string{`weekly[1]: from: 24:00 is the end of the day and only allowed for to; write 00:00`}},
		{"not a time", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "8h", To: "09:00"}),
			[]string{`weekly[1]: from: "8h" is not a time; write HH:MM, for example "08:00"`}},
		{"hour 25", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "08:00", To: "25:00"}),
			[]string{`weekly[1]: to: "25:00" has hour 25; hours run from 00 to 23 (24:00 ends the day)`}},
		{"minute 60", weekly(WeeklyPeriod{Days: Days{"fri"}, From: "08:60", To: "09:00"}),
			[]string{`weekly[1]: from: "08:60" has 60 minutes; minutes run from 00 to 59`}},
		{"no times", weekly(WeeklyPeriod{Days: Days{"fri"}}),
			[]string{`weekly[1]: from is missing; write from: "HH:MM"`}},
		{"dated periods", Config{Dates: []DatedPeriod{
			{Date: "2024-02-30", From: "08:00", To: "09:00"},
			{From: "08:00", To: "09:00"},
			{Name: "late opening", Date: "2024-12-12", From: "10:00"},
		}}, []string{
			`dates[0].date: "2024-02-30" is not a date; write YYYY-MM-DD, for example 2024-12-24`,
			`dates[1].date: date is missing; write date: YYYY-MM-DD`,
			`dates[2] ("late opening"): to is missing; write to: "HH:MM" (24:00 for the end of the day)`,
		}},
		{"closures", Config{Closures: []Closure{
			{Date: "2024-12-24", Until: "2024-12-20"},
			{Date: "2024-01-01", Until: "2025-12-31"},
			{Date: "2024-12-24", Until: "2024-12-26", Overnight: true},
			{Date: "2024-12-24", From: "1200"},
			{Name: "evening", Date: "2024-12-24", From: "18:00", To: "12:00"},
			{Date: "24.12.2024"},
			{},
			{Date: "2024-12-24", Until: "2024-13-01"},
			{Date: "2024-12-24", To: "24:30"},
		}}, []string{
			`closures[0].until: until 2024-12-20 is before date 2024-12-24; swap them`,
			`closures[1].until: the closure spans 731 days; one closure may span at most 366, split it`,
			`closures[2]: overnight: true is only for a closure on one date; this one already runs until 2024-12-26, remove overnight`,
			`closures[3].from: "1200" is not a time; write HH:MM, for example "08:00"`,
			`closures[4] ("evening"): from 18:00 is not before to 12:00; for a window past midnight write to: "12:00" with overnight: true, or swap them`,
			`closures[5].date: "24.12.2024" is not a date; write YYYY-MM-DD, for example 2024-12-24`,
			`closures[6].date: date is missing; write date: YYYY-MM-DD`,
			`closures[7].until: "2024-13-01" is not a date; write YYYY-MM-DD, for example 2024-12-24`,
			`closures[8].to: "24:30" has hour 24; hours run from 00 to 23 (24:00 ends the day)`,
		}},
		{"a dated period inside a closure", Config{
			Dates:    []DatedPeriod{{Name: "stocktake", Date: "2024-12-24", From: "09:00", To: "12:00"}},
			Closures: []Closure{{Name: "Christmas Eve", Date: "2024-12-24"}},
		}, []string{
			`dates[0] ("stocktake"): 2024-12-24 09:00-12:00 overlaps closures[0] ("Christmas Eve"), which closes 2024-12-24 00:00 to 2024-12-25 00:00; a time cannot be both open and closed: remove one, or narrow the closure with from/to`,
		}},
		{"an overnight dated period running into a closure", Config{
			Dates:    []DatedPeriod{{Date: "2024-12-23", From: "22:00", To: "02:00", Overnight: true}},
			Closures: []Closure{{Date: "2024-12-24", To: "01:00"}, {Date: "2024-12-23", To: "22:00"}},
		}, []string{
			`dates[0]: 2024-12-23 22:00-02:00 overlaps closures[0], which closes 2024-12-24 00:00 to 2024-12-24 01:00; a time cannot be both open and closed: remove one, or narrow the closure with from/to`,
		}},
		{"messages", Config{
			Messages:      map[string]string{"en": "Back {nextopen}", "English": "x", "de": " "},
			NeverMessages: map[string]string{"en": "Back {next_open}", "fr": "{when}"},
		}, []string{
			`messages.English: "English" is not a language code; use an ISO 639-1 code such as en, de, fr or fi`,
			`messages.de: the message is empty; write the reply, or remove the line to use the built-in one`,
			`messages.en: unknown placeholder {nextopen}; use {next_open}, {next_open_time}, {next_open_date}, {timezone}`,
			`never_messages.en: {next_open} has no value when the service never opens again; use only {timezone}`,
			`never_messages.fr: unknown placeholder {when}; use {timezone}`,
		}},
		{"named schedules", Config{Schedules: map[string]Config{
			"":        {},
			"Billing": {Timezone: "Mars/Base", Weekly: []WeeklyPeriod{{Days: Days{"mon"}, From: "9:00", To: "7:00"}}},
			"billing": {},
			"x":       {Schedules: map[string]Config{"y": {}}},
		}}, []string{
			`schedules: a named schedule has an empty name; give it a name such as billing`,
			`schedules.Billing.timezone: unknown time zone "Mars/Base"; use an IANA name such as Europe/Berlin, America/New_York or UTC`,
			`schedules.Billing.weekly[0]: from 09:00 is not before to 07:00; for a window past midnight write to: "07:00" with overnight: true, or swap them`,
			`schedules.billing: the name clashes with "Billing" (names are case-insensitive); rename one`,
			`schedules.x.schedules: named schedules cannot nest; move them up to service_hours.schedules`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _, err := New(tc.cfg)
			require.Error(t, err)
			assert.Nil(t, s)
			var ce *ConfigError
			require.True(t, errors.As(err, &ce))
			got := make([]string, len(ce.Problems))
			for i, p := range ce.Problems {
				got[i] = p.Error()
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, strings.Join(tc.want, "\n"), err.Error())
			assert.Equal(t, err.Error(), tc.cfg.Validate().Error())
		})
	}
}

func TestConfigErrorPrefix(t *testing.T) {
	_, _, err := New(Config{Timezone: "Nowhere/City"})
	var ce *ConfigError
	require.True(t, errors.As(err, &ce))
	assert.Equal(t, `service_hours.timezone: unknown time zone "Nowhere/City"; use an IANA name such as Europe/Berlin, America/New_York or UTC`,
		ce.WithPrefix("service_hours.").Error())
	var p Problem
	require.True(t, errors.As(err, &p), "each problem is reachable through errors.As")
	assert.Equal(t, "timezone", p.Path)
}

func TestWarnings(t *testing.T) {
	var weekly []WeeklyPeriod
	for i := range 11 {
		weekly = append(weekly, WeeklyPeriod{Days: Days{"mon"}, From: fmt.Sprintf("%02d:00", i), To: fmt.Sprintf("%02d:30", i)})
	}
	_, warnings, err := New(Config{Weekly: weekly, Schedules: map[string]Config{"sales": {Closures: []Closure{{Date: "2025-01-01"}}}}})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"service_hours has 11 service periods (weekly and dated); GPTBots allows at most 10, handoff-mcp accepts them all",
		"schedules.sales has no weekly or dated periods, so it is open around the clock apart from any closures",
	}, warnings)

	_, warnings, err = New(Config{Weekly: weekly[:10]})
	require.NoError(t, err)
	assert.Empty(t, warnings, "10 periods are within the limit")
}

func TestWeekdaySpellings(t *testing.T) {
	tests := []struct {
		days Days
		want string // Sunday first
	}{
		{Days{"mon-fri"}, "-MTWTF-"},
		{Days{"Monday", "TUESDAY", "wed"}, "-MTW---"},
		{Days{"tues, thurs"}, "--T-T--"},
		{Days{"fri-mon"}, "SM---FS"},
		{Days{"sa-su"}, "S-----S"},
		{Days{"weekdays", "sat"}, "-MTWTFS"},
		{Days{"weekends"}, "S-----S"},
		{Days{"daily"}, "SMTWTFS"},
		{Days{"sun-sun"}, "S------"},
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.days, "|"), func(t *testing.T) {
			set, err := parseDays(tc.days)
			require.NoError(t, err)
			got := []byte("-------")
			for d, on := range set {
				if on {
					got[d] = "SMTWTFS"[d]
				}
			}
			assert.Equal(t, tc.want, string(got))
		})
	}
	for _, bad := range []string{"m", "s", "sonntag", "mon-", "-fri", "mon-fri-sat", "montag"} {
		_, err := parseDays(Days{bad})
		assert.Error(t, err, bad)
	}
}

func TestDaysJSON(t *testing.T) {
	var p WeeklyPeriod
	require.NoError(t, json.Unmarshal([]byte(`{"days": "mon-fri", "from": "08:00", "to": "18:00"}`), &p))
	assert.Equal(t, Days{"mon-fri"}, p.Days)
	require.NoError(t, json.Unmarshal([]byte(`{"days": ["sat", "sun"]}`), &p))
	assert.Equal(t, Days{"sat", "sun"}, p.Days)
	assert.Error(t, json.Unmarshal([]byte(`{"days": 5}`), &p))
}

// docsExample returns the first YAML block of docs/hours.md, so that the
// documented example is the one tested.
func docsExample(t *testing.T) string {
	t.Helper()
	doc, err := os.ReadFile("../../docs/hours.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(doc), "```yaml\n")
	require.True(t, ok, "docs/hours.md has a yaml block")
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	return block
}

// TestYAML decodes the documented example the way the config loader does
// (strict, known fields only) and checks the results the docs show.
func TestYAML(t *testing.T) {
	var file struct {
		ServiceHours Config `yaml:"service_hours"`
	}
	dec := yaml.NewDecoder(strings.NewReader(docsExample(t)))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(&file))
	cfg := file.ServiceHours
	assert.Equal(t, Days{"mon-fri"}, cfg.Weekly[0].Days)
	assert.Equal(t, Days{"sat"}, cfg.Weekly[1].Days)
	assert.Equal(t, "2024-12-12", cfg.Dates[0].Date)

	s, warnings, err := New(cfg)
	require.NoError(t, err)
	assert.Empty(t, warnings)
	assert.Equal(t, []string{"08:00-21:00"}, text(s.Windows(date(t, "2024-12-12"))))
	assert.Equal(t, []string{"00:00-02:00", "10:00-14:00", "22:00-24:00"}, text(s.Windows(date(t, "2024-12-14"))))
	assert.Equal(t, []string{"09:00-12:00"}, text(s.For("billing").Windows(date(t, "2024-12-12"))))

	ny := mustLoad(t, "America/New_York")
	st, err := s.Status(handoff.HoursQuery{At: wall(t, s.Location(), "2024-12-24 10:00"), UserZone: ny, Language: "en"})
	require.NoError(t, err)
	assert.False(t, st.Open)
	assert.Empty(t, st.Today)
	assert.Equal(t, "2024-12-27T08:00:00+01:00", st.NextOpen.Format(time.RFC3339))
	assert.Equal(t, "We're closed right now. We're back Friday at 02:00 (America/New_York). Leave your email and a message and we'll get back to you.", st.Message)

	st, err = s.Status(handoff.HoursQuery{At: wall(t, s.Location(), "2024-12-14 01:30")})
	require.NoError(t, err)
	assert.True(t, st.Open)
	assert.Equal(t, "2024-12-14T02:00:00+01:00", st.NextClose.Format(time.RFC3339))
	assert.Equal(t, []string{"00:00-02:00", "10:00-14:00", "22:00-24:00"}, text(st.Today))

	st, err = s.Status(handoff.HoursQuery{At: wall(t, s.Location(), "2024-12-12 18:30")})
	require.NoError(t, err)
	assert.True(t, st.Open)
	assert.Equal(t, "2024-12-12T21:00:00+01:00", st.NextClose.Format(time.RFC3339))

	for name, doc := range map[string]string{
		"unknown key":   "service_hours:\n  weekly:\n    - days: mon\n      from: \"08:00\"\n      untill: \"09:00\"\n",
		"days as a map": "service_hours:\n  weekly:\n    - days: {mon: true}\n",
		"nested lists":  "service_hours:\n  weekly:\n    - days: [[mon]]\n",
	} {
		t.Run(name, func(t *testing.T) {
			dec := yaml.NewDecoder(strings.NewReader(doc))
			dec.KnownFields(true)
			assert.Error(t, dec.Decode(&file))
		})
	}
}
