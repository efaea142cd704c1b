package core

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/handoff-mcp/handoff-mcp/cmd/handoff-mcp/config"
	"github.com/handoff-mcp/handoff-mcp/store"
)

func TestOpenStoreChoosesTheDatabase(t *testing.T) {
	dir := t.TempDir()
	flag, env, key, old := filepath.Join(dir, "flag.db"), filepath.Join(dir, "env.db"), filepath.Join(dir, "key.db"), filepath.Join(dir, "old.db")
	tests := []struct {
		name                      string
		flag, env, storeDB, oldDB string
		want                      string
	}{
		{name: "the flag first", flag: flag, env: env, storeDB: key, want: flag},
		{name: "then HANDOFF_MCP_DB", env: env, storeDB: key, oldDB: old, want: env},
		{name: "then store.db", storeDB: key, oldDB: old, want: key},
		{name: "then server.db", oldDB: old, want: old},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(store.EnvDB, tt.env)
			cfg := config.Default()
			cfg.Store.DB, cfg.Server.DB = tt.storeDB, tt.oldDB
			st, err := OpenStore(context.Background(), cfg, tt.flag, zerolog.Nop(), nil)
			require.NoError(t, err)
			defer st.Close()
			assert.Equal(t, tt.want, st.Path())
			assert.Equal(t, store.BackendSQLite, st.Backend())
		})
	}
}

func TestOpenStoreRefusesURLsItCannotServe(t *testing.T) {
	// Before, --db postgres-like URLs of other schemes became a SQLite
	// file under a directory named after the scheme.
	t.Chdir(t.TempDir())
	_, err := OpenStore(context.Background(), config.Default(), "mysql://app:s3cret@db/handoff", zerolog.Nop(), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "use a SQLite file path (handoff.db) or a postgres:// (postgresql://) URL")
	assert.NotContains(t, err.Error(), "s3cret", "the password is masked")
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	assert.Empty(t, entries, "nothing was created")
}

func TestConfigRefusesADatabaseURLItCannotServe(t *testing.T) {
	_, err := config.Parse([]byte("store:\n  db: redis://cache:6379\n"), func(string) (string, bool) { return "", false })
	require.Error(t, err)
	assert.Contains(t, err.Error(), "store.db: ")
}
