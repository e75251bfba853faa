package engine

import "github.com/open-policy-agent/opa/v1/ast"

// WithDecidingRulesOnly leaves out of evaluation every entrypoint (a
// package's deny or warn set) whose rules all only warn in the engine's
// mode, after the overrides' actions and disabled rules: their findings
// could never change a decision. The authorization gate uses it, where
// each request waits for the answer; it never changes which findings
// deny, audit or go unreported as disabled, only whether warnings are
// computed at all. A rule without a METADATA id (a team rule) always
// counts as deciding.
func WithDecidingRulesOnly() Option { return func(c *config) { c.decidingOnly = true } }

// deciding keeps the refs that have a rule which may report something
// other than a warning in the engine's mode.
func (e *Engine) deciding(refs []entryRef) []entryRef {
	var out []entryRef
	for _, r := range refs {
		for _, rule := range e.compiler.GetRulesExact(ast.MustParseRef(r.pkg + "." + r.name)) {
			if !e.onlyWarns(rule, r.name) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// onlyWarns reports whether every finding of rule, found through
// entrypoint, is a warning (or dropped as disabled) in the engine's mode.
func (e *Engine) onlyWarns(rule *ast.Rule, entrypoint string) bool {
	id := ""
	for _, a := range rule.Annotations {
		if a.Scope == "rule" {
			id, _ = a.Custom["id"].(string)
		}
	}
	meta, ok := e.rules[id]
	if id == "" || !ok {
		return false
	}
	action := meta.ActionFor(e.mode, entrypoint)
	if o := e.overrides; o != nil {
		if matchAny(o.Disable, id) {
			return true
		}
		if acts, ok := o.Action[id]; ok {
			if a, ok := acts[e.mode]; ok {
				action = a
			} else if a, ok := acts[""]; ok {
				action = a
			}
		}
	}
	return action == ActionWarn
}
