package embedded

import "github.com/handoff-mcp/handoff-mcp/handoff"

// What a decision reads of a turn beyond its shape and the detectors'
// results depends on the turn alone: it is computed once, with the turn,
// as bits of turnInfo.facts, so that a cached turn need not keep its
// tokens and matches (see compact).
const (
	// factYesShort: a user turn of at most six words that opens with a yes
	// and negates nothing (acceptsOffer).
	factYesShort = 1 << iota
	// factOffersHuman: an assistant turn that offers a human (acceptsOffer).
	factOffersHuman
	// factProfane: an insult or a hostile phrase.
	factProfane
	// factCorrects: a user turn that corrects the reply before it (a
	// correction, or a contrast: "the store, not the website").
	factCorrects
	// factConfused: a user turn that opens with confusion (confused).
	factConfused
	// factSatisfied: a user turn that thanks or says it worked (satisfied).
	factSatisfied
	// factEchoQ: a short user question that opens with a question word, the
	// form of an echo (echoes).
	factEchoQ
	// factHostile: a user turn with an insult, a hostile phrase,
	// exasperation, or something negative about "you" (reaction).
	factHostile
)

// computeFacts sets t.facts.
func (t *turnInfo) computeFacts() {
	t.nTok = len(t.doc.Tokens)
	var f uint16
	put := func(bit uint16, on bool) {
		if on {
			f |= bit
		}
	}
	put(factProfane, t.found(bit(catInsult)|bit(catHostile)))
	switch t.role {
	case handoff.RoleAssistant:
		put(factOffersHuman, offersHuman(t))
	case handoff.RoleUser:
		put(factYesShort, t.nTok > 0 && t.nTok <= 6 && t.start[0]&bit(catYes) != 0 && !t.found(bit(catNeg)))
		put(factCorrects, t.found(bit(catCorrection)) || contrastive(t))
		put(factConfused, confused(t))
		put(factSatisfied, satisfied(t))
		put(factEchoQ, echoForm(t))
		put(factHostile, t.found(bit(catInsult)|bit(catHostile)|bit(catExasper)) || youNegative(t))
	}
	t.facts = f
}

// offersHuman reports whether an assistant turn offers a human: it names
// one, not negated, in a question about talking or transferring ("Shall I
// connect you with an agent?").
func offersHuman(prev *turnInfo) bool {
	for _, m := range prev.ms {
		if (m.Value == catHumanStrong || m.Value == catHumanMedium || m.Value == catHandoffVerb) &&
			prev.span[m.Start]&bit(catOtherSense) == 0 && !prev.negated(m.Start) {
			s := prev.doc.Sentences[prev.doc.Tokens[m.Start].Sent]
			if s.Question && (prev.has(catTalk, s.Start, s.End) || prev.has(catHandoffVerb, s.Start, s.End) || prev.has(catWant, s.Start, s.End)) {
				return true
			}
		}
	}
	return false
}
