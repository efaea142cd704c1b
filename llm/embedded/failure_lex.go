package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// instructionLex recognises an assistant telling the user what to do: the
// shape of an answer to "how do I ...?".
func instructionLex() []text.Entry {
	return entries(catInstruct,
		"go to", "tap", "click", "select", "open", "press", "dial", "enter", "type", "choose", "log in", "sign in", "visit",
		"you can", "you need to", "you ll need", "you will need", "simply", "under settings|profile|account|billing",
		"gehen sie", "tippen sie", "klicken sie", "wahlen sie", "offnen sie", "drucken sie", "rufen sie", "geben sie",
		"sie konnen", "du kannst", "unter einstellungen|profil|konto",
		"allez", "appuyez", "cliquez", "selectionnez", "ouvrez", "composez", "saisissez", "vous pouvez", "rendez vous",
		"mene|menkaa", "napauta", "klikkaa", "valitse", "avaa", "paina", "soita", "syota", "voit", "kohdassa",
		"vaya", "pulse", "haga clic", "seleccione", "abra", "marque", "puede", "vai su", "tocca", "clicca", "seleziona",
		"apri", "premi", "componi", "puoi", "ga naar", "tik", "klik", "selecteer", "druk", "u kunt", "je kunt", "ga till",
		"tryck", "klicka", "valj", "oppna", "du kan", "va para", "toque", "clique", "selecione", "pressione", "voce pode",
	)
}

