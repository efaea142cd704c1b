package embedded

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func user(s ...string) []handoff.Turn {
	out := make([]handoff.Turn, len(s))
	for i, x := range s {
		out[i] = handoff.Turn{Role: handoff.RoleUser, Content: x}
	}
	return out
}

func newTestClassifier(t *testing.T, cfg Config, ts ...handoff.Trigger) *Classifier {
	t.Helper()
	cfg.Defaults()
	require.NoError(t, cfg.Validate())
	c, err := New(cfg, ts)
	require.NoError(t, err)
	return c
}

// The trigger is driven by its description only: the kind is inferred.
var explicitRequest = handoff.Trigger{ID: "explicit_request", Description: "The user explicitly asks to talk to a human."}

func TestHumanRequest(t *testing.T) {
	c := newTestClassifier(t, Config{}, explicitRequest)
	kind, ok := c.Kind("explicit_request")
	require.True(t, ok)
	require.Equal(t, KindHumanRequest, kind)
	for _, tc := range []struct {
		lang, text string
		want       bool
	}{
		{"en", "I want to talk to a human", true},
		{"en", "Can I speak to a real person please?", true},
		{"en", "agent", true},
		{"en", "I need an agent", true},
		{"en", "I don't know how to contact a live agent", true},
		{"en", "I can't reach anyone, get me a human", true},
		{"en", "No I want a human", true},
		{"en", "help talking to somebody", true},
		{"en", "speek to a reprsentative", true},
		{"en", "escalate this please", true},
		{"de", "Ich möchte mit einem Mitarbeiter sprechen", true},
		{"de", "Kann ich bitte mit einem Menschen reden?", true},
		{"de", "Verbinden Sie mich mit dem Kundenservice", true},
		{"fr", "Je veux parler à un conseiller", true},
		{"fr", "Je ne veux pas parler à un robot, je veux un humain", true},
		{"fr", "Est-ce que je peux parler à une vraie personne ?", true},
		{"fi", "Haluan puhua asiakaspalvelijan kanssa", true},
		{"fi", "Ihminen", true},
		{"fi", "Voisinko puhua oikean ihmisen kanssa?", true},
		{"es", "Quiero hablar con un agente", true},
		{"it", "Vorrei parlare con un operatore", true},
		{"nl", "Ik wil een medewerker spreken", true},
		{"sv", "Jag vill prata med en människa", true},
		{"pt", "Quero falar com um atendente", true},
		// Negations.
		{"en", "I don't need a human", false},
		{"en", "I do not want to speak to an agent, just tell me the hours", false},
		{"de", "Ich brauche keinen Menschen", false},
		{"de", "Ich möchte nicht mit einem Mitarbeiter sprechen", false},
		{"fr", "Je n'ai pas besoin d'un humain", false},
		{"fi", "En halua puhua ihmisen kanssa", false},
		{"es", "No quiero hablar con un humano", false},
		{"nl", "Ik wil geen medewerker", false},
		{"sv", "Jag behöver ingen människa", false},
		// Questions about the bot.
		{"en", "Are you a bot?", false},
		{"en", "is this a real person?", false},
		{"de", "Bist du ein Mensch?", false},
		{"fr", "Es-tu un robot ?", false},
		{"fi", "Oletko ihminen?", false},
		{"fi", "Puhunko ihmisen kanssa?", false},
		// Past mentions and other senses.
		{"en", "Your agent called me yesterday", false},
		{"de", "Ihr Mitarbeiter hat mich gestern angerufen", false},
		{"en", "I booked the trip through a travel agent", false},
		{"en", "Which user agent does the site support?", false},
		{"en", "That was a human error on my side", false},
		// Nothing to do with it.
		{"en", "Where is my order?", false},
		{"fr", "Personne ne répond jamais", false},
	} {
		t.Run(tc.lang+"/"+tc.text, func(t *testing.T) {
			d, err := c.Classify(context.Background(), handoff.Input{Transcript: user(tc.text)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Equal(t, []string{"explicit_request"}, d.Triggers)
				assert.Equal(t, Name, d.Classifier)
				assert.GreaterOrEqual(t, d.Confidence, 0.5)
			} else {
				assert.Empty(t, d.Triggers)
			}
		})
	}
}

// A question about when the team works asks about hours, not for a person
// now; a question whether a person is there, or a request that names a
// day, still asks for one.
func TestQuestionsAboutTheTeamsHours(t *testing.T) {
	c := builtinTriggers(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Arbeiten Ihre Mitarbeiter auch samstags?", false},
		{"Vos conseillers sont-ils disponibles le dimanche ?", false},
		{"Is a human available on weekends?", false},
		{"¿Hay personas atendiendo los domingos?", false},
		{"Is there a human here?", true},
		{"Ist ein Mensch da?", true},
		{"Is a human available now? It's Sunday and I need help", true},
		{"Can I talk to a human on Saturday?", true},
		{"Could a real person look at my delivery from Friday?", true},
		{"Kann ein Mensch meine Bestellung vom Montag prüfen?", true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
		})
	}
}

func TestHumanRequestAcceptsOffer(t *testing.T) {
	c := newTestClassifier(t, Config{}, explicitRequest)
	for _, tc := range []struct {
		offer, reply string
		want         bool
	}{
		{"Would you like me to connect you with an agent?", "yes please", true},
		{"Soll ich Sie mit einem Mitarbeiter verbinden?", "Ja", true},
		{"Haluatko puhua asiakaspalvelijan kanssa?", "Kyllä", true},
		{"Would you like me to connect you with an agent?", "no thanks", false},
		{"Is there anything else I can help with?", "yes", false},
	} {
		t.Run(tc.reply+"/"+tc.offer, func(t *testing.T) {
			d, err := c.Classify(context.Background(), handoff.Input{Transcript: []handoff.Turn{
				{Role: handoff.RoleUser, Content: "my parcel is late"},
				{Role: handoff.RoleAssistant, Content: tc.offer},
				{Role: handoff.RoleUser, Content: tc.reply},
			}})
			require.NoError(t, err)
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
		})
	}
}

func TestHumanRequestOlderTurnsCountLess(t *testing.T) {
	c := newTestClassifier(t, Config{Window: 2}, explicitRequest)
	recent := c.Judge(handoff.Input{Transcript: user("I want to talk to a human")})[0]
	older := c.Judge(handoff.Input{Transcript: user("I want to talk to a human", "my order number is 123")})[0]
	gone := c.Judge(handoff.Input{Transcript: user("I want to talk to a human", "ok", "my order number is 123")})[0]
	assert.Greater(t, recent.Score, older.Score)
	assert.True(t, older.Fired())
	assert.False(t, gone.Fired(), "outside the window")
}

func TestNoHandoffReasonHasNoEmptyNote(t *testing.T) {
	frustration := handoff.Trigger{ID: "frustration", Description: "The user is frustrated or angry."}
	c := newTestClassifier(t, Config{}, explicitRequest, frustration)
	for _, text := range []string{
		"Are you a bot? Just curious. How do I reset my password?",
		"What are your opening hours on Saturday?",
	} {
		d, err := c.Classify(context.Background(), handoff.Input{Transcript: user(text), Language: "en"})
		require.NoError(t, err)
		assert.False(t, d.Handoff, text)
		assert.NotContains(t, d.Reason, "()", text)
		assert.True(t, len(d.Reason) > 0 && d.Reason[len(d.Reason)-1] == '.', d.Reason)
	}
}
