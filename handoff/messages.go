package handoff

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
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
	// MsgForwarded: the handoff went to a helpdesk whose agents' replies do
	// not come back to this chat: the team answers by email. {email} (or
	// the phone number when there is no email).
	MsgForwarded = "handoff_forwarded"
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
	// MsgQueueFull: the queue holds queue.max_length; leave contact
	// details and a message instead.
	MsgQueueFull = "queue_full"
	// MsgWaitEstimate: the {wait} of handoff_accepted, "in about 3 min".
	// {minutes}.
	MsgWaitEstimate = "wait_estimate"
	// MsgWaiting: still waiting for an agent. {position} in the queue,
	// {minutes} expected.
	MsgWaiting = "waiting"
	// MsgWaitQuestion: the waiting timeout passed; keep waiting, end the
	// request, or leave a message? {minutes} waited.
	MsgWaitQuestion = "wait_question"
	// MsgChoiceKeepWaiting, MsgChoiceEnd, MsgChoiceLeaveMessage: the
	// answers to wait_question, as the user sees them.
	MsgChoiceKeepWaiting  = "choice_keep_waiting"
	MsgChoiceEnd          = "choice_end"
	MsgChoiceLeaveMessage = "choice_leave_message"
	// MsgMessageField: the title of the message field when the server asks
	// the waiting question itself (elicitation).
	MsgMessageField = "message_field"
	// MsgKeepWaiting: the user chose to keep waiting.
	MsgKeepWaiting = "keep_waiting"
	// MsgAgentJoined: an agent joined the conversation. {agent}.
	MsgAgentJoined = "agent_joined"
	// MsgAgentUnnamed: the {agent} of agent_joined when the helpdesk gives
	// no name.
	MsgAgentUnnamed = "agent_unnamed"
	// MsgTransferred: the agent passed the conversation to a colleague
	// ({agent}, or the team's next free agent when empty: see
	// MsgAgentUnnamed).
	MsgTransferred = "transferred"
	// MsgSurvey (survey.go): how satisfied the user was, 1 to 5.
	// MsgClosed: the agent closed the conversation.
	MsgClosed = "handoff_closed"
	// MsgEnded: the user ended the conversation or withdrew the request.
	MsgEnded = "handoff_ended"
	// MsgLeftMessage: the user left a message instead of waiting. {email}.
	MsgLeftMessage = "left_message"
	// MsgTimedOut: the session timeout ended the conversation.
	MsgTimedOut = "session_timed_out"
)

// placeholders lists what each key fills; a template may use only these.
var placeholders = map[string][]string{
	MsgAccepted:     {"wait"},
	MsgForwarded:    {"email"},
	MsgMessageSaved: {"email"},
	MsgLeftMessage:  {"email"},
	MsgWaitEstimate: {"minutes"},
	MsgWaiting:      {"position", "minutes"},
	MsgWaitQuestion: {"minutes"},
	MsgAgentJoined:  {"agent"},
	MsgTransferred:  {"agent"},
}

// DefaultLanguage is the language used when a template has no translation
// for the user's language.
const DefaultLanguage = "en"

// Messages maps a message key to its templates by language (ISO 639-1).
type Messages map[string]map[string]string

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

// Validate checks that every key is known, every template non-empty, and
// every {placeholder} one that its key fills. Languages are ISO 639-1 codes
// (a region, as in de-AT, is dropped).
func (m Messages) Validate() error {
	known := DefaultMessages()
	var errs []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if _, ok := known[k]; !ok {
			keys := slices.Sorted(maps.Keys(known))
			errs = append(errs, fmt.Sprintf("%s: unknown message; known messages are %s", k, strings.Join(keys, ", ")))
			continue
		}
		for _, l := range slices.Sorted(maps.Keys(m[k])) {
			t := m[k][l]
			if strings.TrimSpace(t) == "" {
				errs = append(errs, fmt.Sprintf("%s.%s: is empty; write the sentence, or remove the key to keep the built-in one", k, l))
				continue
			}
			if !ValidLanguage(l) {
				errs = append(errs, fmt.Sprintf("%s.%s: is not a language code; use ISO 639-1 like en, de, fr, fi", k, l))
			}
			for _, p := range Placeholders(t) {
				if !slices.Contains(placeholders[k], p) {
					errs = append(errs, fmt.Sprintf("%s.%s: unknown placeholder {%s}; %s", k, l, p, fills(k)))
				}
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// fills says which placeholders key k fills, for error messages.
func fills(k string) string {
	ps := placeholders[k]
	if len(ps) == 0 {
		return k + " fills none (write { and } only around a placeholder)"
	}
	return k + " fills {" + strings.Join(ps, "}, {") + "}"
}

// languageTag matches a language tag as NormalizeLanguage writes it: en,
// de-at, pt-br.
var languageTag = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})*$`)

// NormalizeLanguage lower-cases a language tag and writes "_" as "-":
// "pt_BR" becomes "pt-br".
func NormalizeLanguage(tag string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(tag)), "_", "-")
}

// ValidLanguage reports whether tag is a language code as templates are
// keyed by: ISO 639-1 (en, de, fr, fi), optionally with a region (de-AT,
// pt_BR).
func ValidLanguage(tag string) bool { return languageTag.MatchString(NormalizeLanguage(tag)) }

// PickTemplate returns the template of templates (keyed by normalised
// language tag) for lang: the exact tag, then its base language, then
// DefaultLanguage.
func PickTemplate(templates map[string]string, lang string) string {
	lang = NormalizeLanguage(lang)
	if t, ok := templates[lang]; ok {
		return t
	}
	if t, ok := templates[BaseLanguage(lang)]; ok {
		return t
	}
	return templates[DefaultLanguage]
}

// placeholder matches a {placeholder}: lower-case letters, digits and _.
// Anything else in braces is literal text.
var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// Placeholders returns the {placeholders} of template t, in order.
func Placeholders(t string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(t, -1) {
		out = append(out, m[1])
	}
	return out
}

// Render returns the template for key in lang (falling back to the base
// language, then English) with {placeholders} replaced from vars.
// Placeholders without a value are removed.
func (m Messages) Render(key, lang string, vars map[string]string) string {
	t := PickTemplate(m[key], lang)
	if !strings.Contains(t, "{") {
		return t
	}
	return RenderTemplate(t, vars)
}

// RenderTemplate replaces each {name} in t (a lower-case name: see
// Placeholders) by vars[name], "" when absent; other braces stay as they
// are.
//
// It scans t once, without the placeholder regexp (whose
// ReplaceAllStringFunc was most of the cost of a created handoff's
// answer text), and matches exactly what placeholder matches.
func RenderTemplate(t string, vars map[string]string) string {
	var b strings.Builder
	done := 0 // t[:done] is written to b
	for i := 0; i < len(t); i++ {
		if t[i] != '{' {
			continue
		}
		end := placeholderEnd(t, i)
		if end < 0 {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(t) + 32)
		}
		b.WriteString(t[done:i])
		b.WriteString(vars[t[i+1:end]])
		done, i = end+1, end
	}
	if done == 0 {
		return t
	}
	b.WriteString(t[done:])
	return b.String()
}

// placeholderEnd returns the index of the } that closes a placeholder
// opening at t[open] ('{'), or -1 when none opens there: a lower-case
// letter, then lower-case letters, digits and _, then }.
func placeholderEnd(t string, open int) int {
	i := open + 1
	if i >= len(t) || t[i] < 'a' || t[i] > 'z' {
		return -1
	}
	for i++; i < len(t); i++ {
		switch c := t[i]; {
		case c == '}':
			return i
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		default:
			return -1
		}
	}
	return -1
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
