package handoff_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestDefaultMessagesAreComplete(t *testing.T) {
	d := handoff.DefaultMessages()
	require.NoError(t, d.Validate(), "every built-in template uses only its placeholders")
	for key, langs := range d {
		for _, lang := range []string{"en", "de", "fr", "fi"} {
			assert.NotEmpty(t, langs[lang], "%s has no %s text", key, lang)
		}
		// A template uses every placeholder English uses.
		for lang, text := range langs {
			for _, p := range handoff.Placeholders(langs["en"]) {
				assert.Contains(t, handoff.Placeholders(text), p, "%s.%s lacks {%s}", key, lang, p)
			}
		}
	}
}

func TestMessagesValidate(t *testing.T) {
	tests := []struct {
		name string
		m    handoff.Messages
		want []string // parts of the error; none for valid
	}{
		{"a known key and its placeholders", handoff.Messages{
			handoff.MsgWaiting: {"en": "Position {position}, about {minutes} min.", "de-AT": "Platz {position}."},
		}, nil},
		{"literal braces are text", handoff.Messages{
			handoff.MsgClosed: {"en": "Closed {NOT_A_PLACEHOLDER} ${HOME} { spaced }."},
		}, nil},
		{"an unknown key", handoff.Messages{"handoff_acepted": {"en": "x"}},
			[]string{"handoff_acepted: unknown message; known messages are ", "handoff_accepted"}},
		{"an unknown placeholder", handoff.Messages{handoff.MsgAccepted: {"en": "In {minutes} min."}},
			[]string{"handoff_accepted.en: unknown placeholder {minutes}; handoff_accepted fills {wait}"}},
		{"a placeholder where none is filled", handoff.Messages{handoff.MsgClosed: {"fi": "Suljettu {agent}."}},
			[]string{"handoff_closed.fi: unknown placeholder {agent}; handoff_closed fills none"}},
		{"empty", handoff.Messages{handoff.MsgQueueFull: {"fr": "  "}}, []string{"queue_full.fr: is empty"}},
		{"not a language", handoff.Messages{handoff.MsgQueueFull: {"english": "Full."}}, []string{"queue_full.english: is not a language code"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	t.Run("every problem at once", func(t *testing.T) {
		err := handoff.Messages{"nope": {"en": "x"}, handoff.MsgWaiting: {"en": "{who}", "fr": ""}}.Validate()
		require.Error(t, err)
		assert.Len(t, strings.Split(err.Error(), "\n"), 3)
	})
}

func TestRenderTemplate(t *testing.T) {
	tests := []struct {
		t, want string
		vars    map[string]string
	}{
		{"A person will take over here{wait}.", "A person will take over here in about 3 min.", map[string]string{"wait": " in about 3 min"}},
		{"A person will take over here{wait}.", "A person will take over here.", nil},
		{"Keep {NOT_A_VAR} and ${HOME} and {}", "Keep {NOT_A_VAR} and ${HOME} and {}", map[string]string{"NOT_A_VAR": "x", "HOME": "y"}},
		{"{position}/{position}", "2/2", map[string]string{"position": "2"}},
		{"{{wait}}{", "{3}{", map[string]string{"wait": "3"}},
		{"{wait", "{wait", map[string]string{"wait": "3"}},
		{"{a_1}{9a}{a-b}{é}", "x{9a}{a-b}{é}", map[string]string{"a_1": "x"}},
		{"", "", nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, handoff.RenderTemplate(tt.t, tt.vars), tt.t)
	}
}

// placeholderRE is the placeholder syntax as Placeholders documents it, the
// reference RenderTemplate's scanner must match.
var placeholderRE = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// FuzzRenderTemplate checks RenderTemplate against the regexp it replaced.
func FuzzRenderTemplate(f *testing.F) {
	for _, s := range []string{"here{wait}.", "{{a}}", "{a", "}{b}{", "{x_9}{X}{_}", "{wait}{minutes}"} {
		f.Add(s)
	}
	vars := map[string]string{"wait": "W", "a": "{b}", "b": "B", "x_9": "X9", "minutes": "5"}
	f.Fuzz(func(t *testing.T, s string) {
		want := placeholderRE.ReplaceAllStringFunc(s, func(m string) string { return vars[m[1:len(m)-1]] })
		if got := handoff.RenderTemplate(s, vars); got != want {
			t.Fatalf("RenderTemplate(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkRenderTemplate(b *testing.B) {
	t := handoff.DefaultMessages()[handoff.MsgAccepted]["en"]
	vars := map[string]string{"wait": " in about 3 minutes"}
	b.ReportAllocs()
	for b.Loop() {
		handoff.RenderTemplate(t, vars)
	}
}

func TestMessagesFallBack(t *testing.T) {
	m := handoff.DefaultMessages().Merge(handoff.Messages{handoff.MsgQueueFull: {"sv": "Kön är full."}})
	assert.Equal(t, "Kön är full.", m.Render(handoff.MsgQueueFull, "sv-FI", nil))
	assert.True(t, strings.HasPrefix(m.Render(handoff.MsgQueueFull, "sv", nil), "Kön"))
	assert.True(t, strings.HasPrefix(m.Render(handoff.MsgClosed, "sv", nil), "Our team has closed"), "English when a language has no text")
	keys := []string{}
	for k := range m {
		keys = append(keys, k)
	}
	assert.True(t, slices.Contains(keys, handoff.MsgWaitQuestion))
}

// TestPickTemplate picks the exact tag, then its base language, then
// English, whatever the case and separator of the tag asked for.
func TestPickTemplate(t *testing.T) {
	ts := map[string]string{"en": "en", "pt": "pt", "pt-br": "pt-br"}
	for lang, want := range map[string]string{
		"pt-BR": "pt-br", "pt_br": "pt-br", "PT": "pt", "pt-PT": "pt", "de-AT": "en", "": "en",
	} {
		assert.Equal(t, want, handoff.PickTemplate(ts, lang), lang)
	}
}
