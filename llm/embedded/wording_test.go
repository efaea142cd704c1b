package embedded

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// builtinTriggers are the four kinds as a deployment configures them.
func builtinTriggers(t *testing.T) *Classifier {
	return newTestClassifier(t, Config{},
		handoff.Trigger{ID: "explicit_request", Kind: "human_request", Description: "The user asks to talk to a human."},
		handoff.Trigger{ID: "frustration", Kind: "frustration", Description: "The user is frustrated or angry."},
		handoff.Trigger{ID: "bot_failure", Kind: "bot_failure", Description: "The assistant failed twice."},
		handoff.Trigger{ID: "sensitive_topic", Kind: "sensitive", Description: "A sensitive topic."},
	)
}

// Our own wordings of each intent, per language: how admins describe a
// trigger. They are test cases written for this test, not taken from any
// evaluation file.
var describedKinds = []struct {
	lang, text string
	kind       Kind
}{
	// A request for a human.
	{"en", "The customer asks to be put through to a human being (staff, agent, operator, advisor) instead of the bot.", KindHumanRequest},
	{"en", "Customer requests a representative.", KindHumanRequest},
	{"en", "The caller wants to be transferred to an advisor.", KindHumanRequest},
	{"en", "Visitor would rather chat with a team member.", KindHumanRequest},
	{"en", "Escalation to a specialist is requested.", KindHumanRequest},
	{"en", "User needs to reach an employee.", KindHumanRequest},
	{"en", "The client insists on being served by a person, not the assistant.", KindHumanRequest},
	{"en", "Hand the chat over to a live agent when the user asks for it.", KindHumanRequest},
	{"en", "Someone wants to speak with someone.", KindHumanRequest},
	{"en", "The user asks for a person.", KindHumanRequest},
	{"en", "The user wants a person.", KindHumanRequest},
	{"en", "Customer requests someone.", KindHumanRequest},
	{"en", "The user asks about a person's account.", KindNone},
	{"en", "The user asks for a person's address.", KindNone},
	{"en", "Someone asks for a refund.", KindNone},
	{"en", "User wants to leave the chatbot and chat with support.", KindHumanRequest},
	{"de", "Der Nutzer möchte mit dem Support sprechen.", KindHumanRequest},
	{"fr", "Le client veut contacter le support.", KindHumanRequest},
	{"en", "The user asks about support for Linux.", KindNone},
	{"en", "Support plans and their prices.", KindNone},
	{"en", "User asks to be transferred.", KindHumanRequest},
	{"en", "The customer would like to be contacted.", KindHumanRequest},
	{"es", "El cliente pide ser transferido.", KindHumanRequest},
	{"fi", "Käyttäjä pyytää yhteydenottoa.", KindHumanRequest},
	{"en", "User wants a phone call from us.", KindHumanRequest},
	{"en", "The user no longer wants to talk to the bot.", KindHumanRequest},
	{"de", "Nutzer will nicht mehr mit dem Bot reden.", KindHumanRequest},
	{"fr", "Le client ne veut plus parler au robot.", KindHumanRequest},
	{"en", "The user wants money to be transferred to another account.", KindNone},
	{"en", "The user wants to transfer money.", KindNone},
	{"en", "Questions about phone call charges.", KindNone},
	{"en", "The user asks about the bot's features.", KindNone},
	{"en", "The user does not want the bot to store their data.", KindNone},
	{"en", "The user wants to be called by their first name.", KindNone},
	{"de", "Der Nutzer will nicht, dass der Bot seine Daten speichert.", KindNone},
	{"fr", "Le client ne veut pas que le robot enregistre ses données.", KindNone},
	{"sv", "Användaren vill inte prata med boten.", KindHumanRequest},
	{"es", "El cliente no quiere hablar con el bot.", KindHumanRequest},
	{"en", "User writes in all caps and is shouting.", KindFrustration},
	{"de", "Der Assistent versteht den Nutzer nicht.", KindBotFailure},
	{"fr", "Le bot ne comprend pas la demande.", KindBotFailure},
	{"nl", "De bot begrijpt de vraag niet.", KindBotFailure},
	{"sv", "Boten förstår inte frågan.", KindBotFailure},
	{"fr", "Questions de santé.", KindSensitive},
	{"fr", "Le client demande à être transféré.", KindHumanRequest},
	{"it", "L'utente chiede di essere trasferito.", KindHumanRequest},
	{"pt", "O cliente pede para ser transferido.", KindHumanRequest},
	{"de", "Der Nutzer will nicht mit dem Bot reden.", KindHumanRequest},
	{"de", "Der Kunde verlangt einen Ansprechpartner.", KindHumanRequest},
	{"de", "Nutzer will zu einem Sachbearbeiter durchgestellt werden.", KindHumanRequest},
	{"de", "Wunsch nach Weiterleitung an den Kundenservice.", KindHumanRequest},
	{"de", "Die Person fragt nach einem echten Menschen.", KindHumanRequest},
	{"fr", "Le client demande un conseiller.", KindHumanRequest},
	{"fr", "L'usager veut être mis en relation avec un interlocuteur humain.", KindHumanRequest},
	{"fr", "Demande de mise en relation avec le service client.", KindHumanRequest},
	{"fi", "Asiakas haluaa puhua työntekijän kanssa.", KindHumanRequest},
	{"fi", "Käyttäjä pyytää siirtoa asiakaspalvelijalle.", KindHumanRequest},
	{"fi", "Asiakas toivoo pääsevänsä puhumaan oikean ihmisen kanssa.", KindHumanRequest},
	{"es", "El cliente pide hablar con un asesor.", KindHumanRequest},
	{"es", "El usuario solicita ser transferido a un operador.", KindHumanRequest},
	{"it", "Il cliente chiede di parlare con un operatore.", KindHumanRequest},
	{"nl", "De klant wil doorverbonden worden met een medewerker.", KindHumanRequest},
	{"sv", "Kunden ber att få prata med en handläggare.", KindHumanRequest},
	{"pt", "O cliente pede para falar com um atendente.", KindHumanRequest},
	{"pl", "Klient chce rozmawiać z konsultantem.", KindHumanRequest},
	{"tr", "Müşteri bir temsilciyle konuşmak istiyor.", KindHumanRequest},
	{"ru", "Клиент хочет поговорить с оператором.", KindHumanRequest},
	{"ja", "ユーザーがオペレーターと話したい。", KindHumanRequest},
	{"zh", "用户要求转人工客服。", KindHumanRequest},
	{"ar", "العميل يريد التحدث مع موظف.", KindHumanRequest},
	{"en", "Customer would like a callback from our team.", KindHumanRequest},
	{"en", "The user requests live assistance.", KindHumanRequest},
	{"en", "Human agent needed", KindHumanRequest},
	{"en", "User prefers talking to people over bots", KindHumanRequest},
	{"en", "Transfer to agent", KindHumanRequest},
	{"en", "Connect the user with support staff.", KindHumanRequest},
	{"de", "Der Kunde will mit jemandem reden.", KindHumanRequest},
	{"de", "Kunde verlangt Rückruf", KindHumanRequest},
	{"fr", "Le client veut joindre quelqu'un.", KindHumanRequest},
	{"fr", "L'utilisateur demande un humain.", KindHumanRequest},
	{"fi", "Asiakas haluaa asiakaspalveluun.", KindHumanRequest},
	{"fi", "Asiakas jättää soittopyynnön.", KindHumanRequest},
	{"es", "El cliente pide un agente humano.", KindHumanRequest},
	{"pt", "Cliente quer atendimento humano.", KindHumanRequest},
	{"it", "L'utente chiede un operatore.", KindHumanRequest},
	{"nl", "Klant wil een mens spreken.", KindHumanRequest},
	{"sv", "Kunden vill bli kopplad till en handläggare.", KindHumanRequest},
	// Other kinds.
	{"en", "The customer is upset.", KindFrustration},
	{"en", "User is rude or insulting.", KindFrustration},
	{"en", "The customer uses swear words.", KindFrustration},
	{"en", "The user complains and is losing patience.", KindFrustration},
	{"de", "Der Kunde wird beleidigend.", KindFrustration},
	{"fr", "L'utilisateur est grossier.", KindFrustration},
	{"fi", "Asiakas kiroilee.", KindFrustration},
	{"es", "El cliente dice palabrotas.", KindFrustration},
	{"en", "Reports of fraud or a hacked account.", KindSensitive},
	{"en", "The user swears that the payment was made.", KindNone},
	{"en", "The user reports an injury.", KindSensitive},
	{"en", "The user asks about the yellow plan.", KindNone},
	{"it", "L'utente si rivolge a noi per un reclamo.", KindNone},
	{"pt", "O usuário pede que o bot crie uma conta.", KindNone},
	{"fr", "Le client devient injurieux.", KindFrustration},
	{"en", "User expresses anger.", KindFrustration},
	{"en", "Customer is fed up.", KindFrustration},
	{"en", "The user is annoyed or impatient.", KindFrustration},
	{"en", "Negative sentiment from the user.", KindFrustration},
	{"en", "Dissatisfied customer.", KindFrustration},
	{"en", "The user is unhappy with the answers.", KindFrustration},
	{"de", "Der Kunde ist sauer.", KindFrustration},
	{"de", "Kunde ist genervt oder ungeduldig.", KindFrustration},
	{"fr", "Le client est en colère.", KindFrustration},
	{"fr", "Le client est mécontent.", KindFrustration},
	{"fi", "Käyttäjä on vihainen tai ärtynyt.", KindFrustration},
	{"es", "El usuario está enfadado.", KindFrustration},
	{"es", "El cliente está molesto.", KindFrustration},
	{"it", "L'utente è arrabbiato.", KindFrustration},
	{"nl", "De klant is boos.", KindFrustration},
	{"sv", "Kunden är arg.", KindFrustration},
	{"pt", "O cliente está irritado.", KindFrustration},
	{"en", "The chatbot couldn't help after 2 attempts.", KindBotFailure},
	{"en", "Bot gives wrong answers repeatedly.", KindBotFailure},
	{"en", "The assistant misunderstood the user three times.", KindBotFailure},
	{"en", "After three failed attempts.", KindBotFailure},
	{"de", "Der Bot konnte zweimal nicht helfen.", KindBotFailure},
	{"fr", "Le bot n'a pas compris deux fois.", KindBotFailure},
	{"fi", "Botti ei ymmärtänyt kahdesti.", KindBotFailure},
	{"en", "Anything about lawyers, lawsuits or the police.", KindSensitive},
	{"en", "Medical questions.", KindSensitive},
	{"en", "GDPR requests.", KindSensitive},
	{"en", "Suicide or self-harm.", KindSensitive},
	{"en", "Stolen cards.", KindSensitive},
	{"de", "Betrugsverdacht.", KindSensitive},
	{"en", "The user is angry at the company.", KindFrustration},
	{"en", "The customer is annoyed.", KindFrustration},
	{"de", "Der Kunde ist verärgert.", KindFrustration},
	{"fr", "Le client est énervé.", KindFrustration},
	{"en", "The bot failed three times.", KindBotFailure},
	{"en", "The assistant could not answer twice.", KindBotFailure},
	{"en", "Legal threats or fraud.", KindSensitive},
	{"de", "Betrug oder Gesundheitsfragen.", KindSensitive},
	// Not about a person: judged by their words.
	{"en", "The person asks about refunds.", KindNone},
	{"en", "Someone talks about refunds.", KindNone},
	{"en", "The user mentions a person they met in the shop.", KindNone},
	{"de", "Jemand spricht über Rückerstattungen.", KindNone},
	{"en", "The customer wants a refund of more than 100 EUR.", KindNone},
	{"en", "Questions about the staff discount.", KindNone},
	{"de", "Der Kunde möchte seine Adresse ändern.", KindNone},
	{"fr", "Le client veut annuler sa commande.", KindNone},
}

