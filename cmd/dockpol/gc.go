package main

import (
	"os"
	"runtime/debug"
	"slices"
)

// Garbage-collector settings for a batch run (dockpol check, parse, ...),
// unless GOGC or GOMEMLIMIT say otherwise. Compiling the policies
// allocates about 20 MB that stays live, and loading each compose file
// several MB that do not: with Go's default (GOGC=100, no limit) a short
// run spends a third of its CPU collecting a heap that never grows large,
// while a long one lets the heap grow with the findings. GOGC=400 collects
// a fifth as often; the soft limit makes collection eager again before
// the process nears 256 MiB. See docs/performance.md.
const (
	batchGCPercent   = 400
	batchMemoryLimit = 192 << 20
)

// tuneGC applies the batch settings, except to the authorization plugin
// (dockpol authz ...): a server that stays small keeps Go's defaults.
func tuneGC(args []string) {
	if slices.Contains(args, "authz") {
		return
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(batchGCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
}
