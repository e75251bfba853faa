package report_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/report"
)

var tapPoint = regexp.MustCompile(`^(not )?ok (\d+) - (.*?)(?: # (SKIP|TODO)\b(.*))?$`)

// TestTAP checks the TAP stream's structure: the version line, a plan
// that counts the test points, points numbered in order, a YAML
// diagnostics block after each "not ok" that parses, and directives
// where warnings and waivers are.
func TestTAP(t *testing.T) {
	tests := []struct {
		name                   string
		failOn                 string
		notOK, todo, skip, oks int
		wantLine, wantNotLine  string
	}{
		{"warnings are TODO", "deny", 3, 3, 3, 8, "not ok 9 - deploy/compose.yaml DKR-C27 web # TODO warn", ""},
		{"--fail-on warn", "warn", 6, 0, 3, 8, "not ok 9 - deploy/compose.yaml DKR-C27 web", "# TODO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := write(t, "tap", fixture(), report.Options{FailOn: tt.failOn})
			lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
			if lines[0] != "TAP version 13" {
				t.Fatalf("first line %q", lines[0])
			}
			plan, err := strconv.Atoi(strings.TrimPrefix(lines[1], "1.."))
			if err != nil {
				t.Fatalf("plan line %q", lines[1])
			}
			var notOK, todo, skip, oks, n int
			for i := 2; i < len(lines); i++ {
				l := lines[i]
				if strings.HasPrefix(l, "#") {
					continue
				}
				m := tapPoint.FindStringSubmatch(l)
				if m == nil {
					t.Fatalf("line %d is no test point: %q", i+1, l)
				}
				n++
				if m[2] != strconv.Itoa(n) {
					t.Errorf("test point %s, want %d", m[2], n)
				}
				switch {
				case m[4] == "TODO":
					todo++
				case m[4] == "SKIP":
					skip++
				case m[1] != "":
					notOK++
				default:
					oks++
				}
				if m[1] == "" {
					continue
				}
				// a YAML block follows every "not ok"
				if lines[i+1] != "  ---" {
					t.Fatalf("no diagnostics after %q", l)
				}
				var block []string
				for i += 2; lines[i] != "  ..."; i++ {
					block = append(block, strings.TrimPrefix(lines[i], "  "))
				}
				var diag map[string]any
				if err := yaml.Unmarshal([]byte(strings.Join(block, "\n")), &diag); err != nil {
					t.Fatalf("diagnostics of %q: %v\n%s", l, err, strings.Join(block, "\n"))
				}
				if diag["message"] == nil || diag["at"] == nil {
					t.Errorf("diagnostics of %q lack message or at: %v", l, diag)
				}
			}
			if n != plan {
				t.Errorf("%d test points, plan says %d", n, plan)
			}
			if notOK != tt.notOK || todo != tt.todo || skip != tt.skip || oks != tt.oks {
				t.Errorf("not ok %d, todo %d, skip %d, ok %d; want %d %d %d %d", notOK, todo, skip, oks, tt.notOK, tt.todo, tt.skip, tt.oks)
			}
			if !strings.Contains(out, tt.wantLine+"\n") {
				t.Errorf("no line %q in\n%s", tt.wantLine, out)
			}
			if tt.wantNotLine != "" && strings.Contains(out, tt.wantNotLine) {
				t.Errorf("%q in\n%s", tt.wantNotLine, out)
			}
			if !strings.Contains(out, "# SKIP waived (deploy/compose.yaml:22:7 (inline)): needs host metrics\n") {
				t.Errorf("the inline waiver is not a SKIP with its reason:\n%s", out)
			}
		})
	}
}

// TestTAPParser reads the stream with Perl's TAP::Parser (the parser
// behind prove), where it is installed: the counts it sees are the ones
// a TAP harness reports.
func TestTAPParser(t *testing.T) {
	perl, err := exec.LookPath("perl")
	if err != nil {
		t.Skip("no perl")
	}
	if exec.Command(perl, "-MTAP::Parser", "-e", "1").Run() != nil {
		t.Skip("no TAP::Parser")
	}
	path := filepath.Join(t.TempDir(), "report.tap")
	if err := os.WriteFile(path, []byte(write(t, "tap", fixture(), report.Options{})), 0o644); err != nil {
		t.Fatal(err)
	}
	script := `use TAP::Parser; my $p = TAP::Parser->new({source => $ARGV[0]});
while (my $r = $p->next) { die "unknown line: " . $r->as_string . "\n" if $r->is_unknown }
printf "version=%d tests=%d planned=%d passed=%d failed=%d todo=%d skipped=%d errors=%d good_plan=%d\n",
  $p->version, $p->tests_run, $p->tests_planned, scalar($p->passed), scalar($p->failed), scalar($p->todo),
  scalar($p->skipped), scalar($p->parse_errors), $p->is_good_plan ? 1 : 0;
print "$_\n" for $p->parse_errors;`
	out, err := exec.Command(perl, "-e", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("TAP::Parser: %v\n%s", err, out)
	}
	// passed counts ok and TODO points; failed the denies, the expired
	// exception and the input error
	want := "version=13 tests=17 planned=17 passed=14 failed=3 todo=3 skipped=3 errors=0 good_plan=1\n"
	if string(out) != want {
		t.Errorf("TAP::Parser saw\n%s want\n%s", out, want)
	}
}
