package embedded

import "github.com/handoff-mcp/handoff-mcp/llm/internal/text"

// Lexical categories reported by the matchers. The lexicons are written
// from general knowledge of each language (see docs/classifier.md); they are
// not fitted to any labelled data.
const (
	_ = iota // 0 is no category
	// Requests for a human.
	catHumanStrong // a human by nature: "human", "Mensch", "ihminen", "real person"
	catHumanMedium // a support role: "agent", "customer service", "supervisor"
	catHumanWeak   // someone at all: "someone", "jemand", "joku"
	catOtherSense  // "travel agent", "user agent", "human error": not a person to talk to
	catTalk        // talk, speak, contact, connect, transfer
	catWant        // want, need, would like, can I, please
	catHandoffVerb // escalate, transfer me, call me back: a handoff without a noun
	catBotNoun     // bot, robot, machine, AI
	catBotQuestion // "are you", "is this", "am I talking to"
	catNeg         // not, nicht, kein, pas, en halua, no, non, inte, geen
	catNegInterj   // "no", "nein", "non": a negation only right before what it negates
	catInstead     // "instead of", "statt", "au lieu de": negates what follows, without anger
	catPast        // yesterday, "called me", "hat gesagt": a past mention
	catPronoun1    // I, ich, je, minä: after a sentence-initial "no" it is an interjection
	catYes         // yes, ja, oui, kyllä: accepting an offer
	catInability   // "I can't reach anyone": a negation that asks for help
	catUrgent      // now, sofort, heti: urgency, which frames a request but does not make one
	catQuoted      // marks tokens inside quotation marks: reported speech, not the user\'s own words
	// The assistant's own words.
	catFailStrong // "I did not understand", "ich kann Ihnen nicht helfen": a failed answer
	catFailWeak   // "sorry", "I don't know": a failed answer, perhaps
	// Describing triggers and reading the assistant.
	catFailCue        // fail, could not answer, nicht verstanden: a failure described
	catAnswerCue      // answer, reply, Antwort, vastaus
	catFrustrationCue // frustrated, angry, wütend, turhautunut: the emotion named
	// Frustration and anger.
	catInsult     // idiot, Arschloch, connard, kusipää: calls someone something
	catSwear      // damn, Scheiße, putain, perkele: an expletive
	catHostile    // shut up, get out, leave me alone, how dare you, I'll kill you
	catExasper    // useless, ridiculous, waste of time, fed up, "still not"
	catNegEval    // liar, hate, disgusting, your fault
	catPositive   // thanks, love, great, wonderful: the opposite
	catDeesc      // "no problem", "nicht schlimm", "pas grave", "anyway": calms down
	catPolite     // please, bitte, s'il vous plaît, voisitko: asks politely
	catSelf       // "at myself", "mich selbst", "itselleni": the anger is at oneself
	catTransact   // order, invoice, Rechnung, colis, lasku: what customer service is about
	catIntensity  // so, really, totally, always, never again: raises what follows
	catNegVal     // bad, problem, broken, war, fear: negative things in general
	catYou        // you, du, vous, sinä: addressing someone
	catCommand    // stop, give, tell, hör auf, arrête, lopeta: a command when it opens a sentence
	catWhy        // why, warum, pourquoi, miksi: a why-question challenges
	catConfused   // "what?", "that makes no sense", "I didn't ask that": the reply failed
	catWhWord     // what, who, which, was, wer, quoi, mikä: opens an echo question
	catDisagree   // "no", "not true", "I don't know": the user pushes back
	catCorrection // "that's not what I asked", "das war nicht meine Frage": the reply missed
	catSatisfied  // "thanks", "that worked", "perfekt": the reply helped
	catAmountQ    // "how much", "when", "wie viel", "combien", "milloin": asks for a number or a time
	catHowQ       // "how do I", "wie kann ich", "comment", "miten": asks for a way to do something
	catInstruct   // "go to", "tap", "klicken Sie", "appuyez", "valitse": tells the user what to do
	catBecause    // because, weil, parce que, koska: gives a reason
	catSchedule   // on Sundays, weekends, samstags, le dimanche, opening hours: when, not now
	// Sensitive topics.
	catLegal        // lawyer, lawsuit, Anwalt, avocat, asianajaja
	catLegalTopic   // legal, GDPR, privacy, Datenschutz: the law named, without an action
	catLegalAct     // report, complaint, Beschwerde, signaler: an action under the law
	catProtect      // protect, prevent, schützen, suojata: a general question about a risk
	catMedical      // doctor, emergency, Arzt, lääkäri, overdose
	catFraud        // fraud, scam, stolen card, Betrug, huijaus
	catSecurity     // hacked, phishing, password leaked, data breach
	catClosure      // close my account, Konto kündigen, sulkea tili
	catSelfHarm     // suicide, hurt myself: always sensitive
	catSensitive    // "sensitive topic": all sensitive categories
	catSecurityName // "security", "Sicherheit", "tietoturva": names the category in a description
	numCats
)

