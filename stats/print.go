package stats

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Print writes r as text for a terminal.
func Print(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	p := func(format string, args ...any) { fmt.Fprintf(tw, format+"\n", args...) }
	p("Range\t%s .. %s", r.Since.Format(time.RFC3339), r.Until.Format(time.RFC3339))
	p("Escalations\t%d", r.Escalations.Total)
	p("Calls decided\t%d (no trigger %d = %s; off hours %d = %s of triggered; email missing %d; queue full %d)",
		r.Calls.Total, r.Calls.NotTriggered, pct(r.Calls.NotTriggeredShare), r.Calls.OffHours, pct(r.Calls.OffHoursShare),
		r.Calls.NeedsEmail, r.Calls.QueueFull)
	p("First agent reply\t%s", durations(r.FirstResponse))
	p("Resolution\t%s", durations(r.Resolution))
	p("Abandoned before an agent\t%d", r.Abandoned)
	p("Timeouts\t%d", r.Timeouts)
	p("Transfers\t%d", r.Transfers)
	p("Satisfaction\t%s", satisfaction(r.Satisfaction))
	p("Judges\t%s", counts(r.Judges, Judges))
	p("Per trigger\t%s", counts(r.Escalations.PerTrigger, nil))
	days := make([]string, 0, len(r.Escalations.PerDay))
	for _, d := range r.Escalations.PerDay {
		days = append(days, fmt.Sprintf("%s %d", d.Day[5:], d.Count))
	}
	p("Per day\t%s", strings.Join(days, ", "))
	if err := tw.Flush(); err != nil {
		return err
	}
	if r.By == ByNone {
		return nil
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tESCALATIONS\tFIRST REPLY p50/p90\tRESOLUTION p50/p90\tSATISFACTION\tABANDONED\tTIMEOUTS\tTRANSFERS\n", strings.ToUpper(r.By))
	for _, g := range r.Groups {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%d\t%d\t%d\n", g.Key, g.Escalations, pair(g.FirstResponse), pair(g.Resolution),
			satisfaction(g.Satisfaction), g.Abandoned, g.Timeouts, g.Transfers)
	}
	return tw.Flush()
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", x*100) }

func durations(d Durations) string {
	if d.Count == 0 {
		return "none"
	}
	return fmt.Sprintf("p50 %s, p90 %s (%d)", seconds(d.P50Seconds), seconds(d.P90Seconds), d.Count)
}

func pair(d Durations) string {
	if d.Count == 0 {
		return "-"
	}
	return seconds(d.P50Seconds) + " / " + seconds(d.P90Seconds)
}

func seconds(s float64) string { return (time.Duration(s) * time.Second).String() }

func satisfaction(s Satisfaction) string {
	if s.Count == 0 {
		return "none"
	}
	return fmt.Sprintf("%.2f of 5 (%d)", s.Mean, s.Count)
}

// counts lists m as "k n", in order first, then the other keys by count.
func counts(m map[string]int, order []string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if order != nil {
		keys = order
		if m["other"] > 0 {
			keys = append(keys, "other")
		}
	}
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
