//go:build !unix

package handoff_test

import "time"

// processCPU is unknown here: the benchmarks report no CPU figures.
func processCPU() time.Duration { return -1 }
