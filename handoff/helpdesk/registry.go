package helpdesk

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Guarantees are what a connector promises the delivery worker about an
// Open whose outcome is unknown (a timeout, a dropped connection).
type Guarantees struct {
	// IdempotentOpen: the helpdesk itself deduplicates Open by a key
	// derived from the handoff id (Idempotency-Key, Message-ID), so a retry
	// cannot make a second ticket.
	IdempotentOpen bool
	// RemoteLookup: the connector implements Finder, so the worker looks
	// for the ticket an earlier attempt opened before opening again.
	RemoteLookup bool
}

// Inbound describes how a connector's helpdesk calls back (agent replies,
// assignment, closing); package hooks serves them at /hooks/{type}.
type Inbound struct {
	// Secret returns the secret that authenticates the calls and its key
	// relative to the helpdesk section ("zendesk.webhook_secret"); the
	// secret is empty when inbound events are off.
	Secret func(c Config) (secret handoff.Secret, key string)
	// Validate checks the inbound settings of c (defaults included); nil
	// means the secret is one the helpdesk generated, pasted as is.
	Validate func(c *Config) error
	// Source returns the verifier and parser of the calls.
	Source func(p InboundParams) InboundSource
}

// Spec is everything the rest of the program knows about one connector.
// Each connector registers its Spec from its own file; nothing else
// switches on type names.
type Spec struct {
	// Type is the name in helpdesk.type and in /hooks/{type}.
	Type string
	// Section is its YAML key under helpdesk: ("" when it has none).
	Section string
	// NewSection returns a pointer to a new, empty value of the section's
	// type, like func() any { return new(ZendeskConfig) }; required with
	// Section. The loader decodes helpdesk.<Section> into a value of that
	// type with strict key checks, config check prints it, and the
	// connector reads it with Section[T]. No two connectors share a
	// section key or type.
	NewSection func() any
	// Validate fills the defaults of the connector's section of c and
	// checks it (EditSection); required with Section.
	Validate func(c *Config) error
	// New returns the connector for a validated c.
	New func(c Config, opts Options) handoff.Connector
	// Inbound is nil when the helpdesk sends no events back.
	Inbound *Inbound
	// Guarantees are its delivery guarantees.
	Guarantees Guarantees
	// InHelpdesk: the connector implements InHelpdesk, handing off inside
	// the helpdesk's own conversation (MetaConversationID).
	InHelpdesk bool
	// Ratings: the connector implements handoff.Rater, forwarding the
	// satisfaction survey's answers to the helpdesk's own ratings API.
	Ratings bool
	// Example returns a minimal valid configuration, used to check the
	// Spec is complete (New builds it, Name and Finder agree with it).
	Example func() Config

	// sectionType is the type NewSection points to, set by Register.
	sectionType reflect.Type
}

var registry struct {
	mu       sync.Mutex // protects the fields below
	specs    map[string]Spec
	problems []string
}

// Register adds a connector. It is called from init functions; a
// duplicate or incomplete Spec is not a panic but a problem that
// CheckRegistry, and so Config.Validate at start, reports.
func Register(s Spec) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if registry.specs == nil {
		registry.specs = map[string]Spec{}
	}
	var missing []string
	if s.Type == "" || s.Type != strings.ToLower(strings.TrimSpace(s.Type)) {
		missing = append(missing, "a lowercase Type")
	}
	if s.New == nil {
		missing = append(missing, "New")
	}
	if s.Example == nil {
		missing = append(missing, "Example")
	}
	if s.Section != "" && s.Validate == nil {
		missing = append(missing, "Validate for section "+s.Section)
	}
	t, sectionMissing, sectionWrong := sectionType(s)
	if sectionMissing != "" {
		missing = append(missing, sectionMissing)
	}
	s.sectionType = t
	if sectionWrong == "" && t != nil {
		sectionWrong = sectionClash(s)
	}
	if sectionWrong != "" {
		registry.problems = append(registry.problems, fmt.Sprintf("connector %q %s", s.Type, sectionWrong))
		return
	}
	if s.Inbound != nil && s.Inbound.Secret == nil {
		missing = append(missing, "Inbound.Secret")
	}
	if s.Inbound != nil && s.Inbound.Source == nil {
		missing = append(missing, "Inbound.Source")
	}
	if len(missing) > 0 {
		registry.problems = append(registry.problems, fmt.Sprintf("connector %q is missing %s", s.Type, strings.Join(missing, ", ")))
		return
	}
	if _, dup := registry.specs[s.Type]; dup {
		registry.problems = append(registry.problems, fmt.Sprintf("connector %q is registered twice", s.Type))
		return
	}
	registry.specs[s.Type] = s
}

// CheckRegistry reports the connectors registered twice or incompletely.
func CheckRegistry() error {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if len(registry.problems) == 0 {
		return nil
	}
	return errors.New("helpdesk registry: " + strings.Join(registry.problems, "; "))
}

// Lookup returns the Spec registered under typ.
func Lookup(typ string) (Spec, bool) {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	s, ok := registry.specs[typ]
	return s, ok
}

// Specs returns every registered connector, the default (inbox) first,
// then by type name.
func Specs() []Spec {
	registry.mu.Lock()
	defer registry.mu.Unlock()
	out := make([]Spec, 0, len(registry.specs))
	for _, s := range registry.specs {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Spec) int {
		switch {
		case a.Type == TypeInbox:
			return -1
		case b.Type == TypeInbox:
			return 1
		}
		return strings.Compare(a.Type, b.Type)
	})
	return out
}

// Types lists every registered connector type, the default first.
func Types() []string {
	specs := Specs()
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.Type
	}
	return out
}
