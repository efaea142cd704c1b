package embedded

import "math"

// Whether an assistant turn failed is read from evidence in the turn itself,
// in the user's turn before it (was it answered?) and in the user's turn
// after it (how did the user react?). Each piece of evidence is a log
// likelihood ratio: how much more often it is seen after a failed reply
// than after a sensible one. The values are set by reasoning about each
// signal and checked on development data (see docs/classifier.md).
const (
	// The assistant's own words.
	lrStrong  = 6.0 // says it failed: "I didn't understand", "something went wrong"
	lrWeak    = 0.8 // apologises or does not know: "sorry", "I don't know"
	lrRepeat  = 2.0 // repeats one of its earlier replies
	lrEmpty   = 2.0 // says nothing: "", "..."
	lrProfane = 1.5 // swears at or insults the user

	// The user's next turn.
	lrCorrect  = 3.0  // corrects it: "that's not what I asked", "the store, not the website"
	lrConfused = 1.3  // is confused: "what?", "huh", "what do you mean?"
	lrProbe    = 2.0  // checks whether anyone is there: "hello??", "..."
	lrRestate  = 1.5  // asks again what they asked before
	lrInsist   = 1.5  // insists: "this IS about my plan"
	lrHostile  = 1.0  // turns hostile or exasperated
	lrEcho     = 0.5  // asks about its words: "What kid?"
	lrSatisfy  = -1.5 // thanks it or says it worked
	lrAnswered = -0.8 // answers its question: "Yes, I have."
	lrAck      = -0.5 // accepts it in a word: "ok", "fine"
	lrFollowUp = -0.8 // goes on: "And change the greeting?", "Und mit Kreditkarte?"

	// The reply against the user's turn before it.
	lrOnTopic    = -0.5 // shares content words with the user's turn
	lrIgnored    = 0.4  // shares none with the user's question and does not open like an answer
	lrShift      = 0.4  // shares none with the user's turn nor with its own previous reply
	lrImpersonal = 0.6  // says neither "I" nor "you" and shares nothing, in small talk
	lrDangling   = 1.0  // "he", "she", "they" with no one before to refer to
	lrWhYesNo    = 1.0  // a bare "yes" or "no" to a wh-question
	lrGreetBack  = -1.5 // greets back a greeting
	lrYesNo      = -0.6 // answers a yes/no question with yes or no
)

// How often the assistant fails is not known; the evidence of all its
// turns weighs kinds of assistant against each other, and each turn's
// probability of having failed follows from the kind it likely is: a sound
// assistant fails one reply in fifty, a shaky one one in eight, a broken one
// three in five. Before any evidence, two assistants in five are sound, one
// is shaky and two are broken: a failure is no surprise, but turns without
// any sign either way never add up to a handoff (with the latest ten replies
// judged, ten such turns score at most 0.48; TestBreakdownNeutralTurns).
var (
	failureRates = [...]float64{0.02, 0.12, 0.6}
	kindPriors   = [...]float64{0.4, 0.2, 0.4}
)

// replyEvidence returns the log likelihood ratio that assistant turn i
// failed, from its own words and the turns around it.
func (c *Classifier) replyEvidence(a *analysis, i int) float64 {
	t := a.turns[i]
	z := 0.0
	switch {
	case t.failStrong:
		z += lrStrong
	case t.failWeak:
		z += lrWeak
	}
	if !c.breakdown {
		return z
	}
	sh := t.shape()
	if sh.words == 0 {
		z += lrEmpty
	}
	if t.facts&factProfane != 0 {
		z += lrProfane
	}
	for j := i - 2; j >= 0 && j >= i-12; j-- {
		if a.turns[j].role == "assistant" && sh.words > 1 && similar(t, a.turns[j]) {
			z += lrRepeat
			break
		}
	}
	var prev *turnInfo
	if i > 0 && a.turns[i-1].role == "user" {
		prev = a.turns[i-1]
		z += coherence(prev, t, a.previousReply(i))
	}
	if i+1 < len(a.turns) && a.turns[i+1].role == "user" {
		z += reaction(a.turns[i+1], t, a.earlierUser(i))
	}
	return z
}

