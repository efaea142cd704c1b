// Package config loads handoff-mcp's configuration: one YAML file with
// ${ENV} expansion for secrets, strict decoding (an unknown key is an error
// naming the key and its line), defaults, and validation in one place with
// messages that say what to fix. With no file, Default gives a working
// configuration: the embedded classifier, the built-in inbox, always open.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/desk"

	"go.yaml.in/yaml/v3"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/delivery"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
	"github.com/handoff-mcp/handoff-mcp/handoff/hours"
	"github.com/handoff-mcp/handoff-mcp/handoff/privacy"
	"github.com/handoff-mcp/handoff-mcp/handoff/summary"
	"github.com/handoff-mcp/handoff-mcp/handoff/watch"
	"github.com/handoff-mcp/handoff-mcp/llm/classify"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// EnvVar names the environment variable that points at the config file.
const EnvVar = "HANDOFF_MCP_CONFIG"

// Config is the whole configuration file. Every section is optional.
type Config struct {
	// Triggers are the reasons to hand off; absent means the default set.
	Triggers []handoff.Trigger `yaml:"triggers"`
	// Classifier chooses and tunes the classifier that judges triggers.
	Classifier classify.Config `yaml:"classifier"`
	// ServiceHours says when humans are available; absent means always.
	ServiceHours hours.Config `yaml:"service_hours"`
	// Contact rules.
	Contact Contact `yaml:"contact"`
	// Transcript says how much of the conversation goes to the helpdesk.
	Transcript Transcript `yaml:"transcript"`
	// Helpdesk is where handoffs are forwarded; absent means the built-in inbox.
	Helpdesk helpdesk.Config `yaml:"helpdesk"`
	// Delivery tunes the outbox worker: retries, backoff, leases, status
	// checks.
	Delivery delivery.Config `yaml:"delivery"`
	// Updates tunes how clients follow a handoff: the change feed behind
	// resource subscriptions, and calls that wait for an agent.
	Updates watch.Config `yaml:"updates"`
	// Timeouts of the live session.
	Timeouts handoff.Timeouts `yaml:"timeouts"`
	// Queue of handoffs waiting for an agent: maximum length, VIP
	// priority, expected wait.
	Queue handoff.Queue `yaml:"queue"`
	// Limits bound client input.
	Limits handoff.Limits `yaml:"limits"`
	// Messages override the sentences users see, per key and language.
	Messages handoff.Messages `yaml:"messages"`
	// Survey is the satisfaction survey asked when a session ends.
	Survey Survey `yaml:"survey"`
	// Privacy masks personal data in what leaves the server.
	Privacy privacy.Config `yaml:"privacy"`
	// Summary says who writes what the agent reads first.
	Summary summary.Config `yaml:"summary"`
	// Store tunes the SQLite database: how commits wait for the disk.
	Store store.Config `yaml:"store"`
	// Server settings.
	Server Server `yaml:"server"`
	// Desk is the built-in agent desk at /desk/ (serve --http): templates,
	// login sessions, SMTP for answering offline messages.
	Desk desk.Config `yaml:"desk"`

	// Path is the file the configuration came from ("" for defaults).
	Path string `yaml:"-"`
	// Warnings are problems that do not stop the server.
	Warnings []string `yaml:"-"`
}

// Survey configures the satisfaction survey; its question and thanks are
// the messages survey_question and survey_thanks.
type Survey struct {
	// Enabled asks the survey question when a session ends (closed by the
	// agent, ended by the user, timed out). Default true.
	Enabled *bool `yaml:"enabled"`
}

// Contact holds the contact rules.
type Contact struct {
	// RequireEmail: forward a handoff only once the user's email is known.
	// Default true.
	RequireEmail *bool `yaml:"require_email"`
	// DefaultRegion is the ISO 3166 country for phone numbers written
	// without a country code (DE, FI, US); empty requires a country code.
	DefaultRegion string `yaml:"default_region,omitempty"`
}

// Transcript says how much of the conversation goes to the helpdesk.
type Transcript struct {
	// Turns is how many of the last turns are forwarded, plus the current
	// question. Default 10.
	Turns int `yaml:"turns"`
}

