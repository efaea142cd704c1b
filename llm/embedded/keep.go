package embedded

import (
	"slices"
	"unsafe"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

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
//
// A user turn's trigger hits, which hold no pointer, are kept in the same
// space as its hashes and stems, after them; the notes of its hits, which
// few turns have, in a slice of their own.
func (t *turnInfo) keep() *turnInfo {
	nw, ns := len(t.words), len(t.shv.stems)
	var k *turnInfo
	var kept []uint64
	u := &noUser
	if t.role == handoff.RoleUser {
		nh := len(t.hits)
		k, u, kept = newUserTurnInfo(nw + ns + nh*hitWords)
		*u = *t.userPart
		u.hits, u.notes = nil, nil
		if nh > 0 {
			u.hits = unsafe.Slice((*triggerHit)(unsafe.Pointer(&kept[nw+ns])), nh)
			copy(u.hits, t.hits)
		}
		if len(t.notes) > 0 {
			u.notes = slices.Clone(t.notes)
		}
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

// hitWords is the number of uint64 a triggerHit takes in a kept turn's
// space, which holds no pointer: a triggerHit holds none either.
const hitWords = int(unsafe.Sizeof(triggerHit{}) / 8)

// noText is the turnText of a compacted turn: no tokens, no matches.
var noText turnText

// newTurnInfo allocates a turn together with the space of m values (the
// hashes of its words and the stems of its shape), which it keeps: one
// allocation instead of two for most turns. The blocks fill the
// allocator's size classes of 288 to 512 bytes (see turnHead).
func newTurnInfo(m int) (*turnInfo, []uint64) {
	switch {
	case m <= (288-turnHead)/8:
		return turnBlock[[(288 - turnHead) / 8]uint64](m)
	case m <= (320-turnHead)/8:
		return turnBlock[[(320 - turnHead) / 8]uint64](m)
	case m <= (352-turnHead)/8:
		return turnBlock[[(352 - turnHead) / 8]uint64](m)
	case m <= (384-turnHead)/8:
		return turnBlock[[(384 - turnHead) / 8]uint64](m)
	case m <= (416-turnHead)/8:
		return turnBlock[[(416 - turnHead) / 8]uint64](m)
	case m <= (448-turnHead)/8:
		return turnBlock[[(448 - turnHead) / 8]uint64](m)
	case m <= (480-turnHead)/8:
		return turnBlock[[(480 - turnHead) / 8]uint64](m)
	case m <= (512-turnHead)/8:
		return turnBlock[[(512 - turnHead) / 8]uint64](m)
	}
	return new(turnInfo), make([]uint64, m)
}

// turnHead is the size of a turn's block without its values; a block of
// 512 bytes or less has no header.
const turnHead = int(unsafe.Sizeof(turnInfo{}))

// newUserTurnInfo is newTurnInfo for a user turn, with its userPart in the
// same allocation, and room for its trigger hits. The blocks fill the
// allocator's size classes of 576 to 1152 bytes (see room576).
func newUserTurnInfo(m int) (*turnInfo, *userPart, []uint64) {
	switch {
	case m <= room576:
		return userBlock[[room576]uint64](m)
	case m <= room640:
		return userBlock[[room640]uint64](m)
	case m <= room704:
		return userBlock[[room704]uint64](m)
	case m <= room768:
		return userBlock[[room768]uint64](m)
	case m <= room896:
		return userBlock[[room896]uint64](m)
	case m <= room1024:
		return userBlock[[room1024]uint64](m)
	case m <= room1152:
		return userBlock[[room1152]uint64](m)
	}
	return new(turnInfo), new(userPart), make([]uint64, m)
}

// userHead is the size of a user turn's block without its values: the
// turn, its userPart and the allocator's header of a large object with
// pointers (type information, 8 bytes). room576 and the others are the
// number of values that fill a block of a size class.
const userHead = int(unsafe.Sizeof(turnInfo{})+unsafe.Sizeof(userPart{})) + 8

const (
	room576  = (576 - userHead) / 8
	room640  = (640 - userHead) / 8
	room704  = (704 - userHead) / 8
	room768  = (768 - userHead) / 8
	room896  = (896 - userHead) / 8
	room1024 = (1024 - userHead) / 8
	room1152 = (1152 - userHead) / 8
)

// turnBlock allocates a turn and the space of m values, at most the
// length of the array type K ([n]uint64), in one allocation.
func turnBlock[K any](m int) (*turnInfo, []uint64) {
	b := new(struct {
		t    turnInfo
		kept K
	})
	if uintptr(m) > unsafe.Sizeof(b.kept)/8 {
		panic("embedded: a turn's space is too small")
	}
	return &b.t, unsafe.Slice((*uint64)(unsafe.Pointer(&b.kept)), m)
}

// userBlock is turnBlock with a userPart.
func userBlock[K any](m int) (*turnInfo, *userPart, []uint64) {
	b := new(struct {
		t    turnInfo
		u    userPart
		kept K
	})
	if uintptr(m) > unsafe.Sizeof(b.kept)/8 {
		panic("embedded: a turn's space is too small")
	}
	return &b.t, &b.u, unsafe.Slice((*uint64)(unsafe.Pointer(&b.kept)), m)
}
