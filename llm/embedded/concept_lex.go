package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
	"sync"
)

// Concepts of customer service that admins write trigger descriptions
// about, with their synonyms in the supported languages: a description
// naming a "refund" matches a user asking for their "money back", a
// "Rückerstattung" or a "hyvitys". Values start at conceptBase so that they
// never collide with the lexical categories.
const (
	conceptBase = 1000 + iota
	cRefund
	cCharge
	cDispute
	cUnrecognised
	cComplaint
	cService
	cAccount
	cCancel
	cOrder
	cDelivery
	cPassword
	cMoney
	cDamaged
	cLate
	conceptEnd
)

// conceptWeights are the weights of concepts in a description: what a
// description is about weighs 1; the company it names, less.
var conceptWeights = sync.OnceValue(func() map[int]float64 { return map[int]float64{cService: 0.4, cMoney: 0.6, cCharge: 0.6} })

func conceptLex() []text.Entry {
	return concat(
		entries(cRefund,
			"refund*", "reimburs*", "money back", "compensat*", "rebat*", "repay*", "chargeback", "charge back", "get back my money",
			"back my money", "give ~2 back ~2 money", "revers* ~3 charge*|payment*|purchase*|transaction*",
			"ruckerstatt*", "erstatt*", "geld ~2 zuruck", "ruckzahl*", "gutschrift", "entschadig*",
			"rembours*", "indemnis*", "dedommag*", "argent ~2 retour",
			"hyvit*", "palautu*", "rahat|rahani|rahoja ~2 takaisin", "korvau*",
			"reembols*", "devoluci*", "devolver*", "devuelvan", "rimbors*", "restitu*", "indennizz*",
			"terugbetal*", "geld terug", "terugstort*", "vergoed*", "aterbetal*", "pengar* ~2 tillbaka", "ersattning",
			"estorn*", "devolu*", "dinheiro de volta", "ressarc*",
		),
		entries(cCharge,
			"charg*", "payment*", "pay", "paid", "paying", "transaction*", "debit*", "direct debit", "bill", "billed", "deduct*",
			"billing", "invoice*", "fee", "fees", "withdraw*", "statement", "purchase*", "card payment",
			"zahlung*", "bezahl*", "abbuch*", "abgebucht", "lastschrift*", "belastung*", "belastet", "gebuhr*", "rechnung*",
			"transaktion*", "abrechnung*", "kontoauszug*", "abhebung*",
			"paiement*", "paye", "payee", "prelev*", "debit*", "facture*", "facturation", "frais", "transaction*", "retrait*",
			"veloit*", "maksu*", "maksoin", "maksettu", "lasku*", "tilisiirto*", "veloitus*", "nosto*", "tiliote*",
			"cargo*", "cobro*", "cobrad*", "pago*", "transacci*", "factura*", "retiro*", "comision*",
			"addebit*", "pagament*", "transazion*", "fattura*", "prelievo*", "commission*",
			"betaling*", "afschrijving*", "afgeschreven", "incasso*", "transactie*", "factuur*", "opname*",
			"betalning*", "debiter*", "dragning*", "dragit*", "transaktion*", "faktur*", "uttag*", "avgift*",
			"cobranc*", "cobrad*", "pagamento*", "transac*", "debito*", "fatura*", "saque*", "tarifa*",
		),
		entries(cDispute,
			"dispute*", "contest*", "charged twice", "double charg*", "twice", "two times", "duplicat*", "overcharg*",
			"wrong|incorrect|different amount", "extra charge*", "too much", "more than i", "not authori*", "unauthori*",
			"wrong|incorrect charge*|payment*|transaction*", "billing error", "billing dispute", "extra", "more than once",
			"should not be there", "shouldnt be there", "is not|isnt right|correct", "not the right amount", "less|fewer than",
			"only got|received|given", "revers*", "multiple|several times", "different than|from", "not ~3 right|full|correct amount",
			"not as much", "partly|partially", "less|fewer ~3 than", "did not approve|authori*", "didnt approve|authori*", "mistake", "error", "wrong",
			"doppel*", "zweimal", "falsch* betrag", "zu viel", "widerspr*", "reklamier*", "nicht autorisiert*",
			"double", "deux fois", "en double", "trop", "mauvais montant", "montant incorrect", "non autorise*", "contester",
			"kahdesti", "kahteen kertaan", "kaksi kertaa", "liikaa", "vaara* summa*", "kiistä*", "kiista*",
			"dos veces", "duplicad*", "de mas", "demasiado", "importe incorrecto", "no autorizad*", "disputa*",
			"due volte", "doppi*", "troppo", "importo sbagliato", "non autorizzat*", "contestazion*",
			"dubbel*", "twee keer", "te veel", "verkeerd bedrag", "niet geautoriseerd*", "betwist*",
			"tva ganger", "for mycket", "fel belopp", "obehorig*", "bestrid*",
			"duas vezes", "a mais", "demais", "valor errado", "nao autorizad*", "contestar",
			// "wrong", "error", "mistake" in the other languages, as "wrong" in English
			"falsch*", "fehler", "fehlerhaft*", "irrtum*", "erreur*", "errone*", "faux", "fausse*", "virhe*", "vaarin",
			"errores", "equivocad*", "errore*", "sbagliat*", "errat*", "fout", "foute", "fouten", "onjuist*", "verkeerd*",
			"vergissing", "fel", "felaktig*", "misstag", "erro", "erros", "errad*", "incorret*", "engano",
		),
		entries(cUnrecognised,
			"do|did|does not recogni*", "dont|didnt|doesnt recogni*", "not recogni*", "unrecogni*", "unknown", "unfamiliar",
			"do|did not know ~2 what|this|where", "did not make", "didnt make", "never made", "not mine", "was not me",
			"wasnt me", "what is this|that", "what s this|that", "strange", "weird", "suspicious", "unexpected", "mystery",
			"where did|does this", "no idea what", "did not do|make|authori*|approve|order", "didnt do|make|authori*|approve|order",
			"do not|dont|did not|didnt remember|recall", "someone ~3 taken|took|using|used|taking|withdrew|withdrawing", "odd",
			"not me", "where ~3 come|coming from", "what is|s ~4 for",
			"what ~2 is about", "what that is about", "why ~4 charged",
			"erkenne ~2 nicht", "unbekannt*", "nicht von mir", "kenne ~2 nicht", "was ist das", "seltsam*", "merkwurdig*",
			"verdachtig*", "nicht getatigt",
			"reconnais pas", "inconnu*", "pas moi", "qu est ce que c est", "etrange*", "bizarre*", "suspect*",
			"en tunnista", "tuntemato*", "outo*", "en ole tehnyt", "mika tama on", "epailyttav*",
			"no reconozco", "desconocid*", "no fui yo", "que es esto", "extran*", "sospechos*",
			"non riconosco", "sconosciut*", "non sono stato io", "cos e questo", "strano", "strana", "sospett*",
			"herken ~2 niet", "onbekend*", "niet van mij", "wat is dit", "vreemd*", "raar", "verdacht*",
			"kanner ~2 inte igen", "okand*", "inte jag", "vad ar detta|det har", "konstig*", "misstankt*",
			"nao reconheco", "desconhecid*", "nao fui eu", "o que e isso|isto", "estranh*", "suspeit*",
		),
		entries(cComplaint,
			"complain*", "complaint*", "grievance*", "claim against", "lodge ~3 claim|complaint", "file ~3 claim|complaint",
			"make ~3 claim|complaint", "reclamation*", "dissatisf*", "unhappy with", "not happy|satisfied with", "poor|bad|terrible service",
			"beschwer*", "reklamation*", "reklamier*", "unzufrieden*", "plainte*", "plaindre", "reclamation*", "mecontent*",
			"insatisf*", "valitu*", "valitta*", "valitan", "reklamaatio*", "tyytymat*", "queja*", "quejar*", "reclamacion*",
			"reclamo*", "insatisfech*", "lamentel*", "reclamare", "reclamo", "insoddisfatt*", "klacht*", "klagen",
			"ontevreden*", "klagomal*", "klaga*", "missnojd*", "reklamation*", "reclamac*", "queixa*", "insatisfeit*",
		),
		entries(cService,
			"service*", "support", "company", "business", "organization", "organisation", "firm",
			"kundendienst*", "firma", "unternehmen*", "dienst*", "entreprise", "societe", "palvelu*", "yritys*", "yrityk*",
			"servicio*", "empresa*", "servizi*", "azienda*", "bedrijf*", "tjanst*", "foretag*", "servico*",
		),
		entries(cAccount, "account*", "konto*", "compte*", "tili", "tilin", "tilini", "tilille", "tilia", "cuenta*",
			"conto", "rekening*", "conta"),
		entries(cCancel, "cancel*", "kundig*", "storn*", "annul*", "resili*", "peru*", "cancela*", "annull*", "disdir*",
			"opzeg*", "annuler*", "avbest*", "avsluta*"),
		entries(cOrder, "order*", "bestell*", "auftrag*", "commande*", "tilau*", "pedido*", "ordine*", "bestelling*",
			"encomenda*", "purchase*"),
		entries(cDelivery, "deliver*", "shipping", "shipment*", "parcel*", "package*", "liefer*", "paket*", "versand*",
			"livraison*", "colis", "toimitu*", "paketti*", "envio*", "paquete*", "entrega*", "consegn*", "pacco*",
			"spedizion*", "lever*", "pakket*", "leverans*", "pacote*"),
		entries(cPassword, "password*", "passwort*", "kennwort*", "mot de passe", "salasana*", "contrasena*",
			"wachtwoord*", "losenord*", "senha*", "log in|login", "sign in", "anmeld*", "connexion", "kirjaudu*"),
		entries(cMoney, "money", "cash", "funds", "geld", "argent", "raha*", "dinero", "soldi", "denaro", "pengar",
			"dinheiro", "eur", "euro*", "dollar*", "usd"),
		entries(cDamaged, "damag*", "broken", "defect*", "faulty", "beschadig*", "kaputt*", "defekt*", "beschadigt",
			"endommag*", "casse*", "defectu*", "rikki", "vaurio*", "viallinen", "roto", "rota", "danad*", "rotto",
			"danneggiat*", "difettos*", "kapot", "trasig*", "skadad*", "quebrad*", "danificad*",
			"smashed", "cracked", "dented", "scratched", "chipped", "in pieces",
			"zerbrochen", "zerkratzt", "verbeult", "gesprungen", "zersplittert", "eingedellt", "gerissen",
			"brise*", "fissure*", "abime*", "ecrase*", "dechire*", "en morceaux",
			"hajon*", "hajosi", "haljen*", "haljennut", "naarmu*", "lommo*", "sarkyi", "sarkynyt", "murskaantu*",
			"rajad*", "aplastad*", "abollad*", "destrozad*", "crepat*", "graffiat*", "ammaccat*", "frantumat*",
			"gebroken", "gebarsten", "bekrast", "gedeukt", "sonder", "sprucken", "sprucket", "reptad*", "bucklig*",
			"rachad*", "arranhad*", "amassad*", "estragad*"),
		entries(cLate, "late", "delay*", "not arrived", "hasn t arrived", "still waiting", "verspat*", "noch nicht angekommen",
			"retard*", "pas arrive*", "myohas*", "ei ole tullut", "retras*", "no ha llegado", "ritard*", "non e arrivat*",
			"vertraag*", "te laat", "forsen*", "inte kommit", "atras*", "nao chegou",
			"should have (arrived|come|been delivered)", "never (arrived|came|showed up)",
			"still not arrived|here|delivered", "(hasnt|has not|havent|have not) ~2 (come|arrived|been delivered|shown up)",
			"uberfallig*", "nie angekommen", "immer noch nicht ~2 da|angekommen|geliefert", "hatte ~3 ankommen|kommen sollen",
			"aurait du (arriver|etre livre*)", "jamais arrive*", "toujours pas ~2 recu*|arrive*|livre*",
			"ei ole ~2 tullut|saapunut", "ei koskaan ~1 tullut|saapunut", "piti ~2 tulla|saapua",
			"nunca llego", "todavia no ~2 llega*|recib*", "deberia haber llegado",
			"mai arrivat*", "ancora non ~2 arrivat*|ricevut*", "doveva arrivare",
			"nog steeds niet ~2 binnen|aangekomen|ontvangen|bezorgd", "nooit aangekomen",
			"har inte ~2 kommit|levererats", "aldrig kommit", "nunca chegou", "ainda nao ~2 chegou|recebi", "deveria ter chegado"),
	)
}
