// Package policies embeds dockpol's shipped Rego bundle: one package per
// area (dockpol.container, dockpol.image, dockpol.network, ...), one rule
// per file with its unit tests beside it, shared helpers in dockpol.lib.
package policies

import (
	"embed"
	"encoding/json"
)

// FS holds the shipped bundle: the .manifest and every .rego file,
// _test.rego files included (dockpol verify runs them).
//
//go:embed .manifest anchors.json container daemon dockerfile image lib network request swarm
var FS embed.FS

// Roots returns the bundle roots the shipped bundle reserves (from its
// .manifest): team policies may not declare packages inside them.
func Roots() []string {
	data, err := FS.ReadFile(".manifest")
	if err != nil {
		panic("policies: embedded .manifest missing: " + err.Error())
	}
	var m struct {
		Roots []string `json:"roots"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		panic("policies: embedded .manifest invalid: " + err.Error())
	}
	return m.Roots
}

// Anchors maps rule ids to the checks of other tools and benchmarks each
// rule corresponds to (KICS, CIS, Trivy, Checkov, hadolint, dockle), as
// the rule catalog lists them.
func Anchors() map[string]string {
	data, err := FS.ReadFile("anchors.json")
	if err != nil {
		panic("policies: embedded anchors.json missing: " + err.Error())
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		panic("policies: embedded anchors.json invalid: " + err.Error())
	}
	return m
}
