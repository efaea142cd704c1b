package handoff

// DefaultMessages returns the built-in templates in English, German, French
// and Finnish.
func DefaultMessages() Messages {
	return Messages{
		MsgAccepted: {
			"en": "I've passed our conversation to a member of our team. A person will take over here{wait}; you don't need to repeat anything.",
			"de": "Ich habe unser Gespräch an jemanden aus unserem Team übergeben. Eine Person übernimmt hier{wait}; Sie müssen nichts wiederholen.",
			"fr": "J'ai transmis notre conversation à un membre de notre équipe. Une personne va prendre le relais ici{wait} ; vous n'avez rien à répéter.",
			"fi": "Siirsin keskustelumme tiimimme jäsenelle. Ihminen jatkaa tästä{wait}; sinun ei tarvitse toistaa mitään.",
		},
		MsgQueued: {
			"en": "I've passed your request to our team. Their system is slow to respond right now, so it may take a little longer until a person takes over here; you don't need to repeat anything.",
			"de": "Ich habe Ihre Anfrage an unser Team weitergegeben. Sein System antwortet gerade langsam, daher kann es etwas länger dauern, bis eine Person hier übernimmt; Sie müssen nichts wiederholen.",
			"fr": "J'ai transmis votre demande à notre équipe. Son système répond lentement en ce moment, il faudra donc peut-être un peu plus de temps avant qu'une personne prenne le relais ici ; vous n'avez rien à répéter.",
			"fi": "Välitin pyyntösi tiimillemme. Heidän järjestelmänsä vastaa juuri nyt hitaasti, joten voi kestää hetken pidempään ennen kuin ihminen jatkaa tästä; sinun ei tarvitse toistaa mitään.",
		},
		MsgForwarded: {
			"en": "I've passed your request to our team. A person will answer you by email at {email}, not here in this chat; you don't need to repeat anything.",
			"de": "Ich habe Ihre Anfrage an unser Team weitergegeben. Eine Person antwortet Ihnen per E-Mail an {email}, nicht hier im Chat; Sie müssen nichts wiederholen.",
			"fr": "J'ai transmis votre demande à notre équipe. Une personne vous répondra par e-mail à {email}, pas ici dans ce chat ; vous n'avez rien à répéter.",
			"fi": "Välitin pyyntösi tiimillemme. Ihminen vastaa sinulle sähköpostitse osoitteeseen {email}, ei tässä keskustelussa; sinun ei tarvitse toistaa mitään.",
		},
		MsgAlreadyOpen: {
			"en": "Your request is already with our team; a person will take over here. You don't need to ask again.",
			"de": "Ihre Anfrage liegt bereits bei unserem Team; eine Person übernimmt hier. Sie müssen nicht erneut fragen.",
			"fr": "Votre demande est déjà entre les mains de notre équipe ; une personne va prendre le relais ici. Inutile de la renouveler.",
			"fi": "Pyyntösi on jo tiimillämme; ihminen jatkaa tästä. Sinun ei tarvitse pyytää uudelleen.",
		},
		MsgNeedsEmail: {
			"en": "To connect you with a person, I need your email address so our team can reach you. What is it?",
			"de": "Damit ich Sie mit einer Person verbinden kann, brauche ich Ihre E-Mail-Adresse, damit unser Team Sie erreicht. Wie lautet sie?",
			"fr": "Pour vous mettre en relation avec une personne, j'ai besoin de votre adresse e-mail afin que notre équipe puisse vous joindre. Quelle est-elle ?",
			"fi": "Jotta voin yhdistää sinut ihmiselle, tarvitsen sähköpostiosoitteesi, jotta tiimimme tavoittaa sinut. Mikä se on?",
		},
		MsgEmailDeclined: {
			"en": "Without an email address I can't pass this to our team. You can give one at any time, or keep chatting with me.",
			"de": "Ohne E-Mail-Adresse kann ich das nicht an unser Team weitergeben. Sie können jederzeit eine nennen oder mit mir weiterschreiben.",
			"fr": "Sans adresse e-mail, je ne peux pas transmettre votre demande à notre équipe. Vous pouvez en donner une à tout moment, ou continuer avec moi.",
			"fi": "Ilman sähköpostiosoitetta en voi välittää tätä tiimillemme. Voit antaa sen milloin tahansa tai jatkaa keskustelua kanssani.",
		},
		MsgContactSaved: {
			"en": "Thanks, I've saved your contact details.",
			"de": "Danke, ich habe Ihre Kontaktdaten gespeichert.",
			"fr": "Merci, j'ai enregistré vos coordonnées.",
			"fi": "Kiitos, tallensin yhteystietosi.",
		},
		MsgMessageSaved: {
			"en": "Thanks, I've passed your message to our team. They will reply to {email} as soon as they can.",
			"de": "Danke, ich habe Ihre Nachricht an unser Team weitergegeben. Es antwortet Ihnen so bald wie möglich an {email}.",
			"fr": "Merci, j'ai transmis votre message à notre équipe. Elle vous répondra dès que possible à {email}.",
			"fi": "Kiitos, välitin viestisi tiimillemme. He vastaavat osoitteeseen {email} niin pian kuin mahdollista.",
		},
		MsgDeliveryFailed: {
			"en": "I couldn't reach our team just now. Please leave your email and a short message and they will get back to you.",
			"de": "Ich konnte unser Team gerade nicht erreichen. Hinterlassen Sie bitte Ihre E-Mail-Adresse und eine kurze Nachricht, dann meldet es sich bei Ihnen.",
			"fr": "Je n'ai pas pu joindre notre équipe pour le moment. Laissez votre e-mail et un court message, elle vous recontactera.",
			"fi": "En tavoittanut tiimiämme juuri nyt. Jätä sähköpostiosoitteesi ja lyhyt viesti, niin he palaavat asiaan.",
		},
		MsgQueueFull: {
			"en": "Everyone on our team is busy and the queue is full right now. Leave your email and a short message, and they will get back to you as soon as they can.",
			"de": "Unser Team ist gerade voll ausgelastet und die Warteschlange ist voll. Hinterlassen Sie Ihre E-Mail-Adresse und eine kurze Nachricht, dann meldet es sich so bald wie möglich bei Ihnen.",
			"fr": "Toute notre équipe est occupée et la file d'attente est pleine pour le moment. Laissez votre e-mail et un court message, elle vous recontactera dès que possible.",
			"fi": "Koko tiimimme on juuri nyt varattu ja jono on täynnä. Jätä sähköpostiosoitteesi ja lyhyt viesti, niin he palaavat asiaan niin pian kuin mahdollista.",
		},
		MsgWaitEstimate: {
			"en": " in about {minutes} min",
			"de": " in etwa {minutes} Min.",
			"fr": " dans environ {minutes} min",
			"fi": " noin {minutes} minuutin kuluttua",
		},
		MsgWaiting: {
			"en": "You're number {position} in the queue; the expected wait is about {minutes} min. A person from our team will reply here.",
			"de": "Sie sind Nummer {position} in der Warteschlange; die erwartete Wartezeit beträgt etwa {minutes} Min. Eine Person aus unserem Team antwortet Ihnen hier.",
			"fr": "Vous êtes numéro {position} dans la file d'attente ; l'attente prévue est d'environ {minutes} min. Une personne de notre équipe vous répondra ici.",
			"fi": "Olet jonossa sijalla {position}; arvioitu odotusaika on noin {minutes} min. Tiimimme jäsen vastaa sinulle tässä.",
		},
		MsgWaitQuestion: {
			"en": "Nobody from our team has been able to reply yet (you've waited about {minutes} min). Would you like to keep waiting, end your request, or leave a message the team will answer by email?",
			"de": "Leider konnte noch niemand aus unserem Team antworten (Sie warten seit etwa {minutes} Min.). Möchten Sie weiter warten, Ihre Anfrage beenden oder eine Nachricht hinterlassen, die das Team per E-Mail beantwortet?",
			"fr": "Personne de notre équipe n'a encore pu vous répondre (vous attendez depuis environ {minutes} min). Voulez-vous continuer à attendre, mettre fin à votre demande ou laisser un message auquel l'équipe répondra par e-mail ?",
			"fi": "Kukaan tiimistämme ei ole vielä ehtinyt vastata (olet odottanut noin {minutes} min). Haluatko jatkaa odottamista, lopettaa pyyntösi vai jättää viestin, johon tiimi vastaa sähköpostitse?",
		},
		MsgChoiceKeepWaiting: {
			"en": "Keep waiting", "de": "Weiter warten", "fr": "Continuer à attendre", "fi": "Jatkan odottamista",
		},
		MsgChoiceEnd: {
			"en": "End my request", "de": "Anfrage beenden", "fr": "Mettre fin à ma demande", "fi": "Lopetan pyynnön",
		},
		MsgChoiceLeaveMessage: {
			"en": "Leave a message", "de": "Nachricht hinterlassen", "fr": "Laisser un message", "fi": "Jätän viestin",
		},
		MsgMessageField: {
			"en": "Your message for the team (only if you leave one; they reply by email)",
			"de": "Ihre Nachricht an das Team (nur wenn Sie eine hinterlassen; es antwortet per E-Mail)",
			"fr": "Votre message pour l'équipe (seulement si vous en laissez un ; elle répond par e-mail)",
			"fi": "Viestisi tiimille (vain jos jätät viestin; he vastaavat sähköpostitse)",
		},
		MsgKeepWaiting: {
			"en": "Thanks for your patience. I'll let you know as soon as someone from our team replies.",
			"de": "Danke für Ihre Geduld. Ich sage Ihnen Bescheid, sobald jemand aus unserem Team antwortet.",
			"fr": "Merci de votre patience. Je vous préviens dès qu'une personne de notre équipe répond.",
			"fi": "Kiitos kärsivällisyydestäsi. Kerron heti, kun joku tiimistämme vastaa.",
		},
		MsgAgentJoined: {
			"en": "{agent} has joined the conversation and will reply here.",
			"de": "{agent} ist dem Gespräch beigetreten und antwortet Ihnen hier.",
			"fr": "{agent} a rejoint la conversation et vous répondra ici.",
			"fi": "{agent} liittyi keskusteluun ja vastaa sinulle tässä.",
		},
		MsgAgentUnnamed: {
			"en": "Someone from our team", "de": "Jemand aus unserem Team", "fr": "Une personne de notre équipe", "fi": "Tiimimme jäsen",
		},
		MsgTransferred: {
			"en": "I'm passing the conversation to my colleague ({agent}), who can help you better. Please stay here.",
			"de": "Ich übergebe das Gespräch an meine Kollegin oder meinen Kollegen ({agent}), die Ihnen besser helfen kann. Bitte bleiben Sie hier.",
			"fr": "Je transmets la conversation à un collègue ({agent}) qui pourra mieux vous aider. Merci de rester ici.",
			"fi": "Siirrän keskustelun kollegalleni ({agent}), joka osaa auttaa paremmin. Pysythän tässä.",
		},
		MsgSurvey: {
			"en": "How satisfied were you with our support, from 1 (not at all) to 5 (very)? You can add a comment.",
			"de": "Wie zufrieden waren Sie mit unserem Support, von 1 (gar nicht) bis 5 (sehr)? Gern auch mit einem Kommentar.",
			"fr": "Êtes-vous satisfait de notre assistance, de 1 (pas du tout) à 5 (très) ? Vous pouvez ajouter un commentaire.",
			"fi": "Kuinka tyytyväinen olit asiakaspalveluumme asteikolla 1 (en lainkaan) – 5 (erittäin)? Voit lisätä kommentin.",
		},
		MsgSurveyThanks: {
			"en": "Thank you for your feedback!",
			"de": "Vielen Dank für Ihr Feedback!",
			"fr": "Merci pour votre avis !",
			"fi": "Kiitos palautteestasi!",
		},
		MsgClosed: {
			"en": "Our team has closed the conversation. I'm here if there's anything else I can help with.",
			"de": "Unser Team hat das Gespräch beendet. Ich bin weiter für Sie da, falls ich noch bei etwas helfen kann.",
			"fr": "Notre équipe a clos la conversation. Je reste à votre disposition si je peux vous aider pour autre chose.",
			"fi": "Tiimimme päätti keskustelun. Autan mielelläni, jos voin vielä auttaa jossakin.",
		},
		MsgEnded: {
			"en": "I've ended the conversation with our team. I'm here if there's anything else I can help with.",
			"de": "Ich habe das Gespräch mit unserem Team beendet. Ich bin weiter für Sie da, falls ich noch bei etwas helfen kann.",
			"fr": "J'ai mis fin à la conversation avec notre équipe. Je reste à votre disposition si je peux vous aider pour autre chose.",
			"fi": "Lopetin keskustelun tiimimme kanssa. Autan mielelläni, jos voin vielä auttaa jossakin.",
		},
		MsgLeftMessage: {
			"en": "Thanks, I've passed your message to our team instead. They will reply to {email} as soon as they can.",
			"de": "Danke, ich habe stattdessen Ihre Nachricht an unser Team weitergegeben. Es antwortet Ihnen so bald wie möglich an {email}.",
			"fr": "Merci, j'ai transmis votre message à notre équipe à la place. Elle vous répondra dès que possible à {email}.",
			"fi": "Kiitos, välitin sen sijaan viestisi tiimillemme. He vastaavat osoitteeseen {email} niin pian kuin mahdollista.",
		},
		MsgTimedOut: {
			"en": "The conversation with our team was closed because there was no reply for a while. If you still need help, just ask and I'll connect you again.",
			"de": "Das Gespräch mit unserem Team wurde beendet, weil eine Weile keine Antwort kam. Wenn Sie noch Hilfe brauchen, sagen Sie es einfach, dann verbinde ich Sie erneut.",
			"fr": "La conversation avec notre équipe a été close faute de réponse pendant un moment. Si vous avez encore besoin d'aide, dites-le-moi et je vous remets en relation.",
			"fi": "Keskustelu tiimimme kanssa päättyi, koska vastausta ei tullut vähään aikaan. Jos tarvitset vielä apua, kerro, niin yhdistän sinut uudelleen.",
		},
	}
}
