package embedded

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// TestFunctionWordsAreNeutral guards against words of one language that
// mean something charged in another ("die" in German is "the", "lei" in
// Italian is "she"): the commonest words of each language must not count
// as anger, a sensitive topic, a person to talk to or a command.
func TestFunctionWordsAreNeutral(t *testing.T) {
	common := map[string]string{
		"en": "the a an and or of to in on at for with is are was were be been have has had do does did it this that these those he she they we i you my your his her our their me him them which who when where how not no yes so but if then than as by from up down out about into over after before very can could will would should may might must also only more most some any all each every other such own same too here there again",
		"de": "der die das den dem des ein eine einen einem einer und oder aber nicht kein ist sind war waren sein haben hat hatte ich du er sie es wir ihr mein dein unser euer mit von zu im in an auf aus bei nach vor über unter durch für ohne um wie wer wo wann warum so auch nur noch schon doch mal ja nein hier da dort jetzt heute morgen gut groß klein alle viel mehr",
		"fr": "le la les un une des du de et ou mais ne pas est sont était être avoir a ai as avons je tu il elle nous vous ils elles mon ma mes ton ta tes son sa ses notre votre leur avec dans sur pour par sans sous chez que qui où quand pourquoi si oui non ici là très aussi encore déjà tout tous toute plus moins fait faire dit dire",
		"fi": "ja tai mutta on oli ovat olen olet olemme ei en et emme se ne hän me te he minä sinä mä sä tämä tuo nämä kuka missä milloin miten miksi kun jos niin myös vain jo vielä nyt täällä siellä paljon kaikki joka sitä sen hänen minun sinun meidän kanssa ilman kautta",
		"es": "el la los las un una y o pero no es son era ser estar está tengo tiene yo tú él ella nosotros vosotros ellos mi tu su nuestro con en de del al por para sin sobre quién dónde cuándo si sí aquí allí muy también todo todos más menos ya ahora",
		"it": "il lo la i gli le un una e o ma non è sono era essere avere ho hai io tu lui lei noi voi loro mio tuo suo nostro con in di del da per su senza chi dove quando perché se sì qui là molto anche tutto più meno già ora",
		"nl": "de het een en of maar niet geen is zijn was waren hebben heeft ik jij je hij zij wij jullie mijn jouw onze met van voor op in uit bij naar over zonder dat wie waar wanneer hoe waarom als ja nee hier daar nu heel ook alles meer minder al",
		"sv": "en ett den det de och eller men inte är var vara har hade jag du han hon vi ni min din hans hennes vår med av för på i till från om utan som vem när hur varför ja nej här där nu mycket också allt mer mindre redan",
		"pt": "o a os as um uma e ou mas não é são era ser estar tenho tem eu tu ele ela nós eles meu teu seu nosso com em de do da por para sem sobre quem onde quando porque se sim aqui ali muito também tudo mais menos já agora",
	}
	charged := map[int]string{catInsult: "insult", catHostile: "hostile", catExasper: "exasperation", catNegEval: "negative judgement",
		catNegVal: "negative word", catFrustrationCue: "emotion", catCommand: "command", catLegal: "legal", catMedical: "medical",
		catFraud: "fraud", catSecurity: "security", catClosure: "closure", catSelfHarm: "self-harm", catHumanStrong: "human",
		catHumanMedium: "agent"}
	for lang, words := range common {
		for _, w := range strings.Fields(words) {
			ti := analyseTurn(handoff.RoleUser, w)
			for _, m := range ti.ms {
				if what, ok := charged[m.Value]; ok {
					assert.Failf(t, "a common word is charged", "%s %q counts as %s", lang, w, what)
				}
			}
		}
	}
}
