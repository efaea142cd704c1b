package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/handoff-mcp/handoff-mcp/stats"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func newStats(g *globals) *cobra.Command {
	var (
		since, until, by string
		asJSON           bool
	)
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Escalations, first reply and resolution times, satisfaction, and which trigger and judge decided",
		Long: `stats reads the database and prints what the team measures over a range (the last 30 days by default):
escalations per day and per trigger, the share of calls that fired no trigger, the off-hours share, the time to
the first agent reply and to resolution (p50, p90), handoffs abandoned before an agent joined, timeouts,
transfers, satisfaction (mean, count), and the judge mix. --by groups the figures per day, trigger, team,
language or connector. Times are in UTC.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q, err := statsQuery(since, until, by, time.Now())
			if err != nil {
				return err
			}
			return withStore(cmd, g, func(s *store.DB) error {
				r, err := stats.Compute(cmd.Context(), s, q)
				if err != nil {
					return err
				}
				if asJSON {
					return writeJSON(cmd, r)
				}
				return stats.Print(cmd.OutOrStdout(), r)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&since, "since", "", "start of the range: 2026-03-01, an RFC 3339 time, or a duration back from now (72h); default 30 days ago")
	f.StringVar(&until, "until", "", "end of the range (excluded), as --since; default now")
	f.StringVar(&by, "by", "", "group the figures by "+strings.Join(stats.Bys, ", "))
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// statsQuery reads the flags of stats.
func statsQuery(since, until, by string, now time.Time) (stats.Query, error) {
	q := stats.Query{By: by, Until: now.UTC(), Since: now.UTC().AddDate(0, 0, -30)}
	var err error
	if until != "" {
		if q.Until, err = parseWhen("--until", until, now); err != nil {
			return q, err
		}
		if since == "" {
			q.Since = q.Until.AddDate(0, 0, -30)
		}
	}
	if since != "" {
		if q.Since, err = parseWhen("--since", since, now); err != nil {
			return q, err
		}
	}
	return q, q.Validate()
}

// parseWhen reads a date, an RFC 3339 time, or a duration back from now.
func parseWhen(flag, s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.UTC().Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%s %q: use a date (2026-03-01), an RFC 3339 time, or a duration back from now (72h)", flag, s)
}
