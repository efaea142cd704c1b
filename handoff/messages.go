package handoff

import (
	"fmt"
	"slices"
	"strings"
)

// Message keys: every sentence the user sees has one, with a template per
// language. Templates hold {placeholders} filled at render time.
const (
	// MsgAccepted: the handoff was accepted; a person will join. {wait}.
	MsgAccepted = "handoff_accepted"
	// MsgQueued: the handoff was accepted, but the helpdesk did not take it
	// at the first attempt; delivery is retried automatically.
	MsgQueued = "handoff_queued"
	// MsgAlreadyOpen: the conversation already has an open handoff.
	MsgAlreadyOpen = "already_open"
	// MsgNeedsEmail: an email address is needed before forwarding.
	MsgNeedsEmail = "needs_email"
	// MsgEmailDeclined: the user would not give an email address.
	MsgEmailDeclined = "email_declined"
	// MsgContactSaved: contact details were stored.
	MsgContactSaved = "contact_saved"
	// MsgMessageSaved: a message was left for the team. {email}.
	MsgMessageSaved = "message_saved"
	// MsgDeliveryFailed: the helpdesk could not take the handoff.
	MsgDeliveryFailed = "delivery_failed"
)

// DefaultLanguage is the language used when a template has no translation
// for the user's language.
const DefaultLanguage = "en"

// Messages maps a message key to its templates by language (ISO 639-1).
type Messages map[string]map[string]string

// DefaultMessages returns the built-in templates in English, German, French
// and Finnish.
func DefaultMessages() Messages {
	return Messages{
		MsgAccepted: {
			"en": "I've passed our conversation to a member of our team. A person will take over here{wait}; you don't need to repeat anything.",
			"de": "Ich habe unser Gespräch an jemanden aus unserem Team übergeben. Eine Person übernimmt hier{wait}; Sie müssen nichts wiederholen.",
			"fr": "J'ai transmis notre conversation à un membre de notre équipe. Une personne va prendre le relais ici{wait} ; vous n'avez rien à répéter.",
			"fi": "Siirsin keskustelumme tiimimme jäsenelle. Ihminen jatkaa tästä{wait}; sinun ei tarvitse toistaa mitään.",
		},
		MsgQueued: {
			"en": "I've passed your request to our team. Their system is slow to respond right now, so it may take a little longer until a person takes over here; you don't need to repeat anything.",
			"de": "Ich habe Ihre Anfrage an unser Team weitergegeben. Sein System antwortet gerade langsam, daher kann es etwas länger dauern, bis eine Person hier übernimmt; Sie müssen nichts wiederholen.",
			"fr": "J'ai transmis votre demande à notre équipe. Son système répond lentement en ce moment, il faudra donc peut-être un peu plus de temps avant qu'une personne prenne le relais ici ; vous n'avez rien à répéter.",
			"fi": "Välitin pyyntösi tiimillemme. Heidän järjestelmänsä vastaa juuri nyt hitaasti, joten voi kestää hetken pidempään ennen kuin ihminen jatkaa tästä; sinun ei tarvitse toistaa mitään.",
		},
		MsgAlreadyOpen: {
			"en": "Your request is already with our team; a person will take over here. You don't need to ask again.",
			"de": "Ihre Anfrage liegt bereits bei unserem Team; eine Person übernimmt hier. Sie müssen nicht erneut fragen.",
			"fr": "Votre demande est déjà entre les mains de notre équipe ; une personne va prendre le relais ici. Inutile de la renouveler.",
			"fi": "Pyyntösi on jo tiimillämme; ihminen jatkaa tästä. Sinun ei tarvitse pyytää uudelleen.",
		},
		MsgNeedsEmail: {
			"en": "To connect you with a person, I need your email address so our team can reach you. What is it?",
			"de": "Damit ich Sie mit einer Person verbinden kann, brauche ich Ihre E-Mail-Adresse, damit unser Team Sie erreicht. Wie lautet sie?",
			"fr": "Pour vous mettre en relation avec une personne, j'ai besoin de votre adresse e-mail afin que notre équipe puisse vous joindre. Quelle est-elle ?",
			"fi": "Jotta voin yhdistää sinut ihmiselle, tarvitsen sähköpostiosoitteesi, jotta tiimimme tavoittaa sinut. Mikä se on?",
		},
		MsgEmailDeclined: {
			"en": "Without an email address I can't pass this to our team. You can give one at any time, or keep chatting with me.",
			"de": "Ohne E-Mail-Adresse kann ich das nicht an unser Team weitergeben. Sie können jederzeit eine nennen oder mit mir weiterschreiben.",
			"fr": "Sans adresse e-mail, je ne peux pas transmettre votre demande à notre équipe. Vous pouvez en donner une à tout moment, ou continuer avec moi.",
			"fi": "Ilman sähköpostiosoitetta en voi välittää tätä tiimillemme. Voit antaa sen milloin tahansa tai jatkaa keskustelua kanssani.",
		},
		MsgContactSaved: {
			"en": "Thanks, I've saved your contact details.",
			"de": "Danke, ich habe Ihre Kontaktdaten gespeichert.",
			"fr": "Merci, j'ai enregistré vos coordonnées.",
			"fi": "Kiitos, tallensin yhteystietosi.",
		},
		MsgMessageSaved: {
			"en": "Thanks, I've passed your message to our team. They will reply to {email} as soon as they can.",
			"de": "Danke, ich habe Ihre Nachricht an unser Team weitergegeben. Es antwortet Ihnen so bald wie möglich an {email}.",
			"fr": "Merci, j'ai transmis votre message à notre équipe. Elle vous répondra dès que possible à {email}.",
			"fi": "Kiitos, välitin viestisi tiimillemme. He vastaavat osoitteeseen {email} niin pian kuin mahdollista.",
		},
		MsgDeliveryFailed: {
			"en": "I couldn't reach our team just now. Please leave your email and a short message and they will get back to you.",
			"de": "Ich konnte unser Team gerade nicht erreichen. Hinterlassen Sie bitte Ihre E-Mail-Adresse und eine kurze Nachricht, dann meldet es sich bei Ihnen.",
			"fr": "Je n'ai pas pu joindre notre équipe pour le moment. Laissez votre e-mail et un court message, elle vous recontactera.",
			"fi": "En tavoittanut tiimiämme juuri nyt. Jätä sähköpostiosoitteesi ja lyhyt viesti, niin he palaavat asiaan.",
		},
	}
}