// entries returns the patterns pats, all reporting cat.
func entries(cat int, pats ...string) []text.Entry {
	out := make([]text.Entry, len(pats))
	for i, p := range pats {
		out[i] = text.Entry{Pattern: p, Value: cat}
	}
	return out
}

// negationLex holds negators in the supported languages. Finnish negates
// with a conjugated verb ("en", "ei") that collides with French, Spanish and
// Swedish words, so it only counts before a connegative verb form.
func negationLex() []text.Entry {
	return concat(
		entries(catNeg,
			// en
			"not", "never", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "arent", "wasnt", "no need", "without",
			"nobody", "neither", "nor", "rather not", "no longer", "nothing",
			// de
			"nicht", "kein*", "nie", "niemals", "ohne", "niemand*", "nichts",
			// fr
			"pas", "jamais", "aucun*", "sans", "ni", "rien",
			// fi: a negation verb and the connegative form after it
			"en|et|ei|emme|ette|eivat halua|haluaisi|tarvitse|tarvitsisi|tahdo|kaipaa|pyyda|aio|ole|voi|puhu|halunnut|tarvinnut|pyytanyt|ollut|hae|vaadi",
			"ilman", "ala puhu|siirra|yhdista",
			// es, it, pt
			"nunca", "jamas", "ningun*", "ninguna", "sin", "tampoco", "nadie",
			"mai", "nessun*", "senza", "nemmeno", "neanche",
			"nao", "nenhum*", "sem", "nem", "ninguem",
			// nl, sv
			"niet", "geen", "nooit", "zonder", "niemand",
			"inte", "ej", "ingen", "inget", "inga", "aldrig", "ingen behov",
			"inutile de|d", "pas la peine de|d",
			// withdrawing: "never mind the human", "vergiss den Mitarbeiter"
			"never mind", "nevermind", "vergiss", "vergessen sie", "oubliez", "oublie", "laisse tomber", "unohda", "unohtakaa",
			"olvida", "olvidalo", "lascia perdere", "laat maar", "glom", "esquece",
		),
		entries(catInstead,
			"instead of", "rather than", "statt", "anstatt", "au lieu d|de|du", "plutot qu|que", "sijaan", "asemesta",
			"en vez de", "en lugar de", "invece di|del|della|dello", "in plaats van", "i stallet for", "em vez de", "ao inves de",
		),
		entries(catNegInterj, "no", "nope", "nah", "nein", "non", "ei", "nee", "nej", "nao"),
		entries(catYes, "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "please", "ja", "jawohl", "gerne", "gern", "oui",
			"ouais", "volontiers", "kylla", "joo", "juu", "si", "claro", "certo", "certamente", "graag", "jazeker", "sim",
			"garna", "absolutely", "definitely", "yes please"),
		entries(catPronoun1, "i", "ich", "je", "j", "mina", "ma", "yo", "io", "ik", "jag", "eu", "we", "wir", "nous", "me"),
	)
}

func concat(lists ...[]text.Entry) []text.Entry {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]text.Entry, 0, n)
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}
