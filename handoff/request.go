package handoff

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Request asks for a conversation to be handed to a human.
type Request struct {
	ConversationID string
	// Transcript is the conversation so far, oldest turn first.
	Transcript []Turn
	// Question is the user's current question, when not already the last
	// turn of Transcript.
	Question string
	// Email, Name and Phone are contact details the client already knows.
	Email, Name, Phone string
	// Language of the user (ISO 639-1), for the sentences returned.
	Language string
	// Timezone is the user's IANA zone, for opening times in messages.
	Timezone string
	// Reason is why the calling agent thinks a human is needed.
	Reason string
	// Metadata is free-form context passed on to the agent.
	Metadata map[string]string
	// Context is what the bot used (knowledge-base articles, links), for
	// the agent; at most MaxContextItems.
	Context []ContextItem
	// VoteTriggers are the ids of the enabled triggers the calling model
	// judges to apply (its vote), and VoteEvidence the user's words it
	// relies on. Config.AgentVote says what the vote may decide.
	VoteTriggers []string
	VoteEvidence string
	// Force hands off without classifying (trigger "forced"), when
	// Config.AllowForce; Reason is then required. Hours, email and queue
	// rules apply as for any trigger.
	Force bool

	zone *time.Location // Timezone, loaded
}

// Outcome is how a Request ended.
type Outcome string

// The outcomes of a Request.
const (
	// OutcomeNotTriggered: no trigger fired; the bot carries on.
	OutcomeNotTriggered Outcome = "not_triggered"
	// OutcomeOffHours: a trigger fired but the service is closed.
	OutcomeOffHours Outcome = "off_hours"
	// OutcomeNeedsEmail: a trigger fired but the user's email is unknown.
	OutcomeNeedsEmail Outcome = "needs_email"
	// OutcomeQueued: stored; delivery to the helpdesk is pending.
	OutcomeQueued Outcome = "queued"
	// OutcomeDelivered: stored and delivered to the helpdesk.
	OutcomeDelivered Outcome = "delivered"
	// OutcomeFailed: stored, but the helpdesk refused it for good.
	OutcomeFailed Outcome = "failed"
	// OutcomeAgentJoined: an agent has joined the handoff (its state is
	// StateAgentJoined, the same wire value).
	OutcomeAgentJoined Outcome = "agent_joined"
	// OutcomeQueueFull: a trigger fired but queue.max_length handoffs
	// already wait; nothing was stored.
	OutcomeQueueFull Outcome = "queue_full"
)

// Result is the answer to a Request.
type Result struct {
	Outcome Outcome
	// AlreadyOpen is true when the conversation had an open handoff and
	// nothing new was created.
	AlreadyOpen bool
	// Handoff is the stored handoff (zero when none was created).
	Handoff Handoff
	// Decision is the final decision (zero when AlreadyOpen): the
	// classifier's verdict, a grounded vote of the calling model that
	// overruled it (Classifier "calling_model"), or a forced handoff
	// (Classifier "forced").
	Decision Decision
	// Vote is the calling model's vote and what became of it; nil when it
	// gave none. Verdict is the server classifier's own verdict; nil when
	// nothing was classified (forced, or AlreadyOpen).
	Vote    *Vote
	Verdict *Verdict
	// Hours is the service-hours status at the time of the request.
	Hours HoursStatus
	// UserMessage is the sentence for the bot to pass on to the user.
	UserMessage string
	// Position in the queue of handoffs waiting for an agent (1 is next)
	// and the expected wait, while the handoff waits and agents' replies
	// come back (Config.AgentEvents); zero otherwise.
	Position int
	Wait     WaitEstimate
}

// Request runs the handoff flow for r. Input the caller can correct is a
// KindInvalid error; anything else is an internal fault. Deps.OnRequest
// hears every result.
func (s *Service) Request(ctx context.Context, r Request) (Result, error) {
	res, err := s.request(ctx, r)
	if err == nil && s.onRequest != nil {
		s.onRequest(res)
	}
	return res, err
}

