package embedded

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

var sensitiveTrigger = handoff.Trigger{ID: "sensitive_topic", Kind: "sensitive",
	Description: "Legal action, a medical question, fraud or a security incident, or closing the account for good."}

// TestSensitiveSituations covers sensitive situations told without the
// category's name, and routine questions that name one.
func TestSensitiveSituations(t *testing.T) {
	c := newTestClassifier(t, Config{}, sensitiveTrigger)
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"stolen bag en", "My bag was stolen on the train, my cards were in it.", true},
		{"stolen de", "Mir wurde gestern die Handtasche mit allen Karten geklaut.", true},
		{"stolen fr", "On m'a volé mon sac avec ma carte bancaire dedans.", true},
		{"stolen fi", "Minulta varastettiin lompakko ja kortit.", true},
		{"code given away en", "A text from 'the bank' asked for my code and I entered it. What now?", true},
		{"code given away de", "Ich habe meine TAN auf einer Seite eingegeben, die wie Ihre aussah.", true},
		{"card used abroad", "Somebody used my card in Lisbon yesterday, I have never been to Portugal.", true},
		{"transfers not made", "There are two transfers on my account that I didn't make.", true},
		{"transfers not made de", "Auf meinem Konto sind zwei Überweisungen, die ich nicht gemacht habe.", true},
		{"close to switch", "I'd like to close my savings account and move to another bank.", true},
		{"close to switch de", "Ich möchte mein Sparkonto auflösen und zu einer anderen Bank wechseln.", true},
		{"swallowed", "My toddler swallowed one of the dishwasher pods, what do I do?", true},
		{"swallowed de", "Mein Kind hat eine Batterie verschluckt!", true},
		{"side effects", "Since the higher dose of my blood pressure pills I feel dizzy.", true},
		{"legal threat", "I'm reporting you to the data protection authority.", true},
		{"lawyer fr", "Mon avocat va vous contacter.", true},
		// Routine questions that name a sensitive word.
		{"fraud protection", "How do you protect customers from fraud? Just asking before I sign up.", false},
		{"fraud protection de", "Wie schützen Sie Ihre Kunden vor Betrug?", false},
		{"privacy policy", "Where can I read your privacy policy?", false},
		{"legal notice", "Where is the legal notice?", false},
		{"Datenschutz", "Wo finde ich Ihre Datenschutzerklärung?", false},
		{"recipe", "Das Rezept auf eurer Seite ist super. Verkauft ihr die Form?", false},
		{"close a chat window", "How do I close this chat window?", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := c.Judge(handoff.Input{Transcript: user(tc.text)})[0]
			assert.Equal(t, tc.want, v.Fired(), "score %.2f (%s)", v.Score, v.Note)
		})
	}
}

// TestHumanRequestInContext covers requests made indirectly and mentions
// of people that are not requests.
func TestHumanRequestInContext(t *testing.T) {
	c := newTestClassifier(t, Config{}, explicitRequest)
	for _, tc := range []struct {
		name string
		tr   []handoff.Turn
		want bool
	}{
		{"a department", user("Could you put me through to your claims department?"), true},
		{"eine Abteilung", user("Verbinden Sie mich bitte mit der Buchhaltung-Abteilung."), true},
		{"who can I talk to", user("This is complicated. Who can I talk to?"), true},
		{"mit wem", user("Mit wem kann ich darüber sprechen?"), true},
		{"in person", user("Das möchte ich lieber mit jemandem persönlich besprechen."), true},
		{"my own staff", user("My employees need access to the company account. How do I add users?"), false},
		{"meine Mitarbeiter", user("Meine Mitarbeiter brauchen Zugang zum Firmenkonto."), false},
		{"my boss", user("My manager wants to know if you offer team plans."), false},
		{"thanks to staff", user("The staff at your Leeds branch were lovely, please pass on my thanks."), false},
		{"do humans read", user("Do humans read these chats? Asking for privacy reasons."), false},
		{"lesen Menschen mit", user("Lesen Menschen diese Chats mit?"), false},
		{"quoted", user("My daughter typed 'talk to an agent' by mistake, please ignore it. What's my balance?"), false},
		{"quoted fr", user("Mon fils a écrit « parler à un conseiller », ignorez ça. Quel est mon solde ?"), false},
		{"monitoring agent", user("Does the monitoring agent run on macOS?"), false},
		{"withdrawn later", dialogue("I want a human", "I can connect you. Can I try to help first?",
			"Oh, it works now. Never mind the human!"), false},
		{"withdrawn later de", dialogue("Ich will einen Menschen", "Ich kann Sie verbinden. Darf ich es vorher versuchen?",
			"Hat sich erledigt. Kein Mensch nötig!"), false},
		{"not needed after the noun", dialogue("Haluan puhua ihmisen kanssa", "Voin yhdistää. Saanko yrittää ensin?",
			"Ei tarvitse, se toimii jo. Ihmistä ei tarvita!"), false},
		{"bot question now", user("Am I talking to a bot or a human right now? Just curious."), false},
		{"a human now", user("A human, now!"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := c.Judge(handoff.Input{Transcript: tc.tr})[0]
			assert.Equal(t, tc.want, v.Fired(), "score %.2f (%s)", v.Score, v.Note)
		})
	}
}

// TestGuessLang checks the language guess from words and letters.
func TestGuessLang(t *testing.T) {
	for _, tc := range []struct {
		text string
		want int
	}{
		{"I don't know what you mean", langEN},
		{"Ich weiß nicht, was Sie meinen", langDE},
		{"Je ne sais pas ce que vous voulez dire", langFR},
		{"En tiedä mitä tarkoitat", langFI},
		{"Tämä ei käy", langFI},
		{"No sé lo que quieres decir", langES},
		{"ok", langUnknown},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := analyseTurn(handoff.RoleUser, tc.text)
			assert.Equal(t, tc.want, d.lang)
		})
	}
	t.Run("the client's language wins", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, frustrationTrigger)
		a := c.analyse(handoff.Input{Transcript: user("ok"), Language: "fi-FI"})
		defer a.release()
		assert.Equal(t, langFI, a.turns[0].lang)
	})
}

// TestMarkQuotes checks which words count as quoted.
func TestMarkQuotes(t *testing.T) {
	for _, tc := range []struct {
		text   string
		quoted []string
	}{
		{`He typed "talk to a human" by mistake`, []string{"talk", "to", "a", "human"}},
		{"He typed 'talk to a human' by mistake", []string{"talk", "to", "a", "human"}},
		{"Il a écrit « parler à un humain » hier", []string{"parler", "a", "un", "humain"}},
		{"I don't want the agent's number", nil},
		{"L'agent n'est pas là", nil},
		{`She said "don't 'talk' to me" and 'bye now' there`, []string{"do", "not", "talk", "to", "me", "bye", "now"}},
		{`'it's' "a" 'b`, []string{"it", "s", "a"}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			ti := analyseTurn(handoff.RoleUser, tc.text)
			var got []string
			for i := range ti.doc.Tokens {
				if ti.span[i]&bit(catQuoted) != 0 {
					got = append(got, ti.doc.Word(i))
				}
			}
			assert.Equal(t, tc.quoted, got)
		})
	}
}

// TestTypoAnchors: misspelt words that name a person are corrected, common
// words are never taken for typos of function words.
func TestTypoAnchors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"somneone", "someone"},
		{"speek", "speak"},
		{"three", "three"}, // not "there"
	} {
		t.Run(tc.in, func(t *testing.T) {
			d := analyseTurn(handoff.RoleUser, tc.in)
			assert.Equal(t, tc.want, d.doc.Word(0))
		})
	}
}
