package embedded

import (
	"sync"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Descriptions name a request for a human in the third person and in many
// styles ("User asks for a support representative.", "escalation to a live
// operator is requested", "Demande de transfert vers un opérateur",
// "Asiakas haluaa tulla yhdistetyksi tukihenkilölle."), which the
// lexicons of user turns, written for "I want to talk to a human", do not
// all cover. descLex reads them: the people a user may ask for, the ways of
// reaching them (verbs and their nouns, in every person and voice), and
// the words that make a request. Written from knowledge of the languages,
// not from any list of descriptions.
const (
	dPerson  = iota + 1 // a human or a support role: "human being", "operator", "Berater", "tukihenkilö"
	dSomeone            // someone at all: "someone", "a person", "jemand", "support": after a verb of reaching or as what is asked for
	dReach              // talk, connect, transfer, escalate, put through, be served: "Weiterleitung", "yhdistetyksi"
	dAsk                // asks, wants, requests, "bittet", "souhaite", "pyytää", "quiere"
	dHandoff            // a handoff by itself: "escalation", "handover", "live chat"
	dMood               // a bad mood named: "negative sentiment", "schlechte Stimmung", "losing patience"
	dHostile            // hostility named: "rude", "insults", "swear words", "beleidigend", "grossier", "kiroilee"
)

var descMatcher = sync.OnceValue(func() *text.Matcher { return text.MustMatcher(descLex()) })

func descLex() []text.Entry {
	return concat(
		entries(dPerson,
			// en
			"human*", "humna*", "live|real|actual|living|genuine person|people|one|someone|somebody|agent*|operator*|rep|reps",
			"staff*", "agent|agents", "operator*", "advisor*", "adviser*", "representative*", "rep", "reps", "consultant*",
			"employee*", "team member*", "specialist*", "expert*", "clerk*", "associate*", "attendant*", "supervisor*",
			"manager*", "technician*", "customer service|support|care", "support team|staff|person|people|desk",
			"service desk", "helpdesk", "help desk", "call center|centre", "personnel", "flesh and blood",
			// de
			"mensch*", "mitarbeiter*", "*mitarbeiter*", "berater*", "*berater*", "ansprechpartner*", "sachbearbeiter*",
			"kundenservice*", "kundendienst*", "*betreuer*", "servicekraft*", "fachkraft*", "experte*", "expertin*",
			"angestellte*", "personal", "agent|agenten|agentin", "operator*", "vorgesetzt*", "supportteam*", "serviceteam*",
			"echte|reale|lebende person*",
			// fr
			"humain*", "etre humain", "conseiller*", "conseillere*", "teleconseill*", "operateur*", "operatrice*",
			"interlocut*", "employe*", "collaborateur*", "specialiste*", "technicien*", "representant*", "responsable*",
			"service client*", "service apres vente", "vraie|vrai|reelle personne", "personne reelle|physique|humaine",
			"agent|agents",
			// fi
			"ihmi*", "*ihmis*", "*henkilo*", "*palvelij*", "asiakaspalvelu*", "tyontekij*", "*virkailij*", "*asiantuntij*",
			"neuvoj*", "*edustaj*", "agentti*", "operaattor*", "henkilokun*", "esimie*", "myyja*", "oikea*|elava* henkilo*",
			// es, it, pt
			"humano*", "humana*", "ser humano", "persona real|de verdad", "agente*", "operador*", "operadora*", "asesor*",
			"asesora*", "representante*", "empleado*", "empleada*", "especialista*", "consultor*", "consultora*",
			"ejecutivo*", "encargad*", "tecnico*", "servicio al cliente", "atencion al cliente", "personal",
			"umano", "umana", "umani", "essere umano", "persona reale|vera", "operatore*", "operatrice*", "consulente*",
			"addett*", "dipendent*", "rappresentant*", "servizio clienti", "assistenza clienti",
			"pessoa real|de verdade", "atendente*", "assessor*", "funcionari*", "atendimento humano",
			// nl, sv, da, no
			"mens", "mensen", "echte|echt mens|persoon", "medewerker*", "*medewerker*", "adviseur*", "werknemer*",
			"vertegenwoordiger*", "klantenservice*", "helpdesk*",
			"manniska*", "*manniska", "riktig|verklig|levande person|manniska", "handlaggar*", "*handlaggare",
			"medarbetar*", "radgivar*", "kundtjanst*", "kundservice*", "anstalld*", "representant*",
			"menneske*", "medarbejder*", "radgiver*", "kundeservice*", "ansatt*", "ansat", "ansatte",
			// pl, cs, tr, ru
			"czlowiek*", "czlowiekiem", "ludz*", "konsultant*", "pracownik*", "doradc*", "operator*", "przedstawiciel*",
			"obslug* klienta", "zywa osoba|osoba", "prawdziwa|prawdziwym osob*",
			"clovek*", "lidi", "lidmi", "operator*", "pracovnik*", "konzultant*", "poradc*", "zivy clovek",
			"insan*", "temsilci*", "operator*", "yetkili*", "calisan*", "danisman*", "musteri hizmetler*", "gercek kisi*",
			"canli destek", "canli temsilci*",
			"человек*", "люд*", "оператор*", "сотрудник*", "консультант*", "менеджер*", "специалист*", "представител*",
			"живой|живым|живому человек*", "агент*",
			// ja, zh (written as their characters; the tokenizer splits them)
			"人間", "オペレーター", "担当者", "スタッフ", "係員", "有人", "窓口", "人工", "真人", "客服", "工作人员", "接线员",
			"客服人员", "专员",
			// ar
			"*انسان*", "*بشري*", "*موظف*", "*ممثل*", "*مشغل*", "خدمه العملاء",
		),
		entries(dSomeone,
			"someone", "somebody", "person", "people", "jemand*", "person", "personen", "quelqu un", "une personne",
			"joku", "jonku*", "jollekin", "joltakulta", "henkilo*", "alguien", "persona", "qualcuno", "alguem", "pessoa",
			"iemand", "persoon", "nagon", "nogen", "noen", "ktos", "osob*", "biri*", "kisi*", "кто то", "кем то",
			"人", "ひと", "有人",
			// the support desk, reached or asked for ("chat with support", "mit dem Support sprechen")
			"support", "supporten", "soporte", "supporto", "suporte", "tuki", "tukeen", "tuelle", "asiakastuki*", "asiakastukeen",
			// a call asked for ("wants a phone call")
			"phone|telephone call", "anruf", "telefonat", "appel", "appel telephonique", "puhelu*", "soitto", "llamada",
			"chiamata", "telefonata", "telefoontje", "samtal", "ligacao", "chamada",
		),
		entries(dReach,
			// en
			"talk*", "speak*", "spoke*", "chat*", "connect*", "transfer*", "forward*", "escalat*", "hand* over",
			"handover", "handoff", "hand off", "reach*", "contact*", "put|puts|putting through", "routed", "route*",
			"pass* ~2 to", "redirect*", "get|gets|getting through", "served by", "attended by", "assisted by", "helped by",
			"deal* with", "call* back", "callback", "communicat*", "referr*", "refer*", "switch* to", "passed on",
			// de
			"sprech*", "spricht", "sprache", "gesprach*", "reden", "redet", "verbind*", "verbunden", "weiterleit*",
			"weitergeleitet", "weiterverbind*", "ubergab*", "ubergeb*", "eskal*", "kontakt*", "erreich*", "durchstell*",
			"durchgestellt", "chatt*", "telefonier*", "betreut", "bedient", "vermittl*", "vermittel*", "ruckruf*",
			// fr
			"parl*", "discut*", "transfer*", "transfert*", "redirig*", "redirection*", "mettre|mise|mis|mettez en relation",
			"joindre", "contact*", "escalad*", "connect*", "echanger", "passer ~2 a", "servi", "pris en charge",
			"prise en charge", "rappel*", "orient*",
			// fi
			"puhu*", "jutel*", "keskustel*", "yhdist*", "siirt*", "siirr*", "ohja*", "tavoit*", "yhteyt*", "yhteyd*",
			"eskaloi*", "soitt*", "palvele*", "chatat*",
			// es
			"habl*", "convers*", "chate*", "transfer*", "conect*", "comunic*", "contact*", "atien*", "atend*", "deriv*",
			"escal*", "pasar* ~2 con", "poner* en contacto", "redirig*", "llam*",
			// it
			"parl*", "convers*", "chatt*", "trasfer*", "collega*", "contatt*", "mettere in contatto", "inoltr*",
			"passare", "passato", "servito", "seguito da", "scalare", "escalation", "reindirizz*",
			// nl
			"prat*", "praat", "sprek*", "spreekt", "spreken", "doorverbind*", "doorverbonden", "verbonden", "verbind*",
			"doorgeschakeld", "doorschakel*", "doorsturen", "doorgestuurd", "bereik*", "geholpen door", "escal*",
			// sv, da, no
			"prata*", "tala*", "snacka*", "chatta*", "koppla*", "kopplas", "overfor*", "vidarebefordr*", "kontakt*",
			"eskaler*", "tale", "snakke", "snakker", "forbind*", "viderestill*", "stilles ~2 videre", "sette* over",
			// pt
			"fal*", "transferi*", "conect*", "contat*", "atend*", "encaminh*", "escal*", "ligar", "ligacao",
			// pl, cs, tr, ru
			"rozmaw*", "porozmaw*", "mowic", "polacz*", "przekier*", "przelacz*", "skontakt*", "kontakt*",
			"mluvit", "promluvit", "spojit", "spojen*", "prepojit", "prepojen*",
			"konus*", "gorus*", "baglan*", "aktar*", "yonlendir*", "ulas*", "iletisim*",
			"поговор*", "говор*", "разговар*", "связ*", "соедин*", "переключ*", "перевест*", "перевод*", "позвать",
			"общ*", "пообщ*",
			// ja, zh
			"話", "はな", "繋", "つな", "代わ", "かわ", "転送", "接続", "連絡", "相談", "对话", "说话", "通话", "转接",
			"转", "联系", "接通", "沟通", "聊",
			// ar
			"*تحدث*", "*كلم*", "*تواصل*", "*اتصال*", "*اتصل*", "*تحويل*", "*حول*",
		),
		entries(dAsk,
			// en
			"want*", "wanna", "ask*", "request*", "would like", "d like", "like to", "demand*", "wish*", "prefer*",
			"insist*", "need*", "tries", "try*", "call* for", "seek*", "look* for", "expect*",
			// de
			"mochte*", "mocht*", "will", "wollen", "bittet", "bitte", "bitten", "verlang*", "wunsch*", "anfrag*", "fragt",
			"fordert", "forder*", "braucht", "brauch*", "lieber", "gerne",
			// fr
			"veut", "veulent", "souhait*", "demand*", "aimerait", "voudrait", "exige*", "requ*", "besoin", "prefere*",
			"reclam*", "cherche*",
			// fi
			"halua*", "pyyta*", "pyyda*", "pyynto*", "toivo*", "vaati*", "vaatii", "tahto*", "tahtoo", "tarvit*",
			"haluaisi", "mieluummin",
			// es, it, pt
			"quiere*", "quisiera", "pide*", "pidio", "solicit*", "desea*", "necesit*", "prefiere*", "exige*", "peticion",
			"vuole", "vorrebbe", "chiede*", "richied*", "richiest*", "desider*", "preferisce", "pretende",
			"quer", "queria", "pede", "pedido", "deseja*", "gostaria", "prefere", "exige",
			// nl, sv, da, no
			"wil", "wilt", "willen", "vraagt", "verzoek*", "wenst", "graag", "eist", "nodig", "liever",
			"vill", "ber", "begar*", "efterfrag*", "onskar", "onskan", "hellre", "onsker", "beder", "ber om", "vil",
			// pl, cs, tr, ru
			"chce*", "prosi*", "prosb*", "zada*", "chtel*", "chce", "pozad*", "ister*", "istiyor*", "talep*",
			"хочет", "хотят", "хотел*", "просит", "просьб*", "требует", "запрос*",
			// ja, zh, ar
			"たい", "希望", "要求", "想", "要", "请求", "*يريد*", "*يطلب*", "*طلب*", "*يرغب*",
		),
		entries(dMood,
			"negative|bad sentiment*|mood*|emotion*|feeling*|tone", "negativ* stimmung*|gefuhl*|ton*", "schlecht* laune|stimmung",
			"sentiment*|humeur*|emotion*|ton negati*", "mauvaise humeur", "negatiivi* tunne*|tunnelm*|sava*", "huono* tuuli*",
			"sentimiento*|emocion*|tono negativ*", "mal humor", "sentiment*|emozion*|tono negativ*", "malumore",
			"negatiev* sentiment*|stemming*|emotie*", "negativ* kansl*|stamning*", "sentimento*|emocao*|tom negativ*", "mau humor",
			"los*|lost patience", "out of patience", "geduld ~2 verlier*|verliert|verloren", "perd* ~2 patience", "bout de patience",
			"karsivallisyys ~2 loppu*|menee|meni", "pierde* ~2 paciencia", "perde* ~2 pazienza", "verlies* ~2 geduld",
			"tappa* ~2 talamodet*", "perde* ~2 paciencia"),
		entries(dHostile,
			"rude*", "impolite*", "disrespectful*", "insult*", "swear word*", "swearing", "curse word*", "cursing", "profanit*",
			"obscen*", "vulgar*", "foul|bad|abusive language", "name calling",
			"beleidig*", "unhoflich*", "respektlos*", "beschimpf*", "schimpfwort*", "schimpfworter", "fluchen", "obszon*",
			"ausfallend*", "pobel*",
			"grossier*", "impoli*", "injurieu*", "des injures", "juron*", "vulgaire*", "irrespectueu*",
			"kiroil*", "kirosan*", "herjaa*", "herjau*", "solvaa*", "solvau*", "epakohtelia*", "rivo", "rivoa", "rivosti", "rivoja",
			"grosero*", "grosera*", "maleducad*", "palabrota*", "irrespetuos*",
			"maleducat*", "scortes*", "parolacc*", "volgar*",
			"beledig*", "onbeleefd*", "scheldwoord*", "uitscheld*", "scheldt", "vloek*", "grof taalgebruik",
			"forolamp*", "oforskamd*", "svordom*", "ohovlig*",
			"grosseir*", "mal educad*", "palavrao*", "palavroes", "xingam*", "xingar", "xingou",
			"shout*", "yell", "yells", "yelling", "yelled", "all caps", "capital letters", "anschrei*", "schreit", "brull*", "hurle*",
			"huuta*", "huutel*", "grita*", "urla*", "schreeuw*", "skrik*", "skriker"),
		entries(dHandoff,
			"escalation*", "handover", "handoff", "hand off", "live chat", "live support", "callback", "call back",
			"live assistance|help|person|agent|operator", "soittopyyn*",
			"eskalation*", "ubergabe*", "ruckruf*", "escalade*", "eskalointi*", "takaisinsoit*", "escalada*", "escalamento",
			"yhteydenottopyyn*",
			// asking to be passed on ("asks to be transferred", "demande à être transféré")
			"ask*|want*|wish*|request*|demand*|prefer* to be transferred|connected|forwarded|escalated|redirected|contacted",
			"ask*|want*|wish*|request*|demand*|prefer* to be put|passed through|on", "like to be transferred|connected|contacted",
			"mochte*|will|wollen|wunscht|bittet ~4 weitergeleitet|verbunden|durchgestellt|zuruckgerufen|kontaktiert werden",
			"demande*|veut|veulent|souhaite* a etre (transfere*|redirige*|rappele*|contacte*|mis en relation|mise en relation)",
			"halua*|pyyta* tulla yhdistetyksi|siirretyksi|ohjatuksi", "halua*|pyyta* ~1 yhteydenotto*",
			"pide*|quiere*|solicita* ser transferid*|atendid*|derivad*|contactad*|llamad*",
			"chied*|vuol*|vogli* ~1 essere (trasferit*|messo in contatto|messa in contatto|richiamat*|contattat*)",
			"wil|willen ~3 doorverbonden|teruggebeld worden", "vill bli ~1 kopplad|vidarekopplad|uppringd|kontaktad",
			"pede*|quer|querem ~1 ser transferid*|atendid*|contactad*|contatad*",
			// no longer wanting to talk to the bot ("no longer wants to talk to the bot"), not
			// what the user does not want the bot to do ("does not want the bot to store their data")
			"(no longer|not|doesnt|dont|does not|do not) want* ~2 talk*|speak*|chat*|deal*|communicat* ~3 bot|chatbot|robot|assistant|machine",
			"refus* ~2 talk*|speak*|chat*|deal* ~3 bot|chatbot|robot|assistant|machine",
			"(nicht mehr|nicht|keine lust) ~3 mit ~2 bot|chatbot|roboter|assistent*|maschine",
			"(ne veut plus|ne veut pas|ne veulent plus|ne veulent pas|refuse*) ~2 parler|discuter|echanger|dialoguer|communiquer ~3 bot|robot|chatbot|assistant|machine",
			"(ei halua|ei enaa) ~2 puhu*|jutel*|keskustel*|asioi*|chatat* ~3 botti*|botin|botille|robot*|chatbot*",
			"no quiere* ~2 hablar|chatear|conversar ~3 bot|robot|chatbot|asistente|maquina",
			"non vuole* ~2 parlare|chattare|conversare ~3 bot|robot|chatbot|assistente|macchina",
			"wil|willen niet ~3 met ~2 bot|robot|chatbot|assistent",
			"vill inte ~2 prata|chatta|tala ~3 bot|boten|robot|roboten|chatbot*",
			"nao quer* ~2 falar|conversar ~3 bot|robo|chatbot|assistente|maquina",
		),
	)
}

// descCategoryMatcher reads the sensitive categories a description names
// in words that user turns do not use for them ("health issues", "santé",
// "account deletion"); the value is the category's bit.
var descCategoryMatcher = sync.OnceValue(func() *text.Matcher { return text.MustMatcher(descCategoryLex()) })

func descCategoryLex() []text.Entry {
	return concat(
		entries(1<<0, "legal*", "law", "laws", "juridi*", "judiciai*", "jurist*", "rechtlich*", "rechts*", "oikeudelli*",
			"lakiasi*", "legale*", "juridisch*", "prawn*", "hukuk*", "юридич*", "法律", "法的", "قانون*"),
		entries(1<<1, "health*", "medical*", "treatment*", "behandlung*", "traitement*", "hoito*", "tratamiento*", "emergenc*", "notfall*", "notfalle", "urgence*", "hatatila*", "emergencia*",
			"emergenz*", "noodgeval*", "nodfall*", "emergencia*", "medicin*", "sante", "medica*", "medico*", "gesundheit*", "medizin*",
			"arztlich*", "terve*", "laaket*", "sairau*", "salud", "salute", "saude", "gezondheid*", "medisch*", "halsa*",
			"zdrow*", "saglik*", "здоров*", "медицин*", "健康", "医疗", "医療", "*صحه*", "*طبي*"),
		entries(1<<2, "fraud*", "scam*", "betrug*", "fraude*", "arnaque*", "petos*", "huijau*", "frode*", "truffa*",
			"bedrog*", "oplichting*", "bedrageri*", "oszust*", "dolandiric*", "мошеннич*", "诈骗", "詐欺", "*احتيال*"),
		entries(1<<3, "hack*", "breach*", "phishing", "cyber*", "datenleck*", "piratage", "tietomurto*", "hakkeroin*"),
		entries(1<<4, "account|accounts|konto|kontos|compte|comptes|tili|tilin|cuenta|conto|rekening|konto|conta ~3 closure*|clos*|delet*|terminat*|cancel*|removal|deactivat*",
			"(closure|closing|deletion|deleting|termination|cancellation|removal|deactivation) ~3 (account|accounts)",
			"kontoschliess*|kontoloschung*|kontokundigung*|kontoauflosung*", "(loschung|schliessung|kundigung|auflosung) ~3 (konto*|kontos)",
			"(suppression|fermeture|cloture|resiliation) ~3 (compte*)", "(tilin|tilien) ~2 (sulke*|poist*|lopet*)",
			"(cierre|eliminacion|cancelacion|baja) ~3 (cuenta*)", "(chiusura|cancellazione) ~3 (conto|account)",
			"(opheffen|opzeggen|sluiten|verwijderen) ~3 (rekening|account)", "(encerramento|cancelamento|exclusao) ~3 (conta)"),
		entries(1<<5, "self harm", "suicid*", "selbstverletz*", "automutil*", "itsetuho*", "autolesion*", "autolesion*"),
	)
}

// describedCategories returns the sensitive categories d names in a
// description's words. A fraud named covers security incidents as well
// (a hacked account or a phished code is how fraud happens) and the other
// way round.
func describedCategories(d *text.Doc) uint64 {
	var mask uint64
	descCategoryMatcher().Find(d, func(m text.Match) { mask |= uint64(m.Value) })
	return mask
}

// fraudSecurity links the fraud and security categories: one named covers
// the other.
func fraudSecurity(mask uint64) uint64 {
	if mask&(1<<2|1<<3) != 0 {
		mask |= 1<<2 | 1<<3
	}
	return mask
}
