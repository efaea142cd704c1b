package helpdesk

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestRoutingTarget(t *testing.T) {
	r := Routing{
		DefaultRoute: Target{GroupID: 1, Tags: []string{"bot"}},
		Routes: map[string]map[string]Target{
			"language":   {"de": {GroupID: 10, Tags: []string{"german"}}},
			"department": {"sales": {GroupID: 20, AssigneeID: 7}},
			"team":       {"billing": {GroupID: 30, Tags: []string{"billing"}}},
		},
		Tags: []string{"handoff"},
	}
	tests := []struct {
		name  string
		route handoff.Route
		lang  string
		want  Target
	}{
		{"default", handoff.Route{}, "", Target{GroupID: 1, Tags: []string{"bot"}}},
		{"language from route", handoff.Route{Language: "de"}, "", Target{GroupID: 10, Tags: []string{"bot", "german"}}},
		{"language from the user", handoff.Route{}, "de", Target{GroupID: 10, Tags: []string{"bot", "german"}}},
		{"team beats department beats language", handoff.Route{Team: "Billing", Department: "sales", Language: "de"}, "", Target{GroupID: 30, AssigneeID: 7, Tags: []string{"bot", "german", "billing"}}},
		{"unknown team", handoff.Route{Team: "ops"}, "", Target{GroupID: 1, Tags: []string{"bot"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := handoff.Handoff{Route: tt.route, Language: tt.lang}
			assert.Equal(t, tt.want, r.target(h))
		})
	}
	h := handoff.Handoff{Route: handoff.Route{Team: "billing"}, Triggers: []string{"Sensitive Topic", "frustration"}}
	assert.Equal(t, []string{"handoff", "bot", "billing", "sensitive_topic", "frustration"}, r.tags(h, r.target(h), true))
	assert.Equal(t, []string{"handoff", "bot", "billing"}, r.tags(h, r.target(h), false))
	assert.Equal(t, []string{"bot"}, r.DefaultRoute.Tags, "resolving must not modify the configuration")
}

func TestRoutingPriority(t *testing.T) {
	r := Routing{Priorities: map[string]string{"high": "urgent"}}
	tests := []struct {
		p    handoff.Priority
		want string
	}{
		{"", "normal"}, {handoff.PriorityLow, "low"}, {handoff.PriorityHigh, "urgent"}, {handoff.PriorityUrgent, "urgent"},
	}
	for _, tt := range tests {
		t.Run(string(tt.p), func(t *testing.T) {
			assert.Equal(t, tt.want, r.priority(tt.p, zendeskPriorities))
		})
	}
	assert.Equal(t, "medium", Routing{}.priority(handoff.PriorityNormal, freshdeskPriorities))
}
