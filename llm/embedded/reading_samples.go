package embedded

// sampleBank holds a few messages per kind and language that a reading
// offers as what would fire a trigger and what would not. Each is checked
// against the trigger before it is shown: a message that does not behave as
// its list says moves to the other list (a legal threat does not fire a
// trigger limited to fraud: that is worth showing too).
type samples struct{ fires, not []string }

var sampleBank = map[Kind]map[int]samples{
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

// neutralSamples are ordinary messages, for triggers judged by their words.
var neutralSamples = map[int][]string{
	langEN: {"What are your opening hours?", "Thanks, that helped!"},
	langDE: {"Wann haben Sie geöffnet?", "Danke, das hat geholfen!"},
	langFR: {"Quels sont vos horaires ?", "Merci, ça m'a aidé !"},
	langFI: {"Milloin olette auki?", "Kiitos, tämä auttoi!"},
}

// failureReplies are an assistant's plain failures, and a good answer, by
// language, to build the dialogues of a bot_failure reading.
var failureReplies = map[int][3]string{ // question, failure, good answer
	langEN: {"How do I change my address?", "Sorry, I didn't understand that.", "Go to Settings > Profile > Address and tap Edit."},
	langDE: {"Wie ändere ich meine Adresse?", "Das habe ich leider nicht verstanden.", "Gehen Sie zu Einstellungen > Profil > Adresse und tippen Sie auf Bearbeiten."},
	langFR: {"Comment changer mon adresse ?", "Désolé, je n'ai pas compris.", "Allez dans Réglages > Profil > Adresse et appuyez sur Modifier."},
	langFI: {"Miten vaihdan osoitteeni?", "Anteeksi, en ymmärtänyt.", "Valitse Asetukset > Profiili > Osoite ja paina Muokkaa."},
}
