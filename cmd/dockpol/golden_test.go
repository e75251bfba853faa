package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/golden and the cmp files of testdata/script from the current output")

// runInProcess runs the dockpol command line args (without the program
// name) and returns the exit code, standard output and standard error.
func runInProcess(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), append([]string{"dockpol"}, args...), strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestGoldenReports pins the text and JSON reports of the examples the
// README shows. Review a diff of testdata/golden like code; refresh with
//
//	go test ./cmd/dockpol -run TestGoldenReports -update
func TestGoldenReports(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	// Run from the repository root, as the README does, so the reports
	// name examples/compose.yaml. t.Chdir rules out t.Parallel here.
	t.Chdir(filepath.Join("..", ".."))

	tests := []struct {
		name     string
		args     []string
		wantCode int
		golden   string
	}{
		{"example text", []string{"check", "examples/compose.yaml"}, exitFindings, "compose.txt"},
		{"example json", []string{"check", "--format", "json", "examples/compose.yaml"}, exitFindings, "compose.json"},
		{"secure text", []string{"check", "examples/secure/compose.yaml"}, exitOK, "secure.txt"},
		{"secure json", []string{"check", "--format", "json", "examples/secure/compose.yaml"}, exitOK, "secure.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// A .dockpol.yaml in a parent directory of the checkout must
			// not change the golden output.
			args := append(slices.Clone(tt.args), "--no-repo-config")
			code, stdout, stderr := runInProcess(t, "", args...)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d; stderr:\n%s", code, tt.wantCode, stderr)
			}
			if stderr != "" {
				t.Errorf("unexpected standard error:\n%s", stderr)
			}
			if strings.HasSuffix(tt.golden, ".json") {
				if err := checkJSONReport([]byte(stdout)); err != nil {
					t.Errorf("JSON report: %v", err)
				}
			}
			path := filepath.Join(golden, tt.golden)
			if *update {
				if err := os.WriteFile(path, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), stdout); diff != "" {
				t.Errorf("dockpol %s: report differs from %s (-want +got):\n%s", strings.Join(tt.args, " "), tt.golden, diff)
			}
		})
	}
}
