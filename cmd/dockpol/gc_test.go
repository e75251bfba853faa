package main

import (
	"math"
	"os"
	"runtime/debug"
	"testing"
)

// TestTuneGC: batch commands and the authorization plugin get their own
// collector settings, and GOGC / GOMEMLIMIT in the environment win.
func TestTuneGC(t *testing.T) {
	for _, tc := range []struct {
		name      string
		args      []string
		env       map[string]string
		wantGC    int
		wantLimit int64
	}{
		{"batch", []string{"check", "compose.yaml"}, nil, batchGCPercent, batchMemoryLimit},
		{"authz serve", []string{"authz", "serve"}, nil, serverGCPercent, math.MaxInt64},
		{"authz with GOGC", []string{"authz", "serve"}, map[string]string{"GOGC": "100"}, 100, math.MaxInt64},
		{"batch with GOGC and GOMEMLIMIT", []string{"check"}, map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}, 100, math.MaxInt64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"GOGC", "GOMEMLIMIT"} {
				if v, ok := tc.env[k]; ok {
					t.Setenv(k, v)
				} else if old, ok := os.LookupEnv(k); ok {
					t.Setenv(k, old) // restored after the test
					os.Unsetenv(k)
				}
			}
			// start from Go's defaults; put back what the process had
			oldGC := debug.SetGCPercent(100)
			oldLimit := debug.SetMemoryLimit(math.MaxInt64)
			t.Cleanup(func() {
				debug.SetGCPercent(oldGC)
				debug.SetMemoryLimit(oldLimit)
			})
			tuneGC(tc.args)
			if got := debug.SetGCPercent(100); got != tc.wantGC {
				t.Errorf("GC percent %d, want %d", got, tc.wantGC)
			}
			if got := debug.SetMemoryLimit(-1); got != tc.wantLimit {
				t.Errorf("memory limit %d, want %d", got, tc.wantLimit)
			}
		})
	}
}
