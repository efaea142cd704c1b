//go:build !linux

package handoff_test

import "time"

// threadCPU is unknown here: the benchmarks report no per-call CPU figures.
func threadCPU() time.Duration { return -1 }

// runQueue would read a thread's run-queue wait; unknown here.
type runQueue struct{}

func openRunQueue() *runQueue           { return nil }
func (q *runQueue) wait() time.Duration { return -1 }
func (q *runQueue) close()              {}
