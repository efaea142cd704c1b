package embedded

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// dialogue builds a transcript from alternating user and assistant turns,
// the user first.
func dialogue(turns ...string) []handoff.Turn {
	out := make([]handoff.Turn, len(turns))
	for i, s := range turns {
		role := handoff.RoleUser
		if i%2 == 1 {
			role = handoff.RoleAssistant
		}
		out[i] = handoff.Turn{Role: role, Content: s}
	}
	return out
}

var botFailure = handoff.Trigger{ID: "bot_failure", Description: "The assistant has failed to give a sensible answer twice."}

// TestBreakdownNeutralTurns checks the promise that turns without any sign
// either way never add up to a handoff, however many there are.
func TestBreakdownNeutralTurns(t *testing.T) {
	for n := 1; n <= 40; n++ {
		lrs := make([]float64, min(n, judgedReplies))
		assert.Less(t, atLeastMixture(lrs, 2), 0.5, "%d neutral replies", n)
	}
	t.Run("more evidence never lowers the score", func(t *testing.T) {
		prev := 0.0
		for _, z := range []float64{-2, -1, 0, 0.5, 1, 2, 3, 6} {
			s := atLeastMixture([]float64{z, z, 0}, 2)
			assert.GreaterOrEqual(t, s, prev, "evidence %v", z)
			prev = s
		}
	})
	t.Run("one plain failure and an accepted reply are not two failures", func(t *testing.T) {
		assert.Less(t, atLeastMixture([]float64{lrStrong, lrAck}, 2), 0.5)
		assert.Less(t, atLeastMixture([]float64{lrStrong, lrSatisfy}, 2), 0.5)
		assert.Greater(t, atLeastMixture([]float64{lrStrong, lrStrong}, 2), 0.9)
	})
}

