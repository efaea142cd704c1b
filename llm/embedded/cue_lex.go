package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// cueLex names, in the supported languages, the things admins write in
// trigger descriptions: a failure of the assistant and its answers, an
// emotion. countLex reads how many failures a description asks for.
func cueLex() []text.Entry {
	return concat(
		entries(catFailCue,
			"fail*", "failure*", "(could not|can not|did not|does not|cannot|unable to|failed to) ~2 answer*|help*|understand*|respond*|reply|solve",
			"couldnt|cant|didnt|doesnt answer*|help*|understand*|respond*|reply", "no|wrong|bad|nonsens*|senseless answer*|repl*|respons*",
			"not|no ~2 sensible|useful|helpful|relevant|coherent", "misunderst*", "nonsens*", "breakdown", "broke down", "incoherent",
			"off topic", "unhelpful", "does not know", "stuck", "loop*",
			"scheiter*", "versag*", "fehlschl*", "nicht ~2 verstanden|verstehen|beantworten|beantwortet|helfen|weiterhelfen|antworten",
			"keine ~2 antwort*|hilfe", "falsche antwort*", "unsinn*", "sinnlos*", "missverst*",
			"echou*", "echec*", "pas ~3 compris|comprendre|repondre|aider|su|pu", "mauvaise* reponse*", "incompr*", "absurde*",
			"epaonnistu*", "ei|eivat|en ~2 ymmartanyt|ymmarra|osannut|osaa|pystynyt|pysty|vastannut|vastaa|auttanut|auta",
			"vaara* vastau*", "jarjeto*", "vaarin",
			"falla*", "fallo*", "no ~2 entendio|entiende|supo|pudo|responde|respondio|ayudo", "respuesta* (incorrecta*|sin sentido)",
			"fallit*", "fallisc*", "fallimento", "non ~2 (ha capito|capisce|sa|ha saputo|ha potuto|risponde|aiuta)",
			"risposta* sbagliata*|insensata*",
			"faal*", "mislukt", "mislukken", "niet ~2 begrepen|begrijpt|beantwoord|beantwoorden|helpen|geholpen",
			"misslyck*", "inte ~2 forstatt|forstar|forstod|svarat|svara|hjalpt|hjalpa", "fel* svar",
			"falh*", "nao ~2 entendeu|entende|soube|conseguiu|respondeu|responde|ajudou", "resposta* (errada*|sem sentido)",
			// the negation after the verb ("versteht den Nutzer nicht", "ne comprend pas", "förstår inte")
			"versteht|verstand|verstehen|beantwortet|beantwortete|hilft|half|antwortet|antwortete ~3 nicht",
			"comprend|comprennent|comprenait|repond|repondent|repondait|aide|sait ~1 pas",
			"begrijpt|begreep|beantwoordt|beantwoordde|helpt|hielp|snapt ~3 niet",
			"forstar|forstod|svarar|svarade|hjalper|hjalpte ~2 inte",
		),
		entries(catAnswerCue,
			"attempt*", "tries", "versuch*", "tentative*", "yritykse*", "yrityst*", "intento*", "tentativ*", "poging*", "forsok*",
			"answer*", "repl*", "respon*", "assistant*", "bot", "chatbot*",
			"antwort*", "beantwort*", "assistent*", "reponse*", "repondre", "assistant*", "vastau*", "vastaa*", "vastata",
			"avustaja*", "respuesta*", "responder", "asistente*", "rispost*", "rispondere", "assistente*", "antwoord*",
			"assistent*", "svar*", "assistenten", "resposta*", "assistente",
			// the Scandinavian definite forms of "bot", read in descriptions only ("Boten förstår inte")
			"boten", "botten", "roboten", "chatboten", "chatbotten",
		),
		entries(catFrustrationCue,
			"frustrat*", "angry", "anger", "annoy*", "upset", "irritat*", "furious", "mad", "rage", "enraged", "fed up",
			"exasperat*", "outrag*", "hostile", "aggressiv*", "impatien*", "dissatisf*", "unhappy",
			"frustrier*", "frust", "wutend*", "wut", "verargert*", "arger*", "genervt*", "sauer", "aufgebracht*", "emport*",
			"ungeduldig*", "unzufrieden*",
			"frustre*", "frustration", "colere", "enerve*", "fache*", "agace*", "irrite*", "furieu*", "exaspere*",
			"mecontent*", "impatien*",
			"turhautu*", "vihai*", "viha", "vihastu*", "arty*", "arsyyntyn*", "arsytty*", "suuttu*", "kiukku*", "kiukusta*",
			"raivo*", "tyytymat*", "arsyyntyy",
			"frustrad*", "frustracion", "enojad*", "enfadad*", "molest*", "furios*", "irritad*", "ira", "rabia", "cabread*",
			"frustrat*", "arrabbiat*", "infastidit*", "irritat*", "rabbia", "seccat*", "incazzat*",
			"gefrustreerd*", "frustratie", "boos", "kwaad", "geirriteerd*", "geergerd*", "woedend*", "geagiteerd*",
			"frustrerad*", "arg", "arga", "ilska*", "ilsken", "irriterad*", "upprord*", "forbannad*",
			"frustrad*", "zangad*", "irritad*", "chatead*", "bravo", "brava", "raiva", "furios*",
		),
	)
}

// countLex maps counts written in words to their value ("twice" is 2).
func countLex() []text.Entry {
	return concat(
		entries(2, "twice", "two|2 times", "more than once", "repeatedly", "several times", "again and again",
			"zweimal", "zwei|2 mal", "mehrmals", "wiederholt", "deux|2 fois", "plusieurs fois", "a plusieurs reprises",
			"kahdesti", "kaksi|kahdesti|2 kertaa", "useasti", "toistuvasti", "monta kertaa",
			"dos|2 veces", "varias veces", "repetidamente", "due|2 volte", "piu volte", "ripetutamente",
			"twee|2 keer", "tweemaal", "herhaaldelijk", "meerdere keren", "tva|2 ganger", "flera ganger", "upprepade ganger",
			"duas|2 vezes", "varias vezes"),
		entries(3, "thrice", "three|3 times", "dreimal", "drei|3 mal", "trois|3 fois", "kolmesti", "kolme|3 kertaa",
			"tres|3 veces", "tre|3 volte", "drie|3 keer", "driemaal", "tre|3 ganger", "tres|3 vezes"),
		entries(4, "four|4 times", "viermal", "quatre|4 fois", "nelja|4 kertaa", "cuatro|4 veces", "quattro|4 volte",
			"vier|4 keer", "fyra|4 ganger", "quatro|4 vezes"),
		entries(5, "five|5 times", "funfmal", "cinq|5 fois", "viisi|5 kertaa", "cinco|5 veces", "cinque|5 volte",
			"vijf|5 keer", "fem|5 ganger", "cinco|5 vezes"),
	)
}