// failureLex recognises an assistant that failed to answer, from its own
// words, in the supported languages. Strong phrases say so plainly ("I did
// not understand", "I can't help with that", "could you rephrase");
// weak ones often but not always mean it ("sorry", "I don't know").
func failureLex() []text.Entry {
	return concat(
		entries(catFailStrong,
			// en
			"i ~2 do|did|does not ~2 understand|understood|follow|get|catch", "didnt|dont understand|get|catch",
			"not sure what you mean", "not sure i understand|follow", "dont know what you mean", "do not know what you mean",
			"what do you mean", "i (can not|cannot|cant|am unable to|m unable to|am not able to|m not able to) ~3 (help|answer|assist|find|do that)",
			"unable to help|answer|assist|process|understand", "(could you|can you|please) ~2 (rephrase|reword|clarify|say that again)",
			"rephrase", "(try asking|ask) ~2 (differently|another way|in a different way)", "(do not have|dont have|have no) ~3 information|answer|details",
			"beyond|outside my ~2 capabilit*|knowledge|scope|possibilit*|abilit*|competence", "i am|m just|only (a bot|an ai|a virtual|a chatbot)",
			"something went wrong", "that is|s not something i can", "i m not sure how to help", "i am not sure how to help",
			"i (could not|couldnt|was unable to|wasnt able to|was not able to) ~3 (help|answer|find|understand|process|check|load|retrieve|get)",
			"(could not|couldnt|did not|didnt) find anything", "no results", "nothing found", "(do not|dont) have an answer",
			"(an|unexpected|technical|system) error", "error occurred", "try again later", "i did not|didnt catch", "still learning",
			"i do not|dont know how to (help|answer)",
			// de
			"nicht ~2 verstanden", "verstehe ~3 nicht", "versteh ~3 nicht", "kann ~4 nicht ~2 helfen|beantworten|weiterhelfen",
			"konnte ~4 nicht ~2 helfen|finden|beantworten", "anders formulieren", "umformulieren", "formulier* ~4 anders|um",
			"keine ~2 informationen|antwort", "weiss ich ~2 nicht", "weiss ich leider nicht", "etwas ist schiefgelaufen",
			"(was meinen sie|was meinst du)", "ich bin nur ein bot|chatbot",
			"nichts gefunden", "nicht ~2 gefunden", "keine ergebnisse", "keine antwort", "fehler ~2 aufgetreten",
			"(spater|nochmal|noch einmal) ~2 (erneut|versuchen)", "kann ~4 nicht finden", "konnte ~4 nicht ~2 abrufen|finden|laden|prufen",
			"mit anderen worten", "ich lerne noch",
			// fr
			"pas ~2 compris", "ne comprends pas", "comprends pas", "ne peux pas ~3 aider|repondre", "peux pas ~3 aider|repondre",
			"(pourriez vous|pouvez vous|peux tu|pourrais tu) ~2 reformuler|preciser", "reformuler", "pas d information*", "je ne sais pas",
			"que voulez vous dire", "une erreur s est produite", "je ne suis qu un",
			"je n ai rien trouve", "je n ai pas trouve", "rien trouve", "aucun resultat", "je n ai pas ~2 (de|la) reponse",
			"une erreur ~2 (produite|survenue)", "reessayez", "veuillez reessayer", "je ne trouve pas", "(dire|dites|formuler|formulez) ~2 autrement",
			"en d autres termes", "je suis encore en apprentissage",
			// fi
			"en ~2 ymmartanyt|ymmarra|ymmartaneet", "en ~3 osaa|pysty|voi ~3 vastata|auttaa|neuvoa", "en valitettavasti osaa",
			"muotoil* ~4 (toisin|uudelleen|eri tavalla)", "kysy* ~3 (toisin|toisella tavalla)", "ei ~2 tietoa", "mita tarkoitat",
			"en loytanyt", "jotain meni vikaan", "olen vain botti",
			"ei loytynyt", "ei tuloksia", "minulla ei ole ~2 vastausta|tietoa", "tapahtui virhe", "virhe tapahtui",
			"yrita ~2 myohemmin", "yrita uudelleen", "sano ~2 toisin", "toisin sanoin", "en ymmartanyt",
			// es
			"no ~2 entendi|entiendo|comprendo|comprendi", "no ~2 puedo ~3 ayudar*|responder", "reformular", "no tengo ~2 informacion",
			"no lo se", "que quieres decir", "algo salio mal", "solo soy un bot",
			"no (encontre|he encontrado)", "no hay resultados", "se produjo un error", "intentelo ~2 mas tarde",
			// it
			"non ~2 ho capito|capisco", "non ~2 posso ~3 aiutar*|rispondere", "riformulare", "riformula", "non ho ~2 informazioni",
			"non lo so", "cosa intendi", "qualcosa e andato storto", "sono solo un bot",
			"non ho trovato", "nessun risultato", "si e verificato un errore", "riprova ~2 piu tardi",
			// nl
			"begrijp ~3 niet", "niet ~2 begrepen", "kan ~4 niet ~2 helpen|beantwoorden", "anders formuleren", "herformuleren",
			"geen ~2 informatie", "weet ik ~2 niet", "wat bedoel je", "er ging iets mis", "ik ben maar een bot",
			"niets gevonden", "geen resultaten", "fout opgetreden", "probeer het ~2 later",
			// sv
			"forstar ~3 inte", "forstod ~3 inte", "kan ~4 inte ~2 hjalpa|svara", "omformulera", "formulera ~3 annorlunda",
			"ingen ~2 information", "vet ~2 inte", "vad menar du", "nagot gick fel", "jag ar bara en bot",
			"hittade inget", "inga resultat", "ett fel uppstod", "forsok igen senare",
			// pt
			"nao ~2 entendi|entendo|compreendi", "nao ~2 posso ~3 ajudar|responder", "reformular", "nao tenho ~2 informac*",
			"nao sei", "o que voce quer dizer", "algo deu errado", "sou apenas um bot",
			"nao encontrei", "nenhum resultado", "ocorreu um erro", "tente novamente mais tarde",
		),
		// A reply that lists what it can help with, or offers a menu, answers
		// nothing by itself; repeated, it is a failure.
		entries(catFailWeak,
			"i can ~2 help ~2 with ~3 questions", "i can only help", "please (choose|select|pick)", "choose one of",
			"ich helfe ~3 bei fragen", "ich kann ~2 nur ~3 helfen", "bitte wahlen sie", "wahlen sie ~3 aus",
			"je peux ~3 aider ~3 questions", "je peux seulement", "veuillez choisir", "choisissez",
			"voin auttaa ~4 (kysymyksissa|asioissa)", "voin auttaa vain", "valitse",
			"puedo ayudar ~3 con ~3 preguntas", "elija", "elige", "posso aiutar* ~3 domande", "scegli", "scelga",
			"ik kan ~3 helpen met ~3 vragen", "kies", "jag kan hjalpa ~3 med ~3 fragor", "valj", "posso ajudar ~3 com ~3 perguntas", "escolha",
		),
		entries(catFailWeak,
			"sorry", "apolog*", "unfortunately", "i do not know", "dont know", "no idea", "hmm", "i m not sure",
			"(do not|dont) have (any|the slightest|the faintest) idea", "no clue",
			"i am not sure", "entschuldig*", "leider", "tut mir leid", "keine ahnung", "desole*", "malheureusement",
			"aucune idee", "anteeksi", "valitettavasti", "pahoittel*", "en tieda", "lo siento", "disculp*", "lamentablemente",
			"ni idea", "mi dispiace", "purtroppo", "scusa*", "non saprei", "het spijt me", "helaas", "sorry", "geen idee",
			"tyvarr", "ursakta", "ingen aning", "desculp*", "infelizmente", "nao faco ideia", "lamento",
		),
	)
}
