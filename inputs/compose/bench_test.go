package compose_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

var (
	synthOnce sync.Once
	synthDir  string
	synthErr  error
)

// synthFiles writes 100 compose files of 5-15 services each with the
// shared generator (../shared/tools/compose-synth, seed 1): the first
// tenth of the 1,000-file set the runner benchmarks check.
func synthFiles(b *testing.B) []string {
	b.Helper()
	synthOnce.Do(func() {
		tool, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "tools", "compose-synth"))
		if err != nil {
			synthErr = err
			return
		}
		if _, err := os.Stat(tool); err != nil {
			synthErr = fmt.Errorf("compose-synth not found at %s", tool)
			return
		}
		if synthDir, synthErr = os.MkdirTemp("", "dockpol-synth-"); synthErr != nil {
			return
		}
		cmd := exec.Command("go", "run", ".", "-n", "100", "-out", synthDir, "-seed", "1")
		cmd.Dir = tool
		if out, err := cmd.CombinedOutput(); err != nil {
			synthErr = fmt.Errorf("compose-synth: %v: %s", err, out)
		}
	})
	if synthErr != nil {
		b.Skip(synthErr)
	}
	files, err := filepath.Glob(filepath.Join(synthDir, "*.yml"))
	if err != nil || len(files) != 100 {
		b.Fatalf("synthetic set: %d files, %v", len(files), err)
	}
	return files
}

func TestMain(m *testing.M) {
	code := m.Run()
	if synthDir != "" {
		os.RemoveAll(synthDir)
	}
	os.Exit(code)
}

// BenchmarkLoad loads 100 synthetic files (one project each), with the
// load-time shortcuts and without them (compose-go's full cast table, its
// own parse for the project name, its passes over the whole model): the
// two in one run, so they compare.
func BenchmarkLoad(b *testing.B) {
	files := synthFiles(b)
	for _, mode := range []struct {
		name string
		load func(context.Context, []compose.File, compose.Options) (any, error)
	}{
		{"shortcuts=off", func(ctx context.Context, f []compose.File, o compose.Options) (any, error) {
			return compose.LoadWithoutShortcuts(ctx, f, o)
		}},
		{"shortcuts=on", func(ctx context.Context, f []compose.File, o compose.Options) (any, error) {
			return compose.Load(ctx, f, o)
		}},
	} {
		b.Run(mode.name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				for _, f := range files {
					if _, err := mode.load(context.Background(), []compose.File{{Path: f}}, compose.Options{}); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(files))/1e6, "ms/file")
		})
	}
}