func TestDescribedKinds(t *testing.T) {
	for _, tc := range describedKinds {
		t.Run(tc.lang+" "+tc.text, func(t *testing.T) {
			c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "x", Description: tc.text})
			k, ok := c.Kind("x")
			require.True(t, ok)
			assert.Equal(t, tc.kind, k)
		})
	}
}

// Questions about the bot, in every supported language, never hand off.
var botQuestions = []string{
	"are you a bot?", "tell me, are you a bot?", "Are you a real person?", "am I talking to a machine?", "is this an AI?",
	"Bist du ein Bot?", "Sind Sie ein Mensch?", "Rede ich mit einer Maschine?",
	"Tu es un robot ?", "Êtes-vous humain ?", "Est-ce que je parle à un robot ?",
	"oletko botti?", "Oletko ihminen?", "Puhunko koneen kanssa?",
	"¿Eres un bot?", "¿Estoy hablando con una máquina?",
	"Sei un bot?", "Sto parlando con un robot?",
	"Ben je een bot?", "Praat ik met een robot?",
	"Är du en bot?", "Pratar jag med en robot?",
	"Você é um robô?", "Estou falando com um robô?",
	"Jesteś botem?", "Czy jesteś człowiekiem?",
	"Sen bot musun?", "Gerçek bir insan mısın?",
	"Ты бот?", "Вы человек?",
	"あなたはボットですか？", "你是机器人吗？", "هل أنت روبوت؟",
	"Er du en bot?", "Jsi robot?",
}

