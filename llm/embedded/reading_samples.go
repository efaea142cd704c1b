package embedded

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// sampleBank holds a few messages per kind and language that a reading
// offers as what would fire a trigger and what would not. Each is checked
// against the trigger before it is shown: a message that does not behave as
// its list says moves to the other list (a legal threat does not fire a
// trigger limited to fraud: that is worth showing too).
type samples struct{ fires, not []string }

var sampleBank = sync.OnceValue(func() map[Kind]map[int]samples {
	return map[Kind]map[int]samples{
		KindHumanRequest: {
			langEN: {fires: []string{"I want to talk to a real person", "Can I speak to an agent, please?",
				"Put me through to customer service", "Is there a human I can talk to?"},
				not: []string{"Are you a bot?", "I don't need a human, just tell me the opening hours",
					"Your agent called me yesterday", "What are your opening hours?"}},
			langDE: {fires: []string{"Ich möchte mit einem Mitarbeiter sprechen", "Kann ich bitte einen Menschen sprechen?",
				"Verbinden Sie mich mit dem Kundenservice"},
				not: []string{"Bist du ein Bot?", "Ich brauche keinen Menschen", "Wann haben Sie geöffnet?"}},
			langFR: {fires: []string{"Je voudrais parler à un conseiller", "Je veux parler à un humain",
				"Pouvez-vous me passer le service client ?"},
				not: []string{"Tu es un robot ?", "Je n'ai pas besoin d'un humain", "Quels sont vos horaires ?"}},
			langFI: {fires: []string{"Haluan puhua ihmisen kanssa", "Voinko puhua asiakaspalvelijan kanssa?",
				"Yhdistäkää minut asiakaspalveluun"},
				not: []string{"Oletko botti?", "En tarvitse ihmistä", "Milloin olette auki?"}},
			langES: {fires: []string{"Quiero hablar con una persona", "¿Puedo hablar con un agente?"},
				not: []string{"¿Eres un bot?", "¿Cuál es el horario?"}},
			langIT: {fires: []string{"Vorrei parlare con un operatore", "Voglio parlare con una persona"},
				not: []string{"Sei un bot?", "Quali sono gli orari?"}},
			langNL: {fires: []string{"Ik wil een medewerker spreken", "Kan ik met een mens praten?"},
				not: []string{"Ben je een bot?", "Wat zijn de openingstijden?"}},
			langSV: {fires: []string{"Jag vill prata med en människa", "Kan jag få prata med en handläggare?"},
				not: []string{"Är du en bot?", "Vilka är era öppettider?"}},
			langPT: {fires: []string{"Quero falar com um atendente", "Posso falar com uma pessoa?"},
				not: []string{"Você é um robô?", "Qual é o horário?"}},
		},
		KindFrustration: {
			langEN: {fires: []string{"This is useless, I'm so fed up!", "I'm really angry about this",
				"You charged me twice, this is outrageous!", "Are you kidding me? This is the third time I'm asking!"},
				not: []string{"Thanks, that helped a lot!", "Where is my order?", "I'm not angry, just curious about the fees",
					"I was charged twice, could you check please?"}},
			langDE: {fires: []string{"Das ist doch lächerlich, nichts funktioniert!", "Ich bin total genervt",
				"Sie haben zweimal abgebucht, das ist eine Frechheit!"},
				not: []string{"Danke, das war hilfreich", "Wo ist meine Bestellung?", "Mir wurde zweimal abgebucht, können Sie das prüfen?"}},
			langFR: {fires: []string{"C'est n'importe quoi, j'en ai marre", "Je suis furieux",
				"Vous m'avez débité deux fois, c'est scandaleux !"},
				not: []string{"Merci beaucoup, c'est parfait", "Où est ma commande ?"}},
			langFI: {fires: []string{"Olen todella turhautunut", "Tämä on ihan turhaa!", "Veloititte kahdesti, tämä on käsittämätöntä!"},
				not: []string{"Kiitos, hyvä vastaus", "Missä tilaukseni on?"}},
		},
		KindSensitive: {
			langEN: {fires: []string{"I'm going to sue you, my lawyer will be in touch", "Someone used my card, I didn't make these payments",
				"My account was hacked", "I want to close my account", "My son swallowed a battery, what do I do?"},
				not: []string{"How do you protect customers against fraud?", "What are your opening hours?", "Where is my order?"}},
			langDE: {fires: []string{"Ich werde Sie verklagen", "Jemand hat mit meiner Karte bezahlt", "Ich möchte mein Konto kündigen"},
				not: []string{"Wie schützen Sie Ihre Kunden vor Betrug?", "Wo ist meine Bestellung?"}},
			langFR: {fires: []string{"Je vais porter plainte contre vous", "On m'a volé ma carte", "Je veux clôturer mon compte"},
				not: []string{"Quels sont vos horaires ?", "Où est ma commande ?"}},
			langFI: {fires: []string{"Haastan teidät oikeuteen", "Korttini varastettiin", "Haluan sulkea tilini"},
				not: []string{"Milloin olette auki?", "Missä tilaukseni on?"}},
		},
	}
})

// neutralSamples are ordinary messages, for triggers judged by their words.
var neutralSamples = sync.OnceValue(func() map[int][]string {
	return map[int][]string{
		langEN: {"What are your opening hours?", "Thanks, that helped!"},
		langDE: {"Wann haben Sie geöffnet?", "Danke, das hat geholfen!"},
		langFR: {"Quels sont vos horaires ?", "Merci, ça m'a aidé !"},
		langFI: {"Milloin olette auki?", "Kiitos, tämä auttoi!"},
	}
})

