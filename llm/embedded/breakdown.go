package embedded

// breakdownAfter estimates from the dialogue whether assistant turn i
// failed: how the user reacted to it. It returns 0 until the breakdown
// signals are built.
func (a *analysis) breakdownAfter(i int) float64 {
	return 0
}
