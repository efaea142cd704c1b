package desk

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/helpdesk"
)

// Config is the desk: section of the configuration.
type Config struct {
	// Templates are the agents' canned messages: a name, then the text per
	// language (ISO 639-1). {agent} is the agent's name, {customer} the
	// customer's (dropped with the space before it when unknown). The three
	// of DefaultTemplates are always there; a language given here replaces
	// that template's text in that language, and new names add templates.
	Templates map[string]map[string]string `yaml:"templates"`
	// SessionTTL is how long a login lasts (default 12h).
	SessionTTL time.Duration `yaml:"session_ttl"`
	// LoginAttempts is how many failed logins an address (and an email)
	// may make per LoginWindow before further attempts are refused
	// (defaults 5 and 15m).
	LoginAttempts int           `yaml:"login_attempts"`
	LoginWindow   time.Duration `yaml:"login_window"`
	// SMTP, when its host is set, lets agents answer offline messages by
	// email (host, port, tls, username, password, from).
	SMTP helpdesk.EmailConfig `yaml:"smtp"`
}

// The defaults of Config.
const (
	DefaultSessionTTL    = 12 * time.Hour
	DefaultLoginAttempts = 5
	DefaultLoginWindow   = 15 * time.Minute
)

// DefaultTemplates are the built-in greeting, transfer and closing messages
// in en, de, fr and fi.
func DefaultTemplates() map[string]map[string]string {
	return map[string]map[string]string{
		"greeting": {
			"en": "Hi {customer}! I'm {agent} from customer service. How can I help?",
			"de": "Hallo {customer}! Ich bin {agent} vom Kundenservice. Wie kann ich helfen?",
			"fr": "Bonjour {customer} ! Je suis {agent} du service client. Comment puis-je vous aider ?",
			"fi": "Hei {customer}! Olen asiakaspalvelija {agent}. Miten voin auttaa?",
		},
		"transfer": {
			"en": "I'm passing the conversation to a colleague who can help you better.",
			"de": "Ich übergebe das Gespräch an eine Kollegin oder einen Kollegen, die Ihnen besser helfen kann.",
			"fr": "Je transmets la conversation à un collègue qui pourra mieux vous aider.",
			"fi": "Siirrän keskustelun kollegalleni, joka osaa auttaa paremmin.",
		},
		"closing": {
			"en": "Thank you for contacting us! Is there anything else I can help with?",
			"de": "Danke für Ihre Nachricht! Kann ich sonst noch etwas für Sie tun?",
			"fr": "Merci de nous avoir contactés ! Puis-je vous aider pour autre chose ?",
			"fi": "Kiitos yhteydenotostasi! Onko vielä jotain, jossa voin auttaa?",
		},
	}
}

// Defaults fills the zero fields of c and merges the default templates
// under the configured ones.
func (c *Config) Defaults() {
	if c.SessionTTL == 0 {
		c.SessionTTL = DefaultSessionTTL
	}
	if c.LoginAttempts == 0 {
		c.LoginAttempts = DefaultLoginAttempts
	}
	if c.LoginWindow == 0 {
		c.LoginWindow = DefaultLoginWindow
	}
	t := DefaultTemplates()
	for name, langs := range c.Templates {
		if t[name] == nil {
			t[name] = map[string]string{}
		}
		for l, text := range langs {
			t[name][handoff.BaseLanguage(l)] = text
		}
	}
	c.Templates = t
}

// Validate checks c after Defaults; messages name the key under desk.
func (c Config) Validate() error {
	var errs []string
	if c.SessionTTL < time.Minute {
		errs = append(errs, "session_ttl: use at least 1m, like 12h")
	}
	if c.LoginAttempts < 1 {
		errs = append(errs, "login_attempts: use a positive count, like 5")
	}
	if c.LoginWindow < time.Second {
		errs = append(errs, "login_window: use a duration like 15m")
	}
	for _, name := range slices.Sorted(maps.Keys(c.Templates)) {
		if strings.TrimSpace(name) == "" {
			errs = append(errs, "templates: a template name is empty")
		}
		for _, l := range slices.Sorted(maps.Keys(c.Templates[name])) {
			text := c.Templates[name][l]
			if strings.TrimSpace(text) == "" {
				errs = append(errs, fmt.Sprintf("templates.%s.%s: is empty", name, l))
			}
			if rest := strings.NewReplacer("{agent}", "", "{customer}", "").Replace(text); strings.ContainsAny(rest, "{}") {
				errs = append(errs, fmt.Sprintf("templates.%s.%s: only {agent} and {customer} are filled in", name, l))
			}
		}
	}
	if c.SMTP.Host != "" {
		if _, err := helpdesk.NewMailer(c.SMTP, 0, helpdesk.Options{}); err != nil {
			errs = append(errs, "smtp."+strings.TrimPrefix(err.Error(), "email."))
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	return nil
}

// RenderTemplate returns template name in lang (else English, else any),
// with {agent} and {customer} filled in; ok is false for an unknown name.
func (c Config) RenderTemplate(name, lang, agent, customer string) (string, bool) {
	langs, ok := c.Templates[name]
	if !ok {
		return "", false
	}
	text, ok := langs[handoff.BaseLanguage(lang)]
	if !ok {
		text, ok = langs[handoff.DefaultLanguage]
	}
	if !ok {
		for _, l := range slices.Sorted(maps.Keys(langs)) {
			text = langs[l]
			break
		}
	}
	if customer == "" {
		text = strings.ReplaceAll(text, " {customer}", "")
	}
	return strings.NewReplacer("{agent}", agent, "{customer}", customer).Replace(text), true
}
