package embedded

// Probabilities that an assistant turn failed, from its own words.
const (
	fStrong = 0.95 // "I did not understand", "could you rephrase"
	fWeak   = 0.45 // "sorry", "I don't know"
)

// failureCount holds, per assistant turn, the probability that it failed
// to answer.
type failureCount struct {
	turns []int     // indexes in analysis.turns
	probs []float64 // probability that each failed
}

// failures estimates which assistant turns failed.
func (c *Classifier) failures(a *analysis) *failureCount {
	if a.failures != nil {
		return a.failures
	}
	f := &failureCount{}
	for i := range a.turns {
		t := &a.turns[i]
		if t.role != "assistant" {
			continue
		}
		p := 0.0
		switch {
		case c.strongFailure(t):
			p = fStrong
		case t.count(catFailWeak) > 0:
			p = fWeak
		}
		if c.breakdown {
			p = combine(p, a.breakdownAfter(i))
		}
		f.turns = append(f.turns, i)
		f.probs = append(f.probs, p)
	}
	a.failures = f
	return f
}

// combine returns the probability that at least one of two independent
// signals is right.
func combine(p, q float64) float64 { return 1 - (1-p)*(1-q) }

// atLeast returns the probability that at least n of the turns failed,
// treating the turns as independent (a Poisson binomial distribution).
func (f *failureCount) atLeast(n int) float64 {
	if n <= 0 {
		return 1
	}
	// dist[k] is the probability of exactly k failures so far, k < n;
	// the mass that reaches n is summed in done.
	dist := make([]float64, n)
	dist[0] = 1
	done := 0.0
	for _, p := range f.probs {
		done += dist[n-1] * p
		for k := n - 1; k > 0; k-- {
			dist[k] = dist[k]*(1-p) + dist[k-1]*p
		}
		dist[0] *= 1 - p
	}
	return done
}

// botFailure judges whether the assistant failed at least n times.
func (c *Classifier) botFailure(a *analysis, n int) detection {
	f := c.failures(a)
	s := f.atLeast(n)
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
