package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	junitparse "github.com/joshdk/go-junit"

	"github.com/dockpol/dockpol/internal/schematest"
	"github.com/dockpol/dockpol/report"
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

// goldenExt is the golden file extension of each format.
var goldenExt = map[string]string{
	"text": "txt", "json": "json", "sarif": "sarif", "junit": "junit.xml",
	"github": "github.txt", "tap": "tap", "table": "table.txt",
}

// goldenFixtures are the inputs every format is pinned on: the README's
// example, its hardened twin (nothing to report), and a run with a waived
// finding, an input warning and an input error (exit 2).
var goldenFixtures = []struct {
	name     string
	args     []string
	wantCode int
}{
	{"compose", []string{"examples/compose.yaml"}, exitFindings},
	{"secure", []string{"examples/secure/compose.yaml"}, exitOK},
	{"mixed", []string{"cmd/dockpol/testdata/reports/waived.yaml", "cmd/dockpol/testdata/reports/broken.yaml"}, exitError},
}

// TestGoldenReports pins every format's report of the golden fixtures
// (testdata/golden/<fixture>.<ext>), and checks each against what reads
// it: the JSON report's documented keys, the SARIF 2.1.0 schema, a JUnit
// parser, the TAP plan. Review a diff of testdata/golden like code;
// refresh with
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

	for _, fx := range goldenFixtures {
		for _, format := range report.Formats() {
			name := fx.name + "." + goldenExt[format]
			if format == "text" || format == "json" {
				// the names the README and earlier goldens use
				name = fx.name + "." + map[string]string{"text": "txt", "json": "json"}[format]
			}
			t.Run(name, func(t *testing.T) {
				// A .dockpol.yaml in a parent directory of the checkout
				// must not change the golden output.
				args := append([]string{"check", "--format", format, "--no-repo-config"}, fx.args...)
				code, stdout, stderr := runInProcess(t, "", args...)
				if code != fx.wantCode {
					t.Errorf("exit code %d, want %d; stderr:\n%s", code, fx.wantCode, stderr)
				}
				if stderr != "" {
					t.Errorf("unexpected standard error:\n%s", stderr)
				}
				checkFormat(t, format, []byte(stdout))
				if strings.Contains(stdout, "hunter2") {
					t.Errorf("the %s report prints the example's literal password", format)
				}
				compareGolden(t, filepath.Join(golden, name), stdout, strings.Join(args, " "))
			})
		}
	}
}

// TestGoldenOutputs: reports written with --output are the same bytes as
// the same format on standard output, several in one run.
func TestGoldenOutputs(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(filepath.Join("..", ".."))
	sarif, junit, tap := filepath.Join(dir, "r.sarif"), filepath.Join(dir, "junit.xml"), filepath.Join(dir, "r.tap")
	code, stdout, stderr := runInProcess(t, "", "check", "--no-repo-config", "--output", "sarif="+sarif,
		"--output", "junit="+junit, "examples/compose.yaml", "--output", "tap="+tap)
	if code != exitFindings || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	compareGolden(t, filepath.Join(golden, "compose.txt"), stdout, "standard output")
	for file, want := range map[string]string{sarif: "compose.sarif", junit: "compose.junit.xml", tap: "compose.tap"} {
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !*update {
			compareGolden(t, filepath.Join(golden, want), string(got), "--output "+filepath.Base(file))
		}
	}
}

// checkFormat checks a report against what consumes its format.
func checkFormat(t *testing.T, format string, out []byte) {
	t.Helper()
	switch format {
	case "json":
		if err := checkJSONReport(out); err != nil {
			t.Errorf("JSON report: %v", err)
		}
		schematest.ValidateReport(t, out)
	case "sarif":
		schematest.ValidateSARIF(t, out)
	case "junit":
		if err := xml.Unmarshal(out, new(struct{})); err != nil {
			t.Errorf("JUnit report is not well-formed XML: %v", err)
		}
		if _, err := junitparse.Ingest(out); err != nil {
			t.Errorf("JUnit report: %v", err)
		}
	case "tap":
		lines := strings.Split(string(out), "\n")
		points := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "ok ") || strings.HasPrefix(l, "not ok ") {
				points++
			}
		}
		if len(lines) < 2 || lines[0] != "TAP version 13" || lines[1] != fmt.Sprintf("1..%d", points) {
			t.Errorf("TAP report: want the version line and the plan 1..%d, got %q", points, lines[:min(2, len(lines))])
		}
	}
}

func compareGolden(t *testing.T, path, got, what string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s: report differs from %s (-want +got):\n%s", what, filepath.Base(path), diff)
	}
}

// TestREADMEExample keeps the README's end-to-end example real: the
// compose file it shows is examples/compose.yaml, and the output it shows
// is the golden text report of that file (TestGoldenReports pins that one
// to what dockpol prints).
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// block returns the fenced block that opens with start, the first one
	// after the heading.
	block := func(heading, start string) string {
		t.Helper()
		s := string(readme)
		h := strings.Index(s, heading)
		if h < 0 {
			t.Fatalf("README.md has no %q", heading)
		}
		s = s[h:]
		i := strings.Index(s, start)
		if i < 0 {
			t.Fatalf("README.md has no block starting %q", start)
		}
		s = s[i+len(start):]
		end := strings.Index(s, "```\n")
		if end < 0 {
			t.Fatalf("README.md: the block starting %q does not end", start)
		}
		return s[:end]
	}
	for _, c := range []struct{ start, file string }{
		{"```yaml\n", filepath.Join("..", "..", "examples", "compose.yaml")},
		{"```console\n$ go run ./cmd/dockpol check examples/compose.yaml\n", filepath.Join("testdata", "golden", "compose.txt")},
	} {
		want, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(want), block("\n## Example\n", c.start)); diff != "" {
			t.Errorf("README.md differs from %s (-want +got):\n%s", c.file, diff)
		}
	}
}
