package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLoadRequests: --duration alone runs until it passes (the README's
// `load --url … --duration 30s` stopped after the default 1000 calls, in
// well under a second); --requests, given, wins; neither is the default.
func TestLoadRequests(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want int
	}{
		{nil, 1000},
		{[]string{"--duration", "30s"}, 0},
		{[]string{"--duration", "30s", "--requests", "500"}, 500},
		{[]string{"--requests", "0", "--duration", "20s"}, 0},
		{[]string{"--requests", "70"}, 70},
	} {
		cmd := newLoad(&globals{})
		require.NoError(t, cmd.ParseFlags(tc.args))
		require.Equal(t, tc.want, loadRequests(cmd.Flags()), "%v", tc.args)
	}
}
