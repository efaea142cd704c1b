package store

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHandoffRowMatchesTheTable(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		rows, err := s.r.Query("SELECT * FROM handoffs LIMIT 0")
		require.NoError(t, err)
		cols, err := rows.Columns()
		require.NoError(t, err)
		require.NoError(t, rows.Close())
		var want []string
		for _, c := range cols {
			if c != "change_seq" && c != "rowid" { // kept by the database
				want = append(want, c)
			}
		}
		assert.ElementsMatch(t, want, strings.Split(handoffColumns, ", "), "every column mapped once")
		assert.Equal(t, len(handoffRow), strings.Count(insertHandoff, "?"))
		h := sample("h_1", "conv", t0)
		args, err := handoffArgs(&h)
		require.NoError(t, err)
		assert.Len(t, args, len(handoffRow))
	})
}

func TestUndecodableColumnIsNamed(t *testing.T) {
	forEachBackend(t, newClock(), func(t *testing.T, s *DB) {
		create(t, s, "h_1", "conv", t0)
		_, err := s.w.Exec("UPDATE handoffs SET route = '{not json' WHERE id = 'h_1'")
		require.NoError(t, err)
		_, err = s.Handoff(context.Background(), "h_1")
		require.Error(t, err)
		assert.Contains(t, err.Error(), "decoding handoff h_1: route: ")
	})
}
