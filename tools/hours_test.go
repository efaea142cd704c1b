package tools

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
