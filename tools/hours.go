package tools

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// HoursInput is the input of check_service_hours.
type HoursInput struct {
	At       string `json:"at,omitempty" jsonschema_description:"The instant to ask about, RFC 3339 (2026-12-24T15:00:00+01:00). Leave it out for now."`
	Timezone string `json:"timezone,omitempty" jsonschema_description:"The user's IANA timezone (Europe/Berlin), to phrase the next opening time in the user's local time."`
	Language string `json:"language,omitempty" jsonschema_description:"The user's language as an ISO 639-1 code; the message is written in it."`
	Team     string `json:"team,omitempty" jsonschema_description:"A team or department with its own hours, if the configuration names one."`
}

// WindowOutput is one opening window.
type WindowOutput struct {
	Start string `json:"start" jsonschema_description:"Opening time, RFC 3339 in the schedule's timezone."`
	End   string `json:"end" jsonschema_description:"Closing time, RFC 3339 in the schedule's timezone."`
}

// HoursOutput is the result of check_service_hours.
type HoursOutput struct {
	Open       bool           `json:"open" jsonschema_description:"True when the team is available at the instant asked about."`
	AlwaysOpen bool           `json:"always_open" jsonschema_description:"True when no service hours are configured."`
	Now        string         `json:"now" jsonschema_description:"The instant asked about, RFC 3339 in the schedule's timezone."`
	Timezone   string         `json:"timezone" jsonschema_description:"The schedule's IANA timezone."`
	Today      []WindowOutput `json:"today" jsonschema_description:"Today's opening windows (overlapping rules merged), in the schedule's timezone."`
	NextOpen   string         `json:"next_open,omitempty" jsonschema_description:"When it opens next, RFC 3339, if closed now."`
	NextClose  string         `json:"next_close,omitempty" jsonschema_description:"When it closes next, RFC 3339, if open now."`
	Never      bool           `json:"never,omitempty" jsonschema_description:"True when the schedule never opens again."`
	Message    string         `json:"message,omitempty" jsonschema_description:"The off-hours message for the user, when closed."`
	Helpdesk   HelpdeskOutput `json:"helpdesk" jsonschema_description:"Whether the helpdesk handoffs go to is reachable. A handoff while it is unavailable is still accepted and queued."`
}

// HelpdeskOutput is the helpdesk's service status.
type HelpdeskOutput struct {
	Status    string `json:"status" jsonschema:"enum=not_configured,enum=available,enum=unavailable,enum=unknown" jsonschema_description:"not_configured: the built-in inbox is used. available: the helpdesk accepted the credentials at the last check. unavailable: it did not; handoffs are queued and retried. unknown: not checked yet, or the last check (checked_at) is too old to trust: the server checking it stopped; handoffs are still accepted and queued."`
	Connector string `json:"connector" jsonschema_description:"The configured helpdesk (inbox, webhook, email, zendesk, ...)."`
	CheckedAt string `json:"checked_at,omitempty" jsonschema_description:"When it was last checked, RFC 3339."`
}

const hoursDescription = `Tell whether the human support team is available now (or at a given time), today's opening windows,
and when it opens or closes next. Use it to answer questions about opening hours or before promising the user a person.
When closed, pass the user the message and offer collect_contact to leave their email and a message.`

// CheckServiceHours is the check_service_hours tool.
func CheckServiceHours(svc *handoff.Service) server.ServerTool {
	tool := mcp.NewTool("check_service_hours",
		mcp.WithDescription(hoursDescription),
		inputSchema[HoursInput](),
		outputSchema[HoursOutput](),
		annotations("Check service hours", true, false, true, false),
	)
	return server.ServerTool{Tool: tool, Handler: typed(func(ctx context.Context, req mcp.CallToolRequest, in HoursInput) (*mcp.CallToolResult, error) {
		q := handoff.HoursQuery{Language: in.Language, Schedule: in.Team}
		if in.At != "" {
			at, err := time.Parse(time.RFC3339, in.At)
			if err != nil && len(in.At) > 64 {
				return mcp.NewToolResultError(fmt.Sprintf("Invalid input: at: is %d bytes long; write an RFC 3339 time like 2026-12-24T15:00:00+01:00", len(in.At))), nil
			}
			if err != nil {
				return invalidInput(fmt.Sprintf("at: %q is not an RFC 3339 time; write it like 2026-12-24T15:00:00+01:00", in.At)), nil
			}
			q.At = at
		}
		if in.Timezone != "" {
			loc, err := handoff.LoadZone(in.Timezone)
			if err != nil {
				return toolError(err)
			}
			q.UserZone = loc
		}
		st, err := svc.Hours(q)
		if err != nil {
			return toolError(err)
		}
		out := hoursOutput(st)
		out.Helpdesk = helpdeskOutput(svc.HelpdeskStatus())
		return mcp.NewToolResultStructured(out, hoursText(out)), nil
	})}
}

