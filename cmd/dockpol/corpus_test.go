package main

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds real-world compose files collected from public
// repositories (see its SOURCES.md); it lives beside the checkout, not in
// it.
var corpusDir = filepath.Join("..", "..", "..", "shared", "corpus", "compose")

// TestCorpus runs `dockpol check FILE` in-process on every compose file of
// the shared corpus, one file per run, and checks what must hold for any
// input: no panic; exit 0, 1 or 2, matching the report (2 exactly when
// there are errors, else 1 exactly when something is denied); an error
// names the file it is about; and no absolute path of this machine
// appears anywhere in the output.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Skipf("shared compose corpus not available at %s (%v): it is checked out beside the repository, not in it", corpusDir, err)
	}
	var files []string
	err := filepath.WalkDir(corpusDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ext := filepath.Ext(p); d.Type().IsRegular() && (ext == ".yaml" || ext == ".yml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no compose files under %s", corpusDir)
	}
	if raceEnabled {
		// The files exercise the same concurrent code (one runner, one
		// engine per run); under the race detector a fixed quarter of
		// them keeps go test -race quick. Without -race every file runs.
		var sample []string
		for i, f := range files {
			if i%4 == 0 {
				sample = append(sample, f)
			}
		}
		t.Logf("race detector on: checking %d of the %d corpus files", len(sample), len(files))
		files = sample
	}

	// Paths that must never reach the output: where the corpus and the
	// checkout are on this machine.
	absCorpus, err := filepath.Abs(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	machinePaths := []string{absCorpus, wd}

	for _, file := range files {
		name := filepath.ToSlash(strings.TrimPrefix(file, corpusDir+string(filepath.Separator)))
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// --root: each file stands in its repository, which the
			// corpus folder stands in for (it is no git work tree)
			code, stdout, stderr := checkNoPanic(t, "check", "--no-repo-config", "--format", "json", "--root", corpusDir, file)

			for _, p := range machinePaths {
				if strings.Contains(stdout, p) || strings.Contains(stderr, p) {
					t.Errorf("output contains the absolute path %s:\n%s%s", p, stdout, stderr)
				}
			}
			if stderr != "" {
				t.Errorf("unexpected standard error (a report goes to standard output):\n%s", stderr)
			}
			var rep struct {
				Findings []struct {
					File string `json:"file"`
					Line int    `json:"line"`
				} `json:"findings"`
				Errors []struct {
					File    string `json:"file"`
					Message string `json:"message"`
				} `json:"errors"`
				Summary struct {
					Deny   int `json:"deny"`
					Errors int `json:"errors"`
				} `json:"summary"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("exit %d; not a JSON report: %v\n%s", code, err, stdout)
			}
			if err := checkJSONReport([]byte(stdout)); err != nil {
				t.Errorf("JSON report: %v", err)
			}

			switch want := exitCodeFor(rep.Summary.Errors, rep.Summary.Deny); {
			case code != exitOK && code != exitFindings && code != exitError:
				t.Fatalf("exit code %d, want 0, 1 or 2", code)
			case code != want:
				t.Errorf("exit code %d, want %d for %d errors and %d denies", code, want, rep.Summary.Errors, rep.Summary.Deny)
			}
			if code == exitError {
				if len(rep.Errors) == 0 {
					t.Errorf("exit 2 without an error in the report")
				}
				for _, e := range rep.Errors {
					if !namesFile(e.File, file) && !strings.Contains(e.Message, filepath.ToSlash(file)) {
						t.Errorf("error does not name %s: %s: %s", file, e.File, e.Message)
					}
				}
			}
			for _, f := range rep.Findings {
				if f.File == "" || filepath.IsAbs(f.File) || strings.HasPrefix(f.File, "/") {
					t.Errorf("finding file %q: want a relative path", f.File)
				}
			}
		})
	}
}

// checkNoPanic runs the command line in-process and fails the test (not
// the whole test binary) if it panics.
func checkNoPanic(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	defer func() {
		if p := recover(); p != nil {
			t.Fatalf("dockpol %s panicked: %v", strings.Join(args, " "), p)
		}
	}()
	return runInProcess(t, "", args...)
}

// exitCodeFor is the exit code the design gives a report with this many
// errors and denies, under the default --fail-on deny.
func exitCodeFor(errors, denies int) int {
	switch {
	case errors > 0:
		return exitError
	case denies > 0:
		return exitFindings
	}
	return exitOK
}

// namesFile reports whether an error's file is the checked file.
func namesFile(errFile, checked string) bool {
	return filepath.FromSlash(errFile) == checked
}
