//go:build !unix

package benchcpu

import "time"

// cpuTime is unknown here: no cpu-ms/op metric.
func cpuTime() time.Duration { return -1 }
