package embedded

import (
	"hash/maphash"
	"sync/atomic"

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

// turnCacheSize is how many analysed turns a classifier keeps.
const turnCacheSize = 16384

// turnWays is how many turns share a set of the cache.
const turnWays = 2

// turnCache maps turn keys to analysed turns. It is safe for concurrent
// use, without locks: a set-associative table of turnCacheSize turns, in
// sets of turnWays chosen by a 64-bit hash of the key; a turn put into a
// full set pushes out one of its turns. Each slot holds the hash of its
// turn's key (its tag, 0 for none), which a lookup compares before it
// reads the turn, and the turn, which holds its key (see is).
//
// A lookup that runs while a put changes its set may miss a turn that is
// there, or see a tag before its turn: it then reads a turn that is not
// the key's, which is misses, and the turn is analysed again. A cache
// miss never changes a decision, only its cost.
type turnCache struct {
	// The turns first: the garbage collector reads the table up to its
	// last pointer, not the tags after them.
	turns [turnCacheSize]atomic.Pointer[turnInfo]
	tags  [turnCacheSize]atomic.Uint64
	seed  maphash.Seed
}

// is reports whether t is the analysed turn of k.
func (t *turnInfo) is(k turnKey) bool {
	return t != nil && int(t.keyLang) == k.lang && t.role == k.role && t.raw == k.text
}

func newTurnCache() *turnCache {
	return &turnCache{seed: maphash.MakeSeed()}
}

// hash returns the tag of k (never 0) and the first slot of its set.
func (c *turnCache) hash(k turnKey) (uint64, int) {
	h := maphash.String(c.seed, k.text)
	h ^= uint64(k.lang)<<32 ^ uint64(len(k.role))<<40
	if k.role != "" {
		h ^= uint64(k.role[0]) << 48
	}
	h |= 1
	return h, int(h>>32) % (turnCacheSize / turnWays) * turnWays
}

// get returns the analysed turn for k, or nil.
func (c *turnCache) get(k turnKey) *turnInfo {
	t, _ := c.lookup(k)
	return t
}

// lookup is get also returning k's tag, for putHashed.
func (c *turnCache) lookup(k turnKey) (*turnInfo, uint64) {
	h, set := c.hash(k)
	for i := set; i < set+turnWays; i++ {
		if c.tags[i].Load() != h {
			continue
		}
		if t := c.turns[i].Load(); t.is(k) {
			return t, h
		}
	}
	return nil, h
}

// put stores t, the analysed turn of k's role and text, for k. t must not
// be in use by other goroutines yet: put records k's language in it.
func (c *turnCache) put(k turnKey, t *turnInfo) {
	h, _ := c.hash(k)
	c.putHashed(k, h, t)
}

// putHashed is put with k's tag computed by lookup.
func (c *turnCache) putHashed(k turnKey, h uint64, t *turnInfo) {
	t.keyLang = int16(k.lang)
	set := int(h>>32) % (turnCacheSize / turnWays) * turnWays
	// An empty slot of the set if there is one, else the one that bit 1
	// of the tag picks (which bit 0, always set, and the set, from bits
	// 32 and up, do not): the turns of a set push each other out at
	// random, two atomic stores a turn.
	i := set + int(h>>1)%turnWays
	for k := set; k < set+turnWays; k++ {
		if c.tags[k].Load() == 0 {
			i = k
			break
		}
	}
	c.turns[i].Store(t)
	c.tags[i].Store(h)
}
