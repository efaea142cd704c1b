package embedded

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func fires(t *testing.T, c *Classifier, tr []handoff.Turn) handoff.Decision {
	t.Helper()
	d, err := c.Classify(context.Background(), handoff.Input{Transcript: tr})
	require.NoError(t, err)
	return d
}

func TestFrustration(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "frustration", Description: "The user is frustrated or angry."})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"This is useless, you keep giving me the same answer!", true},
		{"I'm really angry about this", true},
		{"Das ist doch lächerlich, nichts funktioniert!", true},
		{"Ich bin total genervt", true},
		{"C'est n'importe quoi, j'en ai marre", true},
		{"Tämä on ihan turhaa, en ole tyytyväinen", true},
		{"Olen todella turhautunut", true},
		{"Esto es ridículo, ya basta", true},
		{"Che schifo, non funziona niente", true},
		{"Dit is belachelijk, ik ben het zat", true},
		{"Det här är värdelöst!", true},
		{"Isso é ridículo, estou farto", true},
		{"WHY DOES NOTHING WORK", true},
		{"Where is my order?", false},
		{"Thanks, that helped a lot!", false},
		{"I'm not angry, just curious about the fees", false},
		{"Danke, das war hilfreich", false},
		{"Merci beaucoup, c'est parfait", false},
		{"Kiitos, hyvä vastaus", false},
		{"How do I reset my password?", false},
		// Problem reports are not frustration by themselves.
		{"I have a problem with my order", false},
		{"Why was I charged twice?", false},
		{"My package is late", false},
		{"I can't log in", false},
		{"Hello!", false},
		{"The app doesn't work on my phone", false},
		{"Warum wurde mir das zweimal berechnet?", false},
		{"Pakettini on myöhässä", false},
		{"Je n'arrive pas à me connecter", false},
		{"No, I meant the other invoice", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
		})
	}
	t.Run("repeating a message is exasperation", func(t *testing.T) {
		v := c.Judge(handoff.Input{Transcript: turns("when does my contract end", "Please see your account page.",
			"when does my contract end", "Please see your account page.", "when does my contract end")})[0]
		once := c.Judge(handoff.Input{Transcript: user("when does my contract end")})[0]
		assert.Greater(t, v.Score, once.Score)
	})
	t.Run("a neutral message is a confident no", func(t *testing.T) {
		d := fires(t, c, user("What are your opening hours on Saturday?"))
		assert.GreaterOrEqual(t, d.Confidence, 0.95)
	})
}

func TestSensitive(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "sensitive_topic",
		Description: "A sensitive topic: legal matters, medical matters or emergencies, fraud or security, closing an account."})
	k, _ := c.Kind("sensitive_topic")
	require.Equal(t, KindSensitive, k)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"I will talk to my lawyer about this", true},
		{"Ich werde Sie verklagen", true},
		{"Someone hacked my account", true},
		{"Kortillani on tehty luvaton osto, epäilen huijausta", true},
		{"Je veux fermer mon compte", true},
		{"Ich möchte mein Konto kündigen", true},
		{"Quiero cerrar mi cuenta", true},
		{"Schließen Sie bitte mein Konto", true},
		{"Bitte beenden Sie meine Mitgliedschaft", true},
		{"Fermez mon compte, s'il vous plaît", true},
		{"Cierren mi cuenta, por favor", true},
		{"Wann schließen Sie heute?", false},
		{"Kann ich meinen Spartopf auflösen und das Hauptkonto behalten?", false},
		{"Zeg mijn abonnement op", true},
		{"Zeg me hoeveel mijn abonnement kost", false},
		{"My card was stolen", true},
		{"I think I'm having a heart attack", true},
		{"Please delete all my data", true},
		{"Löschen Sie bitte alle meine Daten", true},
		{"Supprimez mes données personnelles de vos fichiers", true},
		{"I invoke my right to be forgotten", true},
		{"Can you remove my details from the mailing list?", false},
		{"How can I delete my data from my phone?", false},
		{"Wie lösche ich meine Daten vom Handy?", false},
		{"How do I change my delivery address?", false},
		{"What are the fees for a transfer?", false},
		{"How do I delete my browsing history?", false},
		{"I want to update my details", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
		})
	}
	t.Run("a description naming one category covers only that one", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "legal", Description: "The user raises a legal matter."})
		assert.True(t, fires(t, c, user("I will sue you")).Handoff)
		assert.False(t, fires(t, c, user("My card was stolen")).Handoff)
	})
}

