package runner_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/internal/benchcpu"
	"github.com/dockpol/dockpol/policies"
	"github.com/dockpol/dockpol/runner"
)

var (
	synthOnce sync.Once
	synthDir  string
	synthErr  error
)

// synthetic writes 1,000 compose files of 5-15 services each with the
// shared generator (../shared/tools/compose-synth, seed 1), once per test
// binary, so figures compare with other tools measured on the same set.
func synthetic(b *testing.B) string {
	b.Helper()
	synthOnce.Do(func() {
		tool, err := filepath.Abs(filepath.Join("..", "..", "shared", "tools", "compose-synth"))
		if err != nil {
			synthErr = err
			return
		}
		if _, err := os.Stat(tool); err != nil {
			synthErr = fmt.Errorf("compose-synth not found at %s (the shared/ folder beside the repository)", tool)
			return
		}
		synthDir, synthErr = os.MkdirTemp("", "dockpol-synth-")
		if synthErr != nil {
			return
		}
		cmd := exec.Command("go", "run", ".", "-n", "1000", "-out", synthDir, "-seed", "1")
		cmd.Dir = tool
		if out, err := cmd.CombinedOutput(); err != nil {
			synthErr = fmt.Errorf("compose-synth: %v: %s", err, out)
		}
	})
	if synthErr != nil {
		b.Skip(synthErr)
	}
	return synthDir
}

// synthFiles lists the generated files (named compose-NNNN.yml, which a
// directory search does not pick up, so they are named one by one).
func synthFiles(b *testing.B) []string {
	files, err := filepath.Glob(filepath.Join(synthetic(b), "*.yml"))
	if err != nil || len(files) != 1000 {
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

// shippedEngine compiles the shipped bundle for the kinds of targets, as
// dockpol check does.
func shippedEngine(b *testing.B, targets []runner.Target) *engine.Engine {
	b.Helper()
	eng, err := engine.New(context.Background(),
		engine.WithSource(engine.Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}),
		engine.WithKinds(runner.DocumentKinds(targets)...))
	if err != nil {
		b.Fatal(err)
	}
	return eng
}

// BenchmarkCheckSynthetic checks the 1,000-file set end to end (discover,
// load with compose-go, evaluate the shipped bundle, build the report)
// with 1 and 2 workers. The engine is compiled once, outside the loop.
func BenchmarkCheckSynthetic(b *testing.B) {
	files := synthFiles(b)
	targets, _ := runner.Discover(files, nil, nil, 0)
	eng := shippedEngine(b, targets)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				targets, errs := runner.Discover(files, nil, nil, 0)
				r := &runner.Runner{Engine: eng, Workers: workers}
				rep := r.Run(context.Background(), targets, errs)
				if len(rep.Errors) > 0 {
					b.Fatalf("%d errors, first: %+v", len(rep.Errors), rep.Errors[0])
				}
				if rep.Summary.Files != 1000 {
					b.Fatalf("checked %d files, want 1000", rep.Summary.Files)
				}
			}
		})
	}
}

// BenchmarkLoadSynthetic loads the same set without evaluating: the share
// of the check spent in compose loading (compose-go plus dockpol's
// position index and normalisation), serially.
func BenchmarkLoadSynthetic(b *testing.B) {
	targets, _ := runner.Discover(synthFiles(b), nil, nil, 0)
	r := &runner.Runner{}
	b.ReportAllocs()
	defer benchcpu.Measure(b)()
	for b.Loop() {
		for _, t := range targets {
			if _, err := r.Load(context.Background(), t); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkEvaluateSynthetic evaluates the first 100 files of the set,
// loaded beforehand (1,000 services, 5-15 a file, a random mix of risky
// settings): evaluation alone, one document after another, reported per
// 10 services (ms/10svc, wall; cpu-ms/10svc, the process's CPU time).
func BenchmarkEvaluateSynthetic(b *testing.B) {
	targets, _ := runner.Discover(synthFiles(b)[:100], nil, nil, 0)
	r := &runner.Runner{}
	var docs []*inputs.Document
	services := 0
	for _, t := range targets {
		doc, err := r.Load(context.Background(), t)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
		services += len(doc.Containers())
	}
	eng := shippedEngine(b, targets)
	b.ReportAllocs()
	stop := benchcpu.Measure(b)
	for b.Loop() {
		for _, doc := range docs {
			if _, err := eng.Evaluate(context.Background(), doc); err != nil {
				b.Fatal(err)
			}
		}
	}
	cpu := stop()
	per10 := float64(b.N) * float64(services) / 10
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per10/1e6, "ms/10svc")
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/per10/1e6, "cpu-ms/10svc")
	}
}
