package handoff

import (
	"context"
	"errors"
	"fmt"
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
	// instead (collect_contact) goes out with it. A created handoff saves
	// it in its own write; the other ends save it on their way out, with
	// the request's context and decision, in one write (keepUnstored).
	given := Contact{Email: r.Email, Name: r.Name, Phone: r.Phone}
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
		if err := s.keepUnstored(ctx, r.ConversationID, given, rc, OutcomeOffHours, dec.Classifier); err != nil {
			return Result{}, err
		}
		base.Outcome, base.Hours, base.UserMessage = OutcomeOffHours, hours, hours.Message
		return base, nil
	}
	emailKnown := true
	if s.cfg.RequireEmail {
		if emailKnown, err = s.emailKnown(ctx, r); err != nil {
			return Result{}, err
		}
	}
	if !emailKnown {
		if err := s.keepUnstored(ctx, r.ConversationID, given, rc, OutcomeNeedsEmail, dec.Classifier); err != nil {
			return Result{}, err
		}
		base.Outcome, base.Hours, base.UserMessage = OutcomeNeedsEmail, hours, s.cfg.Messages.Render(MsgNeedsEmail, lang, nil)
		return base, nil
	}

	h := Handoff{
		ID:             s.newID("h_"),
		ConversationID: r.ConversationID,
		State:          StateQueued,
		Contact:        given, // the store merges the stored contact in, as it saves it
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
	stored, created, pos, err := s.create(ctx, h, maxWaiting)
	if errors.Is(err, ErrQueueFull) {
		if err := s.keepUnstored(ctx, r.ConversationID, given, rc, OutcomeQueueFull, dec.Classifier); err != nil {
			return Result{}, err
		}
		s.log.Info().Str("conversation", r.ConversationID).Int("max_length", maxWaiting).Msg("queue full: handoff not accepted")
		base.Outcome, base.Hours, base.UserMessage = OutcomeQueueFull, hours, s.cfg.Messages.Render(MsgQueueFull, lang, nil)
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
		stored, pos = s.firstAttempt(ctx, stored), 0 // the queue moved meanwhile
	}
	res, err := s.openQueueResultAt(ctx, stored, false, lang, pos)
	if err != nil {
		return Result{}, err
	}
	res.Decision, res.Vote, res.Verdict, res.Hours = dec, vote, verdict, hours
	return res, nil
}

// create stores h as CreateHandoffIfRoom does. While agents' replies come
// back (the answer tells the queue position), it also returns the created
// handoff's queue position, read in the transaction that stores it; else
// pos is 0.
func (s *Service) create(ctx context.Context, h Handoff, maxWaiting int) (stored Handoff, created bool, pos int, err error) {
	if s.cfg.AgentEvents {
		return s.store.CreateHandoffPositioned(ctx, h, maxWaiting)
	}
	stored, created, err = s.store.CreateHandoffIfRoom(ctx, h, maxWaiting)
	return stored, created, 0, err
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
	if rc, ok := s.redactor.(RedactionCounter); ok {
		h.Redactions = rc.Redactions(*h)
	} else if s.redactor != nil {
		_, h.Redactions = s.redactor.RedactHandoff(*h)
	}
	return nil
}
