package desk

import (
	"net/http"
	"net/mail"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// OfflineRow is a message a user left, with what became of it.
type OfflineRow struct {
	M       handoff.OfflineMessage
	Handled *Handled
	// New is true when it arrived after the agent last looked.
	New bool
}

// offline lists the messages users left (newest first) and counts those
// that arrived since agent a last looked.
func (s *Server) offline(r *http.Request, a Agent) ([]OfflineRow, int, error) {
	ms, err := s.hs.OfflineMessages(r.Context(), 200)
	if err != nil {
		return nil, 0, err
	}
	done, err := s.st.HandledMessages(r.Context())
	if err != nil {
		return nil, 0, err
	}
	var rows []OfflineRow
	fresh := 0
	for _, m := range ms {
		if m.Connector != "" && m.Connector != "inbox" {
			continue // forwarded to a helpdesk: answered there
		}
		row := OfflineRow{M: m, New: m.CreatedAt.After(a.MessagesSeenAt)}
		if h, ok := done[m.ID]; ok {
			row.Handled = &h
		} else if row.New {
			fresh++
		}
		rows = append(rows, row)
	}
	return rows, fresh, nil
}

func (s *Server) messages(w http.ResponseWriter, r *http.Request) {
	me := current(r)
	rows, _, err := s.offline(r, me.Agent)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.st.SetMessagesSeen(r.Context(), me.Agent.ID, s.now()); err != nil {
		s.fail(w, r, err)
		return
	}
	s.page(w, r, "messages", map[string]any{"Rows": rows, "CanMail": s.mailer != nil, "Flash": flash(r)})
}

// answer mails the agent's reply to the user who left message id, then
// records it handled.
func (s *Server) answer(w http.ResponseWriter, r *http.Request) {
	me, id := current(r), r.PathValue("id")
	text := strings.TrimSpace(r.PostFormValue("text"))
	m, ok, err := s.findOffline(r, id)
	switch {
	case err != nil:
		s.fail(w, r, err)
		return
	case !ok:
		s.toMessages(w, r, "invalid", "no message "+id)
		return
	case s.mailer == nil:
		s.toMessages(w, r, "no_smtp", "")
		return
	case text == "" || m.Contact.Email == "":
		s.toMessages(w, r, "empty", "")
		return
	}
	subject := uiText(handoff.BaseLanguage(me.Lang), "mail_subject")
	if err := s.mailer.Send(r.Context(), mail.Address{Name: m.Contact.Name, Address: m.Contact.Email}, subject,
		text+"\n\n-- \n"+me.Agent.Name+"\n\n> "+strings.ReplaceAll(m.Text, "\n", "\n> ")+"\n"); err != nil {
		s.log.Warn().Err(err).Str("message", id).Msg("desk: answering by email failed")
		s.toMessages(w, r, "mail_failed", err.Error())
		return
	}
	s.handled(w, r, Handled{MessageID: id, Agent: me.Agent.Name, How: HandledEmail, Reply: text, At: s.now()}, "answered")
}

func (s *Server) markHandled(w http.ResponseWriter, r *http.Request) {
	me, id := current(r), r.PathValue("id")
	s.handled(w, r, Handled{MessageID: id, Agent: me.Agent.Name, How: HandledMarked, At: s.now()}, "handled")
}

func (s *Server) handled(w http.ResponseWriter, r *http.Request, h Handled, ok string) {
	err := s.st.MarkHandled(r.Context(), h)
	switch {
	case err == nil:
		s.toMessages(w, r, ok, "")
	case handoff.Is(err, handoff.KindConflict):
		s.toMessages(w, r, "already_handled", "")
	case handoff.Is(err, handoff.KindNotFound):
		s.toMessages(w, r, "invalid", err.Error())
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) findOffline(r *http.Request, id string) (handoff.OfflineMessage, bool, error) {
	ms, err := s.hs.OfflineMessages(r.Context(), 1000)
	if err != nil {
		return handoff.OfflineMessage{}, false, err
	}
	for _, m := range ms {
		if m.ID == id {
			return m, true, nil
		}
	}
	return handoff.OfflineMessage{}, false, nil
}

func (s *Server) toMessages(w http.ResponseWriter, r *http.Request, key, arg string) {
	u := Path + "messages?flash=" + key
	if arg != "" {
		u += "&arg=" + urlQuery(arg)
	}
	http.Redirect(w, r, u, http.StatusSeeOther)
}