func TestGenericDescriptions(t *testing.T) {
	c := newTestClassifier(t, Config{},
		handoff.Trigger{ID: "billing_dispute", Description: "Billing dispute: a charge the user does not recognise, or a refund demand."},
		handoff.Trigger{ID: "refund_over_100", Description: "The user asks for a refund of more than 100 EUR."},
		handoff.Trigger{ID: "complaint", Description: "The user wants to complain about the service."},
	)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"I don't recognise this payment on my statement", []string{"billing_dispute"}},
		{"Was ist das für eine Abbuchung? Die kenne ich nicht", []string{"billing_dispute"}},
		{"I was charged twice for the same order", []string{"billing_dispute"}},
		{"Je veux être remboursé de 250 €", []string{"billing_dispute", "refund_over_100"}},
		{"I want a refund of $40", []string{"billing_dispute"}},
		{"Haluan rahani takaisin, 150 euroa", []string{"billing_dispute", "refund_over_100"}},
		{"I want to file a complaint about your service", []string{"complaint"}},
		{"Ich möchte mich beschweren", []string{"complaint"}},
		{"Haluan tehdä reklamaation", []string{"complaint"}},
		{"How do I pay with Apple Pay?", nil},
		{"What is your refund policy?", []string{"billing_dispute"}},
		{"Where is my parcel?", nil},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			if tc.want == nil {
				assert.False(t, d.Handoff, d.Reason)
				return
			}
			assert.ElementsMatch(t, tc.want, d.Triggers, d.Reason)
		})
	}
	t.Run("examples and negative examples", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "competitor", Description: "Mentions of Acme Telecom.",
			Examples: []string{"Acme offers a better price"}, NegativeExamples: []string{"Acme stock price"}})
		assert.True(t, fires(t, c, user("acme telecom is cheaper")).Handoff)
		assert.False(t, fires(t, c, user("what is the weather")).Handoff)
	})
}

func TestAmounts(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []float64
	}{
		{"refund $350", []float64{350}},
		{"I paid 1.200,50 € for it", []float64{1200.5}},
		{"1,200.50 USD", []float64{1200.5}},
		{"EUR 99,90", []float64{99.9}},
		{"order 12345", nil},
		{"call me at 0401234567", nil},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := analyseTurn(handoff.RoleUser, tc.in).doc
			assert.Equal(t, tc.want, amounts(&d))
		})
	}
}

func TestBotFailureFromDialogue(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "bot_failure", Description: "The assistant has failed to give a sensible answer twice."})
	k, _ := c.Kind("bot_failure")
	require.Equal(t, KindBotFailure, k)
	assert.True(t, fires(t, c, turns(
		"How do I change my tariff?", "Our stores open at 9 am.",
		"That is not what I asked. How do I change my tariff?", "Our stores open at 9 am.",
		"What? You are not listening")).Handoff, "confusion after two replies beside the point")
	assert.False(t, fires(t, c, turns(
		"How do I change my tariff?", "Go to Settings > Tariff and pick a new one.",
		"Thanks, and how long does it take?", "It takes effect at the start of next month.",
		"Great, thank you")).Handoff)
	off := false
	c = newTestClassifier(t, Config{Breakdown: &off}, handoff.Trigger{ID: "bot_failure", Kind: "bot_failure", FailedAnswers: 3})
	assert.False(t, fires(t, c, turns("a", "Sorry, I did not understand.", "b", "I did not understand.", "c")).Handoff,
		"three failures needed")
}
