package store

import (
	"database/sql"
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

func TestStoredTimes(t *testing.T) {
	helsinki, err := time.LoadLocation("Europe/Helsinki")
	require.NoError(t, err)
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"UTC with nanoseconds", t0, "2025-03-01T09:00:00.123456789Z"},
		{"whole second keeps its fraction", time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), "2025-03-01T09:00:00.000000000Z"},
		{"other zone becomes UTC", time.Date(2025, 7, 1, 12, 0, 0, 500, helsinki), "2025-07-01T09:00:00.000000500Z"},
		{"wall clock now", time.Now(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := formatTime(tt.in)
			if tt.want != "" {
				assert.Equal(t, tt.want, s)
			}
			assert.Len(t, s, len("2006-01-02T15:04:05.000000000Z"), "fixed width")
			back, err := parseTime(sql.NullString{String: s, Valid: true})
			require.NoError(t, err)
			assert.True(t, back.Equal(tt.in))
			assert.Equal(t, time.UTC, back.Location())
		})
	}

	t.Run("text order is time order", func(t *testing.T) {
		times := []time.Time{
			t0.Add(time.Nanosecond), t0.Add(-time.Hour), t0, t0.Add(999 * time.Millisecond),
			t0.Add(time.Second), t0.AddDate(1, 0, 0), t0.Add(10 * time.Nanosecond),
		}
		texts := make([]string, len(times))
		for i, tm := range times {
			texts[i] = formatTime(tm)
		}
		sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
		sort.Strings(texts)
		for i := range times {
			assert.Equal(t, formatTime(times[i]), texts[i])
		}
	})
	t.Run("NULL is the zero time", func(t *testing.T) {
		assert.False(t, nullTime(time.Time{}).Valid)
		zero, err := parseTime(sql.NullString{})
		require.NoError(t, err)
		assert.True(t, zero.IsZero())
	})
	t.Run("garbage", func(t *testing.T) {
		_, err := parseTime(sql.NullString{String: "yesterday", Valid: true})
		assert.Error(t, err)
	})
}

func TestDBErr(t *testing.T) {
	tests := []struct {
		name string
		err  error
		kind handoff.ErrorKind
	}{
		{"busy is transient", sqlite3.Error{Code: sqlite3.ErrBusy}, handoff.KindTransient},
		{"locked is transient", sqlite3.Error{Code: sqlite3.ErrLocked}, handoff.KindTransient},
		{"constraint is internal", sqlite3.Error{Code: sqlite3.ErrConstraint}, handoff.KindOther},
		{"other errors are internal", errors.New("disk I/O error"), handoff.KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dbErr("saving contact", tt.err)
			assert.Equal(t, tt.kind, handoff.KindOf(err))
			assert.ErrorIs(t, err, tt.err)
			assert.Contains(t, err.Error(), "saving contact: ")
		})
	}
	assert.NoError(t, dbErr("nothing", nil))
}
