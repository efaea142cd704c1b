package gctune

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestApply(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })

	Apply(func(string) string { return "" })
	assert.Equal(t, DefaultPercent, debug.SetGCPercent(100), "without GOGC the server's default applies")

	Apply(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	assert.Equal(t, 100, debug.SetGCPercent(100), "GOGC in the environment wins")
}
