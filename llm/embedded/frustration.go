package embedded

import (
	"math"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// Weights of the frustration detector: a logistic model over counts of
// lexical and typographic signals, set by reasoning about how strongly each
// signal speaks for anger, then checked on development data (see
// docs/classifier.md). A single strong signal (an insult, a hostile phrase,
// exasperation, the emotion named) fires on its own; weak ones (a negation,
// a command, "you", an exclamation) only together. A message with no
// signal at all scores fNoSignal.
const (
	fBias     = -0.5
	fCue      = 3.0  // "I am angry", "ich bin frustriert", "olen turhautunut"
	fInsult   = 2.4  // idiot, Arschloch, connard, kusipää
	fHostile  = 2.6  // shut up, hau ab, casse-toi, painu hiiteen, how dare you
	fExasper  = 2.2  // useless, Frechheit, j'en ai marre, käsittämätöntä
	fSwear    = 1.6  // damn, Scheiße, putain, perkele
	fPositive = -1.5 // thanks, love, great
	fDeesc    = -2.0 // "no problem", "nicht schlimm", "pas grave", "anyway"
	fPolite   = -0.8 // please, bitte, s'il vous plaît, voisitko

	// Weak signals count fully in a turn about nothing transactional and
	// by fTransact in one about an order, an invoice, an account: there a
	// negation or a problem word reports the problem ("the app doesn't
	// work") more often than it attacks anyone.
	fNegEval  = 0.9  // liar, hate, betray
	fNegVal   = 0.8  // bad, problem, broken, late
	fNegation = 0.6  // not, nie, pas, ei
	fInterj   = 0.3  // "no!", "nein", "ei": a no to something
	fCommand  = 0.9  // a sentence opening with a command: "Stop it", "Gib mir", "Menkää"
	fConfront = 0.9  // "you" with a negation or a negative word: "vous n'avez pas le droit"
	fExclaim  = 1.0  // a sentence ending with !
	fQuestion = 0.6  // a question that asks for nothing: "C'est ça, votre défense ?"
	fWhy      = 0.5  // a why-question to someone: "why did you ...?"
	fTransact = 0.4  // the share of weak signals a transactional turn keeps
	fShout    = 0.9  // WORDS IN CAPITALS, !!, ?!
	fIntense  = 0.3  // so, always, again: only next to a negative signal
	fRepeat   = 1.4  // the user repeats an earlier message
	fCap      = 2    // at most this many of one signal count
	fNoSignal = 0.03 // the score when no signal at all is present
)

// frustrationScore judges whether the user is frustrated or angry, in the
// latest user turns of the window.
func (a *analysis) frustrationScore() detection {
	if a.frustration != nil {
		return *a.frustration
	}
	best := none
	for k, ti := range a.recentUsers() {
		s, note := a.frustrationInTurn(ti)
		s *= recency(k)
		if s > best.score {
			best = detection{score: s, turn: ti, note: note}
		}
	}
	a.frustrationv = best
	a.frustration = &a.frustrationv
	return best
}

// frustrationSignals counts the signals of one user turn.
// The counts are int32: every cached turn holds them.
type frustrationSignals struct {
	cue, insult, hostile, exasper, swear, negEval, negVal, positive int32
	deesc, polite, negations, commands, whys, confront, exclaims    int32
	intensity, questions, interjections                             int32
	// answerNegations are the negations of the first sentence: when the
	// turn answers a question, they answer it ("No, I haven't").
	answerNegations, answerInterjections int32
	shout, repeats, transact             bool
}

func (f *frustrationSignals) negative() bool {
	return f.cue+f.insult+f.hostile+f.exasper+f.swear+f.negEval+f.negVal > 0
}

func (f *frustrationSignals) any() bool {
	return f.negative() || f.negations+f.interjections+f.commands+f.whys+f.exclaims+f.questions > 0 || f.shout || f.repeats
}

func (f *frustrationSignals) logit() float64 {
	z := fBias
	z += fCue*capped(f.cue) + fInsult*capped(f.insult) + fHostile*capped(f.hostile) + fExasper*capped(f.exasper)
	z += fSwear*capped(f.swear) + fPositive*min(float64(f.positive), 3) + fDeesc*capped(f.deesc)
	z += fPolite * min(float64(f.polite), 1)
	weak := fNegEval*min(float64(f.negEval), 3) + fNegVal*min(float64(f.negVal), 3) + fNegation*capped(f.negations)
	weak += fCommand*capped(f.commands) + fWhy*capped(f.whys) + fConfront*capped(f.confront)
	weak += fQuestion*capped(f.questions) + fInterj*capped(f.interjections)
	if f.positive == 0 {
		// Exclamations amplify; next to praise they are enthusiasm
		// ("Great!!"), and alone they are half a sign.
		e := fExclaim * capped(f.exclaims)
		if weak == 0 && !f.negative() {
			e /= 2
		}
		weak += e
	}
	if f.transact {
		weak *= fTransact
	}
	z += weak
	if f.shout {
		z += fShout
	}
	if f.negative() {
		z += fIntense * capped(f.intensity)
	}
	if f.repeats {
		z += fRepeat
	}
	return z
}

func (a *analysis) frustrationInTurn(ti int) (float64, string) {
	f := a.turns[ti].fsig
	f.repeats = a.repeatsEarlier(ti)
	if ti > 0 && a.turns[ti-1].role == handoff.RoleAssistant && a.turns[ti-1].shape().question != noQuestion {
		// An answer to the assistant's question: "No, I haven't seen it."
		f.negations -= f.answerNegations
		f.interjections -= f.answerInterjections
	}
	if !f.any() {
		return fNoSignal, ""
	}
	note := "the user sounds frustrated"
	switch {
	case f.cue > 0:
		note = "the user says they are frustrated or angry"
	case f.insult+f.hostile > 0:
		note = "the user is hostile"
	case f.exasper > 0:
		note = "the user is exasperated"
	}
	return sigmoid(f.logit()), note
}

// frustrationSignals reads the signals of a user turn, sentence by
// sentence: anger at oneself does not count, swearing that intensifies
// praise does not count, a negation that declines a transfer or says "not
// yet" does not count, and sarcastic praise is exasperation, not praise.
func (t *turnInfo) frustrationSignals() frustrationSignals {
	var f frustrationSignals
	for k, s := range t.doc.Sentences {
		if k+1 < len(t.doc.Sentences) && t.dismisses(t.doc.Sentences[k+1]) {
			continue // "Bloody hell, the weather is awful. Anyway, ..."
		}
		self := t.has(catSelf, s.Start, s.End)
		var n [numCats]int32
		swearEnd := -1
		for _, m := range t.ms {
			if m.Value >= numCats || m.Start < s.Start || m.Start >= s.End {
				continue
			}
			if m.Value == catSwear {
				if m.Start < swearEnd {
					swearEnd = max(swearEnd, m.End)
					continue // "bloody hell" is one oath, not three
				}
				swearEnd = m.End
			}
			switch m.Value {
			case catNeg, catNegInterj:
				if t.span[m.Start]&(bit(catNegVal)|bit(catExasper)|bit(catDeesc)|bit(catHostile)|bit(catNegEval)) != 0 || t.declines(m) {
					continue // "does not work" counts once; "no need to transfer me" declines
				}
			case catYou:
				if t.span[m.Start]&bit(catPolite) != 0 {
					continue // "s'il vous plaît", "would you"
				}
			case catFrustrationCue, catInsult, catNegEval, catExasper, catSwear:
				if m.Value == catExasper && t.span[m.Start]&bit(catNeg) != 0 {
					continue // "inutile de me transférer" declines
				}
				if m.Value == catFrustrationCue && (t.span[m.Start]&bit(catExasper) != 0 || s.Question && t.has(catYou, s.Start, s.End)) {
					continue // "annoying" judges, it is counted so; "are you upset?" asks about someone else
				}
				if self {
					continue // "I'm so mad at myself"
				}
				if m.Value != catExasper && m.Value != catSwear && t.negatedNear(m.Start) {
					continue
				}
			case catPositive:
				if t.span[m.Start]&bit(catExasper) != 0 {
					continue // "oh great", "na super": sarcasm
				}
				if t.negatedNear(m.Start) {
					n[catNegEval]++ // "not happy", "en ole tyytyväinen"
					continue
				}
			case catDeesc:
				if m.End-m.Start == 1 && m.Start != s.Start {
					continue // "anyway", "egal", "bref" calm down when they open a sentence
				}
			}
			n[m.Value]++
		}
		if n[catSwear] > 0 && n[catPositive] > 0 && n[catExasper]+n[catNegEval]+n[catNegVal]+n[catInsult]+n[catHostile] == 0 {
			n[catSwear] = 0 // "damn good", "verdammt lecker"
		}
		f.cue += n[catFrustrationCue]
		f.insult += n[catInsult]
		f.hostile += n[catHostile]
		f.exasper += n[catExasper]
		f.swear += n[catSwear]
		f.negEval += n[catNegEval]
		f.negVal += n[catNegVal]
		f.positive += n[catPositive]
		f.deesc += n[catDeesc]
		f.polite += n[catPolite]
		f.intensity += n[catIntensity]
		negations := n[catNeg] + n[catNegInterj]
		f.negations += n[catNeg]
		f.interjections += n[catNegInterj]
		if k == 0 {
			f.answerNegations, f.answerInterjections = n[catNeg], n[catNegInterj]
		}
		you := n[catYou] > 0
		// A question about the bot ("tell me, are you a bot?", "Tu es un
		// robot ?") asks; its opening verb and its word order are no
		// sign of anger.
		aboutBot := n[catBotQuestion] > 0 || s.Question && n[catBotNoun] > 0
		if s.End > s.Start && n[catPolite] == 0 && !aboutBot && (t.start[s.Start]&bit(catCommand) != 0 || commandForm(&t.doc, s.Start, s.End, s.Question)) {
			f.commands++
		}
		if s.Question && n[catWhy] > 0 {
			f.whys++ // "why did you...?", "pourquoi viendrait-elle ?"
		}
		if s.Question && n[catWhy] == 0 && n[catPolite] == 0 && !aboutBot && declarativeOpeners()[t.doc.Word(s.Start)] &&
			!t.asksWithWh(s) {
			f.questions++ // "You did what?", "C'est ça, votre défense ?"
		}
		if you && (!s.Question || n[catWhy] > 0) && negations+n[catNegEval]+n[catInsult]+n[catExasper]+n[catNegVal] > 0 {
			f.confront++
		}
		if s.Exclaims > 0 {
			f.exclaims++
		}
		if s.Exclaims > 1 || s.Exclaims > 0 && s.Question {
			f.shout = true
		}
	}
	if t.ascii && t.asciiShout || !t.ascii && shouting(t.raw) {
		f.shout = true
	}
	for _, m := range t.ms {
		if m.Value == catTransact || m.Value == catHowQ || m.Value == catAmountQ || m.Value > conceptBase && m.Value < conceptEnd {
			f.transact = true
			break
		}
	}
	return f
}

// asksWithWh reports whether a question word opens one of the first three
// words of sentence s: "so where are you now?" asks.
func (t *turnInfo) asksWithWh(s text.Sentence) bool {
	for i := s.Start; i < s.End && i < s.Start+3; i++ {
		if whWords()[t.doc.Word(i)] {
			return true
		}
	}
	return false
}

// dismisses reports whether sentence s opens by setting aside what came
// before it: "Anyway, ...", "Egal, ...", "Bref, ...".
func (t *turnInfo) dismisses(s text.Sentence) bool {
	return s.End > s.Start && t.start[s.Start]&bit(catDeesc) != 0 && dismissals()[t.doc.Word(s.Start)]
}

// dismissals are the words that set aside what was said before.
var dismissals = sync.OnceValue(func() map[string]bool {
	return set(`anyway anyhow egal jedenfalls bref enfin anyways joka tapauksessa kuitenkin comunque enfim hoe dan ook
	hur som helst en fin`)
})

// declines reports whether negation m declines a transfer or a person
// ("no need to transfer me", "ich brauche keinen Mitarbeiter", "bitte keinen
// Rückruf") or only says "not yet": neither is a sign of anger.
func (t *turnInfo) declines(m text.Match) bool {
	from, to := t.clause(m.Start)
	if m.Start > from && notYet()[t.doc.Word(m.Start-1)] {
		return true // "noch nicht"
	}
	for i := m.End; i < to; i++ {
		if t.start[i]&(bit(catTalk)|bit(catHandoffVerb)|bit(catHumanStrong)|bit(catHumanMedium)|bit(catHumanWeak)) != 0 {
			return true
		}
		if i == m.End && notYet()[t.doc.Word(i)] {
			return true
		}
	}
	return false
}

// notYet are the words that make a negation temporal: "not yet", "noch
// nicht", "pas encore", "ei vielä".
var notYet = sync.OnceValue(func() map[string]bool { return set(`yet noch encore viela vielakaan todavia ancora nog annu ainda`) })

func capped(n int32) float64 { return float64(min(n, fCap)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }
