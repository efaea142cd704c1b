package classify

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// cache keeps recent decisions, keyed by the transcript, the language and
// the version of the trigger configuration, least recently used out first.
// Decisions that fell back after an LLM failure are not kept, so the LLM is
// asked again next time.
type cache struct {
	next    handoff.Classifier
	version string
	size    int

	mu    sync.Mutex // protects the fields below
	order *list.List // of *entry, most recent first
	byKey map[[32]byte]*list.Element
}

type entry struct {
	key [32]byte
	d   handoff.Decision
}

var _ handoff.Classifier = (*cache)(nil)

func newCache(next handoff.Classifier, size int, version string) *cache {
	return &cache{next: next, version: version, size: size, order: list.New(), byKey: map[[32]byte]*list.Element{}}
}

func (c *cache) key(in handoff.Input) [32]byte {
	b, _ := json.Marshal(struct {
		V string
		L string
		T []handoff.Turn
	}{c.version, in.Language, in.Transcript})
	return sha256.Sum256(b)
}

// Classify returns the cached decision for in, or asks the classifier
// behind the cache. A cached decision has Cached set and no usage.
func (c *cache) Classify(ctx context.Context, in handoff.Input) (handoff.Decision, error) {
	k := c.key(in)
	c.mu.Lock()
	if el, ok := c.byKey[k]; ok {
		c.order.MoveToFront(el)
		d := el.Value.(*entry).d
		c.mu.Unlock()
		d.Triggers = append([]string(nil), d.Triggers...)
		d.Cached, d.Usage = true, handoff.Usage{}
		return d, nil
	}
	c.mu.Unlock()
	d, err := c.next.Classify(ctx, in)
	if err != nil || d.Fallback {
		return d, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[k]; !ok {
		stored := d
		stored.Triggers = append([]string(nil), d.Triggers...)
		c.byKey[k] = c.order.PushFront(&entry{key: k, d: stored})
		if c.order.Len() > c.size {
			last := c.order.Back()
			c.order.Remove(last)
			delete(c.byKey, last.Value.(*entry).key)
		}
	}
	return d, nil
}