func TestBotQuestionsNeverHandOff(t *testing.T) {
	c := builtinTriggers(t)
	for _, q := range botQuestions {
		t.Run(q, func(t *testing.T) {
			d := fires(t, c, user(q))
			assert.False(t, d.Handoff, d.Reason)
		})
	}
}

func TestAmountHoldsWithExamples(t *testing.T) {
	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "refund_over_100", Description: "refund of more than 100 EUR",
		Examples: []string{"Ich möchte 250 € erstattet bekommen"}})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Ich möchte 20 € erstattet bekommen", false},
		{"Ich möchte 80 € erstattet bekommen", false},
		{"I want a refund of 80 EUR", false},
		{"Ich möchte 300 € erstattet bekommen", true},
		{"I want a refund of 150 EUR", true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Contains(t, d.Reason, "> 100", "the reason names the amount condition met")
				assert.Contains(t, d.Reason, "concept:refund")
			}
		})
	}
}

// Where concepts of a description start at one word, the longest phrase is
// read: "their money back" is a refund, not money and a word "back". Read
// as money and "back", the description fired on a user who wants to pay:
// any turn about money and an order over the amount filled it.
func TestLongestConceptOfADescription(t *testing.T) {
	desc := "The customer wants their money back for an order that cost more than 200 euros."
	alts := describe(desc, true)
	require.Len(t, alts, 1)
	var concepts []int
	var words []string
	for _, s := range alts[0].slots {
		if s.concept != 0 {
			concepts = append(concepts, s.concept)
		} else {
			words = append(words, s.stem)
		}
	}
	assert.Contains(t, concepts, cRefund)
	assert.NotContains(t, concepts, cMoney)
	assert.NotContains(t, words, "back")

	c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "refund_big", Description: desc})
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"I want to pay the 300 euros for my order by bank transfer", false},
		{"Ich möchte die 300 Euro für meine Bestellung per Überweisung zahlen", false},
		{"Give me my money back! I paid 450€ for this order", true},
		{"I want a refund for my order, it cost 350 euros and arrived broken", true},
		{"Ich will eine Rückerstattung für meine Bestellung über 300 Euro", true},
		{"I want my money back for the 50 euro order", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Contains(t, d.Reason, "concept:refund")
			}
		})
	}
}

