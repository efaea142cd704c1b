package embedded

import (
	"hash/maphash"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// A conversation is classified again at every turn, with all the turns
// before it: each turn is analysed once and kept, so that a decision costs
// little more than the new turn. Cached turns are immutable.

// turnKey identifies an analysed turn: its role, the language the client
// gave (or none) and its text.
type turnKey struct {
	role handoff.Role
	lang int
	text string
}

// turnCacheSize is how many analysed turns a classifier keeps: two
// generations of up to half of it each; when the current one is full the
// older one is dropped.
const turnCacheSize = 16384

const turnShards = 16

// turnCache maps turn keys to analysed turns. It is safe for concurrent
// use.
type turnCache struct {
	seed   maphash.Seed
	shards [turnShards]turnShard
}

type turnShard struct {
	mu       sync.RWMutex // protects the fields below
	cur, old map[turnKey]*turnInfo
}

func newTurnCache() *turnCache {
	return &turnCache{seed: maphash.MakeSeed()}
}

func (c *turnCache) shard(k turnKey) *turnShard {
	return &c.shards[maphash.String(c.seed, k.text)%turnShards]
}

// get returns the analysed turn for k, or nil.
func (c *turnCache) get(k turnKey) *turnInfo {
	s := c.shard(k)
	s.mu.RLock()
	t, ok := s.cur[k]
	if !ok {
		t, ok = s.old[k]
	}
	s.mu.RUnlock()
	if !ok {
		return nil
	}
	return t
}

// put stores an analysed turn for k.
func (c *turnCache) put(k turnKey, t *turnInfo) {
	s := c.shard(k)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		s.cur = map[turnKey]*turnInfo{}
	}
	if len(s.cur) >= turnCacheSize/2/turnShards {
		s.old, s.cur = s.cur, make(map[turnKey]*turnInfo, len(s.cur))
	}
	s.cur[k] = t
}
