package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
)

// ConftestOptions select the team packages written for conftest. They are
// queried with conftest's input — the file as conftest's parser gives it —
// not the normalised document, so rules such as contains(port, ":") keep
// matching the short syntax they were written for.
type ConftestOptions struct {
	// Namespaces are package globs ("main", "compose.*"); default main.
	Namespaces []string
	// Explicit is true when the user named the namespaces: one that matches
	// no rules is then an error, not a silent pass.
	Explicit bool
	// AllNamespaces queries every team package that does not declare a
	// dockpol input (package METADATA custom.input). Never the shipped ones.
	AllNamespaces bool
}

// WithConftest enables conftest-style packages.
func WithConftest(o ConftestOptions) Option { return func(c *config) { c.conftest = &o } }

// conftestQuery is the prepared query over every conftest rule body.
type conftestQuery struct {
	prepared rego.PreparedEvalQuery
	rules    []conftestRule
	// exceptions binds each package's exception rule, when it has one.
	exceptions map[string]string // package -> binding
}

type conftestRule struct {
	binding string
	pkg     string // "main"
	name    string // "deny", "warn_ports"
	id      string
	action  string
}

// conftestKinds are conftest's rule name prefixes and the action each has.
var conftestKinds = map[string]string{"deny": ActionDeny, "violation": ActionDeny, "warn": ActionWarn}

func conftestAction(name string) (string, bool) {
	for prefix, action := range conftestKinds {
		if name == prefix || strings.HasPrefix(name, prefix+"_") {
			return action, true
		}
	}
	return "", false
}

// planConftest finds the conftest packages among the team modules and
// gives each rule body an entrypoint of its own (a copy of the rule under a
// generated name, so two deny rules of package main get two ids, unlike
// conftest's own SARIF). It changes modules before they are compiled and
// returns the query to prepare after, and the packages it took.
func planConftest(o *ConftestOptions, modules map[string]*ast.Module, builtin func(pkg string) bool) (*conftestQuery, []string, map[string]bool, error) {
	namespaces := o.Namespaces
	if len(namespaces) == 0 {
		namespaces = []string{"main"}
	}
	inputs := map[string]string{}
	for _, m := range modules {
		for _, a := range m.Annotations {
			if a.Scope == "package" || a.Scope == "subpackages" {
				if v, ok := a.Custom["input"].(string); ok {
					inputs[pkgName(m)] = v
				}
			}
		}
	}
	selected := func(m *ast.Module) bool {
		pkg := pkgName(m)
		if builtin(pkg) || inputs[pkg] != "" {
			return false
		}
		if o.AllNamespaces {
			return true
		}
		for _, ns := range namespaces {
			if ok, _ := path.Match(ns, pkg); ok || ns == pkg {
				return true
			}
		}
		return false
	}
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)

	q := &conftestQuery{exceptions: map[string]string{}}
	pkgs := map[string]bool{}
	count := map[string]int{} // pkg.rule -> bodies
	type body struct {
		m    *ast.Module
		r    *ast.Rule
		name string
	}
	var bodies []body
	for _, n := range names {
		m := modules[n]
		if !selected(m) || strings.HasSuffix(n, "_test.rego") {
			continue
		}
		pkgs[pkgName(m)] = true
		for _, r := range m.Rules {
			name := r.Head.Name.String()
			if name == "" && len(r.Head.Reference) > 0 {
				name = r.Head.Reference[0].Value.String()
			}
			if r.Default || len(r.Head.Args) > 0 {
				continue
			}
			if name == "exception" {
				q.exceptions[pkgName(m)] = ""
				continue
			}
			if _, ok := conftestAction(name); !ok {
				continue
			}
			count[pkgName(m)+"."+name]++
			bodies = append(bodies, body{m, r, name})
		}
	}
	if len(bodies) == 0 {
		if o.Explicit {
			return nil, nil, nil, fmt.Errorf("%w: no deny, violation or warn rules in namespace %s", ErrMissingEntrypoint, strings.Join(namespaces, ", "))
		}
		return nil, nil, pkgs, nil
	}
	var parts []string
	for i, b := range bodies {
		pkg := pkgName(b.m)
		gen := fmt.Sprintf("__dockpol_conftest_%d", i)
		clone := b.r.Copy()
		clone.Module = b.m
		clone.Head.Name = ast.Var(gen)
		clone.Head.Reference = ast.Ref{ast.VarTerm(gen)}
		clone.Annotations = nil
		b.m.Rules = append(b.m.Rules, clone)

		action, _ := conftestAction(b.name)
		id := pkg + "." + b.name
		if meta := ruleID(b.r); meta != "" {
			id = meta
		} else if count[pkg+"."+b.name] > 1 {
			id += "#" + bodyHash(b.r)
		}
		binding := fmt.Sprintf("k%d", i)
		parts = append(parts, fmt.Sprintf("%s := data.%s.%s", binding, pkg, gen))
		q.rules = append(q.rules, conftestRule{binding: binding, pkg: pkg, name: b.name, id: id, action: action})
	}
	exPkgs := make([]string, 0, len(q.exceptions))
	for pkg := range q.exceptions {
		exPkgs = append(exPkgs, pkg)
	}
	sort.Strings(exPkgs)
	for i, pkg := range exPkgs {
		binding := fmt.Sprintf("x%d", i)
		q.exceptions[pkg] = binding
		// exception may be undefined for this input: collect it so the
		// query still has exactly one result.
		parts = append(parts, fmt.Sprintf("%s := [r | some r in data.%s.exception]", binding, pkg))
	}
	return q, parts, pkgs, nil
}

