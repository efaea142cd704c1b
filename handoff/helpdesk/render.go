package helpdesk

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Reference is the marker every connector puts into the remote object
// (subject, body or tag) so that an agent, a search and an inbound event can
// tie it back to the handoff: "handoff:<id>".
func Reference(h handoff.Handoff) string { return "handoff:" + h.ID }

// Question returns the user's current question: h.Question, or the last
// user turn of the transcript.
func Question(h handoff.Handoff) string {
	if q := strings.TrimSpace(h.Question); q != "" {
		return q
	}
	for i := len(h.Transcript) - 1; i >= 0; i-- {
		if h.Transcript[i].Role == handoff.RoleUser {
			return strings.TrimSpace(h.Transcript[i].Content)
		}
	}
	return ""
}

// Subject is the one-line title of the ticket: the triggers, an excerpt of
// the question and the reference, e.g.
// "Handoff (explicit_request): I was charged twice [handoff:h_123]".
func Subject(h handoff.Handoff) string {
	var b strings.Builder
	b.WriteString("Handoff")
	if len(h.Triggers) > 0 {
		b.WriteString(" (" + strings.Join(h.Triggers, ", ") + ")")
	}
	if q := oneLine(Question(h)); q != "" {
		b.WriteString(": " + truncate(q, 80))
	}
	b.WriteString(" [" + Reference(h) + "]")
	return b.String()
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// roleLabel names who spoke a turn, for the human agent.
func roleLabel(r handoff.Role) string {
	switch r {
	case handoff.RoleUser:
		return "Customer"
	case handoff.RoleAssistant:
		return "Bot"
	}
	return "System"
}

type kv struct{ Key, Value string }

// view is what the text and HTML renderings show.
type view struct {
	Ref, Name, Email, Phone, Reason, Triggers, Priority, Route string
	Question, Created, Conversation, Decided, Vote, Server     string
	Turns                                                      []kv
	Metadata                                                   []kv
	// Summary is what the agent reads first (label, text), and Redacted
	// says what privacy redaction masked.
	Summary  []kv
	Redacted string
}

func newView(h handoff.Handoff) view {
	v := view{
		Ref: Reference(h), Name: h.Contact.Name, Email: h.Contact.Email, Phone: h.Contact.Phone,
		Reason: h.Reason, Triggers: strings.Join(h.Triggers, ", "), Priority: string(h.Priority),
		Question: Question(h), Conversation: h.ConversationID,
	}
	if v.Priority == "" {
		v.Priority = string(handoff.PriorityNormal)
	}
	if !h.CreatedAt.IsZero() {
		v.Created = h.CreatedAt.UTC().Format(time.RFC3339)
	}
	v.Decided, v.Vote, v.Server = Judges(h)
	v.Summary, v.Redacted = summaryView(h)
	var route []string
	for _, p := range []kv{{"team", h.Route.Team}, {"department", h.Route.Department}, {"language", h.Route.Language}} {
		if p.Value != "" {
			route = append(route, p.Key+"="+p.Value)
		}
	}
	if h.Language != "" && h.Route.Language == "" {
		route = append(route, "user language="+h.Language)
	}
	v.Route = strings.Join(route, ", ")
	for _, t := range h.Transcript {
		v.Turns = append(v.Turns, kv{roleLabel(t.Role), t.Content})
	}
	for _, k := range slices.Sorted(maps.Keys(h.Metadata)) {
		v.Metadata = append(v.Metadata, kv{k, h.Metadata[k]})
	}
	return v
}

// Text renders h as plain text for the human agent: who the customer is,
// why the bot handed over, the current question, the metadata and the
// transcript. It depends only on h, so a retry renders the same bytes.
func Text(h handoff.Handoff) string {
	v := newView(h)
	var b strings.Builder
	b.WriteString("A customer was handed over by the bot. Reply here; they will not have to repeat themselves.\n\n")
	if len(v.Summary) > 0 {
		b.WriteString("Summary:\n")
		for _, l := range v.Summary {
			fmt.Fprintf(&b, "  %-12s %s\n", l.Key+":", l.Value)
		}
		b.WriteString("\n")
	}
	if v.Redacted != "" {
		fmt.Fprintf(&b, "Privacy: %s; the masked values are not in this ticket.\n\n", v.Redacted)
	}
	line := func(k, val string) {
		if val != "" {
			fmt.Fprintf(&b, "%-13s %s\n", k+":", val)
		}
	}
	line("Customer", strings.TrimSpace(v.Name+" <"+v.Email+">"))
	line("Phone", v.Phone)
	line("Reason", v.Reason)
	line("Triggers", v.Triggers)
	line("Priority", v.Priority)
	line("Route", v.Route)
	line("Decided by", v.Decided)
	line("Calling model", v.Vote)
	line("Server said", v.Server)
	line("Reference", v.Ref)
	line("Conversation", v.Conversation)
	line("Created", v.Created)
	if len(v.Metadata) > 0 {
		b.WriteString("\nMetadata:\n")
		for _, m := range v.Metadata {
			fmt.Fprintf(&b, "  %s: %s\n", m.Key, m.Value)
		}
	}
	if v.Question != "" {
		b.WriteString("\nCurrent question:\n")
		b.WriteString(indent(v.Question) + "\n")
	}
	if len(v.Turns) > 0 {
		fmt.Fprintf(&b, "\nTranscript (last %d turns):\n", len(v.Turns))
		for _, t := range v.Turns {
			fmt.Fprintf(&b, "[%s]\n%s\n", t.Key, indent(t.Value))
		}
	}
	return b.String()
}

// Judges says who decided h, what the calling model voted and what the
// server's classifier said, for the human agent. The last two are empty
// when there was no vote and the classifier decided on its own.
func Judges(h handoff.Handoff) (decided, vote, server string) {
	switch h.Classifier {
	case "":
	case handoff.JudgeCallingModel:
		decided = "calling_model (the bot's own model voted, quoting the customer; the classifier was overruled)"
	case handoff.JudgeForced:
		decided = "forced (the bot or its host asked for a person outright; not classified)"
	default:
		decided = fmt.Sprintf("%s (confidence %.2f)", h.Classifier, h.Confidence)
	}
	if v := h.Vote; v != nil {
		quote := ", without evidence"
		if v.Evidence != "" {
			quote = fmt.Sprintf(", quoting the customer: %q", truncate(oneLine(v.Evidence), 200))
		}
		vote = fmt.Sprintf("voted %s%s; %s", strings.Join(v.Triggers, ", "), quote, v.Note)
	}
	if sv := h.ServerVerdict; sv != nil && (h.Vote != nil || sv.Classifier != h.Classifier) {
		if sv.Handoff {
			server = fmt.Sprintf("handoff: %s (confidence %.2f, %s)", strings.Join(sv.Triggers, ", "), sv.Confidence, sv.Classifier)
		} else {
			server = fmt.Sprintf("no handoff (confidence %.2f, %s)", sv.Confidence, sv.Classifier)
		}
	}
	return decided, vote, server
}

// summaryView returns the summary's lines (goal, what the bot tried, why
// it handed over, who wrote it) and the note on what was redacted.
func summaryView(h handoff.Handoff) ([]kv, string) {
	var lines []kv
	if sm := h.Summary; sm != nil && !sm.IsZero() {
		for _, p := range []kv{{"Goal", sm.Goal}, {"Bot tried", sm.Tried}, {"Handed over", sm.Why}} {
			if p.Value != "" {
				lines = append(lines, p)
			}
		}
		lines = append(lines, kv{"Written by", sm.Author()})
	}
	return lines, handoff.RedactionNote(h.Redactions)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n  ")
}

// htmlTmpl is the HTML body of a handoff, parsed at its first use (not at
// every start).
var htmlTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("handoff").Funcs(template.FuncMap{
		"lines": func(s string) []string { return strings.Split(strings.TrimSpace(s), "\n") },
	}).Parse(`<p>A customer was handed over by the bot. Reply here; they will not have to repeat themselves.</p>
{{if .Summary}}<h4>Summary</h4>
<table>
{{range .Summary}}<tr><th align="left">{{.Key}}</th><td>{{.Value}}</td></tr>
{{end}}</table>
{{end}}{{if .Redacted}}<p><i>Privacy: {{.Redacted}}; the masked values are not in this ticket.</i></p>
{{end}}<table>
{{if or .Name .Email}}<tr><th align="left">Customer</th><td>{{.Name}}{{if .Email}} &lt;<a href="mailto:{{.Email}}">{{.Email}}</a>&gt;{{end}}</td></tr>
{{end}}{{if .Phone}}<tr><th align="left">Phone</th><td>{{.Phone}}</td></tr>
{{end}}{{if .Reason}}<tr><th align="left">Reason</th><td>{{.Reason}}</td></tr>
{{end}}{{if .Triggers}}<tr><th align="left">Triggers</th><td>{{.Triggers}}</td></tr>
{{end}}<tr><th align="left">Priority</th><td>{{.Priority}}</td></tr>
{{if .Route}}<tr><th align="left">Route</th><td>{{.Route}}</td></tr>
{{end}}{{if .Decided}}<tr><th align="left">Decided by</th><td>{{.Decided}}</td></tr>
{{end}}{{if .Vote}}<tr><th align="left">Calling model</th><td>{{.Vote}}</td></tr>
{{end}}{{if .Server}}<tr><th align="left">Server said</th><td>{{.Server}}</td></tr>
{{end}}<tr><th align="left">Reference</th><td>{{.Ref}}</td></tr>
{{if .Conversation}}<tr><th align="left">Conversation</th><td>{{.Conversation}}</td></tr>
{{end}}{{if .Created}}<tr><th align="left">Created</th><td>{{.Created}}</td></tr>
{{end}}</table>
{{if .Metadata}}<h4>Metadata</h4>
<ul>
{{range .Metadata}}<li><b>{{.Key}}</b>: {{.Value}}</li>
{{end}}</ul>
{{end}}{{if .Question}}<h4>Current question</h4>
<p>{{range $i, $l := lines .Question}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{end}}{{if .Turns}}<h4>Transcript (last {{len .Turns}} turns)</h4>
{{range .Turns}}<p><b>{{.Key}}:</b><br>{{range $i, $l := lines .Value}}{{if $i}}<br>{{end}}{{$l}}{{end}}</p>
{{end}}{{end}}`))
})

// HTML renders the same content as Text as an HTML fragment. Every value
// from the conversation is escaped: a customer who types markup sees it
// shown, never executed.
func HTML(h handoff.Handoff) string {
	var b bytes.Buffer
	if err := htmlTmpl().Execute(&b, newView(h)); err != nil {
		// The template is fixed and its data plain strings; Execute only
		// fails on a programming error.
		panic(fmt.Sprintf("helpdesk: rendering HTML: %v", err))
	}
	return b.String()
}

// messageText renders a relayed user message for helpdesks that show it as a
// note rather than as the customer's own words.
func messageText(h handoff.Handoff, m handoff.Message) string {
	who := "Customer"
	if h.Contact.Name != "" {
		who = h.Contact.Name
	}
	return fmt.Sprintf("%s wrote (via bot, %s):\n%s", who, Reference(h), m.Text)
}

// closeText is the note left on a ticket when the handoff ends.
func closeText(h handoff.Handoff, reason string) string {
	if reason == "" {
		reason = "no reason given"
	}
	return fmt.Sprintf("The handoff %s was closed on the bot side: %s", Reference(h), reason)
}