// The concepts of a generic trigger are read in the words users use for
// them, in several languages: damage named by what happened to the thing,
// a parcel that should have come, a mistake on a bill. What only shares a
// word's other sense does not fire.
func TestConceptsInUsersWords(t *testing.T) {
	c := newTestClassifier(t, Config{},
		handoff.Trigger{ID: "late_delivery", Description: "A parcel is late or has not arrived."},
		handoff.Trigger{ID: "damaged", Description: "The product arrived broken or damaged."},
		handoff.Trigger{ID: "invoice_error", Description: "The user reports a mistake on their invoice."})
	for _, tc := range []struct {
		text string
		want string // the trigger, or "" for none
	}{
		{"Where is my parcel? It should have arrived on Monday", "late_delivery"},
		{"My parcel never showed up", "late_delivery"},
		{"Le colis aurait dû arriver hier", "late_delivery"},
		{"Mein Paket ist überfällig", "late_delivery"},
		{"The vase arrived smashed to pieces", "damaged"},
		{"My new phone came with a cracked screen", "damaged"},
		{"Das Glas kam zerbrochen an", "damaged"},
		{"Meine Rechnung ist falsch", "invoice_error"},
		{"Il y a une erreur sur ma facture", "invoice_error"},
		{"Laskussani on virhe", "invoice_error"},
		{"My payment was due yesterday, can I still pay?", ""},
		{"How long does delivery usually take?", ""},
		{"Ist die Rechnung schon verschickt?", ""},
		{"How do I pack a fragile item for return?", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			if tc.want == "" {
				assert.False(t, d.Handoff, d.Reason)
				return
			}
			assert.True(t, d.Handoff, d.Reason)
			assert.Equal(t, []string{tc.want}, d.Triggers, d.Reason)
		})
	}
}