// prepare compiles the conftest query against the shared compiler.
func (q *conftestQuery) prepare(ctx context.Context, c *ast.Compiler, store storage.Store, parts []string) error {
	body, err := ast.ParseBody(strings.Join(parts, "; "))
	if err != nil {
		return fmt.Errorf("build conftest query: %w", err)
	}
	pq, err := rego.New(rego.Compiler(c), rego.Store(store), rego.ParsedQuery(body)).PrepareForEval(ctx)
	if err != nil {
		return fmt.Errorf("prepare conftest query: %w", err)
	}
	q.prepared = pq
	return nil
}

func pkgName(m *ast.Module) string { return strings.TrimPrefix(m.Package.Path.String(), "data.") }

func ruleID(r *ast.Rule) string {
	for _, a := range r.Annotations {
		if id, ok := a.Custom["id"].(string); ok {
			return id
		}
	}
	return ""
}

// bodyHash is a short stable name for a rule body: it survives edits
// elsewhere in the file and line moves.
func bodyHash(r *ast.Rule) string {
	c := r.Copy()
	c.Location = nil
	sum := sha256.Sum256([]byte(c.Head.String() + " " + c.Body.String()))
	return hex.EncodeToString(sum[:3])
}

// exceptionName is the name conftest's exception rules use for a rule:
// without its deny_, violation_ or warn_ prefix (conftest's
// removeRulePrefix), "" for a plain deny, violation or warn rule.
func exceptionName(rule string) string {
	if _, ok := conftestKinds[rule]; ok {
		return ""
	}
	rule = strings.TrimPrefix(rule, "violation_")
	rule = strings.TrimPrefix(rule, "deny_")
	return strings.TrimPrefix(rule, "warn_")
}

// RawInput is one file as conftest's parser gives it.
type RawInput struct {
	Path  string
	Value any
}

// evalConftest evaluates the conftest rules on one raw file.
func (e *Engine) evalConftest(ctx context.Context, raw RawInput) ([]Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	val, err := ast.InterfaceToValue(raw.Value)
	if err != nil {
		return nil, fmt.Errorf("convert %s: %w", raw.Path, err)
	}
	rs, err := e.conftest.prepared.Eval(ctx, rego.EvalParsedInput(val))
	if err != nil {
		return nil, fmt.Errorf("evaluate conftest policies: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("%w: conftest query returned %d results", ErrMissingEntrypoint, len(rs))
	}
	excepted := map[string]map[string]bool{}
	for pkg, binding := range e.conftest.exceptions {
		excepted[pkg] = map[string]bool{}
		list, _ := rs[0].Bindings[binding].([]any)
		for _, item := range list {
			// conftest: exception contains rules if {...; rules := ["foo"]}
			names, _ := item.([]any)
			for _, n := range names {
				if s, ok := n.(string); ok {
					excepted[pkg][s] = true
				}
			}
		}
	}
	var out []Finding
	for _, r := range e.conftest.rules {
		items, _ := rs[0].Bindings[r.binding].([]any)
		for _, item := range items {
			msg := ""
			switch v := item.(type) {
			case string:
				msg = v
			case map[string]any:
				msg, _ = v["msg"].(string)
			default:
				return nil, fmt.Errorf("%w: %s.%s returned %T", ErrBadResult, r.pkg, r.name, item)
			}
			f := Finding{
				ID: r.id, Action: r.action, Severity: "medium", Message: msg, Kind: "conftest",
				File: raw.Path, Package: r.pkg, ContainerIndex: -1, Title: r.pkg + "." + r.name,
			}
			if rule, ok := e.rules[r.id]; ok {
				f.Title, f.Severity, f.Remediation = rule.Title, rule.Severity, rule.Remediation
				f.Action = rule.ActionFor(e.mode, r.action)
			}
			if excepted[r.pkg][exceptionName(r.name)] {
				f.Waiver = &Waiver{Reason: "exception rule in package " + r.pkg, Source: "exception"}
			}
			f.Fingerprint = fingerprint(f)
			out = append(out, f)
		}
	}
	return out, nil
}
