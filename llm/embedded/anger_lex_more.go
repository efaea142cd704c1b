package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// angerLexMore holds the words of anger in Spanish, Italian, Dutch, Swedish
// and Portuguese, in the categories angerLex describes.
func angerLexMore() []text.Entry {
	return concat(
		entries(catInsult,
			// es
			"idiota*", "estupid*", "imbecil*", "cabron*", "gilipollas", "pendejo*", "tonto", "tonta", "mentiros*", "ladron*",
			"sinverguenza*", "payaso*", "cobarde*", "traidor*", "inutil de", "pedazo de", "hijo de puta",
			// it
			"idiota", "idioti", "cretin*", "stronz*", "imbecill*", "coglion*", "scem*", "deficient*", "bugiard*", "ladro",
			"ladri", "buffone*", "vigliacc*", "traditor*", "pezzo di", "figlio di puttana",
			// nl
			"idioot*", "stom", "stomme", "domme", "dommerik", "klootzak*", "sukkel*", "eikel*", "lul", "oen", "leugenaar*",
			"dief", "dieven", "lafaard*", "verrader*", "mafkees", "randdebiel*",
			// sv
			"idiot*", "dum", "dumma", "korkad*", "idiotisk*", "lognare", "tjuv*", "feg*", "forradare", "skitstovel*", "jubelidiot*",
			// pt
			"idiota*", "estupid*", "imbecil*", "burro*", "otario*", "babaca*", "mentiros*", "ladrao", "ladroes", "covarde*",
			"traidor*", "palhaco*", "filho da puta",
		),
		entries(catSwear,
			"mierda*", "joder", "jodid*", "maldit*", "carajo", "cono", "hostia*", "puta*", "demonios", "diablos", "leches",
			"merda*", "cazz*", "maledett*", "porca", "dannazione", "dannat*", "accidenti", "mannaggia", "porco",
			"shit", "verdomme", "godverdomme", "kut", "verdorie", "tering*", "kanker*", "godsamme",
			"javla*", "javlar", "helvete*", "skit", "satan", "forbannat", "jaddra", "fitta",
			"porra*", "caralho*", "droga", "maldit*", "cacete", "merda",
		),
		entries(catHostile,
			// es
			"fuera de aqui", "largate", "larguense", "vete", "vayase", "dejame en paz", "dejenme en paz", "callate", "callense",
			"como te atreves", "como se atreve", "te voy a matar", "te matare", "que demonios|diablos|carajo", "mientes",
			"escuchame", "te odio", "me la pagaras", "lo pagaras", "te burlas de mi", "me estas tomando el pelo", "vete a la mierda",
			"no me toques", "metete en tus asuntos",
			// it
			"fuori di qui", "vattene", "andatevene", "lasciami in pace", "lasciatemi in pace", "smettila", "come osi",
			"come si permette", "ti ammazzo", "ti uccido", "che diavolo|cazzo", "stai zitto|zitta", "state zitti", "zitto",
			"tu menti", "stai mentendo", "ascoltami", "ti odio", "me la pagherai", "mi prendi in giro", "vaffanculo",
			"non mi toccare", "fatti gli affari tuoi",
			// nl
			"ga weg", "donder op", "rot op", "laat me met rust", "hou op", "houd op", "hou je mond|bek", "kop dicht",
			"hoe durf je", "ik vermoord je", "ik maak je af", "wat de hel|fuck", "je liegt", "luister naar me", "ik haat je",
			"dat zul je bezuren", "neem je me in de maling", "bemoei je met je eigen zaken", "raak me niet aan",
			// sv
			"ut harifran", "forsvinn", "stick harifran", "dra at helvete", "lamna mig ifred", "hall kaften|tyst|klaffen",
			"hur vagar du", "jag ska doda dig", "jag dodar dig", "vad fan", "vad i helvete", "du ljuger", "lyssna pa mig",
			"jag hatar dig", "det ska du fa betala", "driver du med mig", "ror mig inte", "sköt dig sjalv",
			// pt
			"fora daqui", "vai embora", "sai daqui", "me deixa em paz", "deixe me em paz", "para com isso", "cala a boca",
			"cale se", "como se atreve", "como ousa", "vou te matar", "que diabos", "que porra", "voce mente", "me escuta",
			"te odeio", "voce vai pagar", "esta brincando comigo", "vai a merda", "nao me toque",
		),
		entries(catExasper,
			// es
			"inutil*", "ridicul*", "inaceptable*", "terrible*", "horrible*", "vergonz*", "verguenza", "perdida de tiempo",
			"harto*", "harta*", "todavia no", "increible", "no sirve*", "absurd*", "nunca mas", "estafa", "tonteria*", "basura",
			"que desastre", "como ya dije", "ya te dije", "me rindo", "ya basta", "basta", "estoy hasta las narices",
			"otra vez", "por (tercera|cuarta|enesima) vez", "gracias por nada",
			// it
			"inutil*", "ridicol*", "inaccettabil*", "vergogn*", "perdita di tempo", "stufo", "stufa", "ancora una volta",
			"incredibile", "assurd*", "mai piu", "truffa", "schifo*", "sciocchezz*", "stupidaggin*", "cavolat*", "che disastro",
			"come ho detto", "te l ho gia detto", "mi arrendo", "basta", "mi hai stufato", "non ne posso piu",
			"per la (terza|quarta|ennesima) volta", "grazie per niente",
			// nl
			"nutteloos*", "belachelijk*", "onacceptabel*", "schandalig*", "schande", "tijdverspilling", "het zat", "het beu",
			"alweer", "nog steeds niet", "ongelooflijk*", "absurd*", "nooit meer", "oplichterij", "waardeloos*", "irritant*",
			"onzin", "flauwekul", "wat een puinhoop", "zoals ik zei", "ik geef het op", "genoeg", "het is genoeg",
			"voor de (derde|vierde|zoveelste) keer", "bedankt voor niets",
			// sv
			"vardelos*", "lojlig*", "oacceptabel*", "skandal*", "skamligt", "sloseri med tid", "trott pa", "less pa",
			"fortfarande inte", "otroligt", "absurt", "aldrig mer", "bluff", "irriterande", "skitsnack", "struntprat", "nonsens",
			"som jag sa", "jag ger upp", "nu racker det", "det racker", "fatt nog nu", "fatt nog av", "for (tredje|fjarde|enda) gangen", "tack for ingenting",
			// pt
			"inutil*", "ridicul*", "inaceitavel*", "vergonh*", "perda de tempo", "cansad*", "farto*", "farta*", "ainda nao",
			"inacreditavel", "absurd*", "nunca mais", "golpe", "palhacada", "besteira*", "bobagem", "lixo", "que desastre",
			"como eu disse", "eu ja disse", "desisto", "chega", "ja chega", "pela (terceira|quarta|enesima) vez", "obrigado por nada",
		),
	)
}
