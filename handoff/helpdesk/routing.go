package helpdesk

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Target is where a handoff lands in one helpdesk. Each connector uses the
// fields its helpdesk has and rejects the others at validation:
//
//	group_id     Zendesk group, Freshdesk group, LiveChat group
//	team_id      Chatwoot team, Libredesk team, Intercom team (assignee)
//	inbox_id     Chatwoot inbox, Libredesk inbox
//	assignee_id  Zendesk assignee, Freshdesk responder, Chatwoot agent,
//	             Intercom admin, Libredesk agent
//	tags         Zendesk tags, Freshdesk tags, Chatwoot labels, Libredesk
//	             tags, LiveChat thread tags, Intercom tag ids
//	to           email recipients
type Target struct {
	GroupID    int64    `yaml:"group_id,omitempty" json:"group_id,omitempty"`
	TeamID     int64    `yaml:"team_id,omitempty" json:"team_id,omitempty"`
	InboxID    int64    `yaml:"inbox_id,omitempty" json:"inbox_id,omitempty"`
	AssigneeID int64    `yaml:"assignee_id,omitempty" json:"assignee_id,omitempty"`
	Tags       []string `yaml:"tags,omitempty" json:"tags,omitempty"`
	To         []string `yaml:"to,omitempty" json:"to,omitempty"`
}

// fields names the fields of t that are set, in yaml spelling.
func (t Target) fields() []string {
	var f []string
	if t.GroupID != 0 {
		f = append(f, "group_id")
	}
	if t.TeamID != 0 {
		f = append(f, "team_id")
	}
	if t.InboxID != 0 {
		f = append(f, "inbox_id")
	}
	if t.AssigneeID != 0 {
		f = append(f, "assignee_id")
	}
	if len(t.Tags) > 0 {
		f = append(f, "tags")
	}
	if len(t.To) > 0 {
		f = append(f, "to")
	}
	return f
}

// over returns t with the set fields of o laid over it; tags accumulate.
func (t Target) over(o Target) Target {
	if o.GroupID != 0 {
		t.GroupID = o.GroupID
	}
	if o.TeamID != 0 {
		t.TeamID = o.TeamID
	}
	if o.InboxID != 0 {
		t.InboxID = o.InboxID
	}
	if o.AssigneeID != 0 {
		t.AssigneeID = o.AssigneeID
	}
	if len(o.To) > 0 {
		t.To = slices.Clone(o.To)
	}
	t.Tags = appendUnique(slices.Clone(t.Tags), o.Tags...)
	return t
}

// Routing maps a handoff's Route and Priority onto one helpdesk's own
// fields. It is embedded in every connector's configuration:
//
//	default_route: {group_id: 1}
//	routes:
//	  team:       {billing: {group_id: 123, tags: [billing]}}
//	  department: {sales: {group_id: 456}}
//	  language:   {de: {group_id: 789}}
//	priorities: {high: urgent}
//	tags: [bot-handoff]
//
// The target is default_route, overlaid by the matching language route,
// then the department route, then the team route (the most specific wins;
// tags accumulate). Priorities map our priorities (low, normal, high,
// urgent) onto the helpdesk's values; unmapped ones use the connector's
// built-in mapping. Tags are added to every handoff, together with the ids of
// the triggers that fired where the helpdesk has free-form tags.
type Routing struct {
	DefaultRoute Target                       `yaml:"default_route,omitempty"`
	Routes       map[string]map[string]Target `yaml:"routes,omitempty"`
	Priorities   map[string]string            `yaml:"priorities,omitempty"`
	Tags         []string                     `yaml:"tags,omitempty"`
}

// routeKeys are the Route fields a routes table may be keyed by, in the order
// they are applied.
var routeKeys = []string{"language", "department", "team"}

// validate checks that r only uses the target fields in allowed and the
// priority names and values the connector knows. Paths are relative to the
// connector's section (prefix, e.g. "zendesk").
func (r Routing) validate(prefix string, allowed []string, priorityValues []string) error {
	check := func(path string, t Target) error {
		for _, f := range t.fields() {
			if !slices.Contains(allowed, f) {
				return fmt.Errorf("%s.%s: %s has no such field; use one of %s", path, f, prefix, strings.Join(allowed, ", "))
			}
		}
		return nil
	}
	if err := check(prefix+".default_route", r.DefaultRoute); err != nil {
		return err
	}
	for _, key := range slices.Sorted(maps.Keys(r.Routes)) {
		if !slices.Contains(routeKeys, key) {
			return fmt.Errorf("%s.routes.%s: unknown route key; use team, department or language", prefix, key)
		}
		for _, val := range slices.Sorted(maps.Keys(r.Routes[key])) {
			if err := check(fmt.Sprintf("%s.routes.%s.%s", prefix, key, val), r.Routes[key][val]); err != nil {
				return err
			}
		}
	}
	for _, p := range slices.Sorted(maps.Keys(r.Priorities)) {
		if !handoff.Priority(p).Valid() || p == "" {
			return fmt.Errorf("%s.priorities.%s: unknown priority; use low, normal, high or urgent", prefix, p)
		}
		if v := r.Priorities[p]; len(priorityValues) > 0 && !slices.Contains(priorityValues, v) {
			return fmt.Errorf("%s.priorities.%s: %q is not a %s priority; use one of %s", prefix, p, v, prefix, strings.Join(priorityValues, ", "))
		}
	}
	return nil
}

// target resolves the target of h.
func (r Routing) target(h handoff.Handoff) Target {
	t := r.DefaultRoute.over(Target{})
	vals := map[string]string{"language": h.Route.Language, "department": h.Route.Department, "team": h.Route.Team}
	if h.Route.Language == "" {
		vals["language"] = h.Language
	}
	for _, key := range routeKeys {
		v := vals[key]
		if v == "" {
			continue
		}
		for name, o := range r.Routes[key] {
			if strings.EqualFold(name, v) {
				t = t.over(o)
			}
		}
	}
	return t
}

// priority maps h's priority through the configured table, then through
// builtin; an unset priority counts as normal.
func (r Routing) priority(p handoff.Priority, builtin map[handoff.Priority]string) string {
	if p == "" {
		p = handoff.PriorityNormal
	}
	if v, ok := r.Priorities[string(p)]; ok {
		return v
	}
	return builtin[p]
}

// tags returns the configured tags, the target's tags and, when withTriggers,
// the trigger ids of h, sanitized for helpdesks whose tags are single words.
func (r Routing) tags(h handoff.Handoff, t Target, withTriggers bool) []string {
	out := appendUnique(nil, r.Tags...)
	out = appendUnique(out, t.Tags...)
	if withTriggers {
		for _, id := range h.Triggers {
			out = appendUnique(out, sanitizeTag(id))
		}
	}
	return out
}

// sanitizeTag lowercases s and replaces everything but letters, digits, '-'
// and '_' with '_', as Zendesk and Freshdesk tags expect.
func sanitizeTag(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

func appendUnique(dst []string, vals ...string) []string {
	for _, v := range vals {
		if v != "" && !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}
