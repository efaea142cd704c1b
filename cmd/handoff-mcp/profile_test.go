package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBinaryLoadWritesCPUProfile(t *testing.T) {
	dir := t.TempDir()
	prof := filepath.Join(dir, "cpu.prof")
	out, err := exec.Command(binary, "--db", filepath.Join(dir, "h.db"), "load", "--clients", "2", "--requests", "14", "--cpuprofile", prof).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "handoffs created")
	b, err := os.ReadFile(prof)
	require.NoError(t, err)
	require.Greater(t, len(b), 2)
	assert.Equal(t, []byte{0x1f, 0x8b}, b[:2], "a pprof profile is gzipped")
}

func TestBinaryCPUProfileNeedsAWritablePath(t *testing.T) {
	out, err := exec.Command(binary, "--db", filepath.Join(t.TempDir(), "h.db"), "load", "--clients", "1", "--requests", "1",
		"--cpuprofile", filepath.Join(t.TempDir(), "missing", "cpu.prof")).CombinedOutput()
	require.Error(t, err)
	assert.Contains(t, string(out), "--cpuprofile")
}