func hoursOutput(st handoff.HoursStatus) HoursOutput {
	out := HoursOutput{
		Open: st.Open, AlwaysOpen: st.AlwaysOpen, Never: st.Never,
		Now: st.Now.Format(time.RFC3339), Timezone: st.Timezone,
		Today: []WindowOutput{}, Message: st.Message,
	}
	for _, w := range st.Today {
		out.Today = append(out.Today, WindowOutput{Start: w.Start.Format(time.RFC3339), End: w.End.Format(time.RFC3339)})
	}
	if !st.NextOpen.IsZero() {
		out.NextOpen = st.NextOpen.Format(time.RFC3339)
	}
	if !st.NextClose.IsZero() {
		out.NextClose = st.NextClose.Format(time.RFC3339)
	}
	return out
}

func helpdeskOutput(st handoff.HelpdeskStatus) HelpdeskOutput {
	out := HelpdeskOutput{Status: string(st.Status), Connector: st.Connector}
	if !st.CheckedAt.IsZero() {
		out.CheckedAt = st.CheckedAt.UTC().Format(time.RFC3339)
	}
	return out
}

// hoursText is the result's text, built in one buffer (the call a bot
// makes most: no formatting machinery).
func hoursText(o HoursOutput) string {
	b := make([]byte, 0, 256+len(o.Message))
	switch {
	case o.AlwaysOpen:
		b = append(b, "Open: no service hours are configured, so the team counts as always available."...)
	case o.Open:
		b = append(append(append(append(append(b, "Open now ("...), o.Now...), ", "...), o.Timezone...), ")."...)
	default:
		b = append(append(append(append(append(b, "Closed now ("...), o.Now...), ", "...), o.Timezone...), ")."...)
	}
	if len(o.Today) > 0 {
		b = append(b, "\nToday: "...)
		for i, w := range o.Today {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = appendEndHHMM(append(appendHHMM(b, w.Start), '-'), w.Start, w.End)
		}
		b = append(b, '.')
	} else if !o.AlwaysOpen {
		b = append(b, "\nToday: closed all day."...)
	}
	if o.NextOpen != "" {
		b = append(append(append(b, "\nOpens next: "...), o.NextOpen...), '.')
	}
	if o.NextClose != "" {
		b = append(append(append(b, "\nCloses next: "...), o.NextClose...), '.')
	}
	if o.Never {
		b = append(b, "\nThe schedule never opens again."...)
	}
	switch handoff.HelpdeskServiceStatus(o.Helpdesk.Status) {
	case handoff.HelpdeskAvailable:
		b = append(append(append(b, "\nHelpdesk ("...), o.Helpdesk.Connector...), "): available."...)
	case handoff.HelpdeskUnavailable:
		b = append(append(append(b, "\nHelpdesk ("...), o.Helpdesk.Connector...), "): unavailable at the last check; handoffs are still accepted and queued."...)
	case handoff.HelpdeskUnknown:
		if o.Helpdesk.CheckedAt != "" {
			b = append(append(append(b, "\nHelpdesk ("...), o.Helpdesk.Connector...), "): status unknown: last checked at "...)
			b = append(append(b, o.Helpdesk.CheckedAt...), ", too long ago to trust; handoffs are still accepted and queued."...)
		}
	}
	if o.Message != "" {
		b = strconv.AppendQuote(append(b, "\nTell the user: "...), o.Message)
		b = append(b, "\nNext step: offer collect_contact so the user can leave an email and a message."...)
	}
	return string(b)
}

// appendHHMM appends the HH:MM of an RFC 3339 time (the text itself when it
// is not one).
func appendHHMM(b []byte, rfc string) []byte {
	t, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		return append(b, rfc...)
	}
	return t.AppendFormat(b, "15:04")
}

// appendEndHHMM appends a window's end as HH:MM, 24:00 when it ends at the
// midnight after its start's day (a whole day reads 00:00-24:00, not
// 00:00-00:00).
func appendEndHHMM(b []byte, startRFC, endRFC string) []byte {
	e, err := time.Parse(time.RFC3339, endRFC)
	if err != nil {
		return append(b, endRFC...)
	}
	if s, err := time.Parse(time.RFC3339, startRFC); err == nil && e.Hour() == 0 && e.Minute() == 0 && e.After(s) && !sameDay(e, s) {
		return append(b, "24:00"...)
	}
	return e.AppendFormat(b, "15:04")
}

// sameDay reports whether a and b fall on the same date, each in its own
// zone.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}
