package tools

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

const finnishHours = `
service_hours:
  timezone: Europe/Helsinki
  weekly:
    - days: [mon, tue, wed, thu, fri]
      from: "08:00"
      to: "18:00"
    - days: [sat]
      from: "10:00"
      to: "16:00"
`

func TestCheckServiceHours(t *testing.T) {
	tests := []struct {
		name   string
		config string
		args   map[string]any
		check  func(t *testing.T, out HoursOutput)
	}{
		{
			name: "no hours configured means always open",
			args: map[string]any{},
			check: func(t *testing.T, out HoursOutput) {
				assert.True(t, out.Open)
				assert.True(t, out.AlwaysOpen)
				assert.Empty(t, out.Message)
			},
		},
		{
			name:   "open on a weekday",
			config: finnishHours,
			args:   map[string]any{"at": "2026-11-18T12:00:00+02:00"},
			check: func(t *testing.T, out HoursOutput) {
				assert.True(t, out.Open)
				assert.Equal(t, "Europe/Helsinki", out.Timezone)
				require.Len(t, out.Today, 1)
				assert.Equal(t, "2026-11-18T08:00:00+02:00", out.Today[0].Start)
				assert.Equal(t, "2026-11-18T18:00:00+02:00", out.NextClose)
			},
		},
		{
			name:   "closed on Sunday, back Monday 08:00",
			config: finnishHours,
			args:   map[string]any{"at": "2026-11-22T12:00:00+02:00", "language": "fi"},
			check: func(t *testing.T, out HoursOutput) {
				assert.False(t, out.Open)
				assert.Empty(t, out.Today)
				assert.Equal(t, "2026-11-23T08:00:00+02:00", out.NextOpen)
				assert.NotEmpty(t, out.Message)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.config)
			c := e.client(t)
			tt.check(t, structured[HoursOutput](t, call(t, c, "check_service_hours", tt.args)))
		})
	}
}

func TestCheckServiceHoursInvalidInput(t *testing.T) {
	e := newEnv(t, finnishHours)
	c := e.client(t)
	for name, args := range map[string]map[string]any{
		"at":       {"at": "tomorrow at noon"},
		"timezone": {"timezone": "Mars/Olympus"},
	} {
		t.Run(name, func(t *testing.T) {
			res := call(t, c, "check_service_hours", args)
			require.True(t, res.IsError)
			assert.Contains(t, text(res), name+":")
		})
	}
}

// TestReadmeHoursExample pins the README's service-hours example: if this
// fails, the README shows a result the server does not give.
func TestReadmeHoursExample(t *testing.T) {
	e := newEnv(t, `
service_hours:
  timezone: Europe/Helsinki
  weekly:
    - name: weekdays
      days: mon-fri
      from: "08:00"
      to: "18:00"
    - name: saturday
      days: [sat]
      from: "10:00"
      to: "16:00"
  dates:
    - {date: 2026-12-13, from: "09:00", to: "12:00"}
    - {date: 2026-12-13, from: "10:00", to: "12:00"}
    - {date: 2026-12-13, from: "13:00", to: "18:00"}
    - {date: 2026-12-13, from: "15:00", to: "17:00"}
  closures:
    - name: Independence Day
      date: 2026-12-07
`)
	c := e.client(t)
	eve := structured[HoursOutput](t, call(t, c, "check_service_hours", map[string]any{
		"at": "2026-12-06T20:30:00+02:00", "timezone": "Europe/Berlin", "language": "de"}))
	assert.Equal(t, HoursOutput{
		Open: false, Now: "2026-12-06T20:30:00+02:00", Timezone: "Europe/Helsinki",
		Today: []WindowOutput{}, NextOpen: "2026-12-08T08:00:00+02:00",
		Message:  "Wir sind gerade nicht erreichbar. Wieder für Sie da: Dienstag, 07:00 (Europe/Berlin). Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, dann melden wir uns bei Ihnen.",
		Helpdesk: HelpdeskOutput{Status: "not_configured", Connector: "inbox"},
	}, eve)

	gap := structured[HoursOutput](t, call(t, c, "check_service_hours", map[string]any{
		"at": "2026-12-13T12:30:00+02:00", "language": "fi"}))
	assert.Equal(t, HoursOutput{
		Open: false, Now: "2026-12-13T12:30:00+02:00", Timezone: "Europe/Helsinki",
		Today: []WindowOutput{
			{Start: "2026-12-13T09:00:00+02:00", End: "2026-12-13T12:00:00+02:00"},
			{Start: "2026-12-13T13:00:00+02:00", End: "2026-12-13T18:00:00+02:00"},
		},
		NextOpen: "2026-12-13T13:00:00+02:00",
		Message:  "Asiakaspalvelumme on juuri nyt suljettu. Palaamme tänään klo 13.00 (Europe/Helsinki). Jätä sähköpostiosoitteesi ja viesti, niin palaamme asiaan.",
		Helpdesk: HelpdeskOutput{Status: "not_configured", Connector: "inbox"},
	}, gap)
}

func TestHoursTextWholeDayEndsAt24(t *testing.T) {
	text := hoursText(HoursOutput{Open: true, AlwaysOpen: true, Today: []WindowOutput{
		{Start: "2026-12-06T00:00:00Z", End: "2026-12-07T00:00:00Z"},
	}})
	assert.Contains(t, text, "Today: 00:00-24:00.")
	text = hoursText(HoursOutput{Open: true, Today: []WindowOutput{
		{Start: "2026-12-06T09:00:00+02:00", End: "2026-12-06T17:30:00+02:00"},
		{Start: "2026-12-06T20:00:00+02:00", End: "2026-12-07T00:00:00+02:00"},
	}})
	assert.Contains(t, text, "Today: 09:00-17:30, 20:00-24:00.")
}

