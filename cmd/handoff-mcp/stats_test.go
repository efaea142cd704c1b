package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatsFlags(t *testing.T) {
	now := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name, since, until, by string
		wantSince, wantUntil   time.Time
		wantErr                string
	}{
		{"defaults: the last 30 days", "", "", "", now.AddDate(0, 0, -30), now, ""},
		{"dates", "2026-03-01", "2026-03-08", "day", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), ""},
		{"a duration back", "72h", "", "trigger", now.Add(-72 * time.Hour), now, ""},
		{"until alone", "", "2026-03-08", "", time.Date(2026, 2, 6, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC), ""},
		{"not a time", "yesterday", "", "", time.Time{}, time.Time{}, `--since "yesterday": use a date`},
		{"backwards", "2026-03-08", "2026-03-01", "", time.Time{}, time.Time{}, "must be before until"},
		{"unknown grouping", "", "", "week", time.Time{}, time.Time{}, `unknown grouping "week"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := statsQuery(tt.since, tt.until, tt.by, now)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantSince, q.Since)
			assert.Equal(t, tt.wantUntil, q.Until)
			assert.Equal(t, tt.by, q.By)
		})
	}
}
