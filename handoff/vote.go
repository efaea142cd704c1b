package handoff

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// VotePolicy says how the calling model's vote (the trigger ids it judges to
// apply, with the user's words as evidence) combines with the server's
// classifier. Whatever the policy, a vote only ever adds a handoff: when the
// classifier hands off, its verdict stands and its triggers route; a vote
// without evidence, or whose evidence is not in a user turn, never decides;
// and a vote can only name enabled, configured triggers.
type VotePolicy string

// The vote policies.
const (
	// VoteIgnore records the vote and never lets it decide.
	VoteIgnore VotePolicy = "ignore"
	// VoteVerify (the default) lets the classifier decide; a grounded vote
	// turns its "no" into a handoff only when that "no" is unsure (its
	// confidence below Config.VoteOverruleBelow).
	VoteVerify VotePolicy = "verify"
	// VoteTrust lets a grounded vote turn any "no" into a handoff.
	VoteTrust VotePolicy = "trust"
)

// Valid reports whether p is empty (the default, verify) or a known policy.
func (p VotePolicy) Valid() bool {
	switch p {
	case "", VoteIgnore, VoteVerify, VoteTrust:
		return true
	}
	return false
}

// The judges named in Decision.Classifier besides the server's classifiers.
const (
	// JudgeCallingModel decided when a grounded vote of the calling model
	// turned the classifier's "no" into a handoff.
	JudgeCallingModel = "calling_model"
	// JudgeForced decided when the caller forced the handoff; it is also
	// the trigger id of forced handoffs.
	JudgeForced = "forced"
)

// DefaultVoteOverruleBelow is the classifier "no" confidence below which a
// grounded vote overrules it under VoteVerify, when Config leaves it unset.
const DefaultVoteOverruleBelow = 0.9

// MaxEvidenceChars bounds a vote's evidence: a quote, not a transcript.
const MaxEvidenceChars = 500

// minEvidenceRunes is how many letters or digits evidence needs to be
// checked at all (a quote of one or two letters occurs anywhere); scripts
// written without spaces need fewer.
const (
	minEvidenceRunes          = 3
	minEvidenceRunesSpaceless = 2
)

// Vote is the calling model's judgement as recorded on a handoff and
// returned in results: the triggers it named, its evidence, whether the
// evidence was found in a user turn, and whether the vote decided.
type Vote struct {
	Triggers []string `json:"triggers"`
	Evidence string   `json:"evidence,omitempty"`
	// Grounded: the evidence occurs in a user turn (compared case-,
	// accent-, whitespace- and punctuation-insensitively).
	Grounded bool `json:"grounded"`
	// Decided: the vote turned the classifier's "no" into this handoff.
	Decided bool `json:"decided"`
	// Note says in one sentence what became of the vote.
	Note string `json:"note,omitempty"`
}

// Verdict is the server classifier's verdict, recorded beside the final
// decision when a vote or a force could have changed it.
type Verdict struct {
	Handoff    bool     `json:"handoff"`
	Triggers   []string `json:"triggers"`
	Confidence float64  `json:"confidence"`
	Classifier string   `json:"classifier"`
	Reason     string   `json:"reason,omitempty"`
}

// verdictOf returns d as a Verdict.
func verdictOf(d Decision) *Verdict {
	ts := d.Triggers
	if ts == nil {
		ts = []string{}
	}
	return &Verdict{Handoff: d.Handoff, Triggers: ts, Confidence: d.Confidence, Classifier: d.Classifier, Reason: d.Reason}
}

// checkVote validates a vote (trigger ids and evidence) against the enabled
// triggers and returns the ids as configured (matched case-insensitively,
// duplicates dropped). Mistakes are KindInvalid errors naming the field.
func checkVote(ids []string, evidence string, triggers []Trigger) ([]string, error) {
	if len(ids) == 0 {
		if strings.TrimSpace(evidence) != "" {
			return nil, Invalid("evidence", "was given without triggers; pass the ids of the triggers it supports in triggers, or leave evidence out")
		}
		return nil, nil
	}
	if len(ids) > MaxVoteTriggers {
		return nil, Invalid("triggers", "has %d ids; vote for at most %d triggers", len(ids), MaxVoteTriggers)
	}
	for _, id := range ids {
		if len(id) > maxTriggerIDBytes {
			return nil, Invalid("triggers", "an id is %d bytes long; trigger ids have at most %d", len(id), maxTriggerIDBytes)
		}
	}
	if n := utf8.RuneCountInString(evidence); n > MaxEvidenceChars {
		return nil, Invalid("evidence", "is %d characters; quote at most %d characters of the user's own words", n, MaxEvidenceChars)
	}
	enabled := EnabledTriggers(triggers)
	var out []string
	for _, id := range ids {
		t, ok := FindTrigger(enabled, strings.TrimSpace(id))
		if !ok {
			return nil, Invalid("triggers", "%q is not an enabled trigger of this server; valid ids: %s", id, triggerIDs(enabled))
		}
		if !slices.Contains(out, t.ID) {
			out = append(out, t.ID)
		}
	}
	return out, nil
}

