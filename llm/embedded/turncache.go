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
// use. Its maps are keyed by a 64-bit hash of the key, computed once per
// lookup, and each entry holds its key: a lookup whose hash matches a
// different key misses, and a put over it replaces it.
type turnCache struct {
	seed   maphash.Seed
	shards [turnShards]turnShard
}

type turnShard struct {
	mu       sync.RWMutex // protects the fields below
	cur, old map[uint64]cachedTurn
}

// cachedTurn is an entry of a turnCache. The turn holds the role and the
// text of its key, the entry the language: small entries, one pointer
// each.
type cachedTurn struct {
	lang int
	t    *turnInfo
}

// is reports whether e is the entry of k.
func (e cachedTurn) is(k turnKey) bool {
	return e.t != nil && e.lang == k.lang && e.t.role == k.role && e.t.raw == k.text
}

func newTurnCache() *turnCache {
	return &turnCache{seed: maphash.MakeSeed()}
}

// hash returns the hash of k and its shard.
func (c *turnCache) hash(k turnKey) (uint64, *turnShard) {
	h := maphash.String(c.seed, k.text)
	h ^= uint64(k.lang)<<32 ^ uint64(len(k.role))<<40
	if k.role != "" {
		h ^= uint64(k.role[0]) << 48
	}
	return h, &c.shards[h%turnShards]
}

// get returns the analysed turn for k, or nil.
func (c *turnCache) get(k turnKey) *turnInfo {
	t, _ := c.lookup(k)
	return t
}

// lookup is get also returning k's hash, for put.
func (c *turnCache) lookup(k turnKey) (*turnInfo, uint64) {
	h, s := c.hash(k)
	s.mu.RLock()
	e, ok := s.cur[h]
	if !ok {
		e, ok = s.old[h]
	}
	s.mu.RUnlock()
	if !ok || !e.is(k) {
		return nil, h
	}
	return e.t, h
}

// put stores an analysed turn for k: the turn of k's role and text.
func (c *turnCache) put(k turnKey, t *turnInfo) {
	h, _ := c.hash(k)
	c.putHashed(k, h, t)
}

// putHashed is put with k's hash computed by lookup.
func (c *turnCache) putHashed(k turnKey, h uint64, t *turnInfo) {
	s := &c.shards[h%turnShards]
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		s.cur = map[uint64]cachedTurn{}
	}
	if len(s.cur) >= turnCacheSize/2/turnShards {
		// The older generation is dropped, and its map, cleared,
		// holds the next: no new map at every turn of a generation.
		s.old, s.cur = s.cur, s.old
		if s.cur == nil {
			s.cur = make(map[uint64]cachedTurn, len(s.old))
		}
		clear(s.cur)
	}
	s.cur[h] = cachedTurn{lang: k.lang, t: t}
}