// Requests for a human in the languages beyond the nine with full
// knowledge, and declines in them.
var moreLanguages = []struct {
	lang, text string
	want       bool
}{
	{"pl", "Chcę rozmawiać z konsultantem", true},
	{"pl", "Proszę połączyć mnie z człowiekiem", true},
	{"pl", "Czy mogę porozmawiać z prawdziwą osobą?", true},
	{"cs", "Chci mluvit s operátorem", true},
	{"cs", "Prosím, spojte mě s člověkem", true},
	{"tr", "Bir insanla konuşmak istiyorum", true},
	{"tr", "Lütfen beni müşteri temsilcisine bağlayın", true},
	{"ru", "Я хочу поговорить с оператором", true},
	{"ru", "Соедините меня с живым человеком, пожалуйста", true},
	{"da", "Jeg vil gerne tale med et menneske", true},
	{"no", "Kan jeg snakke med en medarbeider?", true},
	{"ja", "オペレーターと話したいです", true},
	{"ja", "人間の担当者に繋いでください", true},
	{"zh", "我要转人工客服", true},
	{"zh", "我想和真人说话", true},
	{"ar", "أريد التحدث مع موظف", true},
	{"ar", "من فضلك حولني إلى خدمة العملاء", true},
	{"ru", "Мне не нужен оператор", false},
	{"pl", "Nie chcę rozmawiać z konsultantem", false},
	{"zh", "我不要人工客服", false},
}

func TestRequestsInMoreLanguages(t *testing.T) {
	c := builtinTriggers(t)
	for _, tc := range moreLanguages {
		t.Run(tc.lang+" "+tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			assert.Equal(t, tc.want, d.Handoff, d.Reason)
			if tc.want {
				assert.Equal(t, []string{"explicit_request"}, d.Triggers)
			}
		})
	}
}