// TestBreakdownLongSupportConversation: long conversations in which the
// assistant answers do not fire, in any language.
func TestBreakdownLongSupportConversation(t *testing.T) {
	c := newTestClassifier(t, Config{}, botFailure)
	for _, tc := range []struct {
		lang  string
		turns []string
	}{
		{"en", []string{
			"Hi, I'd like to change my flight booking.", "Of course! Could you give me your booking reference?",
			"It's QX81LM.", "Thanks. I found your booking from Munich to Lisbon on 12 May. Which date would you like instead?",
			"The 14th if possible.", "There is a flight on 14 May at 09:10 and one at 17:45. Which one suits you?",
			"The morning one.", "Done, you're on the 09:10 flight on 14 May. The fare difference is 35 EUR. Shall I charge the card on file?",
			"Yes please.", "Payment received. You'll get a confirmation email in a few minutes.",
			"Can I also add a checked bag?", "Yes, a 23 kg bag costs 40 EUR on this route. Add it?",
			"Yes.", "Added. Anything else I can help with?",
			"What time should I be at the airport?", "We recommend arriving two hours before departure, so by 07:10.",
			"And is there a lounge?", "With your fare, lounge access is 30 EUR at the gate.",
			"OK, thanks for your help.", "You're welcome, have a good flight!",
			"One more thing: can I pick a seat?", "Yes, go to Manage booking > Seats and choose one.",
		}},
		{"de", []string{
			"Hallo, ich möchte meinen Stromzähler ablesen lassen.", "Gern. Wie lautet Ihre Zählernummer?",
			"4711-0815.", "Danke. Sie können den Zählerstand unter Mein Konto > Zählerstand eingeben.",
			"Und bis wann?", "Bis zum 31. Januar, danach schätzen wir den Verbrauch.",
			"Gut. Wie hoch ist mein Abschlag?", "Ihr monatlicher Abschlag beträgt 84 Euro.",
			"Kann ich den senken?", "Ja, unter Verträge > Abschlag können Sie ihn bis auf 70 Euro anpassen.",
			"Super, danke.", "Gern geschehen!",
			"Noch eine Frage: gibt es einen Ökotarif?", "Ja, der Tarif Grün kostet 2 Cent mehr pro Kilowattstunde.",
			"Okay, passt.", "Möchten Sie wechseln?",
			"Nein, erst mal nicht.", "In Ordnung. Kann ich sonst noch helfen?",
			"Nein, das war alles.", "Einen schönen Tag noch!",
		}},
		{"fr", []string{
			"Bonjour, je voudrais changer mon forfait mobile.", "Bien sûr ! Quel forfait vous intéresse ?",
			"Celui avec 100 Go.", "Le forfait 100 Go coûte 15 euros par mois. Voulez-vous le prendre ?",
			"Oui.", "C'est fait, il sera actif demain.",
			"Merci. Et pour l'étranger ?", "Vous avez 20 Go utilisables en Europe.",
			"Parfait.", "Puis-je faire autre chose pour vous ?",
			"Comment je consulte ma consommation ?", "Dans l'appli, allez dans Suivi conso.",
			"D'accord, merci beaucoup.", "Avec plaisir, bonne journée !",
			"Une dernière question : la facture arrive quand ?", "Elle arrive le 5 de chaque mois par e-mail.",
			"Très bien.", "Bonne soirée !",
			"Merci, au revoir.", "Au revoir !",
		}},
		{"fi", []string{
			"Hei, haluaisin vaihtaa liittymäni.", "Totta kai! Mikä liittymä kiinnostaa?",
			"Se 100 gigan liittymä.", "Se maksaa 19 euroa kuukaudessa. Otetaanko se?",
			"Kyllä.", "Tehty, liittymä vaihtuu huomenna.",
			"Kiitos. Toimiiko se ulkomailla?", "Kyllä, EU-alueella voit käyttää 20 gigaa.",
			"Hienoa.", "Voinko auttaa vielä jossain?",
			"Miten näen käyttöni?", "Sovelluksessa kohdassa Käyttö > Data.",
			"Selvä, kiitos paljon.", "Ole hyvä!",
			"Milloin lasku tulee?", "Lasku tulee kuun viidentenä päivänä sähköpostiin.",
			"Okei.", "Mukavaa päivänjatkoa!",
			"Kiitos, heippa.", "Heippa!",
		}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			require.GreaterOrEqual(t, len(tc.turns), 20)
			v := c.Judge(handoff.Input{Transcript: dialogue(tc.turns...)})[0]
			assert.False(t, v.Fired(), "score %.2f", v.Score)
		})
	}
}

// TestBreakdownFromCorrections: two replies the user has to correct are two
// failures, in every language; one failure and then help is not.
func TestBreakdownFromCorrections(t *testing.T) {
	c := newTestClassifier(t, Config{}, botFailure)
	for _, tc := range []struct {
		name  string
		turns []string
		want  bool
	}{
		{"en corrections", []string{"When does the Oxford Street store close today?", "Our online shop never closes!",
			"I mean the store, not the website.", "You can order online around the clock.", "That's not what I asked"}, true},
		{"en probing", []string{"My router blinks red.", "Sorry, I couldn't find anything about that.",
			"Router blinking red, what do I do?", "Sorry, I couldn't find anything about that.", "hello??"}, true},
		{"de corrections", []string{"Wann schließt die Filiale am Bahnhof heute?", "Unser Onlineshop ist immer für Sie da!",
			"Ich meine die Filiale, nicht den Onlineshop.", "Bestellen Sie bequem online.", "Das war nicht meine Frage"}, true},
		{"de error twice", []string{"Meine Rechnung fehlt.", "Es ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.",
			"Immer noch keine Rechnung.", "Es ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.", "..."}, true},
		{"fr corrections", []string{"À quelle heure ferme l'agence de la gare ?", "Notre site est ouvert 24h/24 !",
			"Je parle de l'agence, pas du site.", "Commandez en ligne à tout moment.", "Ce n'est pas ma question"}, true},
		{"fi corrections", []string{"Milloin aseman myymälä sulkeutuu tänään?", "Verkkokauppamme on auki aina!",
			"Tarkoitin myymälää, en verkkokauppaa.", "Voit tilata verkossa milloin vain.", "En kysynyt sitä"}, true},
		{"es corrections", []string{"¿A qué hora cierra la tienda de la estación?", "¡Nuestra web está abierta siempre!",
			"Quiero decir la tienda, no la web.", "Puede comprar en línea cuando quiera.", "No es lo que pregunté"}, true},
		{"en once then helped", []string{"Can I get my bills by post?", "Sorry, I didn't understand that.",
			"Paper bills instead of email.", "Sure, paper bills cost 1.50 a month. I've switched you to post.", "Great, thanks!"}, false},
		{"de clarifying question then help", []string{"Flug umbuchen bitte", "Welche Buchung meinen Sie? Nennen Sie mir den Buchungscode.",
			"QX81LM", "Danke. Ihr Flug am 12. Mai lässt sich auf den 13. Mai, 09:10 umbuchen. Umbuchen?", "ja"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := c.Judge(handoff.Input{Transcript: dialogue(tc.turns...)})[0]
			assert.Equal(t, tc.want, v.Fired(), "score %.2f", v.Score)
		})
	}
}

