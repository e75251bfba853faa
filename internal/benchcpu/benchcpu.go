// Package benchcpu reports the process CPU time a benchmark used per
// operation, beside the wall time go test measures. dockpol is measured
// on shared machines: another process's load stretches wall time far
// more than the CPU time our code spends, so CPU time per operation is
// the figure that compares across runs (it includes the garbage
// collector's work on every core).
package benchcpu

import (
	"testing"
	"time"
)

// Measure reports cpu-ms/op (user + system CPU time of the process) for
// the iterations run between its call and the call of the function it
// returns, which also returns the CPU time used (0 where unknown):
// `defer benchcpu.Measure(b)()` around a b.Loop.
func Measure(b *testing.B) func() time.Duration {
	start := cpuTime()
	return func() time.Duration {
		end := cpuTime()
		if start < 0 || end < 0 || b.N == 0 {
			return 0
		}
		used := end - start
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N)/1e6, "cpu-ms/op")
		return used
	}
}
