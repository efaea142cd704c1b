package evals

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestConfusionArithmetic(t *testing.T) {
	tests := []struct {
		name                  string
		c                     Confusion
		precision, recall, f1 float64
		accuracy              float64
		rows, support         int
	}{
		{
			// TP=8 FP=2 FN=4 TN=6, 20 rows, 12 positives.
			// precision = 8/(8+2) = 0.8
			// recall    = 8/(8+4) = 0.6667
			// F1        = 2*8/(2*8+2+4) = 16/22 = 0.7273
			//           = 2*0.8*0.6667/(0.8+0.6667) = 1.0667/1.4667 = 0.7273
			// accuracy  = (8+6)/20 = 0.7
			name: "mixed", c: Confusion{TP: 8, FP: 2, FN: 4, TN: 6},
			precision: 0.8, recall: 8.0 / 12, f1: 16.0 / 22, accuracy: 0.7, rows: 20, support: 12,
		},
		{
			// Everything handed off: TP=5 FP=5, so precision = 5/10 = 0.5,
			// recall = 5/5 = 1, F1 = 10/(10+5+0) = 0.6667, accuracy = 5/10.
			name: "always", c: Confusion{TP: 5, FP: 5},
			precision: 0.5, recall: 1, f1: 10.0 / 15, accuracy: 0.5, rows: 10, support: 5,
		},
		{
			// Nothing handed off: precision is 0/0, reported as 0; recall =
			// 0/5 = 0; F1 = 0/(0+0+5) = 0; accuracy = 5/10.
			name: "never", c: Confusion{FN: 5, TN: 5},
			precision: 0, recall: 0, f1: 0, accuracy: 0.5, rows: 10, support: 5,
		},
		{
			// Only negatives, all right: precision 0/0, recall 0/0 and F1 0/0
			// are all reported as 0; accuracy = 4/4 = 1.
			name: "negatives only", c: Confusion{TN: 4},
			precision: 0, recall: 0, f1: 0, accuracy: 1, rows: 4, support: 0,
		},
		{name: "empty", c: Confusion{}},
		{
			// TP=1 FP=0 FN=2 TN=0: precision 1/1 = 1, recall 1/3,
			// F1 = 2/(2+0+2) = 0.5, accuracy = 1/3.
			name: "precise but blind", c: Confusion{TP: 1, FN: 2},
			precision: 1, recall: 1.0 / 3, f1: 0.5, accuracy: 1.0 / 3, rows: 3, support: 3,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := MetricsOf(tt.c)
			assert.InDelta(t, tt.precision, m.Precision, 1e-9)
			assert.InDelta(t, tt.recall, m.Recall, 1e-9)
			assert.InDelta(t, tt.f1, m.F1, 1e-9)
			assert.InDelta(t, tt.accuracy, m.Accuracy, 1e-9)
			assert.Equal(t, tt.rows, m.Rows)
			assert.Equal(t, tt.support, m.Support)
		})
	}
}

func TestConfusionAddAndMerge(t *testing.T) {
	var c Confusion
	for _, p := range []pair{{true, true}, {true, false}, {false, true}, {false, false}, {true, true}} {
		c.Add(p.expected, p.predicted)
	}
	assert.Equal(t, Confusion{TP: 2, FN: 1, FP: 1, TN: 1}, c)
	c.Merge(Confusion{TP: 1, FP: 2, FN: 3, TN: 4})
	assert.Equal(t, Confusion{TP: 3, FP: 3, FN: 4, TN: 5}, c)
}

func TestQuantileNearestRank(t *testing.T) {
	// Ten values 1..10: the nearest-rank p50 is the ceil(0.5*10) = 5th value,
	// the p95 the ceil(0.95*10) = 10th.
	vals := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	tests := []struct {
		q    float64
		want float64
	}{{0.5, 5}, {0.95, 10}, {0.1, 1}, {0, 1}, {1, 10}, {0.51, 6}}
	for _, tt := range tests {
		t.Run("", func(t *testing.T) { assert.Equal(t, tt.want, quantile(vals, tt.q)) })
	}
	assert.Equal(t, 0.0, quantile(nil, 0.5))
}

func TestLatencyOf(t *testing.T) {
	var ds []time.Duration
	for i := 20; i >= 1; i-- { // unsorted on purpose
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	// 20 values 1..20 ms: p50 is the 10th (10 ms), p95 the 19th (19 ms).
	assert.Equal(t, Latency{P50: 10, P95: 19}, latencyOf(ds))
	assert.Equal(t, Latency{}, latencyOf(nil))
}

func TestMcNemar(t *testing.T) {
	tests := []struct {
		name string
		b, c int
		p    float64
	}{
		// n=0: the classifiers never disagree, p = 1.
		{"no disagreement", 0, 0, 1},
		// b=0, c=5: p = 2 * C(5,0)/2^5 = 2/32 = 0.0625.
		{"five to none", 0, 5, 0.0625},
		// b=1, c=9: p = 2 * (C(10,0)+C(10,1))/2^10 = 2*11/1024 = 0.021484375.
		{"one to nine", 1, 9, 22.0 / 1024},
		// b=3, c=3: the sum over i<=3 of C(6,i)/64 = (1+6+15+20)/64 = 42/64,
		// doubled is above 1, so p = 1.
		{"even", 3, 3, 1},
		// b=10, c=0 mirrors c=10, b=0: p = 2/1024.
		{"ten to none", 10, 0, 2.0 / 1024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mcnemar(tt.b, tt.c)
			assert.Equal(t, tt.b, m.B)
			assert.Equal(t, tt.c, m.C)
			assert.InDelta(t, tt.p, m.P, 1e-12)
		})
	}
}

func TestF1IntervalIsDeterministicAndBracketsF1(t *testing.T) {
	var pairs []pair
	var c Confusion
	for i := range 200 {
		p := pair{expected: i%2 == 0, predicted: i%3 != 0}
		pairs = append(pairs, p)
		c.Add(p.expected, p.predicted)
	}
	a := f1Interval(pairs)
	b := f1Interval(pairs)
	require.Equal(t, a, b, "the same rows give the same interval")
	assert.Less(t, a[0], c.F1())
	assert.Greater(t, a[1], c.F1())
	assert.Less(t, a[1]-a[0], 0.25, "200 rows give an interval narrower than 0.25")

	var perfect []pair
	for range 50 {
		perfect = append(perfect, pair{true, true}, pair{false, false})
	}
	assert.Equal(t, [2]float64{1, 1}, f1Interval(perfect))
}