// earlierUser returns the user turn before assistant turn i and, when
// there is one, the user turn before that: the questions a user may ask
// again after the reply.
func (a *analysis) earlierUser(i int) [2]*turnInfo {
	var out [2]*turnInfo
	n := 0
	for j := i - 1; j >= 0 && n < 2; j-- {
		if a.turns[j].role == "user" {
			out[n] = a.turns[j]
			n++
		}
	}
	return out
}

// previousReply returns the assistant turn before assistant turn i, or nil.
func (a *analysis) previousReply(i int) *turnInfo {
	for j := i - 1; j >= 0; j-- {
		if a.turns[j].role == "assistant" {
			return a.turns[j]
		}
	}
	return nil
}

// coherence weighs how reply r fits the user's turn q before it; before is
// the assistant's previous reply, or nil.
func coherence(q, r, before *turnInfo) float64 {
	qs, rs := q.shape(), r.shape()
	if rs.words == 0 {
		return 0
	}
	z := 0.0
	shared := len(qs.stems) > 0 && sharesContent(q, r) || qs.asksHow && rs.instructs || qs.asksAmount && rs.number ||
		qs.asksWhy && rs.because
	// The reply may carry on from its own previous turn when the user
	// only answered it ("The morning one.").
	context := shared || before != nil && sharesContent(before, r)
	switch {
	case qs.greeting && rs.greeting && len(qs.stems) == 0:
		return lrGreetBack
	case shared && parrots(q, r):
		// "At the same time." after "...at the same time?": an echo, not
		// an answer.
	case shared:
		z += lrOnTopic
	case len(qs.stems) > 0 && !context:
		if qs.question != noQuestion && !rs.answerOpen {
			z += lrIgnored
		}
		if len(rs.stems) >= 2 {
			z += lrShift
		}
	case qs.asksWhy && !context:
		z += lrIgnored // "why?" answered with no reason
	}
	if !shared && !context && !rs.personal12 && rs.words > 2 && !qs.transact && !rs.transact && !rs.instructs && !rs.number {
		z += lrImpersonal // a line that speaks to no one, in a chat about nothing to transact
	}
	switch {
	case qs.question == yesNoQuestion && rs.answerOpen:
		z += lrYesNo
	case qs.question == whQuestion && rs.bareYesNo:
		z += lrWhYesNo
	}
	if rs.personal3 && !qs.personal3 && !qs.names && (before == nil || !before.shape().personal3 && !before.shape().names) {
		z += lrDangling
	}
	return z
}

// reaction weighs what the user's turn u after reply r says about it; qs
// are the user's turns before the reply, latest first.
func reaction(u, r *turnInfo, qs [2]*turnInfo) float64 {
	us := u.shape()
	z := 0.0
	switch {
	case u.facts&factCorrects != 0:
		z += lrCorrect
	case us.probe:
		z += lrProbe
	case u.facts&factConfused != 0 || us.puzzled:
		z += lrConfused
	case u.facts&factSatisfied != 0:
		z += lrSatisfy
	case us.ack:
		z += lrAck
	case us.followUp:
		z += lrFollowUp
	case u.facts&factEchoQ != 0 && sharesContent(u, r):
		z += lrEcho
	case restatesAny(u, qs):
		z += lrRestate
	case us.emphasis:
		z += lrInsist
	case r.shape().question != noQuestion && us.answerOpen:
		z += lrAnswered
	}
	if u.facts&factHostile != 0 {
		z += lrHostile
	}
	return z
}

func restatesAny(u *turnInfo, qs [2]*turnInfo) bool {
	for _, q := range qs {
		if q != nil && restates(u, q) {
			return true
		}
	}
	return false
}

