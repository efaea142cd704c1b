package desk

import (
	"fmt"
	"math"
)

// Columns is a server-rendered column chart: one column per day, drawn in
// an SVG viewBox of W by H. With a second series (p90 behind p50) each
// column is the second value's bar with the first's in front of it.
type Columns struct {
	// ID is the svg element's id; Title names the chart (its accessible
	// name).
	ID, Title   string
	W, H        int
	Left, Right int // the plot area's x bounds
	Top, Base   int // its y bounds
	Cols        []Col
	Ticks       []Tick
	Dual        bool
}

// Col is one column: the front bar (Y, H), the back bar (Y2, H2) when
// the chart is dual, the x label when shown, and the tooltip.
type Col struct {
	X, W, Y, H, Y2, H2 string
	LX                 string
	Label              string
	Title              string
}

// Tick is a value line of the y axis.
type Tick struct {
	Y     string
	Label string
}

// The geometry of a column chart.
const (
	chartW, chartH        = 640, 230
	chartLeft, chartRight = 76, 632
	chartTop, chartBase   = 12, 196
	maxXLabels            = 7
	columnFill            = 0.7
)

// columns lays out front (and back, when not nil) over labels. scale
// returns the scale's top for the largest value; format writes a value.
func columns(labels []string, front, back []float64, scale func(peak float64) float64, format func(float64) string) Columns {
	c := Columns{W: chartW, H: chartH, Left: chartLeft, Right: chartRight, Top: chartTop, Base: chartBase, Dual: back != nil}
	peak := 0.0
	for i := range front {
		peak = math.Max(peak, front[i])
		if back != nil {
			peak = math.Max(peak, back[i])
		}
	}
	top := scale(peak)
	for _, v := range []float64{0, top / 2, top} {
		c.Ticks = append(c.Ticks, Tick{Y: num(y(v, top)), Label: format(v)})
	}
	n := len(labels)
	if n == 0 {
		return c
	}
	slot := float64(chartRight-chartLeft) / float64(n)
	every := (n + maxXLabels - 1) / maxXLabels
	for i, day := range labels {
		x := float64(chartLeft) + slot*float64(i) + slot*(1-columnFill)/2
		col := Col{X: num(x), W: num(slot * columnFill), Y: num(y(front[i], top)), H: num(y(0, top) - y(front[i], top))}
		col.Title = day + ": " + format(front[i])
		if back != nil {
			col.Y2, col.H2 = num(y(back[i], top)), num(y(0, top)-y(back[i], top))
			col.Title = fmt.Sprintf("%s: p50 %s, p90 %s", day, format(front[i]), format(back[i]))
		}
		if i%every == 0 {
			col.Label, col.LX = shortDay(day), num(x+slot*columnFill/2)
		}
		c.Cols = append(c.Cols, col)
	}
	return c
}

// y is the height of v on a scale of 0 to top.
func y(v, top float64) float64 {
	if top <= 0 {
		return chartBase
	}
	v = math.Max(0, math.Min(v, top))
	return chartBase - v/top*(chartBase-chartTop)
}

func num(v float64) string { return fmt.Sprintf("%.1f", v) }

// shortDay writes 2026-03-02 as 03-02.
func shortDay(day string) string {
	if len(day) == len("2006-01-02") {
		return day[5:]
	}
	return day
}

// niceCount is the scale's top for counts up to peak: an even round
// number, so that the middle line is a whole count.
func niceCount(peak float64) float64 {
	for base := 1.0; ; base *= 10 {
		for _, m := range []float64{2, 4, 6, 10} {
			if m*base >= peak {
				return m * base
			}
		}
	}
}

// ratingScale is the scale of the survey's ratings, 1 to 5.
func ratingScale(float64) float64 { return 5 }

// niceSeconds is the scale's top for durations up to peak seconds.
func niceSeconds(peak float64) float64 {
	for _, s := range []float64{60, 120, 300, 600, 1200, 1800, 3600, 7200, 4 * 3600, 8 * 3600, 12 * 3600, 24 * 3600} {
		if s >= peak {
			return s
		}
	}
	return math.Ceil(peak/(24*3600)) * 24 * 3600
}

// HBar is one row of a horizontal bar chart: a label, its count, and the
// bar's length in percent of the longest.
type HBar struct {
	Label string
	N     int
	Pct   string
}

// hbars sets the lengths of bs.
func hbars(bs []HBar) []HBar {
	peak := 0
	for _, b := range bs {
		peak = max(peak, b.N)
	}
	for i := range bs {
		p := 0.0
		if peak > 0 {
			p = float64(bs[i].N) / float64(peak) * 100
		}
		bs[i].Pct = num(p)
	}
	return bs
}
