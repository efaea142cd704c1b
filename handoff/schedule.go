package handoff

import "time"

// Window is one interval during which the service is open, [Start, End).
type Window struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// HoursQuery asks a Schedule about one instant.
type HoursQuery struct {
	// At is the instant asked about.
	At time.Time
	// UserZone, when set, is the user's timezone: next opening times in the
	// message are formatted in it.
	UserZone *time.Location
	// Language of the message (ISO 639-1); empty means the default.
	Language string
	// Schedule names a per-team or per-department schedule; empty means the
	// default schedule. An unknown name falls back to the default.
	Schedule string
}

// HoursStatus answers a HoursQuery.
type HoursStatus struct {
	// Open is true when the service is open at the instant asked about.
	Open bool
	// Now is the instant asked about, in the schedule's zone.
	Now time.Time
	// Timezone is the schedule's IANA zone name.
	Timezone string
	// Today are the merged effective windows of Now's calendar date.
	Today []Window
	// NextOpen is the next opening after Now when closed, zero when the
	// service is open or never opens again.
	NextOpen time.Time
	// NextClose is the next closing after Now when open, zero when closed
	// or when the service never closes.
	NextClose time.Time
	// Never is true when the schedule never opens again.
	Never bool
	// AlwaysOpen is true when no hours are configured.
	AlwaysOpen bool
	// Message is the off-hours reply for the user, empty when open.
	Message string
}

// Schedule answers whether the service is open. Implementations are safe for
// concurrent use.
type Schedule interface {
	Status(q HoursQuery) (HoursStatus, error)
}