// failureReplies are an assistant's plain failures, and a good answer, by
// language, to build the dialogues of a bot_failure reading.
var failureReplies = sync.OnceValue(func() map[int][3]string {
	return map[int][3]string{ // question, failure, good answer
		langEN: {"How do I change my address?", "Sorry, I didn't understand that.", "Go to Settings > Profile > Address and tap Edit."},
		langDE: {"Wie ändere ich meine Adresse?", "Das habe ich leider nicht verstanden.", "Gehen Sie zu Einstellungen > Profil > Adresse und tippen Sie auf Bearbeiten."},
		langFR: {"Comment changer mon adresse ?", "Désolé, je n'ai pas compris.", "Allez dans Réglages > Profil > Adresse et appuyez sur Modifier."},
		langFI: {"Miten vaihdan osoitteeni?", "Anteeksi, en ymmärtänyt.", "Valitse Asetukset > Profiili > Osoite ja paina Muokkaa."},
	}
})

// maxSamples bounds Fires and DoesNotFire.
const maxSamples = 5

// samplesFor returns messages that fire t and messages that do not, each
// checked by judging it with c: examples and negative examples first, then
// built-in samples in the description's language (lang), then in English.
func (c *Classifier) samplesFor(t *trigger, lang int) (fires, not []string) {
	type cand struct {
		turns []handoff.Turn
		text  string
	}
	var cands []cand
	add := func(texts ...string) {
		for _, s := range texts {
			cands = append(cands, cand{turns: []handoff.Turn{{Role: handoff.RoleUser, Content: s}}, text: s})
		}
	}
	add(t.Examples...)
	add(t.NegativeExamples...)
	langs := []int{lang}
	if lang != langEN {
		langs = append(langs, langEN)
	}
	for _, l := range langs {
		switch t.kind {
		case KindBotFailure:
			for _, d := range failureDialogues(l, t.failN) {
				cands = append(cands, cand{turns: d, text: renderDialogue(d)})
			}
		case KindNone:
			if l == lang {
				add(t.Description)
				add(amountVariants(t)...)
			}
			add(neutralSamples()[l]...)
		default:
			add(sampleBank()[t.kind][l].fires...)
			add(sampleBank()[t.kind][l].not...)
		}
	}
	seen := map[string]bool{}
	for _, cd := range cands {
		if seen[cd.text] || strings.TrimSpace(cd.text) == "" {
			continue
		}
		seen[cd.text] = true
		fired := false
		for _, v := range c.Judge(handoff.Input{Transcript: cd.turns}) {
			if v.ID == t.ID {
				fired = v.Fired()
			}
		}
		switch {
		case fired && len(fires) < maxSamples:
			fires = append(fires, cd.text)
		case !fired && len(not) < maxSamples:
			not = append(not, cd.text)
		}
	}
	return fires, not
}

// descLang is the language of a description: its guessed language, or
// when its letters leave a tie ("möchte" is Finnish, German or Swedish by
// its ö), the language most of its common words belong to.
func descLang(desc *turnInfo) int {
	if desc.lang != langUnknown {
		return desc.lang
	}
	var votes [numLangs]int
	best := langEN
	for i := range desc.doc.Tokens {
		if l, ok := langMarkers()[desc.doc.Word(i)]; ok {
			votes[l]++
			if votes[l] > votes[best] {
				best = l
			}
		}
	}
	return best
}

// failureDialogues builds, in language l, a dialogue where the assistant
// fails n times, one with one failure fewer, and one where it answers.
func failureDialogues(l, n int) [][]handoff.Turn {
	r, ok := failureReplies()[l]
	if !ok {
		return nil
	}
	build := func(fails int, good bool) []handoff.Turn {
		var d []handoff.Turn
		for range fails {
			d = append(d, handoff.Turn{Role: handoff.RoleUser, Content: r[0]}, handoff.Turn{Role: handoff.RoleAssistant, Content: r[1]})
		}
		if good {
			d = append(d, handoff.Turn{Role: handoff.RoleUser, Content: r[0]}, handoff.Turn{Role: handoff.RoleAssistant, Content: r[2]})
		}
		return d
	}
	out := [][]handoff.Turn{build(n, false), build(0, true)}
	if n > 1 {
		out = append(out, build(n-1, true))
	}
	return out
}

// renderDialogue writes a dialogue on one line: "user: ... / assistant: ...".
func renderDialogue(d []handoff.Turn) string {
	parts := make([]string, len(d))
	for i, t := range d {
		parts[i] = string(t.Role) + ": " + t.Content
	}
	return strings.Join(parts, " / ")
}

// amountVariants rewrites a description with an amount condition into a
// message whose amount meets it and one whose amount does not: "Refund
// requests above 100 euros." gives "... above 150 euros." and "... above
// 50 euros.".
func amountVariants(t *trigger) []string {
	for _, a := range t.gen.desc {
		cond := a.amount
		if cond == nil {
			continue
		}
		var at, meet, miss float64
		switch {
		case cond.minSet:
			at, meet, miss = cond.min, cond.min*1.5, cond.min/2
		default:
			at, meet, miss = cond.max, cond.max/2, cond.max*2
		}
		num := strconv.FormatFloat(at, 'f', -1, 64)
		if !strings.Contains(t.Description, num) {
			return nil
		}
		f := func(v float64) string {
			return strings.Replace(t.Description, num, strconv.FormatFloat(math.Round(v), 'f', -1, 64), 1)
		}
		return []string{f(meet), f(miss)}
	}
	return nil
}
