package embedded

import (
	"fmt"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Kind names the built-in knowledge that applies to a trigger.
type Kind string

// The kinds of built-in knowledge. A trigger without a kind is judged by its
// description and examples only.
const (
	KindNone         Kind = ""
	KindHumanRequest Kind = "human_request"
	KindFrustration  Kind = "frustration"
	KindBotFailure   Kind = "bot_failure"
	KindSensitive    Kind = "sensitive"
)

// Kinds lists the kinds a trigger's `kind` may name.
var Kinds = []Kind{KindHumanRequest, KindFrustration, KindBotFailure, KindSensitive}

// ParseKind checks a trigger's kind.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	if s == "" {
		return KindNone, nil
	}
	return KindNone, fmt.Errorf("unknown kind %q; use human_request, frustration, bot_failure or sensitive, or leave it empty to infer it from the description", s)
}

// inferKind reads the kind of built-in knowledge a description asks for,
// in any supported language: a failure of the assistant ("the bot could
// not answer twice"), a request for a human, frustration or anger, or a
// sensitive topic. It returns KindNone when the description is about
// something else, which is then judged by similarity alone.
func inferKind(d *text.Doc, ms []text.Match) Kind {
	var has [numCats]bool
	for _, m := range ms {
		if m.Value < numCats {
			has[m.Value] = true
		}
	}
	human := has[catHumanStrong] || has[catHumanMedium]
	switch {
	case has[catFailCue] && (has[catAnswerCue] || has[catBotNoun]):
		return KindBotFailure
	case human && (has[catTalk] || has[catWant] || has[catHandoffVerb]) || has[catHandoffVerb] || describesHumanRequest(d):
		return KindHumanRequest
	case has[catFrustrationCue] || describesMood(d):
		return KindFrustration
	case sensitiveMask(ms) != 0 || describedCategories(d) != 0:
		return KindSensitive
	}
	return KindNone
}

// describesHumanRequest reads a request for a human as descriptions word
// it, in the third person and in nominal styles: a person or a support
// role with a verb of reaching or a request ("User asks for a support
// representative.", "Demande de transfert vers un opérateur"), someone at
// all after a verb of reaching ("wants to talk to someone") or as what is
// asked for ("asks for a person", "wants someone"), or a handoff named by
// itself ("escalation").
func describesHumanRequest(d *text.Doc) bool {
	var person, reach, ask, handoff, someone bool
	firstReach := -1
	var someoneAt, askEnds []int
	descMatcher().Find(d, func(m text.Match) {
		switch m.Value {
		case dPerson:
			person = true
		case dSomeone:
			someoneAt = append(someoneAt, m.Start)
		case dReach:
			reach = true
			if firstReach < 0 || m.Start < firstReach {
				firstReach = m.Start
			}
		case dAsk:
			ask = true
			askEnds = append(askEnds, m.End)
		case dHandoff:
			handoff = true
		}
	})
	// Someone at all counts after a verb of reaching ("talk to
	// someone"), or before it unless it opens the description as its
	// subject ("Der Kunde will mit jemandem reden", not "Someone talks
	// about refunds").
	for _, i := range someoneAt {
		someone = someone || firstReach >= 0 && (i > firstReach || i > 1) || askedFor(d, askEnds, i)
	}
	return person && (reach || ask) || someone || handoff
}

// askedFor reports whether someone at token i is what a verb of asking
// ending at one of askEnds asks for: at most two words after it ("asks for
// a person", "wants someone"), not what something else is about ("asks
// about a person") and not a possessive ("asks for a person's address").
func askedFor(d *text.Doc, askEnds []int, i int) bool {
	if i+1 < len(d.Tokens) && d.Word(i+1) == "s" {
		return false
	}
	for _, e := range askEnds {
		if e > i || i-e > 2 {
			continue
		}
		about := false
		for k := e; k < i; k++ {
			about = about || aboutWords()[d.Word(k)]
		}
		if !about {
			return true
		}
	}
	return false
}

// describesMood reports whether a description names a bad mood ("negative
// sentiment from the user", "losing patience") or hostility ("rude or
// insulting", "uses swear words") rather than an emotion: what the
// frustration kind detects.
func describesMood(d *text.Doc) bool {
	found := false
	descMatcher().Find(d, func(m text.Match) { found = found || m.Value == dMood || m.Value == dHostile })
	return found
}
