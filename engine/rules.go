package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Severities, most severe first.
var severityRank = map[string]int{"critical": 0, "high": 1, "medium": 2, "low": 3}

// ValidSeverity reports whether s is a known severity.
func ValidSeverity(s string) bool { _, ok := severityRank[s]; return ok }

// Rule is a rule's METADATA: what the engine joins with its results.
type Rule struct {
	ID               string            `json:"id"`
	Title            string            `json:"title"`
	Description      string            `json:"description,omitempty"`
	Severity         string            `json:"severity"`
	Action           string            `json:"action"`            // default action
	Actions          map[string]string `json:"actions,omitempty"` // per mode
	CIS              string            `json:"cis,omitempty"`
	Kinds            []string          `json:"kinds,omitempty"`
	Remediation      string            `json:"remediation,omitempty"`
	RelatedResources []string          `json:"related_resources,omitempty"`
	Package          string            `json:"package"`
	Entrypoint       string            `json:"entrypoint"` // deny | warn
	File             string            `json:"file,omitempty"`
}

// AppliesTo reports whether the rule judges documents of kind: rules list
// the kinds whose unset fields they may judge in custom.kinds.
func (r *Rule) AppliesTo(kind string) bool {
	if len(r.Kinds) == 0 || kind == "" {
		return true
	}
	for _, k := range r.Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// ActionFor returns the rule's action in mode: the per-mode action, else
// the default action, else the entrypoint the result came from.
func (r *Rule) ActionFor(mode, entrypoint string) string {
	if a, ok := r.Actions[mode]; ok {
		return a
	}
	if r.Action != "" {
		return r.Action
	}
	return entrypoint
}

// collectRules reads every rule-scoped METADATA block that carries a
// custom.id. Two rules with one id is an error, except for a block with
// custom.part_of naming that id: a body in another package that applies
// the same rule to another input (DKR-C19 on a volume create request),
// documented by the rule's own METADATA.
func collectRules(as *ast.AnnotationSet) (map[string]*Rule, error) {
	rules := map[string]*Rule{}
	for _, ar := range as.Flatten() {
		a := ar.Annotations
		if a == nil || a.Scope != "rule" {
			continue
		}
		id, _ := a.Custom["id"].(string)
		if id == "" {
			continue
		}
		if part, ok := a.Custom["part_of"]; ok {
			if part != id {
				return nil, fmt.Errorf("%s: custom.part_of %v must equal custom.id %s", a.Location, part, id)
			}
			continue
		}
		path := ar.Path.String()
		i := strings.LastIndex(path, ".")
		r := &Rule{
			ID:          id,
			Title:       a.Title,
			Description: strings.TrimSpace(a.Description),
			Severity:    str(a.Custom["severity"]),
			Action:      str(a.Custom["action"]),
			CIS:         str(a.Custom["cis"]),
			Remediation: strings.TrimSpace(str(a.Custom["remediation"])),
			Package:     strings.TrimPrefix(path[:max(i, 0)], "data."),
			Entrypoint:  path[i+1:],
		}
		if a.Location != nil {
			r.File = a.Location.File
		}
		if r.Severity == "" {
			r.Severity = "medium"
		}
		if kinds, ok := a.Custom["kinds"].([]any); ok {
			for _, k := range kinds {
				r.Kinds = append(r.Kinds, str(k))
			}
		}
		if acts, ok := a.Custom["actions"].(map[string]any); ok {
			r.Actions = map[string]string{}
			for m, v := range acts {
				r.Actions[m] = str(v)
			}
		}
		for _, rr := range a.RelatedResources {
			r.RelatedResources = append(r.RelatedResources, rr.Ref.String())
		}
		if prev, dup := rules[id]; dup {
			return nil, fmt.Errorf("rule id %s is used twice: %s and %s", id, prev.File, r.File)
		}
		rules[id] = r
	}
	return rules, nil
}

func str(v any) string {
	switch s := v.(type) {
	case string:
		return s
	case nil:
		return ""
	default:
		return fmt.Sprint(s)
	}
}

// Finding is one rule result joined with its METADATA and source position.
type Finding struct {
	ID               string   `json:"id"`
	Action           string   `json:"action"`
	Severity         string   `json:"severity"`
	Title            string   `json:"title"`
	Message          string   `json:"message"`
	Container        string   `json:"container"`
	File             string   `json:"file"`
	Line             int      `json:"line"`
	Col              int      `json:"column,omitempty"`
	Kind             string   `json:"kind"`
	Path             string   `json:"path"`
	Package          string   `json:"package"`
	Remediation      string   `json:"remediation,omitempty"`
	RelatedResources []string `json:"related_resources,omitempty"`
	// Image is the container's image reference (for exceptions by image).
	Image string `json:"image,omitempty"`
	// User is the TLS identity of an Engine API request (gate exceptions
	// by user); "" elsewhere.
	User string `json:"user,omitempty"`
	// Fingerprint identifies the finding across runs (rule, file,
	// container, path; not the line), for baselines and SARIF.
	Fingerprint string `json:"fingerprint"`
	// Waiver is set when an exception or inline waiver covers the
	// finding; unless it has expired, the finding does not count.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Baselined is set when the finding is in the --baseline file.
	Baselined bool `json:"baselined,omitempty"`

	// ContainerIndex is the index of the container in its document (-1 for
	// document rules).
	ContainerIndex int `json:"-"`
	// Input names the document the finding came from (inputs.Document.Path):
	// File may be another file of it (an override, an included file).
	// Reports that group by input (JUnit, TAP) use it.
	Input string `json:"-"`
}

// Counts reports whether the finding counts toward the exit code: not
// waived (or the waiver expired) and not in the baseline.
func (f Finding) Counts() bool {
	return (f.Waiver == nil || f.Waiver.Expired) && !f.Baselined
}

// SortFindings orders findings by file, line, column, rule id, container
// and message, so output is deterministic.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		switch {
		case a.File != b.File:
			return a.File < b.File
		case a.Line != b.Line:
			return a.Line < b.Line
		case a.Col != b.Col:
			return a.Col < b.Col
		case a.ID != b.ID:
			return a.ID < b.ID
		case a.Container != b.Container:
			return a.Container < b.Container
		default:
			return a.Message < b.Message
		}
	})
}
