package config

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// triggerID is the form of a trigger's id, at most 64 bytes long (checked
// apart: a bounded repetition compiles into one copy per repeat, and this
// expression is compiled at every start).
var triggerID = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]*$`)

// maxTriggerID is the longest trigger id, in bytes.
const maxTriggerID = 64

// validate checks the whole configuration and returns every problem, each
// prefixed with the key it is about and saying what to fix.
func (c *Config) validate() error {
	var errs []string
	add := func(prefix string, err error) {
		if err == nil {
			return
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			errs = append(errs, prefix+line)
		}
	}

	errs = append(errs, validateTriggers(c.Triggers)...)
	add("classifier.", c.Classifier.Validate())
	if _, warnings, err := c.buildSchedule(); err != nil {
		add("service_hours.", err)
	} else {
		for _, w := range warnings {
			c.Warnings = append(c.Warnings, "service_hours: "+w)
		}
	}
	add("helpdesk.", c.Helpdesk.Validate())
	add("delivery.", c.Delivery.Validate())
	if t := c.Helpdesk.Timeout; t > 0 && c.Delivery.Lease < 2*t {
		errs = append(errs, fmt.Sprintf("delivery.lease: %s is shorter than twice helpdesk.timeout (%s); an attempt must end well within its lease, so raise lease to at least %s or lower helpdesk.timeout",
			c.Delivery.Lease, t, 2*t))
	}
	add("updates.", c.Updates.Validate())
	add("store.", c.Store.Validate())
	if c.Server.DB != "" {
		if _, err := store.ParseBackend(c.Server.DB); err != nil {
			errs = append(errs, "server.db: "+err.Error())
		}
		if c.Store.DB != "" && c.Store.DB != c.Server.DB {
			errs = append(errs, "server.db and store.db name different databases; keep store.db (server.db is its older spelling)")
		}
	}
	add("desk.", c.Desk.Validate())
	add("limits.", c.Limits.Validate())
	add("messages.", c.Messages.Validate())
	add("privacy.", c.Privacy.Validate())
	add("summary.", c.Summary.Validate())

	if c.Transcript.Turns < 0 {
		errs = append(errs, fmt.Sprintf("transcript.turns: is %d; use a positive number of turns (default 10)", c.Transcript.Turns))
	}
	add("timeouts.", c.Timeouts.Validate())
	add("queue.", c.Queue.Validate())
	if c.Queue.MaxLength > 0 && !c.AgentEvents() {
		c.Warnings = append(c.Warnings, fmt.Sprintf("queue.max_length: ignored: helpdesk %s sends no agent events back (set its inbound secret, see docs/inbound.md), so handoffs would never leave the queue", c.Helpdesk.Type))
	}
	if r := c.Contact.DefaultRegion; r != "" && !regexp.MustCompile(`^[A-Za-z]{2}$`).MatchString(r) {
		errs = append(errs, fmt.Sprintf("contact.default_region: %q is not a two-letter country code; use one like DE, FI or US", r))
	}
	if _, err := zerolog.ParseLevel(c.Server.LogLevel); err != nil || c.Server.LogLevel == "" {
		errs = append(errs, fmt.Sprintf("server.log_level: %q is not a level; use debug, info, warn or error", c.Server.LogLevel))
	}
	if a := c.Server.HTTP; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			errs = append(errs, fmt.Sprintf("server.http: %q is not host:port; write it like 127.0.0.1:8080", a))
		}
	}
	if c.Server.MaxRequestBytes < 0 {
		errs = append(errs, "server.max_request_bytes: must be positive")
	}
	for _, d := range []struct {
		key string
		v   time.Duration
	}{
		{"read_header_timeout", c.Server.ReadHeaderTimeout}, {"read_timeout", c.Server.ReadTimeout},
		{"idle_timeout", c.Server.IdleTimeout}, {"session_idle", c.Server.SessionIdle},
	} {
		if d.v < time.Second {
			errs = append(errs, fmt.Sprintf("server.%s: %s is too short; use at least 1s, or leave it out for the default", d.key, d.v))
		}
	}
	if r := c.Server.Replica; r != "" && !replicaName().MatchString(r) {
		errs = append(errs, fmt.Sprintf("server.replica: %q is not a replica name; use 1 to 32 lower-case letters and digits, like r1", r))
	}
	if c.Server.MaxSessions < 0 {
		errs = append(errs, fmt.Sprintf("server.max_sessions: is %d; use a positive number, or leave it out for the default 1000", c.Server.MaxSessions))
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// replicaName is what server.replica may be: MCP session ids carry it, and
// a load balancer matches it there.
var replicaName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]{1,32}$`) })

// SetReplica sets server.replica (from a flag or the environment), checked
// as the file's key is.
func (c *Config) SetReplica(name string) error {
	if !replicaName().MatchString(name) {
		return fmt.Errorf("replica name %q: use 1 to 32 lower-case letters and digits, like r1", name)
	}
	c.Server.Replica = name
	return nil
}

// validateTriggers checks ids, uniqueness and that each trigger can fire.
func validateTriggers(ts []handoff.Trigger) []string {
	var errs []string
	if len(ts) == 0 {
		return []string{"triggers: the list is empty, so nothing would ever be handed off; add a trigger, or remove the key to use the defaults"}
	}
	seen := map[string]int{}
	enabled := 0
	for i, t := range ts {
		p := fmt.Sprintf("triggers[%d]", i)
		if t.ID != "" {
			p = fmt.Sprintf("triggers[%d] (%s)", i, t.ID)
		}
		switch {
		case t.ID == "":
			errs = append(errs, p+".id: is missing; give each trigger a short id like explicit_request")
		case len(t.ID) > maxTriggerID || !triggerID.MatchString(t.ID):
			errs = append(errs, fmt.Sprintf("%s.id: %q must be lower-case letters, digits, _ . or -, at most 64", p, t.ID))
		case t.ID == handoff.JudgeForced || t.ID == handoff.JudgeCallingModel:
			errs = append(errs, fmt.Sprintf("%s.id: %q is reserved (it names who decided a handoff); choose another id", p, t.ID))
		}
		if j, dup := seen[t.ID]; dup && t.ID != "" {
			errs = append(errs, fmt.Sprintf("%s.id: %q is already used by triggers[%d]; ids must be unique", p, t.ID, j))
		}
		seen[t.ID] = i
		if strings.TrimSpace(t.Description) == "" && len(t.Keywords) == 0 && t.FailedAnswers == 0 && len(t.Examples) == 0 {
			errs = append(errs, p+": has no description, examples, keywords or failed_answers, so it can never fire; describe when to hand off")
		}
		if t.FailedAnswers < 0 {
			errs = append(errs, fmt.Sprintf("%s.failed_answers: is %d; use a positive count, or 0 to disable", p, t.FailedAnswers))
		}
		if !t.Priority.Valid() {
			errs = append(errs, fmt.Sprintf("%s.priority: %q is not a priority; use low, normal, high or urgent", p, t.Priority))
		}
		for k, kw := range t.Keywords {
			if strings.TrimSpace(kw) == "" {
				errs = append(errs, fmt.Sprintf("%s.keywords[%d]: is empty", p, k))
			}
		}
		if t.IsEnabled() {
			enabled++
		}
	}
	if enabled == 0 && len(errs) == 0 {
		errs = append(errs, "triggers: every trigger is disabled, so nothing would ever be handed off; enable at least one")
	}
	return errs
}
