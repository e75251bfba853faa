//go:build race

package main

// raceEnabled: the race detector makes every in-process check several
// times slower; tests that repeat the same code paths many times sample.
const raceEnabled = true
