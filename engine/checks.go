package engine

import (
	"sort"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// Checks says which rules judged one document: the rule × container
// pairs a JUnit or TAP report lists as tests, passed when they gave no
// finding. Rules without a METADATA id (team and conftest-style rules) are
// not listed; their findings still are.
type Checks struct {
	// Input names the document as inputs.Document.Path does, and as
	// Finding.Input does for the findings it gave.
	Input string
	Kind  string
	// Document lists the ids of the document rules that judged it.
	Document []string
	// Containers lists, per container in document order, the container
	// rules that judged it.
	Containers []ContainerChecks
}

// ContainerChecks is one container and the ids of the rules that judged it.
type ContainerChecks struct {
	Name  string
	Rules []string
}

// Checks returns the rules Evaluate applies to doc: those of the
// container (or document) queries whose custom.kinds admit the container's
// (or document's) kind, less the rules the configuration disables.
func (e *Engine) Checks(doc *inputs.Document) Checks {
	if e.kinds != nil && !e.judges(doc) {
		if full, err := e.full(); err == nil {
			return full.Checks(doc)
		}
	}
	kind := doc.Kind()
	cov := Checks{Input: doc.Path, Kind: kind, Document: e.ruleIDs(e.document, kind)}
	memo := map[string][]string{}
	for _, c := range doc.Containers() {
		ckind := inputs.ContainerKind(kind, c)
		ids, ok := memo[ckind]
		if !ok {
			ids = e.ruleIDs(e.container, ckind)
			memo[ckind] = ids
		}
		name, _ := c["name"].(string)
		cov.Containers = append(cov.Containers, ContainerChecks{Name: name, Rules: ids})
	}
	return cov
}

// ruleIDs lists the ids of the rules with METADATA that q evaluates for
// kind, sorted. The list depends only on the engine, so it is computed
// once per query and kind; callers share it and must not modify it.
func (e *Engine) ruleIDs(q *query, kind string) []string {
	if q == nil {
		return nil
	}
	key := idsKey{q, kind}
	if ids, ok := e.idsMemo.Load(key); ok {
		return ids.([]string)
	}
	ids := e.computeRuleIDs(q, kind)
	e.idsMemo.Store(key, ids)
	return ids
}

type idsKey struct {
	q    *query
	kind string
}

func (e *Engine) computeRuleIDs(q *query, kind string) []string {
	entry := map[string]bool{}
	for _, r := range q.refs {
		entry[strings.TrimPrefix(r.pkg, "data.")+"."+r.name] = true
	}
	var ids []string
	for id, r := range e.rules {
		if !entry[r.Package+"."+r.Entrypoint] || !r.AppliesTo(kind) {
			continue
		}
		if e.overrides != nil && matchAny(e.overrides.Disable, id) {
			continue
		}
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
