package handoff

import (
	"fmt"
	"net/url"
	"strings"
)

func questionTurns(q string) []Turn {
	if q == "" {
		return nil
	}
	return []Turn{{Role: RoleUser, Content: q}}
}

func joinReasons(caller, classifier string) string {
	caller, classifier = strings.TrimSpace(caller), strings.TrimSpace(classifier)
	switch {
	case caller == "":
		return classifier
	case classifier == "":
		return caller
	}
	return caller + " (classifier: " + classifier + ")"
}

// normalizeRequest validates r and returns it with contact details
// normalised and the current question split from the transcript.
func (s *Service) normalizeRequest(r Request) (Request, error) {
	l := s.cfg.Limits
	if err := l.checkID("conversation_id", r.ConversationID); err != nil {
		return r, err
	}
	if err := l.checkTranscript(r.Transcript); err != nil {
		return r, err
	}
	if err := l.checkText("current_question", r.Question, l.MaxTurnBytes, "max_turn_bytes"); err != nil {
		return r, err
	}
	if err := l.checkText("reason", r.Reason, l.MaxMessageBytes, "max_message_bytes"); err != nil {
		return r, err
	}
	if err := l.checkMetadata(r.Metadata); err != nil {
		return r, err
	}
	if err := CheckLanguage(r.Language); err != nil {
		return r, err
	}
	// Control characters have no place in what people read.
	r.Transcript = cleanTranscript(r.Transcript)
	r.Question, r.Reason, r.VoteEvidence = CleanText(r.Question), CleanText(r.Reason), CleanText(r.VoteEvidence)
	if len(r.Metadata) > 0 {
		md := make(map[string]string, len(r.Metadata))
		for k, v := range r.Metadata {
			md[k] = CleanLine(v)
		}
		r.Metadata = md
	}
	if err := checkContext(r.Context); err != nil {
		return r, err
	}
	var err error
	if r.VoteTriggers, err = checkVote(r.VoteTriggers, r.VoteEvidence, s.triggers); err != nil {
		return r, err
	}
	if r.Force {
		if !s.cfg.AllowForce {
			return r, Invalid("force", "is switched off on this server (classifier.allow_force: false); the bot builder can switch it on with classifier.allow_force: true. Call again without force: the classifier decides")
		}
		if strings.TrimSpace(r.Reason) == "" {
			return r, Invalid("reason", "is required with force: true; say in one sentence why the handoff is forced (for example: the user pressed the talk-to-a-person button)")
		}
	}
	r.Question = strings.TrimSpace(r.Question)
	if n := len(r.Transcript); r.Question != "" && n > 0 &&
		r.Transcript[n-1].Role == RoleUser && strings.TrimSpace(r.Transcript[n-1].Content) == r.Question {
		r.Transcript = r.Transcript[:n-1] // the question is the last turn: keep it once
	}
	if len(r.Transcript) == 0 && r.Question == "" {
		return r, Invalid("transcript", "is empty; pass the conversation so far (at least the user's last message) or current_question")
	}
	if r.Email != "" {
		if r.Email, err = NormalizeEmail(r.Email); err != nil {
			return r, err
		}
	}
	if r.Phone != "" {
		if r.Phone, err = NormalizePhone(r.Phone, s.cfg.DefaultRegion); err != nil {
			return r, err
		}
	}
	if r.Name, err = NormalizeName(r.Name); err != nil {
		return r, err
	}
	r.Language = BaseLanguage(r.Language)
	if r.Timezone != "" {
		loc, err := LoadZone(r.Timezone)
		if err != nil {
			return r, err
		}
		r.zone = loc
	}
	return r, nil
}

// checkContext checks the bounds of a request's context: at most
// MaxContextItems, each with a title or an http(s) URL, each field within
// its bound.
func checkContext(items []ContextItem) error {
	if len(items) > MaxContextItems {
		return Invalid("context", "has %d items; pass at most %d (the articles or links that mattered most)", len(items), MaxContextItems)
	}
	for i := range items {
		c := &items[i]
		c.Title, c.URL, c.Excerpt = strings.TrimSpace(c.Title), strings.TrimSpace(c.URL), strings.TrimSpace(c.Excerpt)
		field := fmt.Sprintf("context[%d]", i)
		switch {
		case c.Title == "" && c.URL == "":
			return Invalid(field, "needs a title or a url")
		case len(c.Title) > MaxContextTitleBytes:
			return Invalid(field+".title", "is %d bytes; shorten it to %d", len(c.Title), MaxContextTitleBytes)
		case len(c.URL) > MaxContextURLBytes:
			return Invalid(field+".url", "is %d bytes; the limit is %d", len(c.URL), MaxContextURLBytes)
		case len(c.Excerpt) > MaxContextExcerptBytes:
			return Invalid(field+".excerpt", "is %d bytes; quote at most %d bytes of what mattered", len(c.Excerpt), MaxContextExcerptBytes)
		}
		if c.URL != "" {
			u, err := url.Parse(c.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return Invalid(field+".url", "%q is not an http or https URL", c.URL)
			}
		}
	}
	return nil
}
