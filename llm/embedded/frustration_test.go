package embedded

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

var frustrationTrigger = handoff.Trigger{ID: "frustration", Description: "The user is frustrated or angry."}

// TestFrustrationInSupportChat covers what support chats say that looks
// like anger and is not, and anger that has no strong word.
func TestFrustrationInSupportChat(t *testing.T) {
	c := newTestClassifier(t, Config{}, frustrationTrigger)
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		// Declining a transfer is not anger.
		{"decline en", "No need to put me through to anyone, just send me the tracking link.", false},
		{"decline de", "Ich brauche keinen Berater, schicken Sie mir einfach die Unterlagen.", false},
		{"decline fr", "Pas besoin de me passer un conseiller, envoyez-moi juste le lien.", false},
		{"not yet", "No, not yet, I'll ask my flatmate first.", false},
		// Swearing at something else, or in praise.
		{"weather then a request", "Bloody hell, it's pouring in Leeds. Anyway, can I move my delivery to Friday?", false},
		{"weather then a request de", "Mistwetter heute. Egal, kann ich die Lieferung auf Freitag legen?", false},
		{"praise", "Your new blender is damn good. Do you sell spare jugs?", false},
		{"praise de", "Der Kuchen nach eurem Rezept war verdammt lecker. Gibt es die Form auch einzeln?", false},
		// Anger at oneself.
		{"self en", "I'm so annoyed at myself, I locked my card again. How do I unlock it?", false},
		{"self fi", "Olen vihainen itselleni, unohdin taas salasanan. Miten sen saa vaihdettua?", false},
		// A small problem, politely.
		{"no big deal", "The delivery was an hour late, no big deal. Can I get the receipt?", false},
		{"nicht schlimm", "Die Lieferung kam eine Stunde zu spät, nicht schlimm. Bekomme ich die Quittung?", false},
		{"pas grave", "La livraison avait une heure de retard, ce n'est pas grave. Je peux avoir le reçu ?", false},
		{"ei haittaa", "Toimitus myöhästyi tunnin, ei haittaa. Saanko kuitin?", false},
		// Exasperated repetition and sarcasm.
		{"third time", "This is the third time I'm asking about my refund. Is anyone even reading this?!", true},
		{"so done", "I'm so done with this company.", true},
		{"ca commence", "Ça commence à bien faire, je demande ça depuis une semaine.", true},
		{"fatt nog", "Jag har fått nog nu.", true},
		{"fatt nog neutral", "Tack, jag har fått nog med information.", false},
		{"zum vierten Mal", "Zum vierten Mal: meine Rückerstattung fehlt immer noch.", true},
		{"énième fois", "Pour la énième fois, mon remboursement n'est toujours pas arrivé.", true},
		{"kolmannen kerran", "Kirjoitan jo kolmannen kerran samasta asiasta. Aivan käsittämätöntä.", true},
		{"thanks for nothing", "Great, another automatic reply. Thanks for nothing.", true},
		{"na super", "Na super, wieder keine Antwort.", true},
		{"threat to leave", "If this isn't fixed by Monday I'm cancelling everything and never ordering here again.", true},
		// Hostility in each language.
		{"casse-toi", "Casse-toi, tu ne sers à rien !", true},
		{"ta gueule", "Ta gueule, espèce d'abruti.", true},
		{"painu", "Painu hiiteen, senkin ääliö!", true},
		{"tuki suusi", "Tuki suusi ja anna minun olla.", true},
		{"halt die Klappe", "Halt die Klappe, du Vollidiot!", true},
		{"how dare you", "How dare you talk to me like that?", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := c.Judge(handoff.Input{Transcript: user(tc.text)})[0]
			assert.Equal(t, tc.want, v.Fired(), "score %.2f", v.Score)
		})
	}
}

// TestFrustrationSignals checks how single sentences are read.
func TestFrustrationSignals(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		check      func(f frustrationSignals) bool
	}{
		{"one oath, not three", "Bloody hell!", func(f frustrationSignals) bool { return f.swear == 1 }},
		{"a decline is not a negation", "I don't need a human.", func(f frustrationSignals) bool { return f.negations == 0 }},
		{"Finnish negation verb", "En anna sen tapahtua.", func(f frustrationSignals) bool { return f.negations == 1 }},
		{"French ne ... plus", "Je ne viendrai plus.", func(f frustrationSignals) bool { return f.negations == 1 }},
		{"sarcastic praise is not praise", "Oh great, broken again.", func(f frustrationSignals) bool { return f.positive == 0 && f.exasper > 0 }},
		{"please is polite, its vous is not confrontation", "Oui, en bleu s'il vous plaît.", func(f frustrationSignals) bool { return f.confront == 0 && f.polite == 1 }},
		{"a French prohibition is a command", "Ne me parlez pas comme ça.", func(f frustrationSignals) bool { return f.commands == 1 }},
		{"a transactional turn", "My invoice is wrong.", func(f frustrationSignals) bool { return f.transact }},
		{"a challenging question", "C'est ça, votre excuse ?", func(f frustrationSignals) bool { return f.questions == 1 }},
		{"asking is not challenging", "Où est mon colis ?", func(f frustrationSignals) bool { return f.questions == 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ti := analyseTurn(handoff.RoleUser, tc.text)
			assert.True(t, tc.check(ti.fsig), "%+v", ti.fsig)
		})
	}
}
