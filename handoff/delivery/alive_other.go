//go:build !unix

package delivery

// processAlive cannot tell here: every process counts as running, and its
// leases expire as usual.
func processAlive(int) bool { return true }