// triggerIDs lists the ids of ts for messages.
func triggerIDs(ts []Trigger) string {
	if len(ts) == 0 {
		return "(none: no trigger is enabled)"
	}
	ids := make([]string, len(ts))
	for i, t := range ts {
		ids[i] = t.ID
	}
	return strings.Join(ids, ", ")
}

// combine applies the vote policy to the classifier's decision server and
// the vote (ids already checked) and returns the final decision and the
// vote as recorded (nil when there was none).
func combine(policy VotePolicy, overruleBelow float64, server Decision, ids []string, evidence string, transcript []Turn) (Decision, *Vote) {
	if len(ids) == 0 {
		return server, nil
	}
	v := &Vote{Triggers: ids, Evidence: strings.TrimSpace(evidence)}
	v.Grounded = v.Evidence != "" && Grounded(v.Evidence, transcript)
	switch {
	case server.Handoff:
		if overlaps(ids, server.Triggers) {
			v.Note = "the server's classifier agreed and decided"
		} else {
			v.Note = "the server's classifier handed off on its own triggers, which route the handoff"
		}
		return server, v
	case policy == VoteIgnore:
		v.Note = "recorded only: classifier.agent_vote is ignore"
		return server, v
	case v.Evidence == "":
		v.Note = "no evidence: a vote without the user's words never decides"
		return server, v
	case !v.Grounded:
		v.Note = "ungrounded: the evidence does not occur in any user turn, so the vote cannot decide"
		return server, v
	case policy == VoteTrust:
		v.Note = fmt.Sprintf("decided: classifier.agent_vote is trust and the evidence is the user's (the server said no at %.2f)", server.Confidence)
	case server.Confidence < overruleBelow:
		v.Note = fmt.Sprintf("decided: the server was unsure (no at %.2f, below %.2f) and the evidence is the user's", server.Confidence, overruleBelow)
	default:
		v.Note = fmt.Sprintf("outweighed: the server's no at %.2f is at or above %.2f (classifier.cascade.no_handoff_confidence)", server.Confidence, overruleBelow)
		return server, v
	}
	v.Decided = true
	return Decision{
		Handoff:    true,
		Triggers:   ids,
		Confidence: 0, // the calling model states none; the verdict keeps the server's
		Reason:     fmt.Sprintf("the calling model judged %s to apply, quoting the user: %q", strings.Join(ids, ", "), v.Evidence),
		Classifier: JudgeCallingModel,
		Usage:      server.Usage,
	}, v
}

func overlaps(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// forcedDecision is the decision of a forced handoff: trigger and judge
// "forced", confidence 1, nothing classified; reason is the caller's.
func forcedDecision(reason string) Decision {
	return Decision{
		Handoff: true, Triggers: []string{JudgeForced}, Confidence: 1, Classifier: JudgeForced,
		Reason: "Forced by the caller (not classified): " + strings.TrimSpace(reason),
	}
}

// Grounded reports whether evidence occurs in one of the user turns of
// transcript, compared case-, accent-, whitespace- and
// punctuation-insensitively and on word boundaries (in scripts written
// without spaces, such as Chinese and Japanese, anywhere in the turn).
// Assistant and system turns never ground a vote; evidence with fewer than
// three letters or digits (two in scripts without spaces) never does either.
func Grounded(evidence string, transcript []Turn) bool {
	ev := foldWords(evidence)
	letters, spaceless := 0, false
	for _, r := range ev {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
			spaceless = spaceless || isSpaceless(r)
		}
	}
	if letters < minEvidenceRunes && !(spaceless && letters >= minEvidenceRunesSpaceless) {
		return false
	}
	for _, t := range transcript {
		if t.Role != RoleUser {
			continue
		}
		turn := foldWords(t.Content)
		if spaceless {
			if strings.Contains(strings.ReplaceAll(turn, " ", ""), strings.ReplaceAll(ev, " ", "")) {
				return true
			}
			continue
		}
		if strings.Contains(" "+turn+" ", " "+ev+" ") {
			return true
		}
	}
	return false
}

// foldWords returns s in lower case without accents, its punctuation and
// symbols turned into spaces and its words separated by single spaces
// ("Je VEUX parler… à un humain !" gives "je veux parler a un humain").
func foldWords(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if f, ok := letterFold[unicode.ToLower(r)]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			space = false
		default: // space, punctuation, symbols
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}

// letterFold folds the letters NFKD leaves whole.
var letterFold = map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'þ': "th", 'ı': "i"}

// isSpaceless reports whether r belongs to a script written without spaces
// between words.
func isSpaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}
