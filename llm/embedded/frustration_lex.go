package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// frustrationLex recognises, besides the words of anger (angerLex,
// angerLexMore), what else bears on frustration in the supported languages:
// negative judgements of people, negative things, the positive words that
// speak against anger, de-escalation ("no problem", "nicht schlimm", "ei
// haittaa"), politeness, anger at oneself, intensifiers, "you", commands and
// why-questions. The emotion words themselves ("angry", "wütend",
// "turhautunut") are catFrustrationCue in cueLex.
func frustrationLex() []text.Entry {
	return concat(
		angerLex(),
		angerLexMore(),
		entries(catDeesc,
			"no problem", "not a problem", "not a big deal", "no big deal", "no worries", "never mind", "no rush", "no hurry",
			"it happens", "that s fine", "that s ok", "anyway", "anyhow",
			"kein problem", "kein ding", "nicht schlimm", "halb so wild", "macht nichts", "kein stress", "egal", "wie auch immer",
			"pas grave", "c est pas grave", "ce n est pas grave", "pas de souci*", "pas de probleme", "aucun souci", "aucun probleme",
			"ca arrive", "bref", "enfin bref", "peu importe",
			"ei haittaa", "ei se mitaan", "ei hataa", "ei ongelmaa", "ei mitaan", "ei kiirett*", "sattuuhan sita", "joka tapauksessa",
			"no pasa nada", "no hay problema", "sin problema", "en fin", "non importa", "nessun problema", "non fa niente",
			"comunque", "geen probleem", "geeft niet", "maakt niet uit", "hoe dan ook", "inget problem", "ingen fara",
			"det gor inget", "hur som helst", "sem problema", "nao faz mal", "tudo bem", "enfim",
		),
		entries(catPolite,
			"please", "pls", "plz", "could you", "would you", "would you mind", "kindly", "if possible", "i would appreciate",
			"bitte", "konnten sie", "wurden sie", "waren sie so nett", "wenn moglich", "freundlich*",
			"s il vous plait", "s il te plait", "svp", "stp", "pourriez vous", "pourrais tu", "auriez vous", "si possible",
			"voisitko", "voisitteko", "olisitko", "olisitteko", "ystavallisesti", "jos mahdollista", "kiitos etukateen",
			"por favor", "podria", "podrias", "per favore", "per piacere", "potrebbe", "potresti", "alstublieft", "alsjeblieft",
			"zou u", "zou je", "snalla", "skulle du kunna", "kan du vara snall", "poderia", "voce poderia",
		),
		entries(catSelf,
			"myself", "at me", "my own fault", "my fault", "my bad", "silly me", "stupid me", "i m such an", "i am such an",
			"kick myself", "mich selbst", "mir selbst", "uber mich", "selbst schuld", "meine schuld", "mich ohrfeigen",
			"moi meme", "contre moi", "ma faute", "c est ma faute", "itseeni", "itselleni", "itseani", "itsestani", "minun vikani",
			"oma vika", "omaa vikaa*", "mi mismo", "mi misma", "conmigo", "mi culpa", "me stesso", "me stessa", "colpa mia",
			"mezelf", "mijn schuld", "mig sjalv", "mitt fel", "mim mesmo", "comigo", "minha culpa",
		),
		entries(catNegEval,
			// dislike and contradiction, in every language
			"i do not like", "i dont like", "that is not true", "thats not true", "your tone",
			"mag ~3 nicht", "gefallt mir nicht", "das stimmt ~2 nicht", "diesen ton",
			"je n aime pas", "j aime pas", "c est faux", "ce ton",
			"en pida", "en tykkaa", "ei pida paikkaansa", "savystasi", "aanensavy*",
			"no me gusta", "no es verdad", "ese tono", "non mi piace", "non e vero", "quel tono",
			"ik hou niet van", "bevalt me niet", "dat is niet waar", "die toon", "jag gillar inte", "jag tycker inte om",
			"det ar inte sant", "den tonen", "nao gosto", "nao e verdade", "esse tom",
			// en
			"liar*", "lie", "lies", "lying", "lied", "hate*", "hatred", "betray*", "traitor*", "coward*", "disgust*",
			"sick", "pig", "pigs", "monster*", "murder*", "kill*", "blame*", "fault", "your fault", "cheat*", "thief",
			"thieves", "steal*", "stole", "threat*", "revenge", "punish*", "despise", "evil", "cruel", "rude", "insult*",
			"mess", "wrong", "ruin*", "lousy", "mean", "selfish", "greedy", "arrogant", "nasty", "ugly", "why did you",
			"how could you", "what have you done", "you never", "you always", "no way",
			// de
			"lugner*", "lugen", "luge", "hasse*", "hasst", "hass", "verrat*", "verrater*", "feigling*", "ekel*", "widerlich*", "schwein*",
			"monster", "mord*", "morder*", "tot", "toten", "umbringen", "schuld", "betrug*", "dieb*", "gestohlen", "droh*", "rache",
			"bestraf*", "bose*", "grausam*", "unhoflich*", "frech*", "beleidig*", "ruiniert", "miserabel*", "gemein", "gemeine*",
			"egoistisch*", "arrogant*", "hasslich*", "warum hast du", "wie konntest du",
			// fr
			"menteu*", "mensonge*", "mentir", "deteste*", "hais", "haine", "trahi*", "traitre*", "lache*", "degoutant*",
			"degoute*", "porc*", "ordure*", "monstre*", "meurtr*", "tuer", "faute", "tricheu*", "voleu*",
			"menace*", "vengeance", "punir", "mechant*", "cruel*", "impoli*", "insult*", "gache*", "minable*", "egoiste*",
			"arrogant*", "moche*", "pourquoi as tu", "comment as tu pu",
			// fi
			"valehtel*", "valhe*", "vihaa*", "vihaan", "petturi*", "petit*", "pelkuri*", "inhottav*", "iljettav*", "sika*",
			"hirvio*", "murha*", "tappa*", "tapan", "tapoit", "sinun syytasi", "syyta*", "huijar*", "varas", "varasti", "uhka*",
			"uhkail*", "kosto*", "rangais*", "paha", "pahaa", "pahoja", "julma*", "epakohtelia*", "loukka*", "pilasi*", "ilkea*", "itsekas",
			"ylimielinen", "ruma*", "miksi sina", "miten saatoit",
			// es, it, pt
			"mentiros*", "mentira*", "odio", "odia*", "traidor*", "traicion*", "cobarde*", "asqueros*", "asco", "cerdo*",
			"monstruo*", "asesin*", "matar", "culpa*", "ladron*", "amenaza*", "venganza", "castig*", "malvad*",
			"cruel*", "grosero*", "insult*", "arruin*",
			"bugiard*", "bugia*", "odio", "traditor*", "tradiment*", "codard*", "disgust*", "porco", "mostro*", "assassin*",
			"uccider*", "colpa", "ladro*", "minacc*", "vendetta", "cattiv*", "crudel*", "maleducat*", "insult*", "rovinat*",

			"mentiros*", "mentira*", "odeio", "traidor*", "traicao", "covarde*", "nojent*", "nojo", "porco*", "monstro*",
			"assassin*", "matar", "culpa", "ladrao", "roubou", "ameaca*", "vinganca", "castig*", "cruel", "grosseir*",
			"insult*", "arruin*",
			// nl, sv
			"leugenaar*", "leugen*", "liegen", "haat", "verraad", "verrader*", "lafaard*", "walgelijk*", "varken*",
			"monster*", "moord*", "doden", "schuld", "dief", "gestolen", "bedreig*", "wraak", "straf*", "gemeen", "wreed*",
			"onbeleefd*", "beledig*", "verpest*",
			"lognare", "logn*", "ljuger", "hatar", "forrad*", "forradare", "feg*", "acklig*", "svin*",
			"monster", "mord*", "doda", "tjuv*", "stal", "hotar", "hotade", "hamnd*", "straff*", "elak*", "grym*", "oforskamd*",
			"forstort",
		),
		entries(catPositive,
			// greetings
			"hello", "hi", "hallo", "guten tag|morgen|abend", "bonjour", "bonsoir", "salut", "terve", "moikka", "hyvaa paivaa|huomenta",
			"hola", "buenos dias", "ciao", "buongiorno", "hoi", "goedemorgen", "hej", "god morgon", "ola", "bom dia",
			// en
			"thank*", "thx", "love*", "lovely", "great", "wonderful", "happy", "glad", "beautiful", "nice", "excellent",
			"perfect", "friend*", "welcome", "congratulation*", "sweet*", "dear", "darling", "honey", "smile*", "laugh*",
			"enjoy*", "fun", "trust*", "believe", "proud", "hope", "hoping", "hopefully", "safe", "awesome", "amazing", "brilliant", "fantastic",
			"pleasure", "good", "fine", "cool", "appreciate*", "grateful", "helpful", "well done", "no problem", "delicious", "tasty",
			"yummy", "lovely", "lecker", "kostlich", "herkullinen", "maukas", "maistuva", "delizios*", "lekker", "smaskig",
			"gostos*",
			"bless*", "wish*", "promise*", "honor*", "honour*", "together", "celebrat*", "sorry",
			// de
			"danke*", "dank", "liebe", "lieben", "liebst", "liebling*", "lieb", "liebes", "toll*", "wunderbar*", "wunderschon*", "schone", "schones", "glucklich*", "froh*", "super", "perfekt*",
			"freund*", "vertrau*", "stolz*", "hoff*", "prima", "klasse", "gut", "gute*", "herrlich*", "willkommen", "freu*",
			"spass", "versprech*", "zusammen", "schatz", "gluckwunsch*", "kein problem", "entschuldig*",
			// fr
			"merci*", "amour*", "aime*", "adore*", "genial*", "merveilleu*", "heureu*", "contente", "beau", "belle*",
			"parfait*", "ami", "amis", "amie*", "cheri*", "confiance", "fier*", "espere*", "espoir", "bravo", "bien", "agreable*", "chouette",
			"formidable", "magnifique", "superbe", "sympa*", "gentil*", "adorable", "chouchou", "bisou*", "joyeu*", "joie", "tant mieux",
			"excellent*", "delicieu*", "sante", "a la votre", "pas cher*", "bon marche", "cheap", "gunstig*", "spottbillig", "halpa", "edullinen",
			"bon", "bonne*", "super", "bienvenue", "plaisir", "ensemble", "promets", "promis", "felicitation*", "pardon",
			"desole*",
			// fi
			"kiitos*", "kiitti", "innoissa*", "innostun*", "rakas*", "rakast*", "rakkau*", "ihana*", "upea*", "hieno*", "onnelli*", "iloi*", "kaunis*",
			"kauniit*", "taydelli*", "ystava*", "kulta", "kultaseni", "luota*", "luotan", "ylpea*", "hyva*", "mahtava*",
			"tervetuloa", "toivo*", "yhdessa", "lupaa*", "lupaan", "onnea", "onneksi", "tyytyvai*", "anteeksi",
			// es, it, pt
			"gracias", "amor", "te quiero", "genial", "maravillos*", "feliz", "felices", "contento", "contenta", "hermos*", "precios*",
			"perfect*", "amig*", "carino", "querid*", "confianza", "confio", "orgullos*", "esperanza", "bienvenid*", "juntos", "bueno",
			"buena", "bien", "prometo", "perdon", "lo siento",
			"grazie", "amore", "ti amo", "fantastic*", "meraviglios*", "felice", "felici", "bello", "bella", "perfett*",
			"amico", "amica", "amici", "tesoro", "fiducia", "fiero", "fiera", "speranza", "benvenut*", "insieme", "buono",
			"bene", "prometto", "scusa*",
			"obrigad*", "amor", "te amo", "maravilhos*", "feliz", "felizes", "contente", "contentes", "lindo*", "linda*", "perfeit*",
			"amigo*", "amiga*", "querid*", "confian*", "orgulhos*", "esperanca", "bem vindo", "juntos", "bom", "boa", "bem",
			"prometo", "desculpa*",
			// nl, sv
			"dank*", "bedankt", "liefde", "hou van", "geweldig*", "prachtig*", "gelukkig*", "blij*", "mooi*", "perfect*",
			"vriend*", "schat", "vertrouw*", "trots", "hoop", "welkom", "samen", "goed", "fijn*", "beloof*", "sorry",
			"tack*", "karlek*", "alskar", "alskling", "underbar*", "fantastisk*", "lycklig*", "glad", "glada", "vacker*",
			"perfekt*", "vanner", "fortroende", "stolt*", "hoppas", "valkommen", "tillsammans", "bra", "fint",
			"lovar", "forlat", "ursakta",
		),
		entries(catIntensity,
			"again", "encore", "ancora", "weer", "igen", "taas", "jalleen", "de nuevo", "di nuovo", "de novo", "otra vez",
			"outra vez", "wieder", "so", "really", "totally", "completely", "absolutely", "always", "every time", "never ever", "at all",
			"so much", "too much", "extremely", "very", "such",
			"so", "total*", "vollig*", "absolut*", "immer", "jedes mal", "uberhaupt", "extrem*", "sehr", "echt",
			"tellement", "vraiment", "totalement", "completement", "absolument", "toujours", "chaque fois", "du tout", "tres",
			"niin", "todella", "aivan", "taysin", "ihan", "aina", "joka kerta", "yhtaan", "tosi", "hirvean",
			"tan", "muy", "totalmente", "siempre", "cada vez", "tanto", "cosi", "molto", "sempre", "ogni volta", "troppo",
			"zo", "echt", "helemaal", "altijd", "elke keer", "zeer", "sa", "verkligen", "helt", "alltid", "varje gang",
			"tao", "muito", "totalmente", "sempre", "toda vez", "demais",
		),
		entries(catNegVal,
			"not working", "does not work", "doesnt work", "funktioniert ~2 nicht", "geht ~2 nicht", "ne marche pas",
			"marche pas", "fonctionne pas", "ei toimi", "no funciona", "non funziona", "werkt ~2 niet", "fungerar ~2 inte",
			"nao funciona",
			// en
			"bad", "worse", "problem*", "fail*", "broken", "dead", "death", "died", "dying", "fight*", "blood*",
			"gun*", "shoot*", "prison", "jail", "police", "crime*", "criminal*", "fear*", "afraid", "danger*", "hurt*", "pain*",
			"attack*", "destroy*", "damage*", "trouble*", "guilty", "shame*", "poor", "miserable", "mistake*", "error*",
			"missing", "late", "delay*", "refus*", "enemy", "enemies", "against", "lose", "lost", "worst", "terrible",
			"complain*", "wait*", "nothing", "stop", "nonsense", "violen*", "rape*", "abuse*",
			// de
			"schlecht*", "schlimm*", "falsch*", "problem*", "kaputt*", "tot", "tod", "sterben", "kampf*", "krieg*", "blut*",
			"waffe*", "schiess*", "gefangnis*", "polizei", "verbrech*", "angst", "gefahr*", "gefahrlich*", "weh", "schmerz*",
			"angriff*", "zerstor*", "schaden*", "fehler*", "verspat*", "verweiger*", "feind*", "gegen", "verloren", "warten", "gewalt*", "vergewalt*", "missbrauch*",
			// fr
			"mauvais*", "pire", "faux", "fausse", "probleme*", "echec*", "casse*", "mort", "morte", "morts", "mourir", "tuer",
			"combat*", "guerre", "sang", "arme", "armes", "tirer", "prison", "police", "crime*", "peur", "danger*", "douleur*",
			"attaque*", "detrui*", "dommage*", "honte", "erreur*", "retard*", "refus*", "ennemi*", "contre", "perdu", "attendre", "violen*", "viol", "viole*", "abus*",
			// fi
			"huono*", "vaara*", "ongelm*", "rikki", "kuollut", "kuolema*", "kuolla", "kuolee", "taistel*", "sota*", "veren",
			"ase", "aseen", "aseella", "ampu*", "vankila*", "poliisi*", "rikos*", "rikolli*", "pelko*", "pelkaa*", "pelottaa",
			"satuttaa", "sattuu", "kipu*", "kivun", "hyokk*", "tuho*", "vahinko*", "hapea*", "virhe*", "myohas*", "kieltay*",
			"viholli*", "vastaan", "menetin", "odottaa", "odotan", "vakival*", "raiska*",
			// es
			"malo", "mala", "malos", "peor", "equivocad*", "problema*", "fracas*", "roto", "rota", "muerto", "muerte", "morir",
			"pelea*", "guerra", "sangre", "arma", "armas", "disparar", "carcel", "policia", "crimen*", "miedo", "peligro*",
			"dolor*", "ataque*", "destru*", "dano*", "error*", "retras*", "rechaz*", "enemig*", "contra", "perdido", "esperar", "violen*", "violad*", "abuso*",
			// it
			"cattiv*", "peggio*", "sbagliat*", "problem*", "fallimento", "rotto", "rotta", "morto", "morta", "morte", "morire",
			"uccidere", "combatt*", "guerra", "sangue", "armi", "sparare", "prigione", "polizia", "crimine*", "paura",
			"pericol*", "dolore", "attacc*", "distrugg*", "danno*", "errore*", "ritardo*", "rifiut*", "nemic*", "contro", "perso", "violen*", "stupr*", "abus*",
			// nl
			"slecht*", "erger", "fout*", "probleem*", "mislukt", "kapot", "dood", "sterven", "gevecht*", "oorlog", "bloed",
			"wapen*", "schieten", "gevangenis", "politie", "misdaad*", "angst", "gevaar*", "pijn", "aanval*", "vernietig*",
			"schade", "schaamte", "vertraging*", "weiger*", "vijand*", "tegen", "verloren", "wachten", "geweld*", "verkracht*", "misbruik*",
			// sv
			"dalig*", "samre", "samst", "fel", "problem*", "misslyck*", "trasig*", "dod", "doden", "doda", "slagsmal", "krig",
			"blod", "vapen", "skjuta", "fangelse", "polis*", "brott*", "radsla", "radd", "fara", "farlig*", "smarta*",
			"attack*", "forstor*", "skada*", "skam", "forsen*", "vagra*", "fiende*", "forlorat", "vanta", "vald", "valdta*", "overgrepp",
			// pt
			"mau", "pior", "errad*", "problema*", "fracasso", "quebrad*", "morto", "morta", "morte", "morrer", "luta*",
			"guerra", "sangue", "arma", "armas", "atirar", "prisao", "policia", "crime*", "medo", "perigo*", "dor", "ataque*",
			"destru*", "dano*", "vergonha", "erro*", "atras*", "recus*", "inimig*", "contra", "perdido", "esperar", "violen*", "estupr*", "abuso*",
		),
		entries(catYou,
			"you", "your", "yours", "yourself", "u", "ya", "ye",
			"du", "dich", "dir", "dein*", "ihr", "euch", "euer*", "sie", "ihnen",
			"tu", "toi", "te", "vous", "votre", "vos", "ton", "ta", "tes",
			"sina", "sinua", "sinun", "sinulle", "sinusta", "sinulla", "teidan", "teita", "teille",
			"usted", "ustedes", "tu", "tus", "vosotros", "ti", "tuo", "tua", "tuoi", "voi", "vostro", "vostra", "lei",
			"jij", "jou", "jouw", "uw", "dig", "din", "ditt", "dina", "voce", "voces", "vc", "teu", "tua", "seu",
		),
		entries(catCommand,
			// en
			"do not", "never", "stop", "get", "give", "put", "take", "keep", "move", "drop", "leave", "let", "tell",
			"look", "listen", "go", "shut", "answer", "stay", "sit", "hold", "watch", "wait", "bring", "hurry", "quit",
			"cut", "forget", "just (tell|give|do|stop|answer|send|let|leave|fix|get)", "enough",
			// de
			"hor", "horen sie", "gib", "geben sie", "lass", "lassen sie", "komm", "kommen sie", "geh", "gehen sie", "mach",
			"machen sie", "sag", "sagen sie", "nimm", "bleib", "warte", "schau", "halt", "beeil dich", "vergiss", "sei", "seid",
			"seien sie",
			// fr
			"arrete*", "donne*", "laisse*", "viens", "venez", "allez", "fais", "faites", "dis", "dites", "prends",
			"prenez", "reste*", "attends", "attendez", "regarde*", "ecoute*", "tais toi", "sors", "sortez",
			// fi
			"ala", "antakaa", "tule", "tulkaa", "mene", "menkaa", "tee", "tehkaa", "sano", "sanokaa", "ota",
			"ottakaa", "pysy", "odota", "katso", "kuuntele", "lopeta", "lopettakaa", "pida", "kerro", "vastaa",
			// es, it, pt
			"dejame", "dame", "ven", "ve", "vete", "haz", "dime", "toma", "quedate", "espera", "mira",
			"escucha", "callate", "smettila", "dammi", "vieni", "vai", "fai", "dimmi", "prendi", "resta",
			"aspetta", "guarda", "ascolta", "basta", "pare", "me da", "venha", "faca", "diga", "pegue",
			"fique", "espere", "olha", "escute",
			// nl, sv
			"stop", "geef", "laat", "kom", "ga", "doe", "zeg", "neem", "blijf", "wacht", "kijk", "luister", "hou",
			"sluta", "ge", "lat", "kom", "ga", "gor", "sag", "stanna", "vanta", "titta", "lyssna"),
		entries(catWhy, "why", "warum", "wieso", "weshalb", "pourquoi", "miksi", "minka takia", "por que", "porque",
			"perche", "waarom", "varfor", "por que"),
	)
}
