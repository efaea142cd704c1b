package embedded

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestKeywords(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{
		ID: "complaint", Keywords: []string{"valitus", "reklamaatio*", "Beschwerde", "money back"},
	})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Tämä on valitus.", true},
		{"VALITUS", true},
		{"Haluan tehdä reklamaation", true}, // reklamaatio* covers the inflection
		{"Ich habe eine BESCHWERDE", true},
		{"I want my money back!", true},
		{"Haluan tehdä valituksen", false}, // whole words: "valitus" alone does not cover it
		{"beschwerdefrei", false},
		{"money is back", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d, err := c.Classify(context.Background(), handoff.Input{Transcript: user(tc.text)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Equal(t, RulesName, d.Classifier)
				assert.Contains(t, d.Reason, "keyword")
			}
		})
	}
}

func TestKeywordsAccentInsensitive(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "closing", Keywords: []string{"kündigen", "résilier"}})
	for _, s := range []string{"Ich will KUENDIGEN", "ich will kundigen", "je veux resilier"} {
		d, err := c.Classify(context.Background(), handoff.Input{Transcript: user(s)})
		require.NoError(t, err)
		// "kuendigen" is a spelling of its own, not an accent variant.
		assert.Equal(t, s != "Ich will KUENDIGEN", d.Handoff, s)
	}
}

func turns(pairs ...string) []handoff.Turn {
	out := make([]handoff.Turn, len(pairs))
	for i, s := range pairs {
		role := handoff.RoleUser
		if i%2 == 1 {
			role = handoff.RoleAssistant
		}
		out[i] = handoff.Turn{Role: role, Content: s}
	}
	return out
}

func TestFailedAnswers(t *testing.T) {
	f := false
	for _, tc := range []struct {
		name string
		cfg  Config
		tr   []handoff.Turn
		want bool
	}{
		{"two failures in English", Config{}, turns(
			"what is the fee for iban transfers", "Sorry, I didn't understand that.",
			"fee for iban", "I'm not sure what you mean. Could you rephrase?", "ugh"), true},
		{"two failures in German and Finnish", Config{}, turns(
			"Gebühr?", "Das habe ich leider nicht verstanden.",
			"Mikä on maksu?", "En valitettavasti osaa vastata tähän.", "?"), true},
		{"one failure", Config{}, turns(
			"what is the fee", "Sorry, I didn't understand that.", "fee for transfers", "The fee is 2 EUR.", "ok"), false},
		{"admin phrases", Config{BuiltinFailurePhrases: &f, FailurePhrases: map[string][]string{"en": {"computer says no"}}}, turns(
			"a", "Computer says no.", "b", "computer says NO", "c"), true},
		{"built-in phrases off", Config{BuiltinFailurePhrases: &f, Breakdown: &f}, turns(
			"a", "Sorry, I didn't understand that.", "b", "I did not understand.", "c"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newTestClassifier(t, tc.cfg, handoff.Trigger{ID: "bot_failure", FailedAnswers: 2})
			d, err := c.Classify(context.Background(), handoff.Input{Transcript: tc.tr})
			require.NoError(t, err)
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Equal(t, RulesName, d.Classifier)
			}
		})
	}
}

func TestNewRejectsBadTriggers(t *testing.T) {
	off := false
	for _, tc := range []struct {
		name string
		ts   []handoff.Trigger
		cfg  Config
		want string
	}{
		{"empty id", []handoff.Trigger{{Description: "x"}}, Config{}, "triggers[0].id: empty"},
		{"duplicate id", []handoff.Trigger{{ID: "a", Description: "x"}, {ID: "A", Description: "y"}}, Config{}, "triggers[1].id"},
		{"nothing to judge", []handoff.Trigger{{ID: "a"}}, Config{}, "triggers[0].description: empty"},
		{"unknown kind", []handoff.Trigger{{ID: "a", Kind: "angry"}}, Config{}, "triggers[0].kind: unknown kind \"angry\""},
		{"empty keyword", []handoff.Trigger{{ID: "a", Keywords: []string{"ok", " ! "}}}, Config{}, "triggers[0].keywords[1]"},
		{"negative count", []handoff.Trigger{{ID: "a", FailedAnswers: -1}}, Config{}, "triggers[0].failed_answers"},
		{"threshold for unknown trigger", []handoff.Trigger{{ID: "a", Description: "x"}}, Config{Thresholds: map[string]float64{"b": 0.6}}, "thresholds.b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Defaults()
			_, err := New(tc.cfg, tc.ts)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	t.Run("disabled triggers are ignored", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "a", Enabled: &off}, explicitRequest)
		_, ok := c.Kind("a")
		assert.False(t, ok)
		d, err := c.Classify(context.Background(), handoff.Input{Transcript: user("I want a human")})
		require.NoError(t, err)
		assert.Equal(t, []string{"explicit_request"}, d.Triggers)
	})
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"threshold", Config{Threshold: 1.5}, "threshold: 1.5 is outside (0, 1)"},
		{"per trigger threshold", Config{Thresholds: map[string]float64{"x": -1}}, "thresholds.x"},
		{"window", Config{Window: 99}, "window: 99"},
		{"empty phrase", Config{FailurePhrases: map[string][]string{"de": {"ok", ""}}}, "failure_phrases.de[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.cfg.Defaults()
			err := tc.cfg.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	var c Config
	c.Defaults()
	require.NoError(t, c.Validate())
	assert.Equal(t, DefaultThreshold, c.Threshold)
	assert.Equal(t, DefaultWindow, c.Window)
	assert.True(t, *c.BuiltinFailurePhrases)
	assert.True(t, *c.Breakdown)
}

func TestInferKind(t *testing.T) {
	for _, tc := range []struct {
		desc string
		want Kind
	}{
		{"The user explicitly asks to talk to a human.", KindHumanRequest},
		{"Der Nutzer möchte mit einem Menschen sprechen.", KindHumanRequest},
		{"L'utilisateur demande à parler à un conseiller.", KindHumanRequest},
		{"Asiakas pyytää päästä puhumaan asiakaspalvelijan kanssa.", KindHumanRequest},
		{"The user is frustrated or angry.", KindFrustration},
		{"Der Kunde ist verärgert.", KindFrustration},
		{"Asiakas on turhautunut.", KindFrustration},
		{"The assistant has failed to give a sensible answer twice.", KindBotFailure},
		{"Der Bot hat die Frage zweimal nicht verstanden.", KindBotFailure},
		{"Legal matters, fraud, or closing an account.", KindSensitive},
		{"The user wants to complain about the service.", KindNone},
		{"The user asks for a refund of more than 100 EUR.", KindNone},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "t", Description: tc.desc})
			k, _ := c.Kind("t")
			assert.Equal(t, tc.want, k)
		})
	}
}