// Server holds process settings. Command-line flags override them.
type Server struct {
	// HTTP is the address to serve streamable HTTP on (127.0.0.1:8080);
	// empty serves stdio.
	HTTP string `yaml:"http,omitempty"`
	// TokenFile holds the bearer token HTTP clients must send; required
	// when HTTP binds a non-loopback address (or set HANDOFF_MCP_TOKEN).
	TokenFile string `yaml:"token_file,omitempty"`
	// DB is the older spelling of store.db: a SQLite path or a postgres://
	// URL; empty means store.db, else the user's data directory.
	DB string `yaml:"db,omitempty"`
	// LogLevel is debug, info, warn or error. Default info.
	LogLevel string `yaml:"log_level,omitempty"`
	// MaxRequestBytes bounds an HTTP request body. Default 8 MiB.
	MaxRequestBytes int64 `yaml:"max_request_bytes,omitempty"`
	// ReadHeaderTimeout, ReadTimeout and IdleTimeout bound how long an HTTP
	// connection may take to send its headers (default 10s), its whole
	// request (default 60s), and how long a kept-alive connection may sit
	// idle between requests (default 120s). Responses have no write timeout:
	// notification streams and calls waiting for an agent last.
	ReadHeaderTimeout time.Duration `yaml:"read_header_timeout,omitempty"`
	ReadTimeout       time.Duration `yaml:"read_timeout,omitempty"`
	IdleTimeout       time.Duration `yaml:"idle_timeout,omitempty"`
	// SessionIdle ends an MCP HTTP session (protocol versions before
	// 2026-07-28) that has had no request for this long; its id then
	// answers 404 and the client initializes again. Default 30m.
	SessionIdle time.Duration `yaml:"session_idle,omitempty"`
	// MaxSessions bounds the MCP HTTP sessions held at once; an initialize
	// beyond it answers 503. Default 1000.
	MaxSessions int `yaml:"max_sessions,omitempty"`
	// Replica names this process among several behind a load balancer
	// (1 to 32 lower-case letters and digits): the MCP session ids it issues
	// carry it, so that the balancer can route a session-based client
	// (protocols before 2026-07-28) back to it. See docs/deploy.md.
	Replica string `yaml:"replica,omitempty"`
	// EventsElsewhere says that, while this server runs over stdio, the
	// helpdesk's events (POST /hooks/<type>) reach another server sharing
	// its database (serve --http). Without it a stdio server cannot hear
	// agents' replies and treats a remote helpdesk as one-way: the team
	// answers by email.
	EventsElsewhere bool `yaml:"events_elsewhere,omitempty"`
	// MetricsAddr serves /metrics on a listener of its own (127.0.0.1:9090)
	// instead of the --http one; --metrics-addr overrides it.
	MetricsAddr string `yaml:"metrics_addr,omitempty"`
	// ReadyzHelpdesk makes /readyz also require the helpdesk to be
	// available (or the built-in inbox); by default it checks the database.
	ReadyzHelpdesk bool `yaml:"readyz_helpdesk,omitempty"`
}

// Default returns the configuration used when no file is given.
func Default() *Config {
	c := &Config{}
	c.setDefaults(nil)
	return c
}

// Parse decodes a configuration document, looking environment variables up
// with lookup and leaving out the top-level sections named in without (see
// Load). Errors list every problem found, one per line.
func Parse(data []byte, lookup func(string) (string, bool), without ...string) (*Config, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("not valid YAML: %w", err)
	}
	c := &Config{}
	if doc.Kind == 0 { // empty file
		c.setDefaults(nil)
		return c, c.validate()
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 && doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: the file must be a mapping of sections (triggers:, classifier:, ...)", doc.Content[0].Line)
	}
	dropKeys(&doc, without)
	problems := unknownKeys(&doc, reflect.TypeFor[Config](), "")
	problems = append(problems, expandEnv(&doc, lookup)...)
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	if err := doc.Decode(c); err != nil {
		return nil, typeErrors(err, &doc)
	}
	c.setDefaults(topKeys(&doc))
	return c, c.validate()
}

// typeErrors rewrites yaml.v3's type errors ("line 2: cannot unmarshal
// !!str `many` into int") to name the key each one is about.
func typeErrors(err error, doc *yaml.Node) error {
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return err
	}
	paths := map[int]string{}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode:
			for _, c := range n.Content {
				walk(c, path)
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				p := join(path, n.Content[i].Value)
				paths[n.Content[i+1].Line] = p
				walk(n.Content[i+1], p)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				p := fmt.Sprintf("%s[%d]", path, i)
				if _, ok := paths[c.Line]; !ok {
					paths[c.Line] = p
				}
				walk(c, p)
			}
		}
	}
	walk(doc, "")
	out := make([]string, 0, len(te.Errors))
	for _, e := range te.Errors {
		var line int
		if _, serr := fmt.Sscanf(e, "line %d:", &line); serr == nil && paths[line] != "" {
			e = strings.Replace(e, ":", ": "+paths[line]+":", 1)
		}
		out = append(out, e)
	}
	return errors.New(strings.Join(out, "\n"))
}

