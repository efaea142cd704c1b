package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/store"
)

// runDB runs the binary's db command with args.
func runDB(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(cmd.Environ(), "HANDOFF_MCP_CONFIG=", "HANDOFF_MCP_DB=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestBinaryDBStatusAndMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "handoff.db")
	out, err := runDB(t, "--db", db, "db", "status")
	require.NoError(t, err, out)
	assert.Contains(t, out, "backend:  sqlite")
	assert.Contains(t, out, "schema:   version 0")
	assert.Contains(t, out, "0001_init")
	out, err = runDB(t, "--db", db, "db", "migrate")
	require.NoError(t, err, out)
	assert.Contains(t, out, "applied to "+db+": 0001_init")
	out, err = runDB(t, "--db", db, "db", "status")
	require.NoError(t, err, out)
	assert.Contains(t, out, "pending:  none")
	out, err = runDB(t, "--db", db, "db", "migrate")
	require.NoError(t, err, out)
	assert.Contains(t, out, "is up to date")

	out, err = runDB(t, "--db", "mysql://app:s3cret@db/handoff", "db", "status")
	require.Error(t, err)
	assert.Contains(t, out, "the mysql:// scheme is not supported")
	assert.NotContains(t, out, "s3cret")
}

func TestBinaryDBCopyToPostgres(t *testing.T) {
	base := os.Getenv("HANDOFF_MCP_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL tests skipped: set HANDOFF_MCP_TEST_POSTGRES to a postgres:// URL of a database the tests may create schemas in; .ci/run sets it up")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "handoff.db")
	st, err := store.Open(ctx, db, store.Options{Logger: zerolog.Nop()})
	require.NoError(t, err)
	for _, id := range []string{"h_1", "h_2", "h_3"} {
		_, created, err := st.CreateHandoffIfRoom(ctx, handoff.Handoff{ID: id, ConversationID: "conv-" + id, Question: "a person please", CreatedAt: time.Now()}, 0)
		require.NoError(t, err)
		require.True(t, created)
	}
	require.NoError(t, st.Close())

	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer admin.Close()
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "test_cli_" + hex.EncodeToString(b[:])
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	target := u.String()

	out, err := runDB(t, "db", "copy", "--from", db, "--to", target)
	require.NoError(t, err, out)
	assert.Regexp(t, `handoffs +3\n`, out)
	assert.Regexp(t, `deliveries +3\n`, out)
	if pw, ok := u.User.Password(); ok && pw != "" {
		assert.NotContains(t, out, ":"+pw+"@", "the password is masked")
		assert.Contains(t, out, ":xxxxx@")
	}
	out, err = runDB(t, "db", "copy", "--from", db, "--to", target)
	require.Error(t, err, out)
	assert.Contains(t, out, "pass --replace")
	out, err = runDB(t, "--db", target, "db", "status")
	require.NoError(t, err, out)
	assert.Contains(t, out, "backend:  postgres")
	assert.Contains(t, out, "pending:  none")

	pg, err := store.Open(ctx, target, store.Options{Logger: zerolog.Nop()})
	require.NoError(t, err)
	defer pg.Close()
	h, err := pg.Handoff(ctx, "h_2")
	require.NoError(t, err)
	assert.Equal(t, "conv-h_2", h.ConversationID)
}
