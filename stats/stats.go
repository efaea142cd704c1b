package stats

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// The groupings of Query.By.
const (
	ByNone      = ""
	ByDay       = "day"
	ByTrigger   = "trigger"
	ByTeam      = "team"
	ByLanguage  = "language"
	ByConnector = "connector"
)

// Bys lists the groupings Query.By accepts, besides none.
var Bys = []string{ByDay, ByTrigger, ByTeam, ByLanguage, ByConnector}

// Judges are the buckets of the judge mix; a classifier field outside them
// counts as "other".
var Judges = []string{"embedded", "llm", "sampling", "calling_model", "forced", "rules"}

// Query selects the range and the grouping of a Report.
type Query struct {
	// Since and Until bound the range: handoffs created and decisions made
	// at or after Since and before Until. Both are required.
	Since, Until time.Time
	// By groups the figures: ByDay, ByTrigger (a handoff's first
	// trigger), ByTeam, ByLanguage, ByConnector, or ByNone.
	By string
	// Location is where days begin; nil means UTC.
	Location *time.Location
}

// Validate checks q.
func (q Query) Validate() error {
	switch {
	case q.Since.IsZero() || q.Until.IsZero():
		return errors.New("stats: since and until are required")
	case !q.Since.Before(q.Until):
		return fmt.Errorf("stats: since (%s) must be before until (%s)", q.Since.Format(time.RFC3339), q.Until.Format(time.RFC3339))
	case q.By != ByNone && !slices.Contains(Bys, q.By):
		return fmt.Errorf("stats: unknown grouping %q; use one of %s", q.By, strings.Join(Bys, ", "))
	}
	return nil
}

// Report holds the figures of one range.
type Report struct {
	Since         time.Time      `json:"since"`
	Until         time.Time      `json:"until"`
	Escalations   Escalations    `json:"escalations"`
	Calls         Calls          `json:"calls"`
	FirstResponse Durations      `json:"first_response"`
	Resolution    Durations      `json:"resolution"`
	Satisfaction  Satisfaction   `json:"satisfaction"`
	Abandoned     int            `json:"abandoned"`
	Timeouts      int            `json:"timeouts"`
	Transfers     int            `json:"transfers"`
	Judges        map[string]int `json:"judges"`
	By            string         `json:"by,omitempty"`
	Groups        []Group        `json:"groups,omitempty"`
}

// Escalations counts the handoffs created.
type Escalations struct {
	Total int `json:"total"`
	// PerDay has every day of the range (at most 366), oldest first.
	PerDay []DayCount `json:"per_day"`
	// PerTrigger counts each trigger that fired (a handoff with two counts
	// under both).
	PerTrigger map[string]int `json:"per_trigger"`
}

// DayCount is the escalations of one day.
type DayCount struct {
	Day   string `json:"day"` // 2006-01-02
	Count int    `json:"count"`
}

// Calls counts the requests that reached a decision: every handoff
// created, and every request that stored none.
type Calls struct {
	Total int `json:"total"`
	// NotTriggered: no trigger fired; NotTriggeredShare is of Total.
	NotTriggered      int     `json:"not_triggered"`
	NotTriggeredShare float64 `json:"not_triggered_share"`
	// OffHours: a trigger fired out of the service hours; OffHoursShare is
	// of the calls that fired a trigger.
	OffHours      int     `json:"off_hours"`
	OffHoursShare float64 `json:"off_hours_share"`
	NeedsEmail    int     `json:"needs_email"`
	QueueFull     int     `json:"queue_full"`
}

// Durations summarises a set of durations by nearest-rank percentiles.
type Durations struct {
	Count      int     `json:"count"`
	P50Seconds float64 `json:"p50_seconds"`
	P90Seconds float64 `json:"p90_seconds"`
}

// Satisfaction summarises the survey answers.
type Satisfaction struct {
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
}

// Group is the figures of one key of Query.By.
type Group struct {
	Key           string       `json:"key"`
	Escalations   int          `json:"escalations"`
	FirstResponse Durations    `json:"first_response"`
	Resolution    Durations    `json:"resolution"`
	Satisfaction  Satisfaction `json:"satisfaction"`
	Abandoned     int          `json:"abandoned"`
	Timeouts      int          `json:"timeouts"`
	Transfers     int          `json:"transfers"`
}

// Compute reads the facts of q's range from src and returns the figures.
func Compute(ctx context.Context, src Source, q Query) (Report, error) {
	if err := q.Validate(); err != nil {
		return Report{}, err
	}
	hs, ds, err := src.StatsFacts(ctx, q.Since, q.Until)
	if err != nil {
		return Report{}, fmt.Errorf("reading stats facts: %w", err)
	}
	return Build(q, hs, ds), nil
}

