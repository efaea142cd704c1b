package handoff

import "strings"

// Priority orders handoffs in the queue and maps onto a helpdesk's own
// priority field where it has one.
type Priority string

// The priorities a trigger or a handoff may carry, lowest first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Rank orders priorities: low 0, normal (and unset) 1, high 2, urgent 3.
func (p Priority) Rank() int {
	switch p {
	case PriorityLow:
		return 0
	case PriorityHigh:
		return 2
	case PriorityUrgent:
		return 3
	}
	return 1
}

// Valid reports whether p is empty or one of the known priorities.
func (p Priority) Valid() bool {
	switch p {
	case "", PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent:
		return true
	}
	return false
}

// Route says where in the helpdesk a handoff should land. Each connector maps
// these fields onto its own groups, teams, inboxes and tags.
type Route struct {
	Team       string `json:"team,omitempty" yaml:"team,omitempty"`
	Department string `json:"department,omitempty" yaml:"department,omitempty"`
	Language   string `json:"language,omitempty" yaml:"language,omitempty"`
}

// IsZero reports whether no routing field is set.
func (r Route) IsZero() bool { return r == Route{} }

// Trigger is one admin-written reason to hand a conversation to a human.
//
// A trigger fires when the classifier judges that its Description (helped by
// its Examples and NegativeExamples) applies to the conversation, or when one
// of its rules fires without any model: a keyword from Keywords appears in a
// user turn, or the assistant has failed to answer FailedAnswers times.
type Trigger struct {
	// ID names the trigger in decisions, reports and helpdesk tickets.
	ID string `json:"id" yaml:"id"`
	// Description says in plain language, in any language, when to hand off.
	Description string `json:"description,omitempty" yaml:"description,omitempty"`
	// Kind optionally names the built-in knowledge that applies
	// (human_request, frustration, bot_failure, sensitive); empty lets the
	// classifier infer it from the description.
	Kind string `json:"kind,omitempty" yaml:"kind,omitempty"`
	// Examples are user messages that should fire the trigger.
	Examples []string `json:"examples,omitempty" yaml:"examples,omitempty"`
	// NegativeExamples are user messages that look similar but should not.
	NegativeExamples []string `json:"negative_examples,omitempty" yaml:"negative_examples,omitempty"`
	// Keywords fire the trigger when any appears in a user turn, matched
	// case- and accent-insensitively on word boundaries.
	Keywords []string `json:"keywords,omitempty" yaml:"keywords,omitempty"`
	// FailedAnswers fires the trigger once the assistant has failed to answer
	// this many times in the conversation; 0 disables the rule.
	FailedAnswers int `json:"failed_answers,omitempty" yaml:"failed_answers,omitempty"`
	// Priority of handoffs this trigger starts; empty means normal.
	Priority Priority `json:"priority,omitempty" yaml:"priority,omitempty"`
	// Route of handoffs this trigger starts.
	Route Route `json:"route,omitempty" yaml:"route,omitempty"`
	// Enabled switches the trigger off when false; nil means enabled.
	Enabled *bool `json:"enabled,omitempty" yaml:"enabled,omitempty"`
}

// IsEnabled reports whether the trigger takes part in decisions.
func (t Trigger) IsEnabled() bool { return t.Enabled == nil || *t.Enabled }

// EnabledTriggers returns the enabled triggers of ts, in order.
func EnabledTriggers(ts []Trigger) []Trigger {
	out := make([]Trigger, 0, len(ts))
	for _, t := range ts {
		if t.IsEnabled() {
			out = append(out, t)
		}
	}
	return out
}

// FindTrigger returns the trigger of ts with the given id.
func FindTrigger(ts []Trigger, id string) (Trigger, bool) {
	for _, t := range ts {
		if strings.EqualFold(t.ID, id) {
			return t, true
		}
	}
	return Trigger{}, false
}
