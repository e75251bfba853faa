package policies_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/policies"
)

// cellSplit splits a Markdown table row at the pipes that are not escaped
// (RULES.md writes `a\|b` inside cells).
var cellSplit = regexp.MustCompile(`(^|[^\\])\|`)

// TestAnchorsMatchCatalog holds anchors.json to the anchor column of the
// rule catalog (../shared/RULES.md) where the catalog is present.
func TestAnchorsMatchCatalog(t *testing.T) {
	data, err := os.ReadFile("../../shared/RULES.md")
	if err != nil {
		t.Skipf("rule catalog not beside the repository: %v", err)
	}
	anchors := policies.Anchors()
	seen := 0
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, "| DKR-") {
			continue
		}
		// keep the character before each separator
		marked := cellSplit.ReplaceAllString(strings.TrimSpace(line), "$1\x00")
		cells := strings.Split(marked, "\x00")
		if len(cells) < 8 {
			t.Errorf("catalog row with %d cells: %.60s", len(cells), line)
			continue
		}
		id, anchor := strings.TrimSpace(cells[1]), strings.TrimSpace(cells[6])
		got, ok := anchors[id]
		if !ok {
			continue // a row the bundle does not implement (DKR-I05)
		}
		seen++
		if got != anchor {
			t.Errorf("%s: anchors.json has %q, the catalog %q", id, got, anchor)
		}
	}
	if seen < 100 {
		t.Errorf("matched %d catalog rows; the parse is broken", seen)
	}
}
