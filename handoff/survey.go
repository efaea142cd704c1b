package handoff

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// CauseTransferred starts the cause of a transfer recorded on a handoff
// (another agent or team takes it over); stats counts these events.
const CauseTransferred = "transferred"

// MsgSurvey: the satisfaction question asked once a session has ended.
const MsgSurvey = "survey_question"

// MsgSurveyThanks: thanks for answering the survey.
const MsgSurveyThanks = "survey_thanks"

// MaxRatingComment bounds the comment of a satisfaction answer, in runes.
const MaxRatingComment = 2000

// Survey configures the satisfaction survey.
type Survey struct {
	// Enabled asks the survey question when a session ends. The
	// configuration file's default is true; the zero Config leaves it off.
	Enabled bool
}

// Rating is the user's answer to the satisfaction survey of one handoff.
type Rating struct {
	HandoffID string    `json:"handoff_id"`
	Rating    int       `json:"rating"`
	Comment   string    `json:"comment,omitempty"`
	At        time.Time `json:"at"`
}

// ErrAlreadyRated is wrapped by the KindConflict error of RateHandoff when
// the handoff has an answer already.
var ErrAlreadyRated = errors.New("already rated")

// RatingStore keeps survey answers. It is part of Store.
type RatingStore interface {
	// SaveRating stores r unless handoff r.HandoffID has an answer already,
	// in which case it returns a KindConflict error wrapping
	// ErrAlreadyRated. An unknown handoff is a KindNotFound error. jobs
	// are enqueued in the same transaction (the job forwarding the answer
	// to the helpdesk).
	SaveRating(ctx context.Context, r Rating, jobs ...Delivery) error
	// Rating returns the answer stored for handoff id; false when none.
	Rating(ctx context.Context, id string) (Rating, bool, error)
}

// DecisionLog records the requests that stored no handoff (their outcome
// and judge, nothing personal), for the share of calls that fired no
// trigger. It is part of Store.
type DecisionLog interface {
	RecordDecision(ctx context.Context, at time.Time, outcome Outcome, judge string) error
}

// surveyEnds reports whether handoff h, ended by by, ended a session the
// survey asks about: an agent took part, and the agent closed it, the user
// ended it, or the session timed out. A request withdrawn before any agent
// joined is not asked about.
func surveyEnds(h Handoff, by string) bool {
	joined := h.Session.Replied() || !h.Session.JoinedAt.IsZero()
	return joined && (by == EndedByAgent || by == EndedByUser || by == EndedByTimeout)
}

// SurveyQuestion returns the satisfaction question for handoff h in lang;
// "" when the survey is off, h has not ended, no agent took part, it ended
// otherwise than by the agent, the user or a timeout, or the user answered
// already.
func (s *Service) SurveyQuestion(ctx context.Context, h Handoff, lang string) (string, error) {
	if !s.cfg.Survey.Enabled || h.State.Open() {
		return "", nil
	}
	by, err := s.endedBy(ctx, h)
	if err != nil {
		return "", err
	}
	if !surveyEnds(h, by) {
		return "", nil
	}
	if _, rated, err := s.store.Rating(ctx, h.ID); err != nil {
		return "", err
	} else if rated {
		return "", nil
	}
	return s.cfg.Messages.Render(MsgSurvey, lang, nil), nil
}

// Rate stores the user's answer to the satisfaction survey of handoff id:
// a rating from 1 to 5 and an optional comment, once per handoff, after the
// session ended.
func (s *Service) Rate(ctx context.Context, id string, rating int, comment string) (Rating, error) {
	if err := s.cfg.Limits.checkID("handoff_id", id); err != nil {
		return Rating{}, err
	}
	if rating < 1 || rating > 5 {
		return Rating{}, Invalid("rating", "is %d; pass the user's rating from 1 (very unhappy) to 5 (very happy)", rating)
	}
	comment = strings.TrimSpace(comment)
	if utf8.RuneCountInString(comment) > MaxRatingComment {
		return Rating{}, Invalid("comment", "is longer than %d characters; shorten it", MaxRatingComment)
	}
	if !s.cfg.Survey.Enabled {
		return Rating{}, conflictf("the satisfaction survey is switched off (survey.enabled); do not ask the user for a rating")
	}
	h, err := s.store.Handoff(ctx, id)
	if err != nil {
		return Rating{}, err
	}
	if h.State.Open() {
		return Rating{}, conflictf("handoff %s has not ended (state %s); ask for a rating only after get_handoff_status or end_handoff returns a survey question", id, h.State)
	}
	by, err := s.endedBy(ctx, h)
	if err != nil {
		return Rating{}, err
	}
	if !surveyEnds(h, by) {
		return Rating{}, conflictf("handoff %s ended without a session with an agent (ended_by %s); there is nothing to rate", id, by)
	}
	r := Rating{HandoffID: id, Rating: rating, Comment: comment, At: s.now()}
	jobs := s.ratingJob(h, r)
	if err := s.store.SaveRating(ctx, r, jobs...); err != nil {
		return Rating{}, err
	}
	s.log.Info().Str("handoff", id).Int("rating", rating).Bool("forwarded", len(jobs) > 0).Msg("satisfaction rating stored")
	if len(jobs) > 0 {
		s.deliver(ctx, id)
	}
	return r, nil
}

// ratingJob returns the outbox job forwarding r to h's ticket: none with
// the built-in inbox, with a connector that is no Rater, or for a handoff
// another connector delivered.
func (s *Service) ratingJob(h Handoff, r Rating) []Delivery {
	if !s.cfg.ForwardMessages {
		return nil
	}
	if _, ok := s.conn.(Rater); !ok {
		return nil
	}
	if h.Connector != "" && h.Connector != s.conn.Name() {
		return nil
	}
	return []Delivery{{
		Subject: h.ID, Kind: DeliveryRating, Key: DeliveryKey(DeliveryRating, h.ID, 0),
		Rating: &r, Priority: h.Priority.Rank(),
	}}
}

// recordDecision notes a request that stored no handoff in the store's
// DecisionLog. A failure is logged, never returned: the figure is not worth
// failing the user's request.
func (s *Service) recordDecision(ctx context.Context, o Outcome, judge string) {
	if err := s.store.RecordDecision(ctx, s.now(), o, judge); err != nil {
		s.log.Warn().Err(err).Str("outcome", string(o)).Msg("recording decision for stats")
	}
}