// TestHoursTextAsFormatted holds hoursText, built in one buffer, to the
// text as fmt wrote it before (hoursTextFmt, kept here as the reference),
// byte for byte, over every branch: open, closed or always open, windows
// (a whole day, one ending at midnight, one that is not RFC 3339), next
// times, never, each helpdesk status, a message with quotes and non-ASCII.
func TestHoursTextAsFormatted(t *testing.T) {
	todays := [][]WindowOutput{nil,
		{{Start: "2026-12-06T00:00:00Z", End: "2026-12-07T00:00:00Z"}},
		{{Start: "2026-12-06T09:00:00+02:00", End: "2026-12-06T17:30:00+02:00"}, {Start: "2026-12-06T20:00:00+02:00", End: "2026-12-07T00:00:00+02:00"}},
		{{Start: "09:00", End: "soon"}, {Start: "2026-12-06T23:00:00-05:00", End: "2026-12-07T00:00:00-05:00"}},
	}
	helpdesks := []HelpdeskOutput{{Status: "not_configured", Connector: "inbox"}, {Status: "available", Connector: "zendesk"},
		{Status: "unavailable", Connector: "webhook"}, {Status: "unknown", Connector: "email"}, {Status: "unknown", Connector: "email", CheckedAt: "2026-12-06T08:00:00Z"}}
	n := 0
	for _, state := range []HoursOutput{{AlwaysOpen: true, Open: true}, {Open: true}, {}} {
		for _, today := range todays {
			for _, next := range [][2]string{{"", ""}, {"2026-12-07T09:00:00+02:00", ""}, {"", "2026-12-06T17:30:00+02:00"}} {
				for _, hd := range helpdesks {
					for _, msg := range []string{"", `We're "closed"; back at 9 — Tschüss.` + "\n\ttab"} {
						o := state
						o.Now, o.Timezone, o.Today, o.NextOpen, o.NextClose, o.Helpdesk, o.Message = "2026-12-06T11:00:00+02:00", "Europe/Helsinki", today, next[0], next[1], hd, msg
						o.Never = next == [2]string{} && !o.Open
						require.Equal(t, hoursTextFmt(o), hoursText(o), "%+v", o)
						n++
					}
				}
			}
		}
	}
	assert.Equal(t, 3*4*3*5*2, n)
}

// hoursTextFmt is hoursText as it was written with fmt.
func hoursTextFmt(o HoursOutput) string {
	var b strings.Builder
	switch {
	case o.AlwaysOpen:
		b.WriteString("Open: no service hours are configured, so the team counts as always available.")
	case o.Open:
		fmt.Fprintf(&b, "Open now (%s, %s).", o.Now, o.Timezone)
	default:
		fmt.Fprintf(&b, "Closed now (%s, %s).", o.Now, o.Timezone)
	}
	hhmm := func(rfc string) string {
		t, err := time.Parse(time.RFC3339, rfc)
		if err != nil {
			return rfc
		}
		return t.Format("15:04")
	}
	if len(o.Today) > 0 {
		var ws []string
		for _, w := range o.Today {
			end := hhmm(w.End)
			s, err1 := time.Parse(time.RFC3339, w.Start)
			e, err2 := time.Parse(time.RFC3339, w.End)
			if err1 == nil && err2 == nil && e.Hour() == 0 && e.Minute() == 0 && e.After(s) && e.Format(time.DateOnly) != s.Format(time.DateOnly) {
				end = "24:00"
			}
			ws = append(ws, hhmm(w.Start)+"-"+end)
		}
		fmt.Fprintf(&b, "\nToday: %s.", strings.Join(ws, ", "))
	} else if !o.AlwaysOpen {
		b.WriteString("\nToday: closed all day.")
	}
	if o.NextOpen != "" {
		fmt.Fprintf(&b, "\nOpens next: %s.", o.NextOpen)
	}
	if o.NextClose != "" {
		fmt.Fprintf(&b, "\nCloses next: %s.", o.NextClose)
	}
	if o.Never {
		b.WriteString("\nThe schedule never opens again.")
	}
	switch handoff.HelpdeskServiceStatus(o.Helpdesk.Status) {
	case handoff.HelpdeskAvailable:
		fmt.Fprintf(&b, "\nHelpdesk (%s): available.", o.Helpdesk.Connector)
	case handoff.HelpdeskUnavailable:
		fmt.Fprintf(&b, "\nHelpdesk (%s): unavailable at the last check; handoffs are still accepted and queued.", o.Helpdesk.Connector)
	case handoff.HelpdeskUnknown:
		if o.Helpdesk.CheckedAt != "" {
			fmt.Fprintf(&b, "\nHelpdesk (%s): status unknown: last checked at %s, too long ago to trust; handoffs are still accepted and queued.", o.Helpdesk.Connector, o.Helpdesk.CheckedAt)
		}
	}
	if o.Message != "" {
		fmt.Fprintf(&b, "\nTell the user: %q\nNext step: offer collect_contact so the user can leave an email and a message.", o.Message)
	}
	return b.String()
}
