package embedded

// frustrationLex recognises frustration and anger in the supported
// languages: insults and swearing, hostile imperatives and threats,
// exasperation with a service, negative judgements of people, and the
// positive words that speak against anger. The emotion words themselves
// ("angry", "wütend", "turhautunut") are catFrustrationCue in cueLex.
var frustrationLex = concat(
	entries(catInsult,
		// en
		"idiot*", "stupid", "moron*", "dumb", "bastard*", "bitch*", "asshole*", "arsehole*", "damn*", "dammit", "goddamn*",
		"shit*", "bullshit", "fuck*", "fck*", "wtf", "crap*", "bloody", "screw you|this|it", "piss*", "jerk", "fool*", "loser",
		"suck*", "freaking", "frigging", "bloody hell", "hell no", "son of a", "cunt*", "dickhead", "scum*", "imbecile*", "clown*", "pathetic",
		// de
		"idiot*", "blod*", "dumm*", "doof*", "scheiss*", "*scheisse", "verdammt*", "verflucht*", "mist", "mistkerl", "arsch*",
		"depp*", "trottel*", "bloed*", "kacke", "zum teufel", "teufel", "herrgott*", "verdammt noch mal", "verdammte scheisse", "schwachsinn*", "vollidiot*",
		"penner", "hurensohn", "wichser", "spinner", "bescheuert*", "beknackt*",
		// fr
		"idiot*", "quel con", "espece de con", "connard*", "connasse", "merde*", "putain", "bordel", "salaud*", "salope*",
		"imbecile*", "cretin*", "abruti*", "bon sang", "bon dieu", "enfoire*", "foutu*", "fous", "debile*", "stupide*",
		"nul", "nulle", "bouffon*", "pourri*", "chier", "emmerde*",
		// fi
		"idiootti*", "tyhma*", "vittu*", "perkele*", "saatana*", "helvet*", "paska*", "hitto", "hiton", "pahus",
		"jumalauta", "kusipaa*", "aalio*", "typera*", "kirottu*", "hemmetti*", "hemmetin", "perse*", "mulkku*", "paskiainen",
		"tollo*", "idiootit", "lutka*", "huora*", "pahuu*", "saastai*",
		// es
		"idiota*", "estupid*", "imbecil*", "mierda*", "joder", "jodid*", "maldit*", "cabron*", "gilipollas", "carajo",
		"cono", "hostia*", "pendejo*", "tont*", "puta*", "demonios", "diablos",
		// it
		"idiota", "idioti", "stupid*", "cretin*", "merda*", "cazz*", "maledett*", "vaffanculo", "stronz*", "porca",
		"dannazione", "dannat*", "imbecill*", "coglion*", "scem*", "deficient*",
		// nl
		"idioot*", "stom", "stomme", "domme", "dommerik", "shit", "verdomme", "godverdomme", "kut", "klootzak*", "verdorie",
		"sukkel*", "eikel*", "lul", "rot op", "tering*",
		// sv
		"idiot*", "dum", "dumma", "korkad*", "javla*", "javlar", "helvete*", "skit", "satan", "forbannat", "jaddra",
		"fitta", "idiotisk*",
		// pt
		"idiota*", "estupid*", "merda*", "porra*", "caralho*", "droga", "maldit*", "desgracad*", "imbecil*", "burro*",
		"otario*", "babaca*", "cacete",
	),
	entries(catHostile,
		// en
		"shut up", "get out", "leave me alone", "go away", "go to hell", "stop it", "back off", "get lost", "piss off",
		"don t touch me", "do not touch me", "how dare you", "i ll kill|will kill|gonna kill|am going to kill",
		"what the hell|heck|fuck", "damn you", "that s enough", "had enough", "i ve had it", "i have had it|enough", "get away",
		"you lied", "you liar", "drop dead", "i swear", "listen to me", "you re|you are ~2 useless|stupid|an idiot|a joke|lying",
		"why the hell", "what is wrong with you", "what s wrong with you", "are you deaf|stupid|kidding|serious|crazy",
		"you people", "i do not care", "get your hands off", "i hate you", "shame on you",
		"you ll|will pay|regret", "pay for this|that", "forget it", "you re|you are mocking me", "are you mocking|kidding me",
		// de
		"raus hier", "raus", "hau ab", "verschwinde", "verschwindet", "lass mich ~2 in ruhe", "hor auf", "horen sie auf", "halt* ~2 maul|klappe|mund|schnauze",
		"wie kannst du es wagen", "was fallt ihnen|dir ein", "ich bring* dich um", "ich bringe dich um", "was zum teufel",
		"es reicht", "jetzt reicht|reichts", "genug jetzt", "jetzt ist genug", "du lugst", "sie lugen", "hor mir zu", "sind sie taub|verruckt|blod",
		"bist du taub|verruckt|blod|bescheuert", "ich hasse dich|euch|sie", "mach* ~1 dich|euch fertig|kalt|platt", "vergiss es",
		"das wirst du|werden sie bereuen", "verarsch*", "willst du mich verarschen",
		// fr
		"degage*", "sors d ici", "sortez", "fous le camp", "foutez le camp", "laisse|laissez moi ~1 tranquille",
		"tais toi", "taisez vous", "la ferme", "ta gueule", "arrete*", "va t en", "allez vous en", "va au diable",
		"comment oses|osez", "je vais te|vous tuer", "je te|vous tuerai", "ca suffit", "tu mens", "vous mentez",
		"ecoute moi", "ecoutez moi", "je te deteste", "je vous deteste", "je te hais", "je vous hais",
		"laisse tomber", "vous vous fichez|foutez de moi", "tu te fiches|fous de moi", "tu vas le payer", "vous allez le payer",
		"tu te moques de moi", "vous vous moquez de moi",
		// fi
		"haivy", "haipykaa", "ulos taalta", "painu ~1 helvettiin|hiiteen|vittuun", "anna minun olla", "antakaa minun olla",
		"lopeta*", "ole hiljaa", "olkaa hiljaa", "turpa kiinni", "pida turpasi|suusi", "miten|kuinka kehtaat|kehtaatte",
		"tapan sinut", "tapan teidat", "riittaa", "nyt riittaa", "mene pois", "menkaa pois", "valehtelet", "valehtelette",
		"kuuntele minua", "vihaan sinua|teita", "mita helvettia|vittua|hittoa", "kirot*", "saat|saatte maksaa", "tuki suusi|turpasi", "unohda koko", "en valita",
		"saa maksaa", "pilkkaat*",
		// es
		"fuera de aqui", "largate", "larguense", "vete", "vayase", "dejame en paz", "dejenme en paz", "callate", "callense",
		"basta", "como te atreves", "como se atreve", "te voy a matar", "te matare", "que demonios|diablos|carajo",
		"ya basta", "mientes", "escuchame", "te odio", "me la pagaras", "lo pagaras", "olvidalo", "te burlas de mi",
		// it
		"fuori di qui", "vattene", "andatevene", "lasciami in pace", "lasciatemi in pace", "smettila", "basta", "come osi",
		"come si permette", "ti ammazzo", "ti uccido", "che diavolo|cazzo", "stai zitto|zitta", "state zitti", "zitto",
		"mi hai stufato", "tu menti", "stai mentendo", "ascoltami", "ti odio", "me la pagherai", "lascia perdere", "mi prendi in giro",
		// nl
		"eruit", "ga weg", "donder op", "laat me met rust", "hou op", "houd op", "hou je mond|bek", "kop dicht",
		"hoe durf je", "ik vermoord je", "ik maak je af", "wat de hel|fuck", "genoeg", "het is genoeg", "je liegt",
		"luister naar me", "ik haat je", "dat zul je bezuren", "laat maar zitten", "neem je me in de maling",
		// sv
		"ut harifran", "forsvinn", "stick harifran", "dra at helvete", "lamna mig ifred", "sluta", "hall kaften|tyst|klaffen",
		"hur vagar du", "jag ska doda dig", "jag dodar dig", "vad fan", "vad i helvete", "nu racker det", "det racker",
		"du ljuger", "lyssna pa mig", "jag hatar dig", "det ska du fa betala", "glom det", "driver du med mig",
		// pt
		"fora daqui", "vai embora", "sai daqui", "me deixa em paz", "deixe me em paz", "para com isso",
		"cala a boca", "cale se", "como se atreve", "como ousa", "vou te matar", "que diabos", "que porra", "chega",
		"ja chega", "mentiroso", "voce mente", "me escuta", "te odeio", "voce vai pagar", "esquece", "esta brincando comigo",
	),
	entries(catExasper,
		// en
		"useless", "ridiculous", "unacceptable", "terrible", "awful", "horrible", "worst", "joke", "waste of ~2 time|money",
		"nonsense", "incompetent", "absurd", "outrageous", "disgrace*", "fed up", "sick of|and tired", "tired of",
		"still not|no", "not again", "once again", "yet again", "how many times", "for the ~1 third|fourth|last time",
		"seriously", "unbelievable", "are you kidding", "give me a break", "come on", "for god s sake",
		"for christ s sake", "for heaven s sake", "never again", "nothing works", "not helpful", "no help", "not happy",
		"annoying", "infuriating", "frustrating",
		"enough is enough", "scam", "rip off", "ripoff", "rubbish", "garbage", "what a mess", "i already said|told", "as|like i said", "i said",
		"how hard can it be", "i give up",
		// de
		"nutzlos*", "sinnlos*", "lacherlich*", "unverschamt*", "inakzeptabel*", "schrecklich*", "katastroph*",
		"frechheit", "zumutung", "witz", "zeitverschwendung", "unsinn", "quatsch", "inkompetent*", "absurd*",
		"schon wieder", "immer noch nicht", "zum ~1 x ten|dritten|hundertsten mal", "nase voll", "ich habe genug",
		"unglaublich", "das gibt s doch nicht", "das gibts doch nicht", "nervig*",
		"nervt", "argerlich*", "nie wieder", "abzocke", "hilft ~2 nicht", "wie gesagt", "blodsinn", "so ein mist", "so ein quatsch", "ich ~2 sagte|gesagt ~1 doch",
		"ich gebe auf",
		// fr
		"inutile*", "ridicule*", "inacceptable*", "lamentable*", "scandale*", "scandaleu*", "honteu*", "n importe quoi",
		"j en ai marre", "marre", "ras le bol", "perte de temps", "incompetent*", "absurde*", "toujours pas",
		"encore une fois", "pour la ~1 troisieme|enieme|derniere fois", "c est pas possible", "incroyable",
		"agacant*", "enervant*", "plus jamais", "arnaque*", "aide pas",
		"comme je l ai dit", "foutaise*", "connerie*", "betise*", "gachis", "fiche* ~2 la paix", "foutez ~2 la paix",
		"fous ~2 la paix", "je l ai deja dit", "j abandonne",
		// fi
		"turha*", "hyodyton*", "hyodytonta", "naurettava*", "kelvoton*", "surkea*", "kamala*", "kauhea*", "ala arvoi*",
		"havyton*", "ajanhukka*", "pelleily*", "taas ~2 ei", "vielakaan", "kolmannen kerran", "monta kertaa",
		"kyllastyny*", "kyllastytt*", "ei auta", "ei ~2 ymmarra", "uskomatonta", "arsyttava*", "ei ikina",
		"huijaus", "tyytymaton*", "pettyny*", "roskaa", "holynpoly*", "paskapuhe*", "sotku*", "kuten sanoin", "sanoin jo", "luovutan",
		// es
		"inutil*", "ridicul*", "inaceptable*", "terrible*", "horrible*", "vergonz*", "verguenza", "perdida de tiempo",
		"harto*", "harta*", "todavia no", "increible", "no sirve*", "absurd*",
		"nunca mas", "estafa", "tonteria*", "basura", "que desastre", "como ya dije", "ya te dije", "me rindo",
		// it
		"inutil*", "ridicol*", "inaccettabil*", "vergogn*", "perdita di tempo", "stufo", "stufa", "ancora una volta",
		"incredibile", "assurd*", "mai piu", "truffa", "schifo*", "sciocchezz*", "stupidaggin*", "cavolat*", "che disastro", "come ho detto", "te l ho gia detto", "mi arrendo",
		// nl
		"nutteloos*", "belachelijk*", "onacceptabel*", "schandalig*", "schande", "tijdverspilling", "het zat", "het beu",
		"alweer", "nog steeds niet", "ongelooflijk*", "absurd*", "nooit meer", "oplichterij",
		"waardeloos*", "irritant*", "onzin", "flauwekul", "wat een puinhoop", "zoals ik zei", "ik geef het op",
		// sv
		"vardelos*", "lojlig*", "oacceptabel*", "skandal*", "skamligt", "sloseri med tid", "trott pa", "less pa",
		"fortfarande inte", "otroligt", "absurt", "aldrig mer", "bluff", "irriterande", "skitsnack", "struntprat", "nonsens", "som jag sa", "jag ger upp",
		// pt
		"inutil*", "ridicul*", "inaceitavel*", "vergonh*", "perda de tempo", "cansad*", "farto*", "farta*",
		"ainda nao", "inacreditavel", "absurd*", "nunca mais", "golpe", "palhacada", "besteira*", "bobagem", "lixo", "que desastre", "como eu disse", "eu ja disse", "desisto",
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
		"how could you", "what have you done", "you never", "you always", "no way", "nobody", "nothing", "never",
		// de
		"lugner*", "lugen", "luge", "hasse*", "hasst", "hass", "verrat*", "verrater*", "feigling*", "ekel*", "widerlich*", "schwein*",
		"monster", "mord*", "morder*", "tot", "toten", "umbringen", "schuld", "betrug*", "dieb*", "gestohlen", "droh*", "rache",
		"bestraf*", "bose*", "grausam*", "unhoflich*", "frech*", "beleidig*", "ruiniert", "miserabel*", "gemein", "gemeine*",
		"egoistisch*", "arrogant*", "hasslich*", "warum hast du", "wie konntest du", "niemand", "nichts", "nie",
		// fr
		"menteu*", "mensonge*", "mentir", "deteste*", "hais", "haine", "trahi*", "traitre*", "lache*", "degoutant*",
		"degoute*", "porc*", "ordure*", "monstre*", "meurtr*", "tuer", "faute", "tricheu*", "voleu*",
		"menace*", "vengeance", "punir", "mechant*", "cruel*", "impoli*", "insult*", "gache*", "minable*", "egoiste*",
		"arrogant*", "moche*", "pourquoi as tu", "comment as tu pu", "personne", "rien", "jamais",
		// fi
		"valehtel*", "valhe*", "vihaa*", "vihaan", "petturi*", "petit*", "pelkuri*", "inhottav*", "iljettav*", "sika*",
		"hirvio*", "murha*", "tappa*", "tapan", "tapoit", "sinun syytasi", "syyta*", "huijar*", "varas", "varasti", "uhka*",
		"uhkail*", "kosto*", "rangais*", "paha", "pahaa", "pahoja", "julma*", "epakohtelia*", "loukka*", "pilasi*", "ilkea*", "itsekas",
		"ylimielinen", "ruma*", "miksi sina", "miten saatoit", "kukaan", "mitaan", "koskaan",
		// es, it, pt
		"mentiros*", "mentira*", "odio", "odia*", "traidor*", "traicion*", "cobarde*", "asqueros*", "asco", "cerdo*",
		"monstruo*", "asesin*", "matar", "culpa*", "ladron*", "amenaza*", "venganza", "castig*", "malvad*",
		"cruel*", "grosero*", "insult*", "arruin*", "nadie", "nada", "nunca",
		"bugiard*", "bugia*", "odio", "traditor*", "tradiment*", "codard*", "disgust*", "porco", "mostro*", "assassin*",
		"uccider*", "colpa", "ladro*", "minacc*", "vendetta", "cattiv*", "crudel*", "maleducat*", "insult*", "rovinat*",
		"nessuno", "niente", "nulla", "mai",
		"mentiros*", "mentira*", "odeio", "traidor*", "traicao", "covarde*", "nojent*", "nojo", "porco*", "monstro*",
		"assassin*", "matar", "culpa", "ladrao", "roubou", "ameaca*", "vinganca", "castig*", "cruel", "grosseir*",
		"insult*", "arruin*", "ninguem", "nada", "nunca",
		// nl, sv
		"leugenaar*", "leugen*", "liegen", "haat", "verraad", "verrader*", "lafaard*", "walgelijk*", "varken*",
		"monster*", "moord*", "doden", "schuld", "dief", "gestolen", "bedreig*", "wraak", "straf*", "gemeen", "wreed*",
		"onbeleefd*", "beledig*", "verpest*", "niemand", "niets", "nooit",
		"lognare", "logn*", "ljuger", "hatar", "forrad*", "forradare", "feg*", "acklig*", "svin*",
		"monster", "mord*", "doda", "tjuv*", "stal", "hotar", "hotade", "hamnd*", "straff*", "elak*", "grym*", "oforskamd*",
		"forstort", "ingen", "ingenting", "aldrig",
	),
	entries(catPositive,
		// en
		"thank*", "thx", "love*", "lovely", "great", "wonderful", "happy", "glad", "beautiful", "nice", "excellent",
		"perfect", "friend*", "welcome", "congratulation*", "sweet*", "dear", "darling", "honey", "smile*", "laugh*",
		"enjoy*", "fun", "trust*", "believe", "proud", "hope", "hoping", "hopefully", "safe", "awesome", "amazing", "brilliant", "fantastic",
		"pleasure", "good", "fine", "cool", "appreciate*", "grateful", "helpful", "well done", "no problem",
		"bless*", "wish*", "promise*", "honor*", "honour*", "together", "celebrat*", "sorry",
		// de
		"danke*", "dank", "liebe*", "lieb*", "toll*", "wunderbar*", "wunderschon*", "schone", "schones", "glucklich*", "froh*", "super", "perfekt*",
		"freund*", "vertrau*", "stolz*", "hoff*", "prima", "klasse", "gut", "gute*", "herrlich*", "willkommen", "freu*",
		"spass", "versprech*", "zusammen", "schatz", "gluckwunsch*", "kein problem", "entschuldig*",
		// fr
		"merci*", "amour*", "aime*", "adore*", "genial*", "merveilleu*", "heureu*", "contente", "beau", "belle*",
		"parfait*", "ami", "amis", "amie*", "cheri*", "confiance", "fier*", "espere*", "espoir", "bravo", "bien",
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
		"cut", "forget", "just", "enough", "hey",
		// de
		"hor", "horen sie", "gib", "geben sie", "lass", "lassen sie", "komm", "kommen sie", "geh", "gehen sie", "mach",
		"machen sie", "sag", "sagen sie", "nimm", "bleib", "warte", "schau", "halt", "beeil dich", "vergiss",
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