// request is Request.
func (s *Service) request(ctx context.Context, r Request) (Result, error) {
	r, err := s.normalizeRequest(r)
	if err != nil {
		return Result{}, err
	}
	lang := r.Language

	// One conversation, one open handoff: a repeated call returns it.
	if h, err := s.store.OpenHandoff(ctx, r.ConversationID); err == nil {
		return s.openQueueResult(ctx, h, true, lang)
	} else if !Is(err, KindNotFound) {
		return Result{}, fmt.Errorf("looking up open handoff: %w", err)
	}

	transcript := r.Transcript
	if r.Question != "" {
		transcript = append(transcript, Turn{Role: RoleUser, Content: r.Question})
	}
	dec, vote, verdict, err := s.decide(ctx, r, transcript)
	if err != nil {
		return Result{}, err
	}
	base := Result{Decision: dec, Vote: vote, Verdict: verdict}
	if !dec.Handoff {
		base.Outcome = OutcomeNotTriggered
		s.recordDecision(ctx, base.Outcome, dec.Classifier)
		return base, nil
	}

	trig := s.strongestTrigger(dec)
	hours, err := s.Hours(HoursQuery{Language: lang, UserZone: r.zone, Schedule: scheduleName(trig.Route)})
	if err != nil {
		return Result{}, err
	}
	// The contact given is kept either way: a message the user leaves
	// instead (collect_contact) goes out with it.
	contact, err := s.knownContact(ctx, r)
	if err != nil {
		return Result{}, err
	}
	reason := joinReasons(r.Reason, dec.Reason)
	if r.Force {
		reason = dec.Reason // it quotes the caller's reason
	}
	now := s.now()
	rc := RequestContext{
		Language: lang, Transcript: append(LastTurns(r.Transcript, s.cfg.Turns), questionTurns(r.Question)...),
		Question: r.Question, Triggers: dec.Triggers, Reason: reason, Classifier: dec.Classifier, Confidence: dec.Confidence,
		Route: trig.Route, Priority: s.cfg.Queue.priority(trig.Priority, r.Metadata), Metadata: r.Metadata, At: now,
	}
	if !hours.Open {
		s.keepContext(ctx, r.ConversationID, rc)
		base.Outcome, base.Hours, base.UserMessage = OutcomeOffHours, hours, hours.Message
		s.recordDecision(ctx, base.Outcome, dec.Classifier)
		return base, nil
	}
	if s.cfg.RequireEmail && contact.Email == "" {
		s.keepContext(ctx, r.ConversationID, rc)
		base.Outcome, base.Hours, base.UserMessage = OutcomeNeedsEmail, hours, s.cfg.Messages.Render(MsgNeedsEmail, lang, nil)
		s.recordDecision(ctx, base.Outcome, dec.Classifier)
		return base, nil
	}

	h := Handoff{
		ID:             s.newID("h_"),
		ConversationID: r.ConversationID,
		State:          StateQueued,
		Contact:        contact,
		Language:       lang,
		Transcript:     rc.Transcript,
		Question:       r.Question,
		Triggers:       dec.Triggers,
		Reason:         reason,
		Classifier:     dec.Classifier,
		Confidence:     dec.Confidence,
		Vote:           vote,
		ServerVerdict:  verdict,
		Route:          trig.Route,
		Priority:       rc.Priority,
		Metadata:       r.Metadata,
		Context:        r.Context,
		Timezone:       r.Timezone,
		Connector:      s.conn.Name(),
		CreatedAt:      now,
		UpdatedAt:      now,
	}
	if err := s.brief(ctx, &h); err != nil {
		return Result{}, err
	}
	if ack, ok := s.conn.(Acknowledger); ok {
		// The inbox is the store: stored is delivered, in one write.
		rc := ack.Ack(h)
		h.State, h.Attempts = StateDelivered, 1
		h.RemoteID, h.RemoteURL, h.RemoteMeta = rc.RemoteID, rc.URL, rc.Meta
	}
	maxWaiting := 0
	if s.cfg.AgentEvents {
		maxWaiting = s.cfg.Queue.MaxLength
	}
	stored, created, err := s.store.CreateHandoffIfRoom(ctx, h, maxWaiting)
	if errors.Is(err, ErrQueueFull) {
		s.keepContext(ctx, r.ConversationID, rc)
		s.log.Info().Str("conversation", r.ConversationID).Int("max_length", maxWaiting).Msg("queue full: handoff not accepted")
		base.Outcome, base.Hours, base.UserMessage = OutcomeQueueFull, hours, s.cfg.Messages.Render(MsgQueueFull, lang, nil)
		s.recordDecision(ctx, base.Outcome, dec.Classifier)
		return base, nil
	}
	if err != nil {
		return Result{}, fmt.Errorf("storing handoff: %w", err)
	}
	if !created { // lost a race with a concurrent call for the same conversation
		return s.openQueueResult(ctx, stored, true, lang)
	}
	s.log.Info().Str("handoff", stored.ID).Str("conversation", stored.ConversationID).Str("priority", string(stored.Priority)).
		Strs("triggers", stored.Triggers).Str("email", stored.Contact.Email).Msg("handoff accepted")
	s.changed(stored)

	if stored.State == StateQueued {
		stored = s.firstAttempt(ctx, stored)
	}
	res, err := s.openQueueResult(ctx, stored, false, lang)
	if err != nil {
		return Result{}, err
	}
	res.Decision, res.Vote, res.Verdict, res.Hours = dec, vote, verdict, hours
	return res, nil
}