// A turn in a language without lexicons is never a confident no, and the
// reason says so; the cascade's default no_handoff_confidence is 0.9.
func TestUnknownLanguageIsNotAConfidentNo(t *testing.T) {
	c := builtinTriggers(t)
	for _, tc := range []struct{ text, lang string }{
		{"Szeretnék beszélni egy ügyintézővel", "Hungarian"},
		{"Θέλω να μιλήσω με έναν άνθρωπο", "Greek"},
		{"상담원과 통화하고 싶어요", "Korean"},
		{"Nais kong makipag-usap sa isang tao", "an unknown language"},
		// Known for requests only: other kinds are not a confident no.
		{"Zgubiłem wczoraj kartę", "Polish"},
		{"Меня это бесит", "Russian"},
		{"Kartım çalındı", "Turkish"},
		// A problem report with a negation or a word that looks like ours
		// is no frustration where frustration is not known.
		{"Mam problem z kartą", "Polish"},
		{"Моя карта не работает", "Russian"},
		{"我的卡不能用了", "Chinese"},
		{"Min kort virker ikke", "Danish or Norwegian"},
	} {
		t.Run(tc.text, func(t *testing.T) {
			d := fires(t, c, user(tc.text))
			require.False(t, d.Handoff, d.Reason)
			assert.Less(t, d.Confidence, 0.9)
			assert.Contains(t, d.Reason, tc.lang)
		})
	}
	t.Run("the nine languages stay confident", func(t *testing.T) {
		for _, s := range []string{"What are your opening hours?", "Wann habt ihr geöffnet?", "Quels sont vos horaires ?",
			"Milloin olette auki?", "refund status", "ok"} {
			d := fires(t, c, user(s))
			assert.GreaterOrEqual(t, d.Confidence, 0.9, s)
			assert.NotContains(t, d.Reason, "not a confident no", s)
		}
	})
}

func TestRestrictions(t *testing.T) {
	t.Run("anger about a double charge needs the charge", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "angry_charge", Description: "The user is angry about a double charge."})
		k, _ := c.Kind("angry_charge")
		require.Equal(t, KindFrustration, k)
		d := fires(t, c, user("This is outrageous, you charged me twice for the same order!"))
		assert.True(t, d.Handoff, d.Reason)
		assert.Contains(t, d.Reason, "about dispute and charge")
		d = fires(t, c, user("This is outrageous, nobody ever answers my emails!"))
		assert.False(t, d.Handoff, d.Reason)
		d = fires(t, c, user("I was charged twice, could you check please?"))
		assert.False(t, d.Handoff, "a double charge without anger: %s", d.Reason)
	})
	t.Run("the description's count of failures decides", func(t *testing.T) {
		c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "bot_failure", Kind: "bot_failure",
			Description: "The bot failed three times.", FailedAnswers: 2})
		require.Equal(t, 3, c.Readings()[0].FailedAnswers)
		c = newTestClassifier(t, Config{}, handoff.Trigger{ID: "bot_failure", Kind: "bot_failure",
			Description: "The bot keeps failing.", FailedAnswers: 4})
		require.Equal(t, 4, c.Readings()[0].FailedAnswers)
	})
}

func TestAboutReadsOnlyWhatFollowsAbout(t *testing.T) {
	for _, tc := range []struct {
		desc  string
		about string // "" for no restriction
	}{
		{"The user is angry about a double charge.", "dispute and charge"},
		{"Der Kunde ist wütend wegen einer doppelten Abbuchung.", "dispute and charge"},
		{"Asiakas on vihainen kahdesti veloitetun maksun takia.", "dispute and charge"},
		{"The user is frustrated or angry with the service, the company or the bot: they complain of being ignored or kept waiting, or threaten to leave.", ""},
		{"The user is frustrated or angry.", ""},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			c := newTestClassifier(t, Config{}, handoff.Trigger{ID: "f", Description: tc.desc})
			c.ready()
			require.Equal(t, KindFrustration, c.triggers[0].kind)
			if tc.about == "" {
				assert.Nil(t, c.triggers[0].about)
				return
			}
			require.NotNil(t, c.triggers[0].about)
			assert.Equal(t, tc.about, c.triggers[0].aboutNames())
		})
	}
}
