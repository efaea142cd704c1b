package embedded

import "github.com/handoff-mcp/handoff-mcp/handoff"

// A classifier keeps every turn it analysed (see turnCache), and a cold
// decision allocates ten of them: each is one allocation at its size, with
// only what decisions read, pointers first, so that it costs the
// allocator and the garbage collector little.

// keep returns a copy of t, which was analysed and prepared in a scratch
// space, for the cache: allocated at its size, with its word hashes and
// stems, without what it was analysed from (its tokens, sentences,
// matches and masks), which only the analysis reads; decisions read the
// shape, the facts, the word set and what the detectors found. A turn of
// another role than the user's has no userPart of its own.
//
// Decisions read a turn's words only through the generic coverage of a
// frustration trigger's "about" concepts, which reads the features, not the
// tokens (aboutConcepts makes concept slots only).
func (t *turnInfo) keep() *turnInfo {
	nw, ns := len(t.words), len(t.shv.stems)
	var k *turnInfo
	var kept []uint64
	u := &noUser
	if t.role == handoff.RoleUser {
		k, u, kept = newUserTurnInfo(nw + ns)
		*u = *t.userPart
	} else {
		k, kept = newTurnInfo(nw + ns)
	}
	*k = *t
	copy(kept, t.words)
	copy(kept[nw:], t.shv.stems)
	k.words, k.shv.stems = kept[:nw:nw], kept[nw:nw+ns:nw+ns]
	k.turnText, k.userPart = &noText, u
	return k
}

// noText is the turnText of a compacted turn: no tokens, no matches.
var noText turnText

// newTurnInfo allocates a turn together with the space of m values (the
// hashes of its words and the stems of its shape), which it keeps: one
// allocation instead of two for most turns.
func newTurnInfo(m int) (*turnInfo, []uint64) {
	switch {
	case m <= 16:
		b := new(struct {
			t    turnInfo
			kept [16]uint64
		})
		return &b.t, b.kept[:m]
	case m <= 24:
		b := new(struct {
			t    turnInfo
			kept [24]uint64
		})
		return &b.t, b.kept[:m]
	case m <= 32:
		b := new(struct {
			t    turnInfo
			kept [32]uint64
		})
		return &b.t, b.kept[:m]
	case m <= 48:
		b := new(struct {
			t    turnInfo
			kept [48]uint64
		})
		return &b.t, b.kept[:m]
	}
	return new(turnInfo), make([]uint64, m)
}

// newUserTurnInfo is newTurnInfo for a user turn, with its userPart in the
// same allocation.
func newUserTurnInfo(m int) (*turnInfo, *userPart, []uint64) {
	switch {
	case m <= 16:
		b := new(struct {
			t    turnInfo
			u    userPart
			kept [16]uint64
		})
		return &b.t, &b.u, b.kept[:m]
	case m <= 24:
		b := new(struct {
			t    turnInfo
			u    userPart
			kept [24]uint64
		})
		return &b.t, &b.u, b.kept[:m]
	case m <= 32:
		b := new(struct {
			t    turnInfo
			u    userPart
			kept [32]uint64
		})
		return &b.t, &b.u, b.kept[:m]
	case m <= 48:
		b := new(struct {
			t    turnInfo
			u    userPart
			kept [48]uint64
		})
		return &b.t, &b.u, b.kept[:m]
	}
	return new(turnInfo), new(userPart), make([]uint64, m)
}