// decide returns the final decision on r: forced without classifying, or
// the classifier's verdict combined with the calling model's vote under
// Config.AgentVote. It also returns the vote as recorded and the
// classifier's verdict (nil when forced).
func (s *Service) decide(ctx context.Context, r Request, transcript []Turn) (Decision, *Vote, *Verdict, error) {
	if r.Force {
		dec := forcedDecision(r.Reason)
		var vote *Vote
		if len(r.VoteTriggers) > 0 {
			vote = &Vote{Triggers: r.VoteTriggers, Evidence: strings.TrimSpace(r.VoteEvidence), Note: "recorded only: the handoff was forced"}
			vote.Grounded = vote.Evidence != "" && Grounded(vote.Evidence, transcript)
		}
		s.log.Debug().Str("conversation", r.ConversationID).Msg("forced handoff")
		return dec, vote, nil, nil
	}
	server, err := s.cls.Classify(ctx, Input{Transcript: transcript, Language: r.Language})
	if err != nil {
		return Decision{}, nil, nil, fmt.Errorf("classifying conversation: %w", err)
	}
	dec, vote := combine(s.cfg.AgentVote, s.cfg.VoteOverruleBelow, server, r.VoteTriggers, r.VoteEvidence, transcript)
	ev := s.log.Debug().Str("conversation", r.ConversationID).Bool("handoff", dec.Handoff).
		Strs("triggers", dec.Triggers).Float64("confidence", dec.Confidence).
		Str("classifier", dec.Classifier).Bool("server_handoff", server.Handoff)
	if vote != nil {
		ev = ev.Strs("vote", vote.Triggers).Bool("grounded", vote.Grounded).Bool("vote_decided", vote.Decided)
	}
	ev.Msg("classified")
	return dec, vote, verdictOf(server), nil
}

// openQueueResult is openResult with the handoff's place in the queue and
// the expected wait, which {wait} of handoff_accepted gives the user.
func (s *Service) openQueueResult(ctx context.Context, h Handoff, already bool, lang string) (Result, error) {
	pos, wait, err := s.queueInfo(ctx, h)
	if err != nil {
		return Result{}, err
	}
	res := s.openResult(h, already, lang)
	res.Position, res.Wait = pos, wait
	if pos > 0 && res.Outcome != OutcomeFailed && !already && h.LastError == "" {
		if lang == "" {
			lang = h.Language
		}
		phrase := s.cfg.Messages.Render(MsgWaitEstimate, lang, map[string]string{"minutes": strconv.Itoa(wait.Minutes())})
		res.UserMessage = s.cfg.Messages.Render(MsgAccepted, lang, map[string]string{"wait": phrase})
	}
	return res, nil
}

// firstAttempt asks the courier to try the new handoff's open job at once
// and waits a moment for it, then returns the handoff as stored: delivered
// when a healthy helpdesk took it, queued (with the error, when the attempt
// failed) otherwise, failed when the helpdesk refused it for good. While the
// helpdesk is known to be down it does not wait (a refused configuration
// fails fast, so then it does, to answer failed rather than queued).
func (s *Service) firstAttempt(ctx context.Context, h Handoff) Handoff {
	if s.courier == nil {
		return h
	}
	wait := s.cfg.DeliveryWait
	if s.HelpdeskStatus().Down() {
		wait = 0
	}
	s.courier.DeliverNow(ctx, h.ID, wait)
	updated, err := s.store.Handoff(context.WithoutCancel(ctx), h.ID)
	if err != nil {
		s.log.Error().Err(err).Str("handoff", h.ID).Msg("reading handoff after its first delivery attempt")
		return h
	}
	return updated
}

