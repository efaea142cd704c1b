package hours

import (
	"fmt"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// lang holds what FormatTime needs to write a time in one language.
type lang struct {
	days            [7]string
	months          [12]string
	today, tomorrow string
	clock           func(t time.Time) string
	// relative writes "tomorrow at 08:00", weekday "Monday at 08:00", dated
	// "Monday 6 January at 08:00" (y is " 2026" or "").
	relative func(word, clock string) string
	weekday  func(day, clock string) string
	dated    func(t time.Time, day, month, y, clock string) string
}

func hhmm(t time.Time) string { return t.Format("15:04") }

var langs = map[string]*lang{
	"en": {
		days:     [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		months:   [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		today:    "today",
		tomorrow: "tomorrow",
		clock:    hhmm,
		relative: func(w, c string) string { return w + " at " + c },
		weekday:  func(d, c string) string { return d + " at " + c },
		dated: func(t time.Time, d, m, y, c string) string {
			return fmt.Sprintf("%s %d %s%s at %s", d, t.Day(), m, y, c)
		},
	},
	"de": {
		days:     [7]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
		months:   [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		today:    "heute",
		tomorrow: "morgen",
		clock:    hhmm,
		relative: func(w, c string) string { return w + ", " + c },
		weekday:  func(d, c string) string { return d + ", " + c },
		dated: func(t time.Time, d, m, y, c string) string {
			return fmt.Sprintf("%s, %d. %s%s, %s", d, t.Day(), m, y, c)
		},
	},
	"fr": {
		days:     [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
		months:   [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		today:    "aujourd'hui",
		tomorrow: "demain",
		clock:    func(t time.Time) string { return t.Format("15h04") },
		relative: func(w, c string) string { return w + " à " + c },
		weekday:  func(d, c string) string { return d + " à " + c },
		dated: func(t time.Time, d, m, y, c string) string {
			return fmt.Sprintf("%s %d %s%s à %s", d, t.Day(), m, y, c)
		},
	},
	"fi": {
		// Essive forms: "maanantaina" is "on Monday".
		days:     [7]string{"sunnuntaina", "maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina"},
		today:    "tänään",
		tomorrow: "huomenna",
		clock:    func(t time.Time) string { return fmt.Sprintf("%d.%02d", t.Hour(), t.Minute()) },
		relative: func(w, c string) string { return w + " klo " + c },
		weekday:  func(d, c string) string { return d + " klo " + c },
		dated: func(t time.Time, d, _, y, c string) string {
			return fmt.Sprintf("%s %d.%d.%s klo %s", d, t.Day(), t.Month(), strings.TrimSpace(y), c)
		},
	},
}

// langFor returns the formatting rules of a language tag, English when it
// has none.
func langFor(tag string) *lang {
	tag = handoff.NormalizeLanguage(tag)
	if l, ok := langs[tag]; ok {
		return l
	}
	base, _, _ := strings.Cut(tag, "-")
	if l, ok := langs[base]; ok {
		return l
	}
	return langs["en"]
}

// clockIn formats t's time of day in the language: 08:00, 08h00, 8.00.
func clockIn(t time.Time, tag string) string { return langFor(tag).clock(t) }

// FormatTime writes t for a person reading language tag (en, de, fr and fi
// are built in; others get English) in zone (nil means t's own location),
// relative to now: "today at 14:00", "tomorrow at 08:00", "Monday at 08:00"
// within the next six days, "Monday 6 January at 08:00" further away or in
// the past (with the year when it differs from now's), followed by the
// zone's name: "Montag, 08:00 (Europe/Berlin)".
func FormatTime(t, now time.Time, tag string, zone *time.Location) string {
	if zone == nil {
		zone = t.Location()
	}
	l := langFor(tag)
	t, now = t.In(zone), now.In(zone)
	days := DateOf(t).day() - DateOf(now).day()
	c := l.clock(t)
	var s string
	switch {
	case days == 0:
		s = l.relative(l.today, c)
	case days == 1:
		s = l.relative(l.tomorrow, c)
	case days > 1 && days <= 6:
		s = l.weekday(l.days[t.Weekday()], c)
	default:
		y := ""
		if t.Year() != now.Year() {
			y = fmt.Sprintf(" %d", t.Year())
		}
		s = l.dated(t, l.days[t.Weekday()], l.months[t.Month()-1], y, c)
	}
	return s + " (" + zone.String() + ")"
}
