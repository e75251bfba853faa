package report_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dockpol/dockpol/report"
)

// TestTable: the columns line up (every row's cells start where the
// header's do), waived and baselined findings say so, and the errors and
// the summary follow as in the text report.
func TestTable(t *testing.T) {
	out := write(t, "table", fixture(), report.Options{})
	lines := strings.Split(out, "\n")
	header := lines[0]
	cols := []string{"SEVERITY", "ACTION", "RULE", "LOCATION", "CONTAINER", "MESSAGE"}
	var starts []int
	for _, c := range cols {
		i := strings.Index(header, c)
		if i < 0 {
			t.Fatalf("header %q lacks %s", header, c)
		}
		starts = append(starts, utf8.RuneCountInString(header[:i]))
	}
	rows := 0
	for _, l := range lines[1:] {
		if l == "" {
			break
		}
		rows++
		runes := []rune(l)
		for k, s := range starts[1:] {
			if s >= len(runes) || runes[s-1] != ' ' || runes[s] == ' ' {
				t.Errorf("column %s does not start at %d in %q", cols[k+1], s, l)
			}
		}
	}
	if rows != len(fixture().Findings) {
		t.Errorf("%d rows, want %d", rows, len(fixture().Findings))
	}
	for _, want := range []string{
		"critical  DENY      DKR-C01  deploy/compose.yaml:6   web        service \"web\" runs privileged",
		"WAIVED    DKR-C04",
		"BASELINE  DKR-C25",
		"low       WARN      DKR-V01  deploy/compose.yaml:30  -          volume shared",
		"has no memory limit second line", // a line break stays in its cell
		"broken.yaml:4:4: error: invalid YAML",
		"\n2 files, 2 containers: 2 denied",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
