package helpdesk

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
)

// TypeInbox is the default connector: the built-in inbox.
const TypeInbox = "inbox"

// DefaultTimeout bounds one request to a helpdesk.
const DefaultTimeout = 15 * time.Second

// Config is the helpdesk: section of the configuration: the chosen
// connector, the request timeout and each connector's own section
// (helpdesk.zendesk, ...), which the connector registers (Spec.Section,
// Spec.NewSection) and reads with Section[T]. Only the section of the
// chosen Type is read. Secrets arrive ${ENV}-expanded. Build one in code
// with ConfigFor.
type Config struct {
	// Type is the connector: inbox (default) or one of Types.
	Type string `yaml:"type"`
	// Timeout bounds each request to the helpdesk (default 15s).
	Timeout time.Duration `yaml:"timeout"`

	// sections holds each connector's section by its Go type (see
	// SetSection).
	sections map[reflect.Type]any
}

// Configured reports whether a remote helpdesk is configured, for service
// status: the built-in inbox counts as not configured.
func (c Config) Configured() bool { return c.Type != "" && c.Type != TypeInbox }

// Validate fills the defaults of c and of its chosen connector and checks
// them. Error messages name the key relative to the helpdesk section
// ("zendesk.subdomain: ...") and say what to fix.
func (c *Config) Validate() error {
	c.Type = strings.ToLower(strings.TrimSpace(c.Type))
	if c.Type == "" {
		c.Type = TypeInbox
	}
	if err := CheckRegistry(); err != nil {
		return err
	}
	if err := c.checkSections(); err != nil {
		return err
	}
	spec, ok := Lookup(c.Type)
	if !ok {
		return fmt.Errorf("type: unknown helpdesk %q; use one of %s", c.Type, strings.Join(Types(), ", "))
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Timeout < 0 {
		return fmt.Errorf("timeout: must be positive, like 15s")
	}
	if spec.Validate != nil {
		if err := spec.Validate(c); err != nil {
			return err
		}
	}
	return c.validateInbound(spec)
}

// Options carries what a connector needs from the process.
type Options struct {
	// Logger receives structured logs; emails are masked, secrets never
	// logged. The zero Logger discards.
	Logger zerolog.Logger
	// HTTPClient sends API requests; nil means a new http.Client. Each
	// request is bounded by Config.Timeout.
	HTTPClient *http.Client
	// Clock tells the time (webhook timestamps, Retry-After dates); nil
	// means the wall clock.
	Clock clock.Clock
	// TLSConfig is used by the email connector for STARTTLS and implicit
	// TLS; nil means the system roots with the configured host as server
	// name. Tests pass their own roots here.
	TLSConfig *tls.Config
}

// New validates cfg and returns its connector.
func New(cfg Config, opts Options) (handoff.Connector, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	opts.Clock = clock.Or(opts.Clock)
	opts.Logger = opts.Logger.With().Str("helpdesk", cfg.Type).Logger()
	spec, _ := Lookup(cfg.Type) // Validate found it
	return spec.New(cfg, opts), nil
}

// requireURL checks that raw is an absolute http(s) URL and returns it
// without a trailing slash.
func requireURL(key, raw, example string) (string, error) {
	raw = strings.TrimRight(strings.TrimSpace(raw), "/")
	if raw == "" {
		return "", fmt.Errorf("%s: required; set it to the base URL, like %s", key, example)
	}
	if !strings.HasPrefix(raw, "https://") && !strings.HasPrefix(raw, "http://") {
		return "", fmt.Errorf("%s: %q is not an http(s) URL; use a URL like %s", key, raw, example)
	}
	return raw, nil
}

// oneOf lowercases *v, fills def when empty and checks it is one of allowed.
func oneOf(key string, v *string, def string, allowed ...string) error {
	*v = strings.ToLower(strings.TrimSpace(*v))
	if *v == "" {
		*v = def
	}
	if !slices.Contains(allowed, *v) {
		return fmt.Errorf("%s: unknown value %q; use one of %s", key, *v, strings.Join(allowed, ", "))
	}
	return nil
}