// Build computes the figures of q from facts already read.
func Build(q Query, hs []HandoffFacts, ds []DecisionFacts) Report {
	loc := q.Location
	if loc == nil {
		loc = time.UTC
	}
	r := Report{Since: q.Since, Until: q.Until, By: q.By, Judges: map[string]int{}}
	for _, j := range Judges {
		r.Judges[j] = 0
	}
	r.Escalations.PerTrigger = map[string]int{}
	r.Escalations.PerDay = days(q.Since, q.Until, loc)
	dayIndex := map[string]int{}
	for i, d := range r.Escalations.PerDay {
		dayIndex[d.Day] = i
	}

	var all figures
	groups := map[string]*figures{}
	for _, h := range hs {
		r.Escalations.Total++
		day := h.Created.In(loc).Format(time.DateOnly)
		if i, ok := dayIndex[day]; ok {
			r.Escalations.PerDay[i].Count++
		}
		for _, t := range h.Triggers {
			r.Escalations.PerTrigger[t]++
		}
		r.Judges[Judge(h.Classifier)]++
		all.add(h)
		if q.By != ByNone {
			k := key(q.By, h, day)
			if groups[k] == nil {
				groups[k] = &figures{}
			}
			groups[k].add(h)
		}
	}
	r.FirstResponse, r.Resolution = summarize(all.firstResponse), summarize(all.resolution)
	r.Satisfaction = all.satisfaction()
	r.Abandoned, r.Timeouts, r.Transfers = all.abandoned, all.timeouts, all.transfers

	r.Calls.Total = len(hs) + len(ds)
	for _, d := range ds {
		switch handoff.Outcome(d.Outcome) {
		case handoff.OutcomeNotTriggered:
			r.Calls.NotTriggered++
		case handoff.OutcomeOffHours:
			r.Calls.OffHours++
		case handoff.OutcomeNeedsEmail:
			r.Calls.NeedsEmail++
		case handoff.OutcomeQueueFull:
			r.Calls.QueueFull++
		}
	}
	r.Calls.NotTriggeredShare = share(r.Calls.NotTriggered, r.Calls.Total)
	r.Calls.OffHoursShare = share(r.Calls.OffHours, r.Calls.Total-r.Calls.NotTriggered)

	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		g := groups[k]
		r.Groups = append(r.Groups, Group{
			Key: k, Escalations: g.escalations,
			FirstResponse: summarize(g.firstResponse), Resolution: summarize(g.resolution),
			Satisfaction: g.satisfaction(), Abandoned: g.abandoned, Timeouts: g.timeouts, Transfers: g.transfers,
		})
	}
	return r
}

// figures accumulates the per-handoff figures of a set of handoffs.
type figures struct {
	escalations               int
	firstResponse, resolution []time.Duration
	ratings, ratingSum        int
	abandoned, timeouts       int
	transfers                 int
}

func (f *figures) add(h HandoffFacts) {
	f.escalations++
	f.transfers += h.Transfers
	if !h.FirstReplyAt.IsZero() {
		f.firstResponse = append(f.firstResponse, h.FirstReplyAt.Sub(h.Created))
	}
	if h.Rating > 0 {
		f.ratings++
		f.ratingSum += h.Rating
	}
	st := handoff.State(h.State)
	if st.Open() || !st.Valid() {
		return
	}
	joined := !h.JoinedAt.IsZero() || !h.FirstReplyAt.IsZero()
	switch {
	case st == handoff.StateTimedOut || strings.HasPrefix(h.EndCause, handoff.CauseSessionTimeout):
		f.timeouts++
	case !joined && (st == handoff.StateCancelled || strings.HasPrefix(h.EndCause, handoff.CauseEndedByUser) ||
		strings.HasPrefix(h.EndCause, handoff.CauseLeftMessage)):
		f.abandoned++
	case st == handoff.StateClosed && joined && !h.EndedAt.IsZero():
		f.resolution = append(f.resolution, h.EndedAt.Sub(h.Created))
	}
}

func (f *figures) satisfaction() Satisfaction {
	if f.ratings == 0 {
		return Satisfaction{}
	}
	return Satisfaction{Count: f.ratings, Mean: round2(float64(f.ratingSum) / float64(f.ratings))}
}

// summarize returns the count and the nearest-rank p50 and p90 of ds.
func summarize(ds []time.Duration) Durations {
	if len(ds) == 0 {
		return Durations{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Durations{Count: len(s), P50Seconds: Percentile(s, 50).Seconds(), P90Seconds: Percentile(s, 90).Seconds()}
}

// Percentile returns the nearest-rank p-th percentile of sorted: the
// smallest value with at least p percent of the values at or below it.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = max(1, min(rank, len(sorted)))
	return sorted[rank-1]
}

// Judge maps a classifier field onto its bucket of Judges.
func Judge(classifier string) string {
	j := strings.TrimPrefix(classifier, "cascade/")
	if slices.Contains(Judges, j) {
		return j
	}
	return "other"
}

// key is h's key under grouping by.
func key(by string, h HandoffFacts, day string) string {
	var k string
	switch by {
	case ByDay:
		k = day
	case ByTrigger:
		if len(h.Triggers) > 0 {
			k = h.Triggers[0]
		}
	case ByTeam:
		k = h.Team
	case ByLanguage:
		k = h.Language
	case ByConnector:
		k = h.Connector
	}
	if k == "" {
		return "(none)"
	}
	return k
}

// days lists the days from since to until in loc, each with a zero count;
// none when the range spans more than 366 days.
func days(since, until time.Time, loc *time.Location) []DayCount {
	out := []DayCount{}
	d := since.In(loc)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	for ; d.Before(until) && len(out) <= 366; d = d.AddDate(0, 0, 1) {
		out = append(out, DayCount{Day: d.Format(time.DateOnly)})
	}
	if len(out) > 366 {
		return []DayCount{}
	}
	return out
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return round2(float64(n) / float64(of))
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
