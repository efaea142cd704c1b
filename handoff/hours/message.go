package hours

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// defaultMessages are the built-in off-hours replies, by language.
var defaultMessages = map[string]string{
	"en": "We're closed right now. We're back {next_open}. Leave your email and a message and we'll get back to you.",
	"de": "Wir sind gerade nicht erreichbar. Wieder für Sie da: {next_open}. Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, dann melden wir uns bei Ihnen.",
	"fr": "Nous sommes fermés pour le moment. Nous serons de retour {next_open}. Laissez votre adresse e-mail et un message, nous vous répondrons.",
	"fi": "Asiakaspalvelumme on juuri nyt suljettu. Palaamme {next_open}. Jätä sähköpostiosoitteesi ja viesti, niin palaamme asiaan.",
}

// defaultNeverMessages are the built-in replies when the schedule never
// opens again, by language.
var defaultNeverMessages = map[string]string{
	"en": "We're closed and no service hours are planned at the moment. Leave your email and a message and we'll get back to you.",
	"de": "Wir sind derzeit nicht erreichbar, und es sind keine Servicezeiten geplant. Hinterlassen Sie Ihre E-Mail-Adresse und eine Nachricht, dann melden wir uns bei Ihnen.",
	"fr": "Nous sommes fermés et aucun horaire de service n'est prévu pour le moment. Laissez votre adresse e-mail et un message, nous vous répondrons.",
	"fi": "Asiakaspalvelumme on suljettu, eikä aukioloaikoja ole tällä hetkellä suunniteltu. Jätä sähköpostiosoitteesi ja viesti, niin palaamme asiaan.",
}

// The placeholders a template may use.
const (
	// PlaceholderNextOpen is the next opening in the user's language and
	// zone: "Monday at 08:00 (Europe/Berlin)".
	PlaceholderNextOpen = "{next_open}"
	// PlaceholderNextOpenTime is its time of day: "08:00".
	PlaceholderNextOpenTime = "{next_open_time}"
	// PlaceholderNextOpenDate is its date, YYYY-MM-DD.
	PlaceholderNextOpenDate = "{next_open_date}"
	// PlaceholderTimezone is the zone the times are shown in.
	PlaceholderTimezone = "{timezone}"
)

// placeholders lists the placeholders of off-hours messages.
var placeholders = []string{PlaceholderNextOpen, PlaceholderNextOpenTime, PlaceholderNextOpenDate, PlaceholderTimezone}

// Templates are written, checked and rendered as the session's messages
// are (handoff.Messages): {lower_case} placeholders (handoff.Placeholders,
// handoff.RenderTemplate) and language tags picked by handoff.PickTemplate.

// messages validates configured templates and returns them laid over the
// parent's (or the built-in ones for the default schedule).
func (b *builder) messages(cfg map[string]string, path string, parent *Schedule, regular bool) map[string]string {
	var out map[string]string
	switch {
	case parent != nil && regular:
		out = maps.Clone(parent.messages)
	case parent != nil:
		out = maps.Clone(parent.neverMessages)
	case regular:
		out = maps.Clone(defaultMessages)
	default:
		out = maps.Clone(defaultNeverMessages)
	}
	allowed := placeholders
	if !regular {
		allowed = []string{PlaceholderTimezone}
	}
	for _, key := range slices.Sorted(maps.Keys(cfg)) {
		text, lang := cfg[key], handoff.NormalizeLanguage(key)
		if !handoff.ValidLanguage(lang) {
			b.ps.add(path+"."+key, "", "%q is not a language code; use an ISO 639-1 code such as en, de, fr or fi", key)
			continue
		}
		if strings.TrimSpace(text) == "" {
			b.ps.add(path+"."+key, "", "the message is empty; write the reply, or remove the line to use the built-in one")
			continue
		}
		for _, name := range handoff.Placeholders(text) {
			ph := "{" + name + "}"
			switch {
			case slices.Contains(allowed, ph):
			case !regular && slices.Contains(placeholders, ph):
				b.ps.add(path+"."+key, "", "%s has no value when the service never opens again; use only %s", ph, PlaceholderTimezone)
			default:
				b.ps.add(path+"."+key, "", "unknown placeholder %s; use %s", ph, strings.Join(allowed, ", "))
			}
		}
		out[lang] = text
	}
	return out
}

// Message renders the off-hours reply for language lang: next is the next
// opening (zero when the service never opens again), at the instant asked
// about, and zone the user's zone for display (nil means the schedule's).
func (s *Schedule) Message(at, next time.Time, lang string, zone *time.Location) string {
	if zone == nil {
		zone = s.zone.loc
	}
	if next.IsZero() {
		return handoff.RenderTemplate(handoff.PickTemplate(s.neverMessages, lang), map[string]string{"timezone": zone.String()})
	}
	local := next.In(zone)
	return handoff.RenderTemplate(handoff.PickTemplate(s.messages, lang), map[string]string{
		"next_open":      FormatTime(next, at, lang, zone),
		"next_open_time": clockIn(local, lang),
		"next_open_date": local.Format(time.DateOnly),
		"timezone":       zone.String(),
	})
}
