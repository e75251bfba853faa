//go:build unix

package runner_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/runner"
)

// TestDiscoverLinks: a directory search ends whatever the links inside
// it (loops of files, of directories), checks a link named like an input
// as the file it names when that is inside the root, and reports every
// such link it cannot check instead of skipping it: a compose.yaml that
// is a link would otherwise go unchecked while docker compose reads it.
func TestDiscoverLinks(t *testing.T) {
	t.Parallel()
	outside := writeTree(t, map[string]string{"compose.yaml": composeText})
	dir := writeTree(t, map[string]string{
		"real/compose.yaml": composeText,
		"real/other.yml":    composeText,
	})
	links := map[string]string{
		"linked/compose.yaml":      "../real/other.yml",                    // followed
		"loop/compose.yaml":        "compose.yaml",                         // a loop of one
		"loop2/compose.yml":        "docker-compose.yml",                   // a loop of two
		"loop2/docker-compose.yml": "compose.yml",                          //
		"dangling/compose.yaml":    "missing.yaml",                         // to nothing
		"escape/compose.yaml":      filepath.Join(outside, "compose.yaml"), // out of the root
		"dirloop/up":               "..",                                   // a directory loop: not followed
		"dirloop/self":             ".",                                    //
		"asdir/compose.yaml":       "../real",                              // a directory named like a file
		"device/Dockerfile":        "/dev/zero",                            // checked, and refused when read
	}
	for name, target := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	done := make(chan struct{})
	var targets []runner.Target
	var errs []string
	go func() {
		defer close(done)
		ts, es := runner.DiscoverWith([]string{dir}, nil, nil, runner.DiscoverOptions{Root: dir})
		targets = ts
		for _, e := range es {
			rel, _ := filepath.Rel(dir, filepath.FromSlash(e.File))
			errs = append(errs, filepath.ToSlash(rel)+": "+e.Message)
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("discovery did not end")
	}
	var got []string
	for _, tg := range targets {
		rel, _ := filepath.Rel(dir, filepath.FromSlash(tg.Name))
		got = append(got, filepath.ToSlash(rel))
	}
	sort.Strings(got)
	sort.Strings(errs)
	if diff := cmp.Diff([]string{"linked/compose.yaml", "real/compose.yaml"}, got); diff != "" {
		t.Errorf("targets (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"asdir/compose.yaml: symbolic link to a directory, not a file",
		"dangling/compose.yaml: symbolic link to a missing file",
		"device/Dockerfile: symbolic link to a file outside the root directory (--root)",
		"escape/compose.yaml: symbolic link to a file outside the root directory (--root)",
		"loop/compose.yaml: symbolic link loop",
		"loop2/compose.yml: symbolic link loop",
		"loop2/docker-compose.yml: symbolic link loop",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}

	// A named path that is a link loop is an error, not a hang.
	_, named := runner.DiscoverWith([]string{filepath.Join(dir, "loop", "compose.yaml")}, nil, nil, runner.DiscoverOptions{})
	if len(named) != 1 || !strings.Contains(named[0].Message, "too many levels of symbolic links") {
		t.Errorf("named link loop: errors %+v", named)
	}
}

// TestReadLimits: every input is read as a regular file within the size
// cap, standard input too; a FIFO or a device is an error, not a hang.
func TestReadLimits(t *testing.T) {
	t.Parallel()
	dir := writeTree(t, map[string]string{"big.json": `{"x": "` + strings.Repeat("a", 2048) + `"}`, "ok/compose.yaml": composeText})
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	r := &runner.Runner{Compose: compose.Options{MaxFileSize: 1024}}
	tests := []struct {
		name string
		t    runner.Target
		want string
	}{
		{"file over the cap", runner.Target{Kind: runner.KindDaemon, Files: []compose.File{{Path: filepath.Join(dir, "big.json")}}}, "file too large"},
		{"FIFO", runner.Target{Kind: runner.KindInspect, Files: []compose.File{{Path: fifo}}}, "not a regular file"},
		{"device", runner.Target{Kind: runner.KindDockerfile, Files: []compose.File{{Path: "/dev/zero"}}}, "not a regular file"},
		{"kernel pseudo-file", runner.Target{Kind: runner.KindDaemon, Files: []compose.File{{Path: "/proc/self/status"}}}, "kernel pseudo-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_, err := r.Load(ctx, tt.t)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
	_, errs := runner.DiscoverWith([]string{"-"}, nil, strings.NewReader(strings.Repeat("x", 2048)), runner.DiscoverOptions{MaxSize: 1024})
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "standard input: file too large") {
		t.Errorf("standard input over the cap: errors %+v", errs)
	}
}

// TestRunStopped: when the run's context ends, inputs in flight report
// that they were stopped and why (the context's cause), and inputs not
// started report that they were not checked; none passes silently.
func TestRunStopped(t *testing.T) {
	t.Parallel()
	spin := engine.Source{Name: "spin", Modules: nil, FS: os.DirFS(writeTree(t, map[string]string{"spin.rego": `package team.spin

deny contains "never" if {
	count([x | some x in numbers.range(1, 1e9); x % 7 == 0]) < 0
}
`}))}
	eng, err := engine.New(context.Background(), engine.WithSource(spin))
	if err != nil {
		t.Fatal(err)
	}
	dir := writeTree(t, map[string]string{"a/compose.yaml": composeText, "b/compose.yaml": composeText})
	targets, _ := runner.DiscoverWith([]string{dir}, nil, nil, runner.DiscoverOptions{})
	cause := errors.New("the --timeout of 200ms expired")
	ctx, cancel := context.WithTimeoutCause(context.Background(), 200*time.Millisecond, cause)
	defer cancel()
	rep := (&runner.Runner{Engine: eng, Workers: 1}).Run(ctx, targets, nil)
	if len(rep.Errors) != 2 {
		t.Fatalf("errors %+v, want one per input", rep.Errors)
	}
	msgs := []string{rep.Errors[0].Message, rep.Errors[1].Message}
	sort.Strings(msgs)
	want := []string{"not checked: " + cause.Error(), "stopped while evaluating policies: " + cause.Error()}
	if diff := cmp.Diff(want, msgs); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
}
