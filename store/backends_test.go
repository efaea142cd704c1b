package store

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, for the tests' admin connection
	"github.com/stretchr/testify/require"
)

// testPostgresEnv names the variable that gives the PostgreSQL tests their
// database.
const testPostgresEnv = "HANDOFF_MCP_TEST_POSTGRES"

// skipNoPostgres is why PostgreSQL tests skip without a database.
const skipNoPostgres = "PostgreSQL tests skipped: set " + testPostgresEnv +
	" to a postgres:// URL of a database the tests may create schemas in (e.g. postgres://handoff:handoff@localhost:5432/handoff_test); .ci/run sets it up"

// backends lists the backends every store test runs on.
var backends = []Backend{BackendSQLite, BackendPostgres}

// forEachBackend runs f as a subtest on a new database of every backend,
// with clock clk. Without HANDOFF_MCP_TEST_POSTGRES the PostgreSQL subtest
// skips, saying so.
func forEachBackend(t *testing.T, clk *fakeClock, f func(t *testing.T, s *DB)) {
	t.Helper()
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			f(t, openBackend(t, b, clk))
		})
	}
}

// openBackend opens a new database of backend b, closed at cleanup.
func openBackend(t testing.TB, b Backend, clk *fakeClock) *DB {
	t.Helper()
	if b == BackendPostgres {
		return openAt(t, testPostgresURL(t), clk)
	}
	return openTest(t, clk)
}

// testPostgresURL creates a schema of its own in the test database, dropped
// at cleanup, and returns a URL whose connections use it. It skips t
// without HANDOFF_MCP_TEST_POSTGRES.
func testPostgresURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(testPostgresEnv)
	if base == "" {
		t.Skip(skipNoPostgres)
	}
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	var b [6]byte
	_, err = rand.Read(b[:])
	require.NoError(t, err)
	schema := "test_" + hex.EncodeToString(b[:])
	_, err = admin.Exec("CREATE SCHEMA " + schema)
	require.NoError(t, err, "creating a schema in %s", Redact(base))
	t.Cleanup(func() {
		_, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		require.NoError(t, err)
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// secondHandle opens another handle on s's database, as another process
// (or replica) would.
func secondHandle(t testing.TB, s *DB, clk *fakeClock) *DB {
	t.Helper()
	if s.backend == BackendPostgres {
		return openAt(t, s.pg.dsn, clk)
	}
	return openAt(t, s.path, clk)
}

// forEachDatabase runs f as a subtest on every backend with the name of a
// new, empty database (a file path, or a PostgreSQL URL with a schema of
// its own), for tests that open several handles on one database, as
// several processes or replicas do.
func forEachDatabase(t *testing.T, f func(t *testing.T, dsn string)) {
	t.Helper()
	for _, b := range backends {
		t.Run(string(b), func(t *testing.T) {
			if b == BackendPostgres {
				f(t, testPostgresURL(t))
				return
			}
			f(t, filepath.Join(t.TempDir(), "handoff.db"))
		})
	}
}
