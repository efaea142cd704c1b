package embedded

import (
	"fmt"
	"slices"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// Verdict is the judgement of one trigger.
type Verdict struct {
	ID       string
	Priority handoff.Priority
	// Score in [0, 1], read as the probability that the trigger applies.
	Score float64
	// Threshold is the score at which the trigger fires.
	Threshold float64
	// Rule is true when a keyword or failed-answers rule fired it.
	Rule bool
	// Reliability in (0, 1] says how far a low score can be trusted as a
	// no: 1 for rules and built-in knowledge, less for a trigger judged by
	// its description's words alone.
	Reliability float64
	// Note says in a few words what was found; Evidence quotes the turn.
	Note, Evidence string
	// Unread names the language of the latest user turn when the
	// trigger's knowledge does not read it ("Korean"); the verdict's
	// reliability is then at most 0.5. UnreadRequestsOnly says that the
	// classifier reads only requests for a human in that language.
	Unread             string
	UnreadRequestsOnly bool
}

// Fired reports whether the trigger fires.
//
// A decision of no handoff has the confidence of its least certain
// verdict, (1 - Score) × Reliability.
func (v Verdict) Fired() bool { return v.Score >= v.Threshold }

// Decide turns verdicts into a decision: every fired trigger, strongest
// first (higher priority first among equals), and a confidence that reads
// as the probability that the verdict is right.
func Decide(vs []Verdict) handoff.Decision {
	// The fired verdicts by index, in room on the stack for most
	// configurations: the verdicts themselves are not copied.
	var room [16]int
	fired := room[:0]
	var closest *Verdict
	for i := range vs {
		v := &vs[i]
		if v.Fired() {
			fired = append(fired, i)
		} else if closest == nil || v.Score > closest.Score {
			closest = v
		}
	}
	if len(fired) == 0 {
		d := handoff.Decision{Triggers: []string{}, Confidence: 1, Classifier: Name, Reason: "No trigger applies."}
		for _, v := range vs {
			d.Confidence = min(d.Confidence, (1-v.Score)*v.Reliability)
		}
		switch {
		case closest != nil && closest.Score > 0 && closest.Note != "":
			d.Reason = fmt.Sprintf("No trigger applies; the closest is %s at %.2f (%s).", closest.ID, closest.Score, closest.Note)
		case closest != nil && closest.Score > 0:
			d.Reason = fmt.Sprintf("No trigger applies; the closest is %s at %.2f.", closest.ID, closest.Score)
		}
		d.Reason += unreadNote(vs)
		return d
	}
	slices.SortStableFunc(fired, func(i, j int) int {
		x, y := &vs[i], &vs[j]
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return y.Priority.Rank() - x.Priority.Rank()
	})
	d := handoff.Decision{Handoff: true, Confidence: vs[fired[0]].Score, Classifier: RulesName, Triggers: make([]string, 0, len(fired))}
	var b strings.Builder
	size := 1
	for _, i := range fired {
		v := &vs[i]
		size += len("; ") + len(v.ID) + len(": ") + len(v.Note) + len(" (“”)") + len(v.Evidence)
	}
	b.Grow(size)
	for k, i := range fired {
		v := &vs[i]
		d.Triggers = append(d.Triggers, v.ID)
		if !v.Rule {
			d.Classifier = Name
		}
		if k > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.ID)
		b.WriteString(": ")
		b.WriteString(v.Note)
		if v.Evidence != "" {
			b.WriteString(" (“")
			b.WriteString(v.Evidence)
			b.WriteString("”)")
		}
	}
	b.WriteByte('.')
	d.Reason = b.String()
	return d
}

// unreadNote says, for a decision of no handoff, that the latest user
// turn's language is not read, so that the no is not a confident one.
func unreadNote(vs []Verdict) string {
	for _, v := range vs {
		switch {
		case v.Unread != "" && v.UnreadRequestsOnly:
			return fmt.Sprintf(" The latest user turn is in %s, where the embedded classifier knows requests for a human only: not a confident no.", v.Unread)
		case v.Unread != "":
			return fmt.Sprintf(" The latest user turn is in %s, a language the embedded classifier does not know: not a confident no.", v.Unread)
		}
	}
	return ""
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }
