package embedded

import (
	"sync"
)

// Scores of the request-for-a-human detector, read as the probability that
// the user asks for a person. They are set by reasoning about each frame,
// not fitted to data.
const (
	hNegated   = 0.04 // "I don't need a human"
	hBotQ      = 0.08 // "are you a bot?", "is this a real person?"
	hPast      = 0.10 // "your agent called me yesterday"
	hStrongReq = 0.97 // "I want to talk to a human"
	hStrongOne = 0.92 // "talk to a human", "I need a human"
	hStrongBar = 0.90 // "human!", "ihminen kiitos"
	hStrongQ   = 0.70 // "any humans here?"
	hStrongAny = 0.40 // "the human touch is missing"
	hSchedule  = 0.25 // "do your staff work on Saturdays?"
	hRoleReq   = 0.93 // "can I speak to an agent"
	hRoleTalk  = 0.85 // "speak to customer service"
	hRoleWant  = 0.75 // "I need an agent"
	hRoleBare  = 0.80 // "agent", "supervisor please"
	hRoleAny   = 0.25
	hWeakReq   = 0.86 // "I want to talk to someone"
	hWeakTalk  = 0.72 // "help talking to somebody"
	hWeakAny   = 0.10
	hVerb      = 0.78 // "escalate this", "transfer me", "call me back"
	hAccept    = 0.85 // "yes" to "shall I connect you with an agent?"
)

// humanRequest judges whether the user asks for a human, in the latest
// user turns of the window.
func (a *analysis) humanRequest() detection {
	if a.human != nil {
		return *a.human
	}
	best := none
	for k, ti := range a.recentUsers() {
		d := a.turns[ti].human
		if d.score <= hNegated && d.turn == declined {
			break // a newer turn declines: earlier requests are withdrawn
		}
		if acc := a.acceptsOffer(ti); acc > d.score {
			d = detection{score: acc, note: "accepts the offer of a human"}
		}
		d.score *= recency(k)
		if d.score > best.score {
			best = d
			best.turn = ti
		}
	}
	a.humanv = best
	a.human = &a.humanv
	return best
}

// humanInTurn scores one user turn.
func humanInTurn(t *turnInfo) detection {
	best := detection{turn: -1}
	consider := func(score float64, note string) {
		if score > best.score {
			best.score, best.note = score, note
		}
	}
	nTok := len(t.doc.Tokens)
	for _, m := range t.ms {
		tier := m.Value
		if tier != catHumanStrong && tier != catHumanMedium && tier != catHumanWeak && tier != catHandoffVerb {
			continue
		}
		if t.span[m.Start]&(bit(catOtherSense)|bit(catQuoted)) != 0 {
			continue // "travel agent", "human error", "my son typed 'talk to a human'"
		}
		sFrom, sTo := t.sentence(m.Start)
		sent := t.doc.Sentences[t.doc.Tokens[m.Start].Sent]
		talk := t.has(catTalk, sFrom, sTo) || t.has(catHandoffVerb, sFrom, sTo) && tier != catHandoffVerb
		want := t.has(catWant, sFrom, sTo) || t.has(catInability, sFrom, sTo)
		urgent := t.has(catUrgent, sFrom, sTo)
		if urgent && !t.has(catBotQuestion, sFrom, sTo) {
			want = true // "a human, now!"
		}
		bare := sTo-sFrom <= 3 || nTok <= 3
		switch {
		case t.negated(m.Start) || t.negatedVerb(m.Start, sFrom) || t.notNeeded(m.End, sTo):
			consider(hNegated, "says no human is needed")
			best.turn = declined
			continue
		case t.has(catBotQuestion, sFrom, sTo) && !(want && talk):
			consider(hBotQ, "asks whether it talks to a bot")
			continue
		case !talk && (t.has(catPositive, sFrom, sTo) || t.has(catSatisfied, sFrom, sTo)) && tier != catHandoffVerb:
			consider(hPast, "praises or thanks someone")
			continue
		case t.has(catPast, sFrom, sTo) && !want:
			consider(hPast, "mentions a person in the past")
			continue
		}
		switch tier {
		case catHandoffVerb:
			consider(hVerb, "asks to be transferred")
		case catHumanStrong:
			switch {
			case talk && want:
				consider(hStrongReq, "asks to talk to a human")
			case talk || want:
				consider(hStrongOne, "asks for a human")
			case bare:
				consider(hStrongBar, "asks for a human")
			case sent.Question && t.has(catSchedule, sFrom, sTo) && !t.has(catTransact, sFrom, sTo):
				// A day of an order or a booking ("my delivery from
				// Friday") is not the team's hours.
				consider(hSchedule, "asks when the team works")
			case sent.Question:
				consider(hStrongQ, "asks whether a human is there")
			default:
				consider(hStrongAny, "mentions a human")
			}
		case catHumanMedium:
			switch {
			case talk && want:
				consider(hRoleReq, "asks to talk to an agent")
			case talk:
				consider(hRoleTalk, "asks to contact an agent")
			case bare:
				consider(hRoleBare, "asks for an agent")
			case want:
				consider(hRoleWant, "asks for an agent")
			default:
				consider(hRoleAny, "mentions an agent")
			}
		case catHumanWeak:
			switch {
			case talk && want:
				consider(hWeakReq, "asks to talk to someone")
			case talk:
				consider(hWeakTalk, "asks to talk to someone")
			default:
				consider(hWeakAny, "mentions someone")
			}
		}
	}
	return best
}

// declined marks the detection of a turn that declines a human, so that
// older requests in the window are withdrawn.
const declined = -2

// notNeeded reports whether a negation after token i, up to to, says the
// person is not needed: "Ihmistä ei tarvita", "Mensch ist nicht nötig",
// "a human is not needed".
func (t *turnInfo) notNeeded(i, to int) bool {
	for k := i; k < to && k < i+3; k++ {
		if t.start[k]&bit(catNeg) != 0 {
			for j := k; j < to && j < k+3; j++ {
				if neededWords()[t.doc.Word(j)] {
					return true
				}
			}
		}
	}
	return false
}

// neededWords say that something is needed.
var neededWords = sync.OnceValue(func() map[string]bool {
	return set(`needed necessary required notig erforderlich notwendig necessaire besoin tarvita tarvitaan tarvitse
	tarpeen necesario necesaria necessario necessaria nodig noodzakelijk behovs nodvandig necessario precisa`)
})

// negatedVerb reports whether the nearest talk or want verb before token i
// in its sentence is negated: "I do not want, honestly, a human".
func (t *turnInfo) negatedVerb(i, sFrom int) bool {
	for p := i - 1; p >= sFrom; p-- {
		if t.start[p]&(bit(catTalk)|bit(catWant)) != 0 {
			return t.negated(p)
		}
	}
	return false
}

// acceptsOffer scores a user turn that says yes to the assistant's offer
// of a human in the turn before it.
func (a *analysis) acceptsOffer(ti int) float64 {
	if ti == 0 || a.turns[ti-1].role != "assistant" {
		return 0
	}
	if a.turns[ti].facts&factYesShort == 0 || a.turns[ti-1].facts&factOffersHuman == 0 {
		return 0
	}
	return hAccept
}