// TestReplyEvidence checks the direction of single signals.
func TestReplyEvidence(t *testing.T) {
	c := newTestClassifier(t, Config{}, botFailure)
	evidence := func(turns ...string) float64 {
		a := c.analyse(handoff.Input{Transcript: dialogue(turns...)})
		defer a.release()
		return c.replyEvidence(a, 1)
	}
	for _, tc := range []struct {
		name  string
		turns []string
		sign  int
	}{
		{"says it failed", []string{"Where is my parcel?", "I'm sorry, I didn't understand that."}, 1},
		{"corrected", []string{"Where is my parcel?", "We sell parcels boxes in three sizes.", "I didn't ask about boxes"}, 1},
		{"corrected by contrast", []string{"Where is my parcel?", "Our parcel boxes come in three sizes.", "My parcel, not your boxes."}, 1},
		{"thanked", []string{"Where is my parcel?", "Your parcel is at the depot and arrives tomorrow.", "Thanks!"}, -1},
		{"answers the question", []string{"Where is my parcel?", "Your parcel is at the depot and arrives tomorrow."}, -1},
		{"greets back", []string{"Hello", "Hi! How can I help?"}, -1},
		{"a time for 'when'", []string{"When do you open?", "At 9:00 on weekdays."}, -1},
		{"a reason for 'why'", []string{"Why is it late?", "Because of the storm."}, -1},
		{"a stranger out of nowhere", []string{"Hi there", "She told him the truth at last."}, 1},
		{"swears at the user", []string{"How are you?", "Shut up, idiot."}, 1},
		{"repeats itself", []string{"Help with my bill", "Please choose: Bills, Plans, Devices.", "Bills", "Please choose: Bills, Plans, Devices."}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z := evidence(tc.turns...)
			if len(tc.turns) == 4 {
				a := c.analyse(handoff.Input{Transcript: dialogue(tc.turns...)})
				z = c.replyEvidence(a, 3)
				a.release()
			}
			switch {
			case tc.sign > 0:
				assert.Greater(t, z, 0.0)
			default:
				assert.Less(t, z, 0.0)
			}
		})
	}
}

// TestBreakdownJudgesLatestReplies: failures long before the latest ten
// replies do not count.
func TestBreakdownJudgesLatestReplies(t *testing.T) {
	c := newTestClassifier(t, Config{}, botFailure)
	turns := []string{"Where is my parcel?", "Sorry, I didn't understand that.", "My parcel", "Sorry, I didn't understand that."}
	v := c.Judge(handoff.Input{Transcript: dialogue(turns...)})[0]
	require.True(t, v.Fired())
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October"}
	for i := range judgedReplies {
		turns = append(turns, "And the invoice for "+months[i]+"?", "The "+months[i]+" invoice is under Billing > Invoices > "+
			strings.ToLower(months[i][:3])+".")
	}
	turns = append(turns, "Thanks!")
	v = c.Judge(handoff.Input{Transcript: dialogue(turns...)})[0]
	assert.False(t, v.Fired(), "score %.2f", v.Score)
}