func topKeys(doc *yaml.Node) map[string]bool {
	keys := map[string]bool{}
	if len(doc.Content) == 0 {
		return keys
	}
	m := doc.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		keys[m.Content[i].Value] = true
	}
	return keys
}

// setDefaults fills what the file left out; present names the top-level
// keys the file has.
func (c *Config) setDefaults(present map[string]bool) {
	if !present["triggers"] {
		c.Triggers = classify.DefaultTriggers()
	}
	c.Classifier.Defaults()
	if c.Contact.RequireEmail == nil {
		t := true
		c.Contact.RequireEmail = &t
	}
	if c.Transcript.Turns == 0 {
		c.Transcript.Turns = 10
	}
	c.Timeouts = c.Timeouts.WithDefaults()
	c.Queue = c.Queue.WithDefaults()
	if c.Server.LogLevel == "" {
		c.Server.LogLevel = "info"
	}
	if c.Server.MaxRequestBytes == 0 {
		c.Server.MaxRequestBytes = 8 << 20
	}
	if c.Server.ReadHeaderTimeout == 0 {
		c.Server.ReadHeaderTimeout = 10 * time.Second
	}
	if c.Server.ReadTimeout == 0 {
		c.Server.ReadTimeout = 60 * time.Second
	}
	if c.Server.IdleTimeout == 0 {
		c.Server.IdleTimeout = 120 * time.Second
	}
	if c.Server.SessionIdle == 0 {
		c.Server.SessionIdle = 30 * time.Minute
	}
	if c.Server.MaxSessions == 0 {
		c.Server.MaxSessions = 1000
	}
	c.Limits = c.Limits.WithDefaults()
	c.Delivery.Defaults()
	c.Updates.Defaults()
	c.Privacy.Defaults()
	c.Summary.Defaults()
	c.Store.Defaults()
	c.Desk.Defaults()
}

// Service returns the handoff flow's configuration.
func (c *Config) Service() handoff.Config {
	return handoff.Config{
		RequireEmail:  *c.Contact.RequireEmail,
		Turns:         c.Transcript.Turns,
		DefaultRegion: c.Contact.DefaultRegion,
		DeliveryWait:  c.Delivery.FirstAttemptWait,
		// With the built-in inbox, messages left for the team stay there.
		ForwardMessages: c.Helpdesk.Configured(),
		Limits:          c.Limits,
		Messages:        c.Messages,
		AgentEvents:     c.AgentEvents(),
		Queue:           c.Queue,
		Timeouts:        c.Timeouts,
		// The calling model's vote overrules an unsure "no": one the
		// cascade would not take as final either.
		AgentVote:         c.Classifier.AgentVote,
		VoteOverruleBelow: c.Classifier.Cascade.NoHandoffConfidence,
		AllowForce:        c.Classifier.AllowForce == nil || *c.Classifier.AllowForce,
		Survey:            handoff.Survey{Enabled: c.Survey.Enabled == nil || *c.Survey.Enabled},
	}
}

// AgentEvents reports whether agents' replies, assignment and closing come
// back to the server: always with the built-in inbox, and with a helpdesk
// whose inbound secret is set (they arrive at POST /hooks/<type>, served
// with --http). Only then is there a live session with a queue and the
// waiting timeout.
func (c *Config) AgentEvents() bool {
	if !c.Helpdesk.Configured() {
		return true
	}
	secret, key := c.Helpdesk.InboundSecret()
	return key != "" && secret.IsSet()
}

// Masked returns the effective configuration as YAML with every secret
// masked and every URL cut to its scheme and host (webhook URLs often carry
// a token in their path or query), for `handoff-mcp config check`.
func (c *Config) Masked() ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(c); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	maskURLs(&doc)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("encoding config: %w", err)
	}
	return b.Bytes(), nil
}

// maskURLs replaces every scalar of n that is a URL with its scheme and host.
func maskURLs(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode {
		n.Value = MaskURL(n.Value)
		return
	}
	for _, c := range n.Content {
		maskURLs(c)
	}
}

// MaskURL returns scheme://host when s is an absolute URL with anything
// more (user info, a path, a query, a fragment), and s unchanged otherwise.
func MaskURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Scheme == "" || u.Host == "" {
		return s
	}
	masked := u.Scheme + "://" + u.Host
	if masked == strings.TrimSpace(s) || masked+"/" == strings.TrimSpace(s) {
		return s
	}
	return masked + "/…"
}