// Merge returns m with the templates of over added, over winning.
func (m Messages) Merge(over Messages) Messages {
	out := make(Messages, len(m))
	for k, langs := range m {
		out[k] = make(map[string]string, len(langs))
		for l, t := range langs {
			out[k][l] = t
		}
	}
	for k, langs := range over {
		if out[k] == nil {
			out[k] = make(map[string]string, len(langs))
		}
		for l, t := range langs {
			out[k][BaseLanguage(l)] = t
		}
	}
	return out
}

// Validate checks that every key is known and every placeholder is one the
// key fills.
func (m Messages) Validate() error {
	known := DefaultMessages()
	for k, langs := range m {
		if _, ok := known[k]; !ok {
			keys := make([]string, 0, len(known))
			for k := range known {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			return fmt.Errorf("%s: unknown message; known messages are %s", k, strings.Join(keys, ", "))
		}
		for l, t := range langs {
			if strings.TrimSpace(t) == "" {
				return fmt.Errorf("%s.%s: is empty", k, l)
			}
		}
	}
	return nil
}

// Render returns the template for key in lang (falling back to the base
// language, then English) with {placeholders} replaced from vars.
// Placeholders without a value are removed.
func (m Messages) Render(key, lang string, vars map[string]string) string {
	t := m.lookup(key, lang)
	if !strings.Contains(t, "{") {
		return t
	}
	return RenderTemplate(t, vars)
}

func (m Messages) lookup(key, lang string) string {
	langs := m[key]
	if t, ok := langs[BaseLanguage(lang)]; ok {
		return t
	}
	return langs[DefaultLanguage]
}

// RenderTemplate replaces each {name} in t by vars[name] ("" when absent).
func RenderTemplate(t string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(t[:i])
		b.WriteString(vars[t[i+1:i+j]])
		t = t[i+j+1:]
	}
	b.WriteString(t)
	return b.String()
}

// BaseLanguage reduces a language tag to its lower-case primary subtag:
// "de-AT" and "de_AT" become "de".
func BaseLanguage(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_"); i >= 0 {
		tag = tag[:i]
	}
	return tag
}
