package main

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func TestBinaryHelpdeskTestAndStatus(t *testing.T) {
	z := newFakeZendesk(3, 0)
	srv := httptest.NewServer(z)
	defer srv.Close()
	dir := t.TempDir()
	write := func(name, token string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(fmt.Sprintf(
			"helpdesk:\n  type: zendesk\n  zendesk:\n    base_url: %s\n    email: agent@acme.com\n    api_token: %s\n", srv.URL, token)), 0o600))
		return p
	}
	good, bad := write("good.yaml", "zd-test-token"), write("bad.yaml", "wrong-token")
	db := filepath.Join(dir, "h.db")

	tests := []struct {
		name     string
		args     []string
		wantExit int
		want     []string
	}{
		{"test delivers and closes", []string{"--config", good, "helpdesk", "test"}, 0,
			[]string{"Helpdesk:  zendesk", "Status:    available", "Sending:   test handoff h_test_", "Delivered: in", "remote id: 1",
				"url:       " + srv.URL + "/agent/tickets/1", "Closed:    in", "OK"}},
		{"test with the wrong token", []string{"--config", bad, "helpdesk", "test"}, 1,
			[]string{"Status:    unavailable", "401 Unauthorized", "check helpdesk.zendesk.email and api_token", "permanent: a configuration error",
				"helpdesk test failed"}},
		{"status", []string{"--config", good, "--db", db, "helpdesk", "status"}, 0,
			[]string{"Helpdesk:  zendesk", "Status:    available (checked ", "Outbox:    0 pending, 0 done, 0 failed, 0 cancelled"}},
		{"status with the wrong token", []string{"--config", bad, "--db", db, "helpdesk", "status"}, 0,
			[]string{"Status:    unavailable", "error:   zendesk: 401 Unauthorized"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := exec.Command(binary, tt.args...).CombinedOutput()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantExit, code, "%s", out)
			for _, w := range tt.want {
				assert.Contains(t, string(out), w)
			}
			assert.NotContains(t, string(out), "zd-test-token")
		})
	}
	// status saved what it found, where the servers on --db read it.
	st, err := store.Open(context.Background(), db, store.Options{Logger: zerolog.Nop()})
	require.NoError(t, err)
	defer st.Close()
	saved, ok, err := st.HelpdeskStatus(context.Background(), "zendesk")
	require.NoError(t, err)
	require.True(t, ok, "helpdesk status saves the status it checked")
	assert.Equal(t, handoff.HelpdeskUnavailable, saved.Status)
	assert.Contains(t, saved.Error, "401 Unauthorized")
	refs := z.byRef()
	require.Len(t, refs, 1, "one test ticket")
	for ref, ts := range refs {
		assert.Regexp(t, `^h_test_`, ref)
		assert.Contains(t, ts[0].Subject, "Handoff (helpdesk_test)")
		assert.Equal(t, "low", ts[0].Priority)
	}
}
