package text

import (
	"strings"
	"sync"
	"sync/atomic"
)

// Memo maps words to values computed from the word alone. Reads go to an
// immutable snapshot without locking; new words wait in a pending map
// until a batch of them is merged into a new snapshot. It holds at most
// memoLimit words; beyond that, Put does nothing.
type Memo[V any] struct {
	snap    atomic.Pointer[map[string]V]
	waiting atomic.Int32 // len(pending), read without the lock
	mu      sync.Mutex   // protects the fields below
	pending map[string]V
	size    int
}

const memoBatch = 256

// Get returns the value stored for s.
func (m *Memo[V]) Get(s string) (V, bool) {
	if snap := m.snap.Load(); snap != nil {
		if v, ok := (*snap)[s]; ok {
			return v, true
		}
	}
	if m.waiting.Load() == 0 {
		var zero V
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.pending[s]
	return v, ok
}

// GetBytes is Get for the word in b, without making a string of it.
func (m *Memo[V]) GetBytes(b []byte) (V, bool) {
	if snap := m.snap.Load(); snap != nil {
		if v, ok := (*snap)[string(b)]; ok {
			return v, true
		}
	}
	if m.waiting.Load() == 0 {
		var zero V
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.pending[string(b)]
	return v, ok
}

// Put stores v for s (copying s, which may point into a larger text).
func (m *Memo[V]) Put(s string, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.size >= memoLimit {
		return
	}
	if m.pending == nil {
		m.pending = map[string]V{}
	}
	if _, ok := m.pending[s]; ok {
		return
	}
	if snap := m.snap.Load(); snap != nil {
		if _, ok := (*snap)[s]; ok {
			return
		}
	}
	m.pending[strings.Clone(s)] = v
	m.size++
	m.waiting.Store(int32(len(m.pending)))
	// Merge in batches that grow with the memo, so that a small vocabulary
	// soon reads from the snapshot alone and a large one is not copied at
	// every word.
	if len(m.pending) < min(memoBatch, max(8, m.size/4)) {
		return
	}
	old := m.snap.Load()
	next := make(map[string]V, m.size)
	if old != nil {
		for k, v := range *old {
			next[k] = v
		}
	}
	for k, v := range m.pending {
		next[k] = v
	}
	m.snap.Store(&next)
	m.pending = map[string]V{}
	m.waiting.Store(0)
}
