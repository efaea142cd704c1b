package embedded

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Config tunes the embedded classifier: the `classifier.embedded` section of
// the configuration file. The zero value is usable once Defaults has run.
type Config struct {
	// Threshold is the score, in (0, 1), at which a trigger fires. Scores
	// are meant to read as probabilities; the default is 0.5.
	Threshold float64 `yaml:"threshold" json:"threshold"`
	// Thresholds overrides Threshold for single triggers, by trigger id.
	Thresholds map[string]float64 `yaml:"thresholds,omitempty" json:"thresholds,omitempty"`
	// Window is how many of the latest user turns are judged for requests
	// for a human, frustration, sensitive topics, keywords and the admin's
	// descriptions; older turns count less. Default 3.
	Window int `yaml:"window" json:"window"`
	// FailurePhrases adds phrases, per language code ("en", "de", ...),
	// that mark an assistant turn as a failed answer, such as
	// "I did not understand". Matching ignores case and accents and works
	// on whole words; `*` stands for the rest of a word ("understo*").
	FailurePhrases map[string][]string `yaml:"failure_phrases,omitempty" json:"failure_phrases,omitempty"`
	// BuiltinFailurePhrases switches the built-in failure phrases (nine
	// languages) off when false. Default true.
	BuiltinFailurePhrases *bool `yaml:"builtin_failure_phrases,omitempty" json:"builtin_failure_phrases,omitempty"`
	// Breakdown, when true (the default), also reads failed answers from
	// the dialogue: the user's confusion or correction right after an
	// assistant turn, replies that ignore the user, repeated replies.
	Breakdown *bool `yaml:"breakdown,omitempty" json:"breakdown,omitempty"`
}

// The defaults Defaults fills in.
const (
	DefaultThreshold = 0.5
	DefaultWindow    = 3
)

// Defaults fills the unset fields of c with their defaults.
func (c *Config) Defaults() {
	if c.Threshold == 0 {
		c.Threshold = DefaultThreshold
	}
	if c.Window == 0 {
		c.Window = DefaultWindow
	}
	if c.BuiltinFailurePhrases == nil {
		t := true
		c.BuiltinFailurePhrases = &t
	}
	if c.Breakdown == nil {
		t := true
		c.Breakdown = &t
	}
}

// Validate reports the first problem with c, naming the key relative to
// the embedded section ("threshold", "failure_phrases.de[2]").
func (c *Config) Validate() error {
	if c.Threshold <= 0 || c.Threshold >= 1 {
		return fmt.Errorf("threshold: %v is outside (0, 1); use a value such as 0.5 (higher fires less often)", c.Threshold)
	}
	for _, id := range sortedKeys(c.Thresholds) {
		if v := c.Thresholds[id]; v <= 0 || v >= 1 {
			return fmt.Errorf("thresholds.%s: %v is outside (0, 1); use a value such as 0.5", id, v)
		}
	}
	if c.Window < 1 || c.Window > 50 {
		return fmt.Errorf("window: %d is outside 1..50; use the number of latest user turns to judge, such as 3", c.Window)
	}
	for _, lang := range sortedKeys(c.FailurePhrases) {
		for i, p := range c.FailurePhrases[lang] {
			if strings.TrimSpace(p) == "" {
				return fmt.Errorf("failure_phrases.%s[%d]: empty phrase; remove it or write the words an assistant uses when it fails", lang, i)
			}
			if _, err := text.CompilePattern(phrasePattern(p)); err != nil {
				return fmt.Errorf("failure_phrases.%s[%d]: %q cannot be used (%v); write plain words, with * only at the end of a word", lang, i, p, err)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// phrasePattern turns an admin's phrase or keyword into a pattern: its
// words in order, tokenized as user text is (so "don't" matches "do not"),
// with a trailing * kept as a wildcard.
func phrasePattern(p string) string {
	var words []string
	for _, f := range strings.Fields(p) {
		star := strings.HasSuffix(f, "*")
		d := text.Tokenize(strings.TrimRight(f, "*"))
		for i, t := range d.Tokens {
			w := d.Word(i)
			if t.Sign {
				w = "$"
			}
			if t.Num {
				w = "#"
			}
			if star && i == len(d.Tokens)-1 {
				w += "*"
			}
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}
