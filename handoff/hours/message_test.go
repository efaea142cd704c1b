package hours

import (
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMessagesInEachLanguage: the schedule is in Berlin, the user in New
// York; the next opening is Monday 08:00 in Berlin, 02:00 in New York.
func TestMessagesInEachLanguage(t *testing.T) {
	s := mustNew(t, office())
	ny := mustLoad(t, "America/New_York")
	at := wall(t, s.Location(), "2025-01-11 12:00") // Saturday

	tests := []struct {
		lang, want string
	}{
		{"en", "We're closed right now. We're back Monday at 02:00 (America/New_York). Leave your email and a message and we'll get back to you."},
		{"de", "Wir sind gerade nicht erreichbar. Wieder für Sie da: Montag, 02:00 (America/New_York). Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, dann melden wir uns bei Ihnen."},
		{"fr", "Nous sommes fermés pour le moment. Nous serons de retour lundi à 02h00 (America/New_York). Laissez votre adresse e-mail et un message, nous vous répondrons."},
		{"fi", "Asiakaspalvelumme on juuri nyt suljettu. Palaamme maanantaina klo 2.00 (America/New_York). Jätä sähköpostiosoitteesi ja viesti, niin palaamme asiaan."},
		{"de-AT", "Wir sind gerade nicht erreichbar. Wieder für Sie da: Montag, 02:00 (America/New_York). Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, dann melden wir uns bei Ihnen."},
		{"sv", "We're closed right now. We're back Monday at 02:00 (America/New_York). Leave your email and a message and we'll get back to you."},
		{"", "We're closed right now. We're back Monday at 02:00 (America/New_York). Leave your email and a message and we'll get back to you."},
	}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			st, err := s.Status(handoff.HoursQuery{At: at, Language: tc.lang, UserZone: ny})
			require.NoError(t, err)
			require.False(t, st.Open)
			assert.Equal(t, "2025-01-13 08:00 CET", stamp(st.NextOpen))
			assert.Equal(t, tc.want, st.Message)
		})
	}
}

func TestFormatTime(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	tokyo := mustLoad(t, "Asia/Tokyo")
	now := wall(t, berlin, "2024-12-30 19:00") // Monday
	tests := []struct {
		name, next, lang string
		zone             string
		want             string
	}{
		{"today", "2024-12-30 20:00", "en", "", "today at 20:00 (Europe/Berlin)"},
		{"tomorrow", "2024-12-31 08:00", "de", "", "morgen, 08:00 (Europe/Berlin)"},
		{"tomorrow in French", "2024-12-31 08:00", "fr", "", "demain à 08h00 (Europe/Berlin)"},
		{"today in Finnish", "2024-12-30 20:30", "fi", "", "tänään klo 20.30 (Europe/Berlin)"},
		{"a weekday", "2025-01-03 08:00", "de", "", "Freitag, 08:00 (Europe/Berlin)"},
		{"six days away", "2025-01-05 08:00", "en", "", "Sunday at 08:00 (Europe/Berlin)"},
		{"seven days away gets the date and year", "2025-01-06 08:00", "en", "", "Monday 6 January 2025 at 08:00 (Europe/Berlin)"},
		{"far away in German", "2025-01-07 08:00", "de", "", "Dienstag, 7. Januar 2025, 08:00 (Europe/Berlin)"},
		{"far away in French", "2025-01-07 08:00", "fr", "", "mardi 7 janvier 2025 à 08h00 (Europe/Berlin)"},
		{"far away in Finnish", "2025-01-07 08:00", "fi", "", "tiistaina 7.1.2025 klo 8.00 (Europe/Berlin)"},
		// 19:00 in Berlin is 03:00 on Tuesday in Tokyo; 08:00 on Tuesday in
		// Berlin is 16:00 on Tuesday there: today, in the user's zone.
		{"the user's zone decides today", "2024-12-31 08:00", "en", "Asia/Tokyo", "today at 16:00 (Asia/Tokyo)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			zone := berlin
			if tc.zone != "" {
				zone = tokyo
			}
			assert.Equal(t, tc.want, FormatTime(wall(t, berlin, tc.next), now, tc.lang, zone))
		})
	}
	assert.Equal(t, "today at 18:00 (UTC)", FormatTime(utc(t, "2024-12-30 18:00"), now, "en", nil), "nil zone is the time's own")
}

func TestCustomMessages(t *testing.T) {
	cfg := office()
	cfg.Messages = map[string]string{
		"en":    "Closed. Back at {next_open_time} on {next_open_date}, {timezone} time.",
		"pt-BR": "Fechado. Voltamos {next_open}.",
	}
	cfg.NeverMessages = map[string]string{"en": "Closed for good ({timezone})."}
	s := mustNew(t, cfg)
	at := wall(t, s.Location(), "2025-01-11 12:00")

	msg := func(lang string) string {
		st, err := s.Status(handoff.HoursQuery{At: at, Language: lang})
		require.NoError(t, err)
		return st.Message
	}
	assert.Equal(t, "Closed. Back at 08:00 on 2025-01-13, Europe/Berlin time.", msg("en"))
	assert.Equal(t, "Fechado. Voltamos Monday at 08:00 (Europe/Berlin).", msg("pt_br"), "tags match case- and separator-insensitively; unknown languages format in English")
	assert.Contains(t, msg("fi"), "Palaamme maanantaina klo 8.00 (Europe/Berlin).", "built-in languages stay available")
	assert.Equal(t, "Closed for good (UTC).", s.Message(at, time.Time{}, "en", time.UTC), "zero next means never")
}
