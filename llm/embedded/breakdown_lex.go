package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// breakdownReplyLex recognises what a reply to a why-question opens its
// reason with.
func breakdownReplyLex() []text.Entry {
	return entries(catBecause, "because", "since", "cause", "so that", "weil", "da", "denn", "damit",
		"parce que", "parce qu", "car", "puisque", "koska", "silla", "kun", "jotta", "porque", "ya que", "perche", "poiche",
		"omdat", "want", "doordat", "eftersom", "for att", "pois", "ja que")
}

// breakdownLex recognises how a user reacts to a reply: confusion ("what?",
// "what do you mean?"), a correction that says the reply missed ("that's
// not what I asked", "I meant the store"), pushback, and satisfaction
// ("thanks, that worked").
func breakdownLex() []text.Entry {
	return concat(
		entries(catConfused,
			// en
			"what", "huh", "eh", "pardon", "come again", "what do you mean", "what you mean", "what does that mean",
			"what is that supposed to mean", "i do not understand", "i dont understand", "do not get it", "dont get it",
			"i do not follow", "random", "weird", "strange", "confus*", "who said", "why are you", "excuse me",
			// de
			"was", "wie bitte", "hae", "hä", "hm", "was meinst du", "was meinen sie", "was soll das heissen", "ich verstehe ~2 nicht",
			"versteh ich nicht", "verwirr*", "komisch", "seltsam",
			// fr
			"quoi", "hein", "comment", "pardon", "qu est ce que tu veux dire", "qu est ce que vous voulez dire", "que veux tu dire",
			"c est a dire", "je ne comprends pas", "je comprends pas", "j ai pas compris", "bizarre", "etrange",
			// fi
			"mita", "haa", "hah", "anteeksi mita", "mita tarkoitat", "mita tarkoitatte", "en ymmarra", "en tajua", "outo*", "kummallin*",
			// es, it, pt
			"que", "como", "que quieres decir", "que quiere decir", "no entiendo", "raro",
			"cosa", "come", "cosa vuoi dire", "cosa intende", "non capisco", "strano",
			"o que", "o que voce quer dizer", "nao entendo", "estranho",
			// nl, sv
			"wat", "huh", "wat bedoel je", "wat bedoelt u", "ik begrijp ~2 niet", "ik snap ~2 niet", "raar", "vreemd",
			"vad", "va", "vad menar du", "jag forstar ~2 inte", "konstigt",
		),
		entries(catCorrection,
			// en
			"not what i ~2 asked|said|meant|wanted|need|needed", "i (did not|never) ask|say|mean|want", "not my question",
			"not the question", "that is|s not (my question|what i)", "you (did not|have not) answer*", "answer my|the question",
			"i asked (about|for|if|whether|you|how|when|where|what)", "i am|m asking (about|for|if|whether|how|when|where|what)",
			"i meant", "i mean", "i said", "i already (said|told|asked|answered|did)", "that is|s wrong", "you are|re wrong",
			"wrong answer", "(make|makes) no sense", "(does not|do not) make ~1 sense", "not making ~1 sense", "nonsense",
			"what are you talking about", "you are|re not listening", "are you ~1 listening", "(nothing|not anything) to do with",
			"what has that got to do", "what does that have to do", "irrelevant", "off topic", "stop repeating",
			"you said that", "you already said", "you keep saying", "read my (question|message)", "(that|this) (does not|did not) help",
			"not helpful", "never mind the", "i did not ask for",
			// de
			"nicht (meine frage|die frage)", "nicht was ich ~3 gefragt|gemeint|gesagt|wollte|wissen wollte", "ich habe ~3 nicht ~3 gefragt|gesagt|gemeint",
			"ich habe ~3 nach ~3 gefragt", "ich frage|fragte ~3 ob|nach|wann|wie|wo|was", "beantworte* ~3 frage", "ich meinte", "ich meine",
			"ich sagte", "ich hab ~2 (doch|schon) gesagt|gefragt", "ich habe ~2 (doch|schon|bereits) gesagt|gefragt|geschrieben",
			"das ist falsch", "falsche antwort", "ergibt ~2 keinen sinn", "macht ~2 keinen sinn", "wovon reden sie|redest du",
			"hast du ~2 zugehort", "horen sie mir ~2 zu", "hort ihr ~2 zu", "hat nichts ~2 zu tun", "themaverfehlung", "unsinn",
			"(das hast du|das haben sie) ~2 schon gesagt", "lesen sie ~3 frage|nachricht", "das hilft ~2 nicht", "darum geht es nicht",
			"es geht nicht um", "nicht gefragt",
			// fr
			"ce n est pas ~2 (ma question|la question)", "ce n est pas ~2 ce que (j ai demande|je demande|je veux|j ai dit)",
			"c est pas ~2 ma question", "c est pas ~2 ce que (j ai demande|je demande)", "je n ai (pas|jamais) demande|dit",
			"j ai pas demande|dit", "j ai demande", "je (demande|demandais) ~2 si|quand|comment|ou", "je voulais dire", "je veux dire",
			"repond* ~3 (question|a ma question)", "vous ne repondez pas", "tu ne reponds pas", "c est faux", "mauvaise reponse",
			"(ca|cela) n a (aucun|pas de) sens", "n a aucun sens", "de quoi (tu parles|vous parlez)", "(vous ne|tu ne) m ecout*",
			"rien a voir", "hors sujet", "(vous l avez|tu l as|je l ai) deja dit", "(ca|cela) ne m aide pas", "n importe quoi",
			"il ne s agit pas", "je parle de",
			// fi
			"en kysynyt", "kysyin", "tarkoitin", "tarkoitan", "sanoin", "ei (ollut|ole) ~2 kysymykseni", "(se|tuo) ei ole ~2 mita kysyin",
			"vastaa ~2 kysymykseen", "et vastannut", "vaara vastaus", "vaarin", "ei ole ~2 mitaan jarkea", "ei tee ~1 jarkea",
			"mista ~1 puhut", "kuunteletko", "et kuuntele", "ei liity ~3 asiaan|mitenkaan", "aiheen vierest*", "sanoit jo",
			"olen jo ~1 (sanonut|kysynyt|kertonut)", "ei auttanut", "ei ole kyse", "kyse ei ole", "puhun",
			// es
			"no es ~2 mi pregunta", "no es ~2 lo que (pregunte|pedi|dije)", "no (pregunte|dije|pedi) eso", "pregunte ~3 (si|por)",
			"quise decir", "quiero decir", "responde ~3 pregunta", "no respondes", "no responde", "eso esta mal",
			"respuesta incorrecta", "no tiene ~1 sentido", "de que (hablas|habla)", "no me escuchas", "no tiene nada que ver",
			"ya lo dije", "no me ayuda",
			// it
			"non e ~2 la mia domanda", "non e ~2 quello che (ho chiesto|ho detto|chiedevo)", "non ho ~2 (chiesto|detto) questo",
			"ho chiesto", "volevo dire", "intendevo", "rispondi ~3 domanda", "non rispondi", "e sbagliato",
			"risposta sbagliata", "non ha ~1 senso", "di cosa (parli|sta parlando)", "non mi ascolti", "non c entra",
			"l ho gia detto", "non mi aiuta",
			// nl
			"dat is niet ~2 mijn vraag", "dat is niet ~2 wat ik (vroeg|bedoel|bedoelde|zei)", "dat heb ik niet ~2 gevraagd|gezegd", "ik vroeg",
			"ik bedoel*", "beantwoord ~3 vraag", "dat klopt niet", "fout antwoord", "slaat nergens op", "waar heb je het over",
			"luister je", "heeft er niets mee te maken", "dat zei ik al", "helpt niet",
			// sv
			"det var inte ~2 min fraga", "det var inte ~2 det jag (fragade|menade|sa)", "jag fragade inte", "jag fragade", "jag menade",
			"jag menar", "svara pa ~2 fragan", "det ar fel", "fel svar", "later inte vettigt", "vad pratar du om", "lyssnar du",
			"har inget med ~2 att gora", "jag sa ju", "hjalper inte",
			// pt
			"nao e ~2 minha pergunta", "nao e ~2 o que eu (perguntei|disse|pedi)", "eu nao (perguntei|disse) isso", "eu perguntei",
			"eu quis dizer", "quero dizer", "responda ~3 pergunta", "esta errado", "resposta errada", "nao faz ~1 sentido",
			"do que voce esta falando", "voce nao esta me ouvindo", "nao tem nada a ver", "eu ja disse", "nao ajuda",
		),
		entries(catSatisfied,
			"thank*", "thx", "ty", "cheers", "perfect", "that works", "it worked", "that worked", "works now", "got it", "solved",
			"that helps", "that helped", "helpful", "brilliant thanks", "found it", "done",
			"danke*", "dank", "vielen dank", "perfekt", "klappt", "hat geklappt", "funktioniert", "alles klar", "gelost",
			"hilfreich", "passt", "gefunden", "erledigt",
			"merci*", "parfait", "ca marche", "c est bon", "ca a marche", "compris", "resolu", "c est regle", "trouve",
			"kiitos*", "kiitti", "taydellista", "toimii", "toimi", "selva", "ratkesi", "loytyi", "onnistui", "hyva on",
			"gracias", "perfecto", "funciona", "funciono", "entendido", "resuelto", "grazie", "perfetto", "funziona",
			"capito", "risolto", "bedankt", "dank je|u", "perfect", "het werkt", "gelukt", "opgelost", "tack*", "perfekt",
			"det fungerar", "fungerade", "obrigad*", "perfeito", "funcionou", "resolvido",
		),
		entries(catAmountQ,
			"how much|many|long|old|often|far|late|soon", "what time", "when", "what is|s the price|cost|fee",
			"wie viel*|lange|oft|alt|spat|weit|teuer", "wann", "um wie viel uhr", "was kostet|kosten",
			"combien", "quand", "a quelle heure", "quel est le prix", "depuis quand",
			"milloin", "paljonko", "kuinka (paljon|monta|kauan|pitkaan|vanha|usein)", "mihin aikaan", "monelta", "mita maksaa",
			"cuanto*|cuanta*", "cuando", "a que hora", "quanto|quanti|quanta", "quando", "a che ora",
			"hoeveel", "wanneer", "hoe laat|lang|vaak|oud", "hur mycket|manga|lange|ofta|gammal", "nar", "vilken tid",
			"quantos|quantas", "que horas"),
		entries(catHowQ, "how do|can|should|would i|we", "how to", "how does", "wie kann|konnen|muss|soll ich|man", "wie ~3 ich",
			"wie geht", "comment (je|on|faire|puis|dois|peut)", "comment ~3 je", "miten|kuinka ~3 (voin|saan|teen|pitaa|voi)",
			"miten", "como (puedo|se|hago)", "come (posso|si|faccio)", "hoe (kan|moet) ik", "hoe ~2 ik", "hur (kan|gor|ska) jag",
			"como (posso|faco|se)"),
		entries(catDisagree, "no", "nope", "not true", "i do not know", "i dont know", "i do not think so", "nein", "stimmt nicht",
			"weiss nicht", "non", "pas vrai", "je ne sais pas", "ei", "ei pida paikkaansa", "en tieda", "no es verdad",
			"no se", "non e vero", "non lo so", "nee", "klopt niet", "weet ik niet", "nej", "stammer inte", "vet inte",
			"nao", "nao e verdade", "nao sei"),
		entries(catWhWord, "what", "who", "which", "where", "when", "whose", "how", "was", "wer", "wen", "welche*", "wo",
			"wann", "wie", "quoi", "qui", "quel*", "ou", "quand", "comment", "mika", "kuka", "mita", "kenen", "missa",
			"milloin", "miten", "que", "quien", "cual", "donde", "cuando", "cosa", "chi", "quale", "dove", "quando",
			"wat", "wie", "welk*", "waar", "wanneer", "vad", "vem", "vilk*", "var", "nar", "quem", "qual", "onde"),
	)
}