// youNegative reports whether a sentence of u says something negative
// about "you": "you're full of lies", "du bist komisch".
func youNegative(u *turnInfo) bool {
	for _, s := range u.doc.Sentences {
		if u.has(catYou, s.Start, s.End) && (u.has(catNegEval, s.Start, s.End) || u.has(catConfused, s.Start, s.End) && !s.Question) {
			return true
		}
	}
	return false
}

// failureOdds returns, for each assistant turn with likelihood ratio ls
// (the exponential of its evidence), the probability that it failed: a
// mixture over kinds of assistant with the weights w of kindWeights(ls).
func failureOdds(ls []float64, w [len(failureRates)]float64, out []float64) []float64 {
	out = out[:0]
	for _, l := range ls {
		p := 0.0
		for k, th := range failureRates {
			p += w[k] * th * l / (th*l + 1 - th)
		}
		out = append(out, p)
	}
	return out
}

// logPriors are the logarithms of kindPriors.
var logPriors = func() (l [len(kindPriors)]float64) {
	for k, p := range kindPriors {
		l[k] = math.Log(p)
	}
	return l
}()

// kindWeights returns the posterior probability of each kind of assistant
// given the likelihood ratios ls of its turns (the exponentials of their
// evidence). The likelihood of a turn's evidence under failure rate θ is
// proportional to θ·L + (1 - θ).
func kindWeights(ls []float64) [len(failureRates)]float64 {
	logs := logPriors
	for _, l := range ls {
		for k, th := range failureRates {
			logs[k] += math.Log(th*l + 1 - th)
		}
	}
	top := max(logs[0], logs[1], logs[2])
	var w [len(failureRates)]float64
	sum := 0.0
	for k := range logs {
		w[k] = math.Exp(logs[k] - top)
		sum += w[k]
	}
	for k := range w {
		w[k] /= sum
	}
	return w
}

// likelihoods returns the exponentials of evidence lrs in out.
func likelihoods(lrs []float64, out []float64) []float64 {
	out = out[:0]
	for _, z := range lrs {
		out = append(out, math.Exp(z))
	}
	return out
}

// atLeastMixture returns the probability that at least n turns with
// evidence lrs failed, under the mixture of kinds of assistant.
func atLeastMixture(lrs []float64, n int) float64 {
	ls := likelihoods(lrs, nil)
	return atLeastMixtureOf(ls, kindWeights(ls), n)
}

// atLeastMixtureOf is atLeastMixture from the likelihood ratios ls and
// their kindWeights w, which the caller has at hand.
func atLeastMixtureOf(ls []float64, w [len(failureRates)]float64, n int) float64 {
	var buf [judgedReplies]float64
	ps := buf[:0]
	if len(ls) > judgedReplies {
		ps = make([]float64, 0, len(ls))
	}
	ps = ps[:len(ls)]
	total := 0.0
	for k, th := range failureRates {
		for i, l := range ls {
			ps[i] = th * l / (th*l + 1 - th)
		}
		total += w[k] * atLeast(ps, n)
	}
	return total
}

// atLeast returns the probability that at least n of independent events
// with probabilities ps happen (a Poisson binomial distribution).
func atLeast(ps []float64, n int) float64 {
	if n <= 0 {
		return 1
	}
	var buf [8]float64
	var dist []float64
	if n > len(buf) {
		dist = make([]float64, n)
	} else {
		dist = buf[:n]
	}
	// dist[k] is the probability of exactly k events so far, k < n; the
	// mass that reaches n is summed in done.
	dist[0] = 1
	done := 0.0
	for _, p := range ps {
		done += dist[n-1] * p
		for k := n - 1; k > 0; k-- {
			dist[k] = dist[k]*(1-p) + dist[k-1]*p
		}
		dist[0] *= 1 - p
	}
	return done
}
