package embedded

// breakdownLex recognises a user who reacts to a reply that failed:
// confusion, correction, or the question asked again.
var breakdownLex = concat(
	entries(catConfused,
		// en
		"what", "huh", "eh", "pardon", "come again", "what do you mean", "what you mean", "what are you talking about",
		"what does that mean", "no|nothing ~2 make|makes sense", "non sense", "you make no sense", "wrong answer",
		"i do not understand", "i dont understand", "do not get it", "that makes no sense", "makes no sense",
		"does not make sense", "doesnt make sense", "not make any sense", "nonsense", "that is not what i", "thats not what i",
		"not what i asked|said|meant", "i did not ask|say", "i didnt ask|say", "you are|re not listening", "are you listening",
		"answer my|the question", "you did not answer", "you didnt answer", "that is|s wrong", "you are|re wrong", "no that",
		"i asked", "i said", "off topic", "random", "weird", "strange", "confus*", "irrelevant", "what has that got to do",
		"what does that have to do", "who said", "why are you", "you already said", "you said that", "stop repeating",
		// de
		"was", "wie bitte", "hae", "hä", "was meinst du", "was meinen sie", "wovon redest du|reden sie", "ich verstehe ~2 nicht",
		"ergibt keinen sinn", "macht keinen sinn", "das ist nicht was ich", "nicht was ich ~2 gefragt|gesagt|meinte",
		"ich habe ~3 gefragt|gesagt", "hast du ~2 zugehort", "beantworte* ~3 frage", "das ist falsch", "falsch", "unsinn",
		"themaverfehlung", "verwirr*", "das hast du schon gesagt",
		// fr
		"quoi", "hein", "comment", "pardon", "qu est ce que tu veux dire", "que veux tu dire", "de quoi tu parles",
		"je ne comprends pas", "je comprends pas", "ca n a pas de sens", "aucun sens", "ce n est pas ce que",
		"je n ai pas demande|dit", "tu ne m ecoutes pas", "reponds a ~2 question", "c est faux", "n importe quoi",
		"hors sujet", "bizarre", "tu l as deja dit",
		// fi
		"mita", "haa", "anteeksi mita", "mita tarkoitat", "mista puhut", "en ymmarra", "ei ole mitaan jarkea",
		"ei tee jarkea", "jarjeton*", "en kysynyt", "en sanonut", "kuunteletko", "vastaa kysymykseen", "vaarin",
		"vaara vastaus", "aiheen vierest*", "outo*", "sanoit jo",
		// es, it, pt
		"que", "como", "que quieres decir", "de que hablas", "no entiendo", "no tiene sentido", "eso no es lo que",
		"no pregunte", "no dije", "me escuchas", "responde a ~2 pregunta", "eso esta mal", "incorrecto",
		"cosa", "come", "cosa vuoi dire", "di cosa parli", "non capisco", "non ha senso", "non e quello che",
		"non ho chiesto|detto", "mi ascolti", "rispondi alla domanda", "sbagliato",
		"o que", "o que voce quer dizer", "do que voce esta falando", "nao entendo", "nao faz sentido",
		"nao foi isso que", "eu nao perguntei|disse", "esta me ouvindo", "responda a pergunta", "errado",
		// nl, sv
		"wat", "huh", "wat bedoel je", "waar heb je het over", "ik begrijp ~2 niet", "slaat nergens op",
		"dat is niet wat ik", "dat heb ik niet gevraagd|gezegd", "luister je", "beantwoord de vraag", "dat klopt niet", "fout",
		"vad", "va", "vad menar du", "vad pratar du om", "jag forstar ~2 inte", "det later inte vettigt",
		"det var inte det jag", "jag fragade inte", "lyssnar du", "svara pa fragan", "det ar fel", "fel",
	),
	entries(catDisagree, "no", "nope", "not true", "i do not know", "i dont know", "i do not think so", "nein", "stimmt nicht",
		"weiss nicht", "non", "pas vrai", "je ne sais pas", "ei", "ei pida paikkaansa", "en tieda", "no es verdad",
		"no se", "non e vero", "non lo so", "nee", "klopt niet", "weet ik niet", "nej", "stammer inte", "vet inte",
		"nao", "nao e verdade", "nao sei"),
	entries(catWhWord, "what", "who", "which", "where", "when", "whose", "how", "was", "wer", "wen", "welche*", "wo",
		"wann", "wie", "quoi", "qui", "quel*", "ou", "quand", "comment", "mika", "kuka", "mita", "kenen", "missa",
		"milloin", "miten", "que", "quien", "cual", "donde", "cuando", "cosa", "chi", "quale", "dove", "quando",
		"wat", "wie", "welk*", "waar", "wanneer", "vad", "vem", "vilk*", "var", "nar", "quem", "qual", "onde"),
)
