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
//
// The authorization plugin (dockpol authz ...) is a server that must stay
// small: it collects a little more often than Go's default. Under 16
// clients GOGC=70 keeps its resident set at 57–59 MiB instead of 64–66
// MiB, for about 6% of its throughput (GOGC=50: 48 MiB, and up to a
// quarter of it).
const (
	batchGCPercent   = 400
	batchMemoryLimit = 192 << 20
	serverGCPercent  = 70
)

// tuneGC applies the batch settings, or the server's to dockpol authz.
func tuneGC(args []string) {
	_, gogcSet := os.LookupEnv("GOGC")
	if slices.Contains(args, "authz") {
		if !gogcSet {
			debug.SetGCPercent(serverGCPercent)
		}
		return
	}
	if !gogcSet {
		debug.SetGCPercent(batchGCPercent)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
}
