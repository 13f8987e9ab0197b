//go:build race

package group

// raceEnabled: the race detector slows the tests about tenfold; the
// largest corpora shrink under it.
const raceEnabled = true
