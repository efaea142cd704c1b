package embedded

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestReadings(t *testing.T) {
	cfg := Config{}
	cfg.Defaults()
	c, err := New(cfg, []handoff.Trigger{
		{ID: "human", Kind: "human_request", Description: "asks for a person"},
		{ID: "fail", Description: "The bot could not answer three times"},
		{ID: "legal", Description: "legal matters or fraud"},
		{ID: "refund", Description: "A refund of more than 100 EUR"},
	})
	require.NoError(t, err)
	rs := c.Readings()
	require.Len(t, rs, 4)
	assert.Equal(t, "human", rs[0].ID)
	assert.Equal(t, KindHumanRequest, rs[0].Kind)
	assert.Equal(t, "configured", rs[0].KindSource)
	assert.Equal(t, KindBotFailure, rs[1].Kind)
	assert.Equal(t, "inferred", rs[1].KindSource)
	assert.Equal(t, 3, rs[1].FailedAnswers)
	assert.Equal(t, []string{"legal", "fraud", "security"}, rs[2].Categories, "a fraud named covers security incidents")
	assert.Equal(t, "words", rs[3].KindSource)
	assert.Equal(t, "> 100", rs[3].Amount)
	assert.Equal(t, [][]string{{"concept:refund"}}, rs[3].Alternatives)
}

func TestReadingSaysWhatItUses(t *testing.T) {
	c := newTestClassifier(t, Config{},
		handoff.Trigger{ID: "angry", Description: "The user is angry at the company."},
		handoff.Trigger{ID: "angry_charge", Description: "The user is angry about a double charge."},
		handoff.Trigger{ID: "fail", Kind: "bot_failure", Description: "The bot failed three times.", FailedAnswers: 2},
		handoff.Trigger{ID: "refund", Description: "Refund requests above 100 euros.", Examples: []string{"Ich möchte 250 € erstattet bekommen"}},
		handoff.Trigger{ID: "competitor", Description: "competitor"},
		handoff.Trigger{ID: "mitarbeiter", Description: "Der Nutzer möchte einen Mitarbeiter sprechen."},
	)
	rs := c.Readings()
	require.Len(t, rs, 6)
	byID := map[string]Reading{}
	for _, r := range rs {
		byID[r.ID] = r
	}

	angry := byID["angry"]
	assert.Equal(t, []string{"company"}, angry.Ignored)
	require.NotEmpty(t, angry.Warnings)
	assert.Contains(t, angry.Warnings[0], "not used from the description: company")

	ac := byID["angry_charge"]
	assert.Empty(t, ac.Ignored)
	assert.Contains(t, ac.Concepts, "only when the user's words speak of dispute and charge")

	fail := byID["fail"]
	assert.Equal(t, 3, fail.FailedAnswers)
	assert.Contains(t, fail.Warnings[0], "asks for 3 failures and failed_answers for 2")

	refund := byID["refund"]
	assert.Equal(t, "words", refund.KindSource)
	assert.Contains(t, refund.Fires, "Ich möchte 250 € erstattet bekommen")
	assert.Contains(t, refund.Fires, "Refund requests above 150 euros.")
	assert.Contains(t, refund.DoesNotFire, "Refund requests above 50 euros.")

	weak := byID["competitor"]
	assert.Contains(t, weak.Warnings, "reads weakly: no customer-service concept and at most one word to match; add examples")

	de := byID["mitarbeiter"]
	require.NotEmpty(t, de.Fires)
	assert.Equal(t, "Ich möchte mit einem Mitarbeiter sprechen", de.Fires[0], "samples in the description's language come first")

	// Every listed message behaves as listed, for every reading.
	for _, r := range rs {
		for _, tr := range c.triggers {
			if tr.ID != r.ID || tr.kind == KindBotFailure {
				continue
			}
			solo := newTestClassifier(t, Config{}, tr.Trigger)
			for _, m := range r.Fires {
				assert.True(t, fires(t, solo, user(m)).Handoff, "%s fires on %q", r.ID, m)
			}
			for _, m := range r.DoesNotFire {
				assert.False(t, fires(t, solo, user(m)).Handoff, "%s does not fire on %q", r.ID, m)
			}
			assert.LessOrEqual(t, len(r.Fires), 5)
			assert.LessOrEqual(t, len(r.DoesNotFire), 5)
		}
	}
}
