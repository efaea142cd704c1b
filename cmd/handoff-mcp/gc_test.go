package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTuneGC(t *testing.T) {
	old := debug.SetGCPercent(100)
	t.Cleanup(func() { debug.SetGCPercent(old) })

	tuneGC(func(string) string { return "" })
	assert.Equal(t, defaultGCPercent, debug.SetGCPercent(100), "without GOGC the server's default applies")

	tuneGC(func(k string) string {
		if k == "GOGC" {
			return "100"
		}
		return ""
	})
	assert.Equal(t, 100, debug.SetGCPercent(100), "GOGC in the environment wins")
}
