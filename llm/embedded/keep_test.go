package embedded

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTriggerHitHoldsNoPointer: a kept turn holds its hits in space the
// garbage collector does not read (see keep), which is right only while a
// triggerHit holds no pointer and fills whole uint64s.
func TestTriggerHitHoldsNoPointer(t *testing.T) {
	typ := reflect.TypeFor[triggerHit]()
	for i := range typ.NumField() {
		switch typ.Field(i).Type.Kind() {
		case reflect.Float64, reflect.Int32, reflect.Int64, reflect.Int, reflect.Bool:
		default:
			t.Errorf("triggerHit.%s is a %s", typ.Field(i).Name, typ.Field(i).Type)
		}
	}
	assert.Zero(t, unsafe.Sizeof(triggerHit{})%8)
	assert.Equal(t, int(unsafe.Sizeof(triggerHit{})/8), hitWords)
}

// TestKeptBlocks: the space of a kept turn has the room asked for, at
// every size, in the turn's own allocation or beside it.
func TestKeptBlocks(t *testing.T) {
	for m := range 130 {
		ti, kept := newTurnInfo(m)
		require.NotNil(t, ti)
		require.Len(t, kept, m)
		for i := range kept {
			kept[i] = uint64(i)
		}
		ti2, u, kept2 := newUserTurnInfo(m)
		require.NotNil(t, ti2)
		require.NotNil(t, u)
		require.Len(t, kept2, m)
		for i := range kept2 {
			kept2[i] = uint64(i)
		}
	}
}
