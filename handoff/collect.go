package handoff

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// ContactRequest carries contact details, and optionally a message for the
// team, collected from the user of a conversation.
type ContactRequest struct {
	ConversationID string
	Email          string
	Phone          string
	Name           string
	// Message is what the user wants the team to know; it is kept for
	// agents when no handoff is open.
	Message  string
	Language string
}

// ContactResult is the answer to a ContactRequest.
type ContactResult struct {
	// Contact is everything now known for the conversation.
	Contact Contact
	// HandoffID is the open handoff the contact was attached to, if any.
	HandoffID string
	// OfflineMessageID is the id of the stored message, if one was left.
	OfflineMessageID string
	// UserMessage is the sentence for the bot to pass on to the user.
	UserMessage string
}

// CollectContact validates and stores contact details for a conversation,
// attaches them to its open handoff, and keeps a message for agents. Every
// invalid field is reported, each with what is wrong; nothing is stored then.
func (s *Service) CollectContact(ctx context.Context, r ContactRequest) (ContactResult, error) {
	given, err := s.normalizeContact(r)
	if err != nil {
		return ContactResult{}, err
	}
	r.Message = strings.TrimSpace(CleanText(r.Message))
	if given.IsZero() && r.Message == "" {
		return ContactResult{}, Invalid("email", "no contact details given; pass at least one of email, phone, name or message")
	}
	lang := BaseLanguage(r.Language)
	now := s.now()

	contact, err := s.store.Contact(ctx, r.ConversationID)
	if err != nil {
		return ContactResult{}, fmt.Errorf("loading contact: %w", err)
	}
	merged := given.Merge(contact)
	if r.Message != "" && merged.Email == "" && merged.Phone == "" {
		return ContactResult{}, Invalid("email", "a message needs an email or a phone number so the team can reply; ask the user for one")
	}
	if !given.IsZero() {
		if merged, err = s.store.SaveContact(ctx, r.ConversationID, given, now); err != nil {
			return ContactResult{}, fmt.Errorf("saving contact: %w", err)
		}
	}
	res := ContactResult{Contact: merged}

	var openH *Handoff
	open, err := s.store.OpenHandoff(ctx, r.ConversationID)
	switch {
	case err == nil:
		openH = &open
		if _, err := s.store.SetHandoffContact(ctx, open.ID, merged.Merge(open.Contact), now); err != nil {
			return ContactResult{}, fmt.Errorf("attaching contact to handoff %s: %w", open.ID, err)
		}
		res.HandoffID = open.ID
	case !Is(err, KindNotFound):
		return ContactResult{}, fmt.Errorf("looking up open handoff: %w", err)
	}

	if r.Message == "" {
		res.UserMessage = s.cfg.Messages.Render(MsgContactSaved, lang, nil)
		return res, nil
	}
	mctx, err := s.messageContext(ctx, r.ConversationID, openH, now)
	if err != nil {
		return ContactResult{}, err
	}
	m := OfflineMessage{
		ID: s.newID("m_"), ConversationID: r.ConversationID, HandoffID: res.HandoffID,
		Contact: merged, Text: r.Message, CreatedAt: now, Context: mctx,
	}
	if s.cfg.ForwardMessages {
		m.Connector = s.conn.Name() // stored with its delivery job, in one transaction
	}
	if err := s.store.AddOfflineMessage(ctx, m); err != nil {
		return ContactResult{}, fmt.Errorf("storing message: %w", err)
	}
	s.log.Info().Str("conversation", r.ConversationID).Str("message", m.ID).Str("email", merged.Email).
		Str("forward_to", m.Connector).Msg("message left for agents")
	if m.Connector != "" && s.courier != nil {
		s.courier.DeliverNow(ctx, m.ID, 0) // the team is told when it returns; the user need not wait
	}
	res.OfflineMessageID = m.ID
	reach := merged.Email
	if reach == "" {
		reach = merged.Phone
	}
	res.UserMessage = s.cfg.Messages.Render(MsgMessageSaved, lang, map[string]string{"email": reach})
	return res, nil
}

// normalizeContact validates every field of r and reports all that are
// invalid at once.
func (s *Service) normalizeContact(r ContactRequest) (Contact, error) {
	l := s.cfg.Limits
	if err := l.checkID("conversation_id", r.ConversationID); err != nil {
		return Contact{}, err
	}
	var c Contact
	var errs []error
	var err error
	if strings.TrimSpace(r.Email) != "" {
		if c.Email, err = NormalizeEmail(r.Email); err != nil {
			errs = append(errs, err)
		}
	}
	if strings.TrimSpace(r.Phone) != "" {
		if c.Phone, err = NormalizePhone(r.Phone, s.cfg.DefaultRegion); err != nil {
			errs = append(errs, err)
		}
	}
	if c.Name, err = NormalizeName(r.Name); err != nil {
		errs = append(errs, err)
	}
	if err := l.checkText("message", r.Message, l.MaxMessageBytes, "max_message_bytes"); err != nil {
		errs = append(errs, err)
	}
	if err := CheckLanguage(r.Language); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return Contact{}, errors.Join(errs...)
	}
	return c, nil
}