// openResult describes an existing or new open handoff.
func (s *Service) openResult(h Handoff, already bool, lang string) Result {
	if lang == "" {
		lang = h.Language
	}
	res := Result{Handoff: h, AlreadyOpen: already}
	switch h.State {
	case StateDelivered:
		res.Outcome = OutcomeDelivered
	case StateAgentJoined:
		res.Outcome = OutcomeAgentJoined
	case StateFailed:
		res.Outcome = OutcomeFailed
	default:
		res.Outcome = OutcomeQueued
	}
	switch {
	case h.State == StateFailed:
		res.UserMessage = s.cfg.Messages.Render(MsgDeliveryFailed, lang, nil)
	case !s.cfg.AgentEvents:
		res.UserMessage = s.forwardedMessage(h, lang)
	case already:
		res.UserMessage = s.cfg.Messages.Render(MsgAlreadyOpen, lang, nil)
	case h.State == StateQueued && h.LastError != "":
		res.UserMessage = s.cfg.Messages.Render(MsgQueued, lang, nil)
	default:
		res.UserMessage = s.cfg.Messages.Render(MsgAccepted, lang, nil)
	}
	return res
}

// strongestTrigger returns the configured trigger that fired with the
// highest priority (the first one on a tie), for its route and priority.
func (s *Service) strongestTrigger(d Decision) Trigger {
	best := Trigger{}
	for _, id := range d.Triggers {
		t, ok := FindTrigger(s.triggers, id)
		if !ok {
			t = Trigger{ID: id}
		}
		if best.ID == "" || t.Priority.Rank() > best.Priority.Rank() {
			best = t
		}
	}
	return best
}

// scheduleName picks the named schedule for a route: team first, then
// department.
func scheduleName(r Route) string {
	if r.Team != "" {
		return r.Team
	}
	return r.Department
}

// knownContact merges the contact details of the request with those stored
// for the conversation, and stores what the request added.
func (s *Service) knownContact(ctx context.Context, r Request) (Contact, error) {
	given := Contact{Email: r.Email, Name: r.Name, Phone: r.Phone}
	if given.IsZero() {
		stored, err := s.store.Contact(ctx, r.ConversationID)
		if err != nil {
			return Contact{}, fmt.Errorf("loading contact: %w", err)
		}
		return stored, nil
	}
	// SaveContact merges with what is stored and returns the result.
	merged, err := s.store.SaveContact(ctx, r.ConversationID, given, s.now())
	if err != nil {
		return Contact{}, fmt.Errorf("saving contact: %w", err)
	}
	return merged, nil
}

// keepContext keeps what a request that ended without a handoff knew, for
// the message the user may leave instead. Failing to keep it loses no
// request: it is logged.
func (s *Service) keepContext(ctx context.Context, conversationID string, rc RequestContext) {
	if err := s.store.SaveRequestContext(context.WithoutCancel(ctx), conversationID, rc); err != nil {
		s.log.Warn().Err(err).Str("conversation", conversationID).Msg("keeping the request's context for a message left instead")
	}
}

// contextFreshFor is how long a request's context goes with a message the
// user leaves in the same conversation.
const contextFreshFor = 24 * time.Hour

// messageContext returns the context a message left in conversation conv
// goes out with: the open handoff's, else the latest request that ended
// without a handoff or in a failed one, when made within contextFreshFor.
func (s *Service) messageContext(ctx context.Context, conv string, open *Handoff, now time.Time) (*RequestContext, error) {
	if open != nil {
		return ContextOf(*open), nil
	}
	var best *RequestContext
	rc, ok, err := s.store.RequestContext(ctx, conv)
	if err != nil {
		return nil, fmt.Errorf("loading the request context of %s: %w", conv, err)
	}
	if ok {
		best = &rc
	}
	failed, err := s.store.ListHandoffs(ctx, ListFilter{ConversationID: conv, States: []State{StateFailed}})
	if err != nil {
		return nil, fmt.Errorf("looking up failed handoffs of %s: %w", conv, err)
	}
	if n := len(failed); n > 0 && (best == nil || failed[n-1].CreatedAt.After(best.At)) {
		best = ContextOf(failed[n-1])
	}
	if best == nil || now.Sub(best.At) > contextFreshFor {
		return nil, nil
	}
	return best, nil
}

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

// brief writes h's summary and counts what redaction masks in it, before
// it is stored. Its only error asks the client first (see Summarizer).
func (s *Service) brief(ctx context.Context, h *Handoff) error {
	if s.summary != nil {
		sum, err := s.summary.Summarize(ctx, *h)
		if err != nil {
			return fmt.Errorf("summarizing handoff: %w", err)
		}
		h.Summary = &sum
	}
	if s.redactor != nil {
		_, h.Redactions = s.redactor.RedactHandoff(*h)
	}
	return nil
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
