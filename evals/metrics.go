package evals

import (
	"math"
	"math/rand/v2"
	"sort"
	"time"
)

// Confusion counts a binary decision against its label.
type Confusion struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
	TN int `json:"tn"`
}

// Add counts one row whose label is expected and whose decision is predicted.
func (c *Confusion) Add(expected, predicted bool) {
	switch {
	case expected && predicted:
		c.TP++
	case !expected && predicted:
		c.FP++
	case expected && !predicted:
		c.FN++
	default:
		c.TN++
	}
}

// Merge adds the counts of o to c.
func (c *Confusion) Merge(o Confusion) {
	c.TP += o.TP
	c.FP += o.FP
	c.FN += o.FN
	c.TN += o.TN
}

// Rows is the number of rows counted.
func (c Confusion) Rows() int { return c.TP + c.FP + c.FN + c.TN }

// Support is the number of positive rows.
func (c Confusion) Support() int { return c.TP + c.FN }

// Precision is TP / (TP + FP), or 0 when nothing was predicted positive.
func (c Confusion) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), or 0 when there is no positive row.
func (c Confusion) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall, computed as
// 2TP / (2TP + FP + FN); 0 when that is 0/0.
func (c Confusion) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

// Accuracy is (TP + TN) / rows, or 0 with no rows.
func (c Confusion) Accuracy() float64 { return ratio(c.TP+c.TN, c.Rows()) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Metrics are the figures of one scope (a dataset, a trigger, a language).
type Metrics struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	Rows      int     `json:"rows"`
	Support   int     `json:"support"`
	Confusion
	// F1CI is the 95% bootstrap interval of F1, where computed.
	F1CI *[2]float64 `json:"f1_ci95,omitempty"`
}

// MetricsOf derives the figures from a confusion matrix.
func MetricsOf(c Confusion) Metrics {
	return Metrics{
		Precision: c.Precision(), Recall: c.Recall(), F1: c.F1(), Accuracy: c.Accuracy(),
		Rows: c.Rows(), Support: c.Support(), Confusion: c,
	}
}

// pair is one scored row: its label and the decision.
type pair struct{ expected, predicted bool }

// bootstrapIterations is the number of resamples behind an F1 interval.
const bootstrapIterations = 1000

// F1Interval returns the 95% percentile bootstrap interval of F1 over the
// pairs: the rows are resampled with replacement bootstrapIterations times
// from a fixed seed, so the same data always gives the same interval.
func f1Interval(pairs []pair) [2]float64 {
	if len(pairs) == 0 {
		return [2]float64{}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	f1s := make([]float64, bootstrapIterations)
	for i := range f1s {
		var c Confusion
		for range pairs {
			p := pairs[rng.IntN(len(pairs))]
			c.Add(p.expected, p.predicted)
		}
		f1s[i] = c.F1()
	}
	sort.Float64s(f1s)
	return [2]float64{quantile(f1s, 0.025), quantile(f1s, 0.975)}
}

// quantile returns the nearest-rank q-quantile of sorted values: the
// smallest value with at least q of the values at or below it.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(q*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return sorted[i]
}

// Latency summarises how long decisions took, in milliseconds.
type Latency struct {
	P50 float64 `json:"p50_ms"`
	P95 float64 `json:"p95_ms"`
}

func latencyOf(ds []time.Duration) Latency {
	if len(ds) == 0 {
		return Latency{}
	}
	ms := make([]float64, len(ds))
	for i, d := range ds {
		ms[i] = float64(d) / float64(time.Millisecond)
	}
	sort.Float64s(ms)
	return Latency{P50: quantile(ms, 0.50), P95: quantile(ms, 0.95)}
}

// McNemar compares two classifiers on the same rows: B counts rows only the
// first got right, C rows only the second got right, and P is the exact
// two-sided binomial p-value of B against C (1 when they never disagree). A
// small P says the difference in accuracy is unlikely to be chance.
type McNemar struct {
	B int     `json:"only_first_right"`
	C int     `json:"only_second_right"`
	P float64 `json:"p_value"`
}

// mcnemar computes the exact test from the disagreement counts.
func mcnemar(b, c int) McNemar {
	n := b + c
	k := min(b, c)
	// P = min(1, 2 * sum_{i=0..k} C(n,i) / 2^n), summed in log space.
	var sum float64
	for i := 0; i <= k; i++ {
		sum += math.Exp(logChoose(n, i) - float64(n)*math.Ln2)
	}
	return McNemar{B: b, C: c, P: math.Min(1, 2*sum)}
}

func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}
