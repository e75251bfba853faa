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

// anchorItem is one item of an anchors.json value: a tool's or
// benchmark's id list ("KICS 1c1325ff, b03a748a", "CIS 5.6", "DS-0002",
// "CKV_DOCKER_3", "DL3002", "Dockle CIS-DI-0001", "T17").
var anchorItem = regexp.MustCompile(`^(KICS [0-9a-f]{8}|CIS [C0-9.]+|DS-\d{4}|CKV2?_DOCKER_\d+|DL\d{4}|Dockle [A-Z]+-[A-Z]+-\d{4}|[A-Z0-9-]+-\d+|T\d+)(, ([0-9a-f]{8}|[C0-9.]+|DS-\d{4}|CKV2?_DOCKER_\d+|DL\d{4}|[A-Z]+-[A-Z]+-\d{4}|T\d+))*$`)

// TestAnchors checks that every anchors.json value is a list of anchors:
// the file was once cut out of the rule catalog's markdown table at the
// escaped pipes of its Fields column, which left fragments of field
// descriptions ("CpuShares\", "mountpoint`<br>...") as anchors of 15 rules.
func TestAnchors(t *testing.T) {
	anchors := policies.Anchors()
	if len(anchors) == 0 {
		t.Fatal("anchors.json is empty")
	}
	for id, v := range anchors {
		if !regexp.MustCompile(`^DKR-[CINDWF]\d{2}$`).MatchString(id) {
			t.Errorf("anchors.json: key %q is not a rule id", id)
		}
		for _, item := range strings.Split(v, " · ") {
			if !anchorItem.MatchString(item) {
				t.Errorf("anchors.json: %s: %q is not an anchor (whole value %q)", id, item, v)
			}
		}
	}
}
