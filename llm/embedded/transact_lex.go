package embedded

import (
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// transactLex recognises the things customer service is about, in the
// supported languages: orders, parcels, invoices, payments, accounts, plans,
// cards, bookings, devices. A turn that names them is transactional: its
// negations and problem words report a problem ("the app doesn't work"),
// while the same words in a turn about nothing of the kind are more often
// acts of anger ("you don't get to tell me that").
func transactLex() []text.Entry {
	return entries(catTransact,
		// en
		"order*", "parcel*", "package*", "deliver*", "shipping", "shipment*", "invoice*", "bill", "bills", "billing",
		"payment*", "refund*", "account*", "password*", "login", "log in", "app", "apps", "website", "site", "plan", "plans",
		"tariff*", "subscription*", "contract*", "card", "cards", "transfer*", "balance", "fee", "fees", "price*",
		"charge*", "store", "shop", "product*", "item", "items", "booking*", "reservation*", "ticket*", "flight*", "router",
		"internet", "wifi", "wi fi", "sim", "data", "insurance", "claim*", "premium", "meter", "electricity", "customer*",
		"opening hours", "address", "email", "e mail", "pin", "iban", "receipt*", "voucher*", "discount*", "warranty",
		"return*", "exchange", "upgrade*", "download*", "install*", "settings", "profile", "checkout", "cart",
		// de
		"bestellung*", "paket*", "lieferung*", "versand*", "rechnung*", "zahlung*", "erstattung*", "konto", "kontos",
		"kundenkonto*", "passwort*", "webseite*", "tarif*", "abo", "abos", "vertrag*", "karte*", "uberweisung*", "kontostand",
		"gebuhr*", "preis*", "abbuchung*", "filiale*", "produkt*", "artikel*", "buchung*", "reservierung*", "flug*", "wlan",
		"handy*", "versicherung*", "schaden*", "beitrag*", "zahlerstand*", "strom*", "kunde", "kunden", "offnungszeit*",
		"adresse*", "sendung*", "ruckgabe*", "umtausch*", "gutschein*", "garantie*", "einstellungen",
		// fr
		"commande*", "colis", "livraison*", "envoi*", "facture*", "paiement*", "rembours*", "compte", "comptes",
		"mot de passe", "connexion", "appli", "application*", "forfait*", "abonnement*", "contrat*", "carte*", "virement*",
		"solde", "frais", "prix", "prelevement*", "magasin*", "boutique*", "produit*", "reservation*", "billet*", "wifi",
		"telephone*", "assurance*", "mutuelle*", "sinistre*", "cotisation*", "compteur*", "electricite", "client", "clients",
		"horaire*", "adresse*", "numero de", "retour*", "echange*", "bon de reduction", "garantie*", "parametres",
		// fi
		"tilau*", "paketti*", "paketin", "toimitu*", "lasku*", "maksu*", "hyvity*", "tili", "tilin", "tilille", "tililta",
		"salasana*", "kirjautu*", "sovellu*", "verkkosivu*", "sivusto*", "liittyma*", "sopimu*", "kortti*", "kortin",
		"pankki*", "tilisiirto*", "saldo*", "hinta*", "hinnan", "veloitu*", "myymala*", "verkkokaup*", "tuote*", "tuotteen",
		"varau*", "lippu*", "lipun", "lento*", "reititin*", "reitittim*", "netti*", "puhelin*", "puhelimen", "vakuutu*",
		"korvau*", "mittari*", "sahko*", "asiakas", "asiakkaan", "aukiolo*", "osoite*", "osoitteen", "sahkoposti*",
		"palautu*", "vaihto*", "takuu*", "asetukse*",
		// es, it, pt
		"pedido*", "paquete*", "envio*", "factura*", "pago*", "reembolso*", "cuenta", "contrasena*", "tarifa*", "contrato*",
		"tarjeta*", "ordine", "ordini", "pacco", "spedizione*", "fattura*", "pagamento*", "rimborso*", "conto", "abbonamento*",
		"contratto*", "encomenda*", "pacote*", "entrega*", "fatura*", "conta", "senha*", "assinatura*", "cartao",
		// nl, sv
		"bestelling*", "pakket*", "levering*", "factuur*", "betaling*", "terugbetaling*", "rekening*", "wachtwoord*",
		"abonnement*", "bestallning*", "leverans*", "faktura*", "betalning*", "losenord*", "abonnemang*",
	)
}
