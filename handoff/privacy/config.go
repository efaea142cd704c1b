package privacy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Config is the `privacy` section.
type Config struct {
	// Redact masks personal data in what leaves the server.
	Redact RedactConfig `yaml:"redact" json:"redact"`
}

// RedactConfig is `privacy.redact`.
type RedactConfig struct {
	// Enabled switches redaction on or off. Default on.
	Enabled *bool `yaml:"enabled,omitempty" json:"enabled,omitempty"`
	// Kinds are the built-in kinds applied: card, iban, national_id,
	// password. Default all four.
	Kinds []string `yaml:"kinds,omitempty" json:"kinds,omitempty"`
	// Patterns are the builder's own, applied after the built-in kinds.
	Patterns []Pattern `yaml:"patterns,omitempty" json:"patterns,omitempty"`
}

// Pattern is a builder's redaction pattern: every match of Regex (Go RE2
// syntax) is masked and counted under Name. When Regex has a group named
// value, only that group is masked: `order pin (?P<value>\d{4})` keeps
// "order pin" and masks the digits.
type Pattern struct {
	Name  string `yaml:"name" json:"name"`
	Regex string `yaml:"regex" json:"regex"`
}

// MaxPatterns bounds the builder's patterns.
const MaxPatterns = 50

var patternName = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`) })

// Defaults fills the unset fields of c.
func (c *Config) Defaults() {
	if c.Redact.Enabled == nil {
		on := true
		c.Redact.Enabled = &on
	}
	if c.Redact.Kinds == nil {
		c.Redact.Kinds = slices.Clone(BuiltinKinds)
	}
}

// On reports whether redaction is switched on (the default).
func (c RedactConfig) On() bool { return c.Enabled == nil || *c.Enabled }

// Validate reports every problem with c, one per line, naming the key
// relative to the privacy section.
func (c *Config) Validate() error {
	var errs []string
	for i, k := range c.Redact.Kinds {
		if !slices.Contains(BuiltinKinds, k) {
			errs = append(errs, fmt.Sprintf("redact.kinds[%d]: %q is unknown; use %s (or leave kinds out for all of them)", i, k, strings.Join(BuiltinKinds, ", ")))
		}
	}
	if n := len(c.Redact.Patterns); n > MaxPatterns {
		errs = append(errs, fmt.Sprintf("redact.patterns: %d patterns; the limit is %d, join some with |", n, MaxPatterns))
	}
	seen := map[string]bool{}
	for i, p := range c.Redact.Patterns {
		key := fmt.Sprintf("redact.patterns[%d]", i)
		switch {
		case !patternName().MatchString(p.Name):
			errs = append(errs, fmt.Sprintf("%s.name: %q must be lower-case letters, digits and _ (at most 40), starting with a letter, such as customer_number", key, p.Name))
		case slices.Contains(BuiltinKinds, p.Name):
			errs = append(errs, fmt.Sprintf("%s.name: %q is a built-in kind; give your pattern a name of its own", key, p.Name))
		case seen[p.Name]:
			errs = append(errs, fmt.Sprintf("%s.name: %q is used twice; names must be unique", key, p.Name))
		}
		seen[p.Name] = true
		if _, err := compilePattern(p); err != nil {
			errs = append(errs, fmt.Sprintf("%s.regex: %v", key, err))
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// compilePattern compiles a builder's pattern and rejects one that would
// mask nothing useful.
func compilePattern(p Pattern) (*regexp.Regexp, error) {
	if strings.TrimSpace(p.Regex) == "" {
		return nil, errors.New("empty; write a regular expression (Go RE2 syntax) such as `\\bCUST-\\d{6}\\b`")
	}
	re, err := regexp.Compile(p.Regex)
	if err != nil {
		return nil, fmt.Errorf("%q is not a valid regular expression (Go RE2 syntax: no look-ahead or back-references): %v", p.Regex, err)
	}
	if re.MatchString("") {
		return nil, fmt.Errorf("%q matches the empty text, so it would match everywhere; make it require at least one character", p.Regex)
	}
	if i := re.SubexpIndex("value"); i < 0 && slices.Contains(re.SubexpNames(), "value") {
		return nil, fmt.Errorf("%q: the group named value cannot be read", p.Regex)
	}
	return re, nil
}
