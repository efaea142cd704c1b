package main

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// fakeTime is a clock whose timers fire when the test says.
type fakeTime struct {
	mu    sync.Mutex // protects now
	now   time.Time
	fires chan time.Time
}

func newFakeTime() *fakeTime { return &fakeTime{now: time.Unix(0, 0), fires: make(chan time.Time)} }

func (f *fakeTime) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeTime) After(time.Duration) <-chan time.Time { return f.fires }

// tick fires the pending timer d after the current time, once the code
// under test waits for it, then moves the clock on.
func (f *fakeTime) tick(d time.Duration) {
	t := f.Now().Add(d)
	f.fires <- t
	f.mu.Lock()
	f.now = t
	f.mu.Unlock()
}

func TestBuildSaying(t *testing.T) {
	t.Run("a quick build says nothing", func(t *testing.T) {
		var w bytes.Buffer
		ft := newFakeTime()
		err := buildSaying(context.Background(), &w, func(context.Context) error { return nil }, ft.Now, ft.After)
		assert.NoError(t, err)
		assert.Empty(t, w.String())
	})
	t.Run("a slow build says what it does and how long it takes", func(t *testing.T) {
		var w bytes.Buffer
		ft := newFakeTime()
		release := make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			errc <- buildSaying(context.Background(), &w, func(context.Context) error { <-release; return nil }, ft.Now, ft.After)
		}()
		ft.tick(quiet)
		ft.tick(interval)
		close(release)
		assert.NoError(t, <-errc)
		out := w.String()
		assert.Contains(t, out, "start: compiling handoff-mcp (a first build also compiles SQLite's C sources through cgo")
		assert.Contains(t, out, "start: still compiling (22s so far)")
		assert.Contains(t, out, "start: built in 22s; starting handoff-mcp")
	})
	t.Run("a failed build returns its error", func(t *testing.T) {
		ft := newFakeTime()
		boom := errors.New("exit status 1")
		err := buildSaying(context.Background(), &bytes.Buffer{}, func(context.Context) error { return boom }, ft.Now, ft.After)
		assert.ErrorIs(t, err, boom)
	})
}
