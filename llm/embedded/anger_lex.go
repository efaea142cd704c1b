package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// angerLex holds the words of anger in English, German, French and Finnish,
// in the registers people use in support chats and in everyday speech:
//
//   - catInsult: words that call a person something (idiot, Arschloch,
//     connard, kusipää), and contempt markers that announce one ("espèce
//     de", "senkin", "you stupid");
//   - catSwear: expletives (damn, Scheiße, putain, perkele), anger unless
//     they intensify praise ("damn good");
//   - catHostile: hostile imperatives (shut up, hau ab, casse-toi, painu
//     hiiteen), curses aimed at someone, threats, indignation ("how dare
//     you", "de quel droit", "miten kehtaat");
//   - catExasper: exasperation with a service or a situation (useless,
//     Frechheit, j'en ai marre, käsittämätöntä), sarcasm ("thanks for
//     nothing", "na super") and exasperated repetition ("for the third time",
//     "zum vierten Mal", "does anyone read this").
//
// Written from knowledge of the languages; folded (no accents), elisions
// split ("j'en ai marre" is "j en ai marre").
func angerLex() []text.Entry {
	return concat(
		entries(catInsult,
			// en
			"idiot*", "moron*", "imbecile*", "bastard*", "bitch*", "asshole*", "arsehole*", "jerk", "jerks", "loser*", "dickhead*",
			"cunt*", "scum*", "clown*", "fool", "fools", "dumbass", "dipshit", "prick", "twat", "wanker*", "douche*", "creep",
			"son of a bitch", "piece of shit|crap|garbage|work", "you (stupid|dumb|lazy|useless|incompetent|pathetic|little)",
			"stupid", "dumb", "brainless", "pathetic", "retard*", "liar*", "coward*", "traitor*", "thief", "thieves", "crook*",
			"swindler*", "scammer*", "con artist*",
			// de
			"idiot*", "*idiot", "vollidiot*", "trottel*", "depp*", "blodmann*", "dummkopf*", "mistkerl*", "scheisskerl*",
			"arschloch*", "arsch", "wichser*", "penner*", "spast*", "hurensohn*", "schlampe*", "miststuck*", "drecksau*", "sau",
			"schwein*", "dreckskerl*", "lugner*", "betruger*", "feigling*", "versager*", "nichtsnutz*", "blod*", "dumm*",
			"bescheuert*", "beknackt*", "bekloppt*", "behindert*", "abzocker*", "halsabschneider*", "gauner*", "verbrecher*",
			"(du|sie) ~1 (idiot|trottel|depp|arsch|dummkopf|versager|vollpfosten|witzfigur)",
			// fr
			"idiot*", "imbecile*", "cretin*", "abruti*", "connard*", "connasse*", "quel con", "gros con", "conne", "enfoire*",
			"salaud*", "salopard*", "salope*", "ordure*", "pourriture*", "minable*", "nul", "nulle", "nuls", "tare*", "debile*",
			"bouffon*", "guignol*", "pignouf*", "pauvre type", "pauvre con", "sale (type|con|menteur|voleur|bete|gosse|rat|traitre)",
			"espece (de|d)", "menteur*", "menteuse*", "voleur*", "voleuse*", "escroc*", "traitre*",
			"stupide*", "cingle*", "pauvre idiot", "gros con", "petasse*", "batard*", "fumier*", "vaurien*", "voyou*", "charogne*",
			"raclure*", "hypocrite*", "ingrat*", "t es (fou|folle|malade|dingue|cingle|tare)", "vous etes (fou|folle|malade|dingue|cingle)",
			// fi
			"idiootti*", "*idiootti", "aalio*", "urpo*", "kusipaa*", "mulkku*", "*mulkku", "paskiainen*", "paskapaa*",
			"lutka*", "huora*", "narttu*", "pelkuri*", "roisto*", "konna*", "senkin", "torky*", "saasta*", "retku*", "tollo*",
			"tomppeli*", "polvasti*", "holmo*", "dorka*", "juntti*", "luuseri*", "nilkki*", "lurjus*", "valehtelija*",
			"petturi*", "pettaja*", "huijari*", "varas", "varkaat", "tyhma*", "typera*", "aivoton*", "surkimus*", "rotta",
			"sika", "sian", "kusi*", "perseennuolija*", "hullu", "hulluja", "mielipuoli*",
		),
		entries(catSwear,
			// en
			"damn*", "dammit", "goddamn*", "god damn*", "shit*", "bullshit", "fuck*", "fck*", "fuk*", "wtf", "ffs", "crap*",
			"bloody", "bloody hell", "hell", "piss*", "freaking", "frigging", "effing", "bugger*", "sod it", "sodding",
			"jesus christ", "for christ s sake", "for god s sake", "for fuck s sake", "for crying out loud", "holy crap|shit|cow",
			// de
			"scheiss*", "*scheisse", "scheiss", "mist", "verdammt*", "verflucht*", "kacke", "kack*", "zum teufel", "teufel",
			"zum henker", "herrgott*", "himmel herrgott", "verdammt noch mal", "gottverdammt*", "verfickt*", "fick*", "shit",
			"mann ey", "menno", "oh mann", "heilige scheisse", "leck mich", "sakrament*", "kruzifix",
			// fr
			"merde*", "putain*", "bordel", "bon sang", "bon dieu", "nom de dieu", "nom d un chien", "sacrebleu", "zut",
			"chier", "fait chier", "foutre", "foutu*", "fichu*", "la vache", "chiotte*",
			// fi
			"vittu*", "*vittu", "perkele*", "perkule", "saatana*", "saatanan", "helvet*", "*helvetti", "jumalauta", "jumaliste",
			"hitto*", "hiton", "hitsi", "hemmetti*", "hemmetin", "paska*", "*paska", "perse*", "kirottu*", "pahus*", "piru*",
			"pirun", "saakeli*", "himskatti", "hittolainen", "hitolla", "voi rahma", "herran tahden", "herra jumala",
			"jumalan tahden", "jeesus", "voi luoja", "kirota*", "kiroan",
		),
		entries(catHostile,
			// en
			"shut up", "shut your mouth|face|trap", "get out of my (face|sight|way|house|office)", "get the hell out", "get out now",
			"now get out", "get lost", "go away", "go to hell", "to hell with", "piss off",
			"fuck off", "fuck you", "screw you", "damn you", "drop dead", "back off", "leave me alone", "get away from me",
			"get your hands off", "(do not|don t) touch me", "(do not|don t) talk to me", "(do not|don t) you dare",
			"how dare you", "who do you think you are", "what the hell|heck|fuck", "why the hell|heck|fuck",
			"what s wrong with you", "what is wrong with you", "are you out of your mind", "are you deaf|stupid|crazy|insane",
			"(i ll|i will|i m going to|i am going to|gonna) (kill|destroy|ruin|sue|report) you", "you ll|will (pay|regret)",
			"you re going to (pay|regret)", "pay for this", "i m warning you", "i am warning you", "mind your own business",
			"none of your business", "listen to me", "you lied", "you re lying", "you are lying", "you liar",
			"i hate you", "shame on you", "you make me sick", "you disgust me", "you people", "i do not care",
			"are you kidding me", "you ve got to be kidding", "you have got to be kidding", "are you serious",
			"are you mocking me", "are you taking the piss", "don t mess with me", "get off my back", "give it a rest",
			"you re fired", "you are fired", "out of my way", "how could you", "you should have",
			// de
			"halt* ~2 (klappe|fresse|schnauze|maul|mund)", "hau ab", "haut ab", "verpiss dich", "verpisst euch", "verschwinde*",
			"raus hier", "lass mich ~2 in ruhe", "lasst mich ~2 in ruhe", "fass mich nicht an", "hor auf", "hort auf",
			"horen sie auf", "was fallt ~1 (dir|ihnen|euch) ein", "wie kannst du es wagen", "wie konnen sie es wagen",
			"(du wirst|sie werden|ihr werdet) ~3 (bereuen|bussen|bezahlen)", "ich bring* ~1 dich um", "ich mach* ~1 (dich|euch) ~1 (fertig|kalt|platt|alle)",
			"geht (dich|sie|euch) ~2 nichts an", "erspar* ~1 mir", "verschon* ~1 mich",
			"leck mich", "du kannst mich mal", "geh* zum teufel", "fahr* zur holle", "was zum teufel|henker|geier",
			"was soll (das|der mist|der scheiss)", "spinnst du", "spinnen sie", "bist du (verruckt|taub|blod|bescheuert|irre)",
			"sind sie (verruckt|taub|blod|bescheuert|irre|noch zu retten)", "du spinnst", "du lugst", "sie lugen", "ihr lugt",
			"hor mir ~2 zu", "horen sie mir ~2 zu", "ich hasse (dich|euch|sie)", "schamen sie sich", "schame dich",
			"wollt ihr mich verarschen", "wollen sie mich (verarschen|veralbern|verappeln|fur dumm verkaufen)",
			"verarsch*", "verappel*", "veralber*", "fur dumm verkaufen", "das geht dich nichts an", "kummer dich um deinen kram",
			"scheissegal", "(du bist|sie sind) gefeuert", "(bist du|sind sie) ~1 (noch ganz dicht|wahnsinnig)",
			// fr
			"tais toi", "taisez vous", "la ferme", "ta gueule", "ferme ta gueule", "degage*", "casse toi", "cassez vous",
			"fous le camp", "foutez le camp", "sors d ici", "sortez d ici", "va t en", "allez vous en", "va te faire (foutre|voir)",
			"allez vous faire (foutre|voir)", "va au diable", "allez au diable", "lache moi", "lachez moi", "laisse moi tranquille",
			"laissez moi tranquille", "(fiche|fichez|fous|foutez) ~2 la paix", "(je t|je vous|j) emmerde",
			"ne me touche pas", "ne me touchez pas", "ne me parle pas", "ne me parlez pas", "ecoute moi bien", "ecoutez moi bien",
			"comment (oses|osez)", "de quel droit", "(pas|aucun) le droit", "pour qui (tu te prends|vous vous prenez)",
			"je vais (te|vous) (tuer|buter|crever|defoncer|detruire)", "je (te|vous) (tuerai|previens)", "(tu vas|vous allez) ~2 (payer|regretter)",
			"gare a (toi|vous)", "tu te fous|fiches|moques de moi", "vous vous (foutez|fichez|moquez) de moi",
			"(tu te|vous vous) (fous|foutez) de ma gueule", "qu est ce que (tu fous|vous foutez)", "c est quoi ce bordel",
			"tu me (fais chier|gonfles|saoules|soules|degoutes|fatigues|enerves)", "vous me (faites chier|gonflez|degoutez|fatiguez|enervez)",
			"je te deteste", "je vous deteste", "je te hais", "je vous hais", "tu mens", "vous mentez", "menteur",
			"occupe toi de tes affaires", "(ca|cela) ne (te|vous) regarde pas", "(ca|cela) te regarde pas", "je m en fous",
			"je m en fiche", "j en ai rien a (foutre|faire|cirer)", "rien a foutre", "honte a (toi|vous)", "tu plaisantes",
			"vous plaisantez", "non mais (ca va|oh|franchement|serieux|serieusement)", "je (t|vous) interdis", "ne (t|vous) avise* pas",
			"tu vas voir", "tu me le paieras", "vous me le paierez", "(tu es|vous etes|t es) vire*", "barre toi", "tire toi",
			"mele toi de", "tu me cherches", "ca va pas la tete", "(magne|grouille) toi", "du balai",
			// fi
			"painu* ~1 (helvettiin|hiiteen|vittuun|pois|kuuseen|tiehesi|ulos)", "haivy", "haipykaa", "haippa", "ala vetaa",
			"turpa kiinni", "tuki (suusi|turpasi)", "pida (turpasi|suusi|leipalapesi) kiinni", "ole hiljaa", "olkaa hiljaa",
			"anna minun olla", "antakaa minun olla", "jata minut rauhaan", "jattakaa minut rauhaan", "ala koske", "alkaa koskeko",
			"ala puhu minulle", "pysy poissa", "pysykaa poissa", "mene pois", "menkaa pois", "suksi kuuseen",
			"haista (paska|vittu|home|pitka)", "paa kiinni", "suu kiinni", "(oletko|oletteko) (hullu|sekaisin|tosissasi|tosissanne)",
			"olet (hullu|sekaisin)", "saat potkut", "saatte potkut", "tapan (sinut|teidat|sut)", "saat (katua|maksaa|nahda)", "saatte (katua|maksaa)",
			"kadut viela", "kaduttaa sinua", "odota vain|vaan", "varo (vain|vaan|sanojasi)", "pida varasi",
			"mina naytan (sinulle|teille)", "(miten|kuinka) (kehtaat|kehtaatte|julkeat|julkeatte)", "mita (sina|te) luulet",
			"kuka (sina|te) luulet", "mita (helvettia|vittua|hittoa|perkeletta|saatanaa|pirua)", "mika (sinua|teita) vaivaa",
			"(ei|se ei) kuulu (sinulle|teille|sulle)", "ei ole (sinun|teidan) asia*", "ala viitsi", "alkaa viitsiko",
			"vihaan (sinua|teita|sua)", "inhoan (sinua|teita)", "valehtelet", "valehtelette", "puhut paskaa",
			"en valita (paskaakaan|hittojakaan|vittuakaan|pahuksenkaan)", "ihan sama", "en valita", "ei kiinnosta",
			"pilkkaat*", "pilkkaatko", "naurat (minulle|mulle)", "teet (minusta|musta) pellen",
		),
		entries(catExasper,
			// en
			"useless", "ridiculous", "unacceptable", "terrible", "awful", "horrible", "worst", "what a joke", "(is|s) a joke",
			"joke of a",
			"waste of ~2 time|money", "nonsense", "incompetent", "absurd", "outrageous", "disgrace*", "disgusting", "appalling",
			"shocking", "fed up", "sick of", "sick and tired", "tired of", "still not", "still no", "still nothing",
			"still waiting", "not again", "once again", "yet again", "how many times", "for the ~1 (third|fourth|fifth|tenth|umpteenth|last|nth) time",
			"(third|fourth|fifth|tenth|umpteenth) (message|email|mail|call|time|week|attempt|day)", "seriously", "unbelievable",
			"give me a break", "come on", "never again", "nothing works", "not helpful", "no help", "not happy", "annoying",
			"infuriating", "frustrating", "enough is enough", "that s enough", "that is enough", "had enough", "i ve had it",
			"i have had it", "scam", "rip off", "ripoff", "rubbish", "garbage", "what a mess", "i already said|told",
			"as|like i said", "how hard can it be", "i give up", "thanks for nothing", "oh (great|brilliant|wonderful|perfect|lovely)",
			"just (great|brilliant|perfect|wonderful)", "(does|do|is|did) (anyone|anybody|somebody|someone) ~2 (read|reading|care|listen|listening)",
			"are you even (reading|listening)", "nobody (cares|reads|listens|answers)", "no one (cares|reads|listens|answers)",
			"i m done", "i am done", "i m|am so done", "so done with", "done with you", "never ~4 again", "cancel* everything", "take my business elsewhere",
			"(go|going|switch|switching|move|moving) to (a|your) competitor", "i ll go elsewhere", "i (told|warned) you", "i ve (told|warned) you", "(did not|didn t) i tell you",
			"what (are|do) you (doing|think you re doing)", "so what", "sick to death", "beyond a joke", "this is insane", "lame",
			// de
			"nutzlos*", "sinnlos*", "lacherlich*", "unverschamt*", "unverschamtheit", "inakzeptabel*", "schrecklich*",
			"katastroph*", "frechheit", "zumutung", "witz", "ein witz", "zeitverschwendung", "unsinn", "quatsch", "inkompetent*",
			"absurd*", "schon wieder", "immer noch nicht", "immer noch kein*", "zum ~1 (x ten|dritten|vierten|funften|zehnten|hundertsten|letzten) mal",
			"(dritte|vierte|funfte|zehnte) (nachricht|mail|anruf|mal|woche|versuch)", "nase voll", "schnauze voll", "ich habe genug",
			"ich hab genug", "unglaublich", "unfassbar", "nicht zu fassen", "das gibt s doch nicht", "das gibts doch nicht",
			"nervig*", "nervt", "nerven", "argerlich*", "nie wieder", "abzocke", "hilft ~2 nicht", "wie gesagt", "blodsinn",
			"so ein mist", "so ein quatsch", "ich ~2 sagte|gesagt ~1 doch", "ich gebe auf", "es reicht", "jetzt reicht*",
			"mir reicht s", "mir reichts", "reicht ~2 mir", "das reicht", "langsam reicht", "kotzt mich an", "geht mir auf (die nerven|den sack|den keks|den geist)",
			"atzend", "erbarmlich*", "armselig*", "peinlich", "das letzte", "das allerletzte", "skandal*", "liest ~3 (jemand|einer|irgendwer)",
			"schwachsinn*", "mull", "lausig*", "taug* ~1 nichts", "fur die katz", "bringt ~2 nichts",
			"danke fur nichts", "vielen dank auch", "na (super|toll|prima|klasse|bravo|wunderbar|grossartig)", "na danke",
			"kundige ~3 alles", "nie ~4 wieder", "zur konkurrenz", "vertrost*", "hingehalten", "hinhalten", "textbaustein*", "ignoriert",
			"ich (habe|hab|hatte) (dir|ihnen|euch|es dir) ~2 gesagt", "ich hab s dir ~2 gesagt", "ich habe dich gewarnt",
			"was (machst du|machen sie|macht ihr) ~1 (da|hier)", "na und", "lass* ~2 mich los",
			// fr
			"inutile*", "ridicule*", "inacceptable*", "inadmissible*", "intolerable*", "insupportable*", "lamentable*", "pitoyable*",
			"scandale*", "scandaleu*", "honteu*", "une honte", "quelle honte", "n importe quoi", "j en ai marre", "marre", "ca commence a bien faire",
			"ras le bol", "j en ai assez", "en avoir assez", "j en peux plus", "perte de temps", "incompetent*", "absurde*",
			"toujours pas", "toujours rien", "encore une fois", "pour la ~1 (troisieme|quatrieme|cinquieme|dixieme|enieme|derniere) fois",
			"(troisieme|quatrieme|cinquieme|dixieme|enieme) (message|mail|appel|fois|semaine|relance)", "c est pas possible",
			"c est pas croyable", "pas croyable", "incroyable", "agacant*", "enervant*", "exasperant*", "plus jamais", "arnaque*",
			"aide pas", "comme je l ai dit", "foutaise*", "connerie*", "betise*", "gachis", "c est (nul|naze|pourri|minable)",
			"je l ai deja dit", "j abandonne", "ca suffit", "ca suffit comme ca", "merci pour rien", "merci du cadeau",
			"quelqu un ~2 lit", "personne ne (lit|repond|ecoute)", "vous vous rendez compte", "c est un comble",
			"n en parlons plus", "c est la meilleure", "il ne manquait plus que", "c est du vol", "on se fout de", "on se moque de",
			"je (t|vous) (ai|avais) (dit|prevenu)", "je (te|vous) l (ai|avais) dit", "qu est ce que (tu fais|vous faites|tu racontes|vous racontez|tu fiches|vous fichez)",
			"c est pas vrai", "c est pas possible", "mais enfin", "quel (culot|toupet)", "c est degoutant", "ca m (enerve|agace|exaspere)",
			"tu m (enerves|agaces|exasperes)", "vous m (enervez|agacez|exasperez)", "(tu aurais|vous auriez) du", "je resilie tout", "je vais ~2 (resilier|partir) ~2 tout", "chez un concurrent", "et alors", "et puis quoi encore", "c est (toi|vous) qui", "lache moi", "lachez moi",
			// fi
			"turha*", "hyodyton*", "hyodytonta", "naurettava*", "kelvoton*", "surkea*", "surkeaa", "kamala*", "kauhea*",
			"ala arvoi*", "havyton*", "havytonta", "torkea*", "torkeaa", "royhkea*", "julkea*", "ajanhukka*", "pelleily*",
			"taas ~2 ei", "vielakaan", "(kolmannen|neljannen|viidennen|kymmenennen) kerran", "(kolmatta|neljatta|viidetta|kymmenetta) kertaa",
			"(kolmas|neljas|viides) (viesti|kerta|soitto)", "monta kertaa", "kyllastyny*", "kyllastytt*", "olen saanut tarpeekseni",
			"tarpeeksi", "riittaa", "nyt riittaa", "jo riittaa", "ei auta", "uskomatonta", "uskomaton", "kasittamaton*",
			"kasittamatonta", "alyton*", "alytonta", "jarjeton*", "jarjetonta", "arsyttava*", "arsyttaa", "arsyttaa", "ottaa paahan",
			"vituttaa", "kyrsii", "sapettaa", "risoo", "korpeaa", "jurppii", "raivostutta*", "suututtaa", "kiukuttaa",
			"hermo* menee", "en kesta", "en siedä", "en sieda", "en jaksa", "ei ikina", "huijaus", "tyytymaton*",
			"pettyny*", "roskaa", "holynpoly*", "paskapuhe*", "sotku*", "kuten sanoin", "sanoin jo", "luovutan",
			"kiitos (vaan|vain|paljon) (taas|jalleen)", "kiitti vaan", "no (loistavaa|hienoa|mahtavaa|kiva|upeaa|nappiin)",
			"lukeeko ~2 (kukaan|joku)", "kukaan ei (lue|vastaa|valita)", "ei kukaan (lue|vastaa|valita)", "ihan oikeasti",
			"oikeesti", "vakavasti puhuen", "mita ihmetta", "mika vitsi", "pelleilya", "kusetus", "kusettaa", "huijaatte",
			"sanoin (sinulle|teille|sulle)", "mita mina sanoin", "varoitin (sinua|teita)", "mita (sina|te) (teet|teette|touhuat|touhuatte)",
			"(en|ei) ~3 enaa ~3 (ikina|koskaan)", "irtisanon kaiken", "kilpailijalle", "enta sitten", "paasta ~2 irti", "paastakaa ~2 irti",
		),
	)
}
