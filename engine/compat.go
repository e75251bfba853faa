package engine

import (
	"context"
	"fmt"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// Compat evaluates one boolean decision (such as
// data.docker.authz.allow) over policies written for another tool's input
// shape: no findings, no METADATA, no per-container split. It compiles
// once and prepares one query; a *Compat is safe for concurrent use.
type Compat struct {
	decision ast.Ref
	query    rego.PreparedEvalQuery
	revision string
}

// NewCompat compiles the sources (WithSource; WithConfigData and the
// other options are ignored) and prepares the query for decision, a
// data reference. Builtin errors are strict (they fail the evaluation,
// which denies). It fails when a module does not compile or no rule
// defines the decision: a policy set that can only ever deny is a
// mistake to report, not to serve.
func NewCompat(ctx context.Context, decision string, opts ...Option) (*Compat, error) {
	cfg := config{}
	for _, o := range opts {
		o(&cfg)
	}
	ref, err := ast.ParseRef(decision)
	if err != nil || !ref.HasPrefix(ast.DefaultRootRef) || len(ref) < 2 {
		return nil, fmt.Errorf("decision %q: want a data reference such as data.docker.authz.allow", decision)
	}
	modules, data, err := layer(cfg.sources, false)
	if err != nil {
		return nil, err
	}
	if len(modules) == 0 {
		return nil, ErrNoPolicies
	}
	compiler := ast.NewCompiler()
	if cfg.caps != nil {
		compiler = compiler.WithCapabilities(cfg.caps)
	}
	compiler.Compile(modules)
	if compiler.Failed() {
		return nil, compileError(compiler.Errors)
	}
	if len(compiler.GetRulesForVirtualDocument(ref)) == 0 {
		return nil, fmt.Errorf("%w: no rule defines %s", ErrMissingEntrypoint, ref)
	}
	pq, err := rego.New(
		rego.Compiler(compiler),
		rego.Store(inmem.NewFromObject(data)),
		rego.ParsedQuery(ast.NewBody(ast.NewExpr(ast.NewTerm(ref)))),
		// A builtin error is an error, not an undefined value: in the
		// usual "allow if not deny" a deny rule whose builtin failed
		// would otherwise allow.
		rego.StrictBuiltinErrors(true),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare %s: %w", ref, err)
	}
	return &Compat{decision: ref, query: pq, revision: revisionOf(modules, data, nil, nil, "compat:"+ref.String())}, nil
}

// Decision is the reference the Compat evaluates.
func (c *Compat) Decision() string { return c.decision.String() }

// Revision identifies the compiled policies, as Engine.Revision does.
func (c *Compat) Revision() string { return c.revision }

// Allow evaluates the decision for input (a JSON-shaped value:
// map[string]any with primitive leaves, or an ast.Value). Only a decision
// that is exactly true allows: undefined and false are (false, nil); a
// value of another type, an evaluation error or a cancelled context is
// (false, err). Callers deny in every case but the first.
func (c *Compat) Allow(ctx context.Context, input any) (bool, error) {
	v, ok := input.(ast.Value)
	if !ok {
		var err error
		if v, err = ast.InterfaceToValue(input); err != nil {
			return false, fmt.Errorf("convert input: %w", err)
		}
	}
	// OPA only notices cancellation now and then: an expired evaluation
	// must never pass as a decision.
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("evaluate %s: %w", c.decision, err)
	}
	rs, err := c.query.Eval(ctx, rego.EvalParsedInput(v))
	if err != nil {
		return false, fmt.Errorf("evaluate %s: %w", c.decision, err)
	}
	if err := ctx.Err(); err != nil {
		return false, fmt.Errorf("evaluate %s: %w", c.decision, err)
	}
	switch {
	case len(rs) == 0:
		return false, nil // undefined
	case len(rs) > 1 || len(rs[0].Expressions) != 1:
		return false, fmt.Errorf("%w: %s returned %d results", ErrBadResult, c.decision, len(rs))
	}
	allow, isBool := rs[0].Expressions[0].Value.(bool)
	if !isBool {
		return false, fmt.Errorf("%w: %s is a %T, not a boolean", ErrBadResult, c.decision, rs[0].Expressions[0].Value)
	}
	return allow, nil
}
