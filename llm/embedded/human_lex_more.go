package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// humanLexMore recognises requests for a human in the languages that have
// no other built-in knowledge: Polish, Czech, Turkish, Russian, Danish and
// Norwegian, Japanese, Chinese and Arabic. Who (a human, a support role,
// someone), how (talk, connect, transfer) and the request (want, please,
// can I), with the commonest negations, written from knowledge of the
// languages. Chinese and Japanese patterns are sequences of characters
// (the tokenizer splits those scripts into characters); Arabic is matched
// inside words, whose prefixes (ال, و, ب, ل) and suffixes stick to them.
// Turns in these languages get the request for a human and nothing else:
// their other verdicts are never a confident no (see coverage.go).
func humanLexMore() []text.Entry {
	return concat(
		entries(catHumanStrong,
			// pl, cs
			"czlowiek*", "czlowiekiem", "zywy|zywym|prawdziwy|prawdziwym|zywa|prawdziwa czlowiek*|osob*", "konsultant*",
			"przedstawiciel*", "doradc*",
			"clovek*", "clovekem", "zivy|zivym|skutecny|skutecnym|opravdovy|opravdovym clovek*", "lidi", "lidmi", "poradc*",
			// tr
			"insan*", "gercek kisi*", "canli destek", "canli temsilci*", "musteri temsilci*", "temsilci*",
			// ru
			"человек*", "живой|живым|живому|реальн*|настоящ* человек*", "людьми", "оператор*", "консультант*",
			// da, no
			"menneske*", "rigtig|rigtigt|aegte|ekte|virkelig|levende person|menneske*",
			// ja, zh
			"人間", "有人", "生身", "オペレーター", "オペレータ", "人工", "真人", "活人", "人类", "人工客服",
			// ar
			"*انسان*", "*بشري*", "شخص حقيقي", "*موظف*", "*ممثل*",
		),
		entries(catHumanMedium,
			"pracownik*", "pracownic*", "obslug* klienta", "biur* obslugi", "infolini*", "kierownik*",
			"pracovnik*", "pracovnic*", "konzultant*", "operatork*", "zakaznick* (podpor*|servis*|centr*|linc*)", "vedouci*",
			"yetkili*", "calisan*", "danisman*", "musteri hizmetler*", "mudur*", "sorumlu*",
			"сотрудник*", "менеджер*", "специалист*", "представител*", "агент*", "поддержк*", "службу|служба|службой поддержки",
			"руководител*", "начальник*",
			"medarbejder*", "medarbeider*", "radgiver*", "kundeservice*", "kundeservicen", "konsulent*", "ansat", "ansatte",
			"kundestotte*", "kundesenter*",
			"担当者", "スタッフ", "係員", "窓口", "サポート", "責任者", "客服", "工作人员", "接线员", "客服人员", "专员", "经理", "坐席",
			"*مشغل*", "خدمه العملاء", "*وكيل*", "*مسؤول*", "*مدير*", "الدعم",
		),
		entries(catHumanWeak,
			"ktos", "kims", "kogos", "osob*", "nekdo", "nekym", "nekoho", "biri*", "birisi*", "birisiyle", "kisi*",
			"кто то", "кем то", "кому то", "кого то", "nogen", "noen", "en person", "誰 か", "人", "某人", "*شخص*", "*احد*",
		),
		entries(catTalk,
			"rozmaw*", "porozmaw*", "pogadac", "mowic", "polacz*", "przekier*", "przelacz*", "skontakt*",
			"mluvit", "promluvit", "hovorit", "spojit", "spojte", "prepojit", "prepojte", "kontaktovat",
			"konus*", "gorus*", "baglan*", "bagla*", "aktar*", "yonlendir*", "ulas*", "iletisim*",
			"поговор*", "говор*", "разговар*", "связ*", "соедин*", "переключ*", "переведите", "перевести", "позовите",
			"позвать", "общ*", "пообщ*",
			"tale", "snakke", "snakk*", "chatte", "forbind*", "viderestil*", "sette ~2 over", "sat ~2 over",
			"話", "はな", "繋", "つな", "代わ", "かわ", "転送", "接続", "連絡", "相談", "说话", "通话", "对话", "说", "聊", "转",
			"转接", "联系", "接通", "沟通", "找",
			"*تحدث*", "*كلم*", "*تواصل*", "*اتصال*", "*اتصل*", "*تحويل*", "*حولني*", "*حولوني*", "*وصلني*",
		),
		entries(catWant,
			"chce", "chcialbym", "chcialabym", "prosze", "poprosze", "czy moge", "potrzebuje", "musze", "daj mi",
			"chci", "chtel bych", "chtela bych", "prosim", "muzu", "mohu", "potrebuji",
			"istiyorum", "isterim", "lutfen", "rica ederim", "olur mu", "mumkun mu", "gerekiyor", "verin", "verir misiniz",
			"хочу", "хотел*", "можно", "могу ли", "пожалуйста", "дайте", "нужен", "нужна", "нужно", "прошу",
			"vil gerne", "vil gjerne", "onsker", "kan jeg", "ma jeg", "trenger", "har brug for",
			"たい", "ください", "下さい", "お願い", "ほしい", "欲しい", "できますか", "我要", "要", "想", "请", "能不能", "可以",
			"麻烦", "帮我", "给我",
			"*اريد*", "*ممكن*", "من فضلك", "لو سمحت", "*ابغي*", "*عايز*", "*اود*", "*احتاج*",
		),
		entries(catNeg,
			"nechci", "nepotrebuji", "istemiyorum", "gerek yok", "degil", "не", "нет", "ikke",
			"不", "不要", "不用", "没", "たく ない", "いりません", "لا", "لست", "ليس", "مش",
		),
	)
}
