package embedded

// failureCount holds, per assistant turn, the evidence that it failed to
// answer and the probability that it did.
type failureCount struct {
	turns []int     // indexes in analysis.turns
	lrs   []float64 // log likelihood ratios of failure
	ls    []float64 // the likelihood ratios: exp(lrs), computed once
	// w are the kindWeights of all of ls.
	w     [len(failureRates)]float64
	probs []float64 // probability that each failed
}

// failures estimates which assistant turns failed.
func (c *Classifier) failures(a *analysis) *failureCount {
	if a.failures != nil {
		return a.failures
	}
	f := &a.fc
	for i := range a.turns {
		if a.turns[i].role != "assistant" {
			continue
		}
		f.turns = append(f.turns, i)
		f.lrs = append(f.lrs, c.replyEvidence(a, i))
	}
	f.ls = likelihoods(f.lrs, f.ls)
	f.w = kindWeights(f.ls)
	f.probs = failureOdds(f.ls, f.w, f.probs[:0])
	a.failures = f
	return f
}

// judgedReplies is how many of the latest assistant turns are judged: a
// failure long ago in a conversation that went on well is not a reason to
// hand off now, and a bound on the turns bounds how far turns without any
// sign of failure can add up (see breakdown.go).
const judgedReplies = 10

// botFailure judges whether the assistant failed at least n times.
func (c *Classifier) botFailure(a *analysis, n int) detection {
	f := c.failures(a)
	ls, w := f.ls[max(0, len(f.ls)-judgedReplies):], f.w
	if len(ls) < len(f.ls) {
		w = kindWeights(ls)
	}
	s := atLeastMixtureOf(ls, w, n)
	if s == 0 {
		return none
	}
	// The evidence is the most likely failure among the latest turns.
	last, lastP := -1, 0.0
	for k := len(f.turns) - 1; k >= 0; k-- {
		if f.probs[k] >= 0.5 {
			last = f.turns[k]
			break
		}
		if f.probs[k] > lastP {
			last, lastP = f.turns[k], f.probs[k]
		}
	}
	return detection{score: s, turn: last, note: "the assistant failed to answer"}
}
