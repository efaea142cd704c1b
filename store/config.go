package store

import "fmt"

// Synchronous is how a commit waits for the disk (SQLite's synchronous
// setting, in WAL mode).
type Synchronous string

const (
	// SyncNormal, the default, writes every commit to the write-ahead log
	// without waiting for the disk; the log is synced at checkpoints. A
	// commit survives a crash of the process (the operating system holds
	// the write); a power loss or kernel crash may lose the commits since
	// the last checkpoint (a few hundred milliseconds to seconds of
	// handoffs), never corrupting the database.
	SyncNormal Synchronous = "normal"
	// SyncFull syncs the write-ahead log at every commit: a handoff
	// accepted survives a power loss too, at the cost of one disk sync per
	// write transaction.
	SyncFull Synchronous = "full"
)

// Config is the store: section of the configuration file.
type Config struct {
	// DB is the database: a SQLite file path, or a postgres:// URL (see
	// Open). Empty means server.db, else the user's data directory. The
	// --db flag and HANDOFF_MCP_DB override it.
	DB string `yaml:"db,omitempty" json:"db,omitempty"`
	// Synchronous is normal (default) or full; see SyncNormal and SyncFull.
	// It concerns SQLite; PostgreSQL commits as its server is set.
	Synchronous Synchronous `yaml:"synchronous" json:"synchronous"`
}

// EnvDB is the environment variable that names the database, over the
// configuration file and under --db.
const EnvDB = "HANDOFF_MCP_DB"

// Defaults fills what c leaves out.
func (c *Config) Defaults() {
	if c.Synchronous == "" {
		c.Synchronous = SyncNormal
	}
}

// Validate reports a problem of c, naming the key.
func (c Config) Validate() error {
	if c.DB != "" {
		if _, err := ParseBackend(c.DB); err != nil {
			return fmt.Errorf("db: %w", err)
		}
	}
	switch c.Synchronous {
	case "", SyncNormal, SyncFull:
		return nil
	}
	return fmt.Errorf("synchronous: %q is not a setting; use normal (survives a process crash) or full (survives a power loss too)", c.Synchronous)
}

// pragma is the value of SQLite's synchronous pragma for s.
func (s Synchronous) pragma() string {
	if s == SyncFull {
		return "FULL"
	}
	return "NORMAL"
}
