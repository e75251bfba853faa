// Package engine evaluates normalised documents against Rego policies with
// embedded OPA: it compiles the modules once, prepares one query per input
// class over the packages' deny/warn entrypoints, evaluates container rules
// once per container and document rules once per document, and joins each
// result with its rule's METADATA into a Finding.
//
// The engine knows nothing of Compose or Docker: documents in, findings
// out. An *Engine is safe for concurrent use.
package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/metrics"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"

	"github.com/dockpol/dockpol/inputs"
)

// Modes of use: each rule may set a different action per mode.
const (
	ModeCI    = "ci"    // dockpol check
	ModeGate  = "gate"  // the authorization plugin
	ModeAudit = "audit" // dockpol inspect / daemon on a live host
)

// Actions a finding can carry.
const (
	ActionDeny = "deny"
	ActionWarn = "warn"
	// ActionAudit is a dry-run deny: reported (and logged at the gate) as
	// a would-be denial, never enforced and never failing a check.
	ActionAudit = "audit"
)

// entrypoints are the rule names queried in every package.
var entrypoints = []string{ActionDeny, ActionWarn}

// containerPackages take the per-container input whatever their METADATA.
var containerPackages = map[string]bool{
	"data.dockpol.container": true,
	"data.dockpol.image":     true,
	"data.dockpol.network":   true,
}

// Engine holds compiled policies and prepared queries.
type Engine struct {
	compiler  *ast.Compiler
	store     storage.Store
	rules     map[string]*Rule // by id
	container *query           // evaluated once per container
	document  *query           // evaluated once per document
	// documentByKind holds, per document kind, the document query over
	// the packages that can apply to that kind (nil: none).
	documentByKind map[string]*query
	mode           string
	overrides      *Overrides
	conftest       *conftestQuery
	// conftestPkgs are the team packages queried conftest-style.
	conftestPkgs map[string]bool

	// kinds, when set, are the document and container kinds the compiled
	// subset of the policies judges (WithKinds); full compiles them all,
	// once, for a document of another kind.
	kinds map[string]bool
	full  func() (*Engine, error)

	// idsMemo caches ruleIDs by query and kind (Checks).
	idsMemo sync.Map
	// keys caches the OPA values of document keys (toValue).
	keys keyCache

	revisionOnce sync.Once
	revision     string
	revisionOf   func() string
}

// query is one prepared query over several entrypoints.
type query struct {
	prepared rego.PreparedEvalQuery
	refs     []entryRef
}

type entryRef struct {
	pkg     string // "data.dockpol.container"
	name    string // "deny" | "warn"
	binding string
}

// Option configures New.
type Option func(*config)

type config struct {
	sources   []Source
	data      map[string]any
	mode      string
	caps      *ast.Capabilities
	print     bool
	overrides *Overrides
	conftest  *ConftestOptions
	kinds     []string
	// decidingOnly: WithDecidingRulesOnly.
	decidingOnly bool
}

// WithSource adds a set of Rego modules; later sources layer over earlier.
func WithSource(s Source) Option { return func(c *config) { c.sources = append(c.sources, s) } }

// WithConfigData makes data available to rules as data.dockpol.config.
func WithConfigData(d map[string]any) Option { return func(c *config) { c.data = d } }

// WithMode selects which per-mode action applies (ci, gate, audit).
func WithMode(m string) Option { return func(c *config) { c.mode = m } }

// WithCapabilities restricts the builtins policies may use.
func WithCapabilities(caps *ast.Capabilities) Option { return func(c *config) { c.caps = caps } }

// New compiles the sources and prepares the queries. It fails when a
// module does not compile or a queried entrypoint does not exist.
func New(ctx context.Context, opts ...Option) (*Engine, error) {
	cfg := config{mode: ModeCI}
	for _, o := range opts {
		o(&cfg)
	}
	return newFromConfig(ctx, cfg)
}

func newFromConfig(ctx context.Context, cfg config) (*Engine, error) {
	modules, data, err := layer(cfg.sources, false)
	if err != nil {
		return nil, err
	}
	if len(modules) == 0 {
		return nil, ErrNoPolicies
	}
	var conftestQ *conftestQuery
	var conftestParts []string
	conftestPkgs := map[string]bool{}
	if cfg.conftest != nil {
		reserved := map[string]bool{}
		for _, s := range cfg.sources {
			if s.Builtin {
				for _, r := range s.Roots {
					reserved[r] = true
				}
			}
		}
		isBuiltin := func(pkg string) bool {
			for r := range reserved {
				if rootsOverlap(packageRoot(pkg), r) {
					return true
				}
			}
			return false
		}
		var err error
		if conftestQ, conftestParts, conftestPkgs, err = planConftest(cfg.conftest, modules, isBuiltin); err != nil {
			return nil, err
		}
	}
	newCompiler := func() *ast.Compiler {
		c := ast.NewCompiler().WithEnablePrintStatements(cfg.print)
		if cfg.caps != nil {
			c = c.WithCapabilities(cfg.caps)
		}
		return c
	}
	compiler := newCompiler()
	// With WithKinds, the shipped packages that judge none of the kinds
	// are left out of the compilation (prune.go); whatever goes wrong
	// then, the whole set is compiled, as without it.
	pruned := false
	if len(cfg.kinds) > 0 {
		if subset, ok := pruneModules(modules, builtinModule(cfg.sources, modules), cfg.kinds); ok {
			if compiler.Compile(subset); !compiler.Failed() {
				pruned = true
			} else {
				compiler = newCompiler()
			}
		}
	}
	if !pruned {
		compiler.Compile(modules)
		if compiler.Failed() {
			return nil, compileError(compiler.Errors)
		}
	}
	annotations := compiler.GetAnnotationSet()
	if pruned {
		// the rules' METADATA comes from every module, compiled or not
		var errs ast.Errors
		if annotations, errs = ast.BuildAnnotationSet(sortedModules(modules)); len(errs) > 0 {
			return nil, compileError(errs)
		}
	}
	rules, err := collectRules(annotations)
	if err != nil {
		return nil, err
	}
	e := &Engine{compiler: compiler, rules: rules, mode: cfg.mode, overrides: cfg.overrides, conftestPkgs: conftestPkgs}
	if pruned {
		e.kinds = containerKindsFor(cfg.kinds)
		e.full = sync.OnceValues(func() (*Engine, error) {
			full := cfg
			full.kinds = nil
			return newFromConfig(context.WithoutCancel(ctx), full)
		})
	}
	e.revisionOf = func() string { return revisionOf(modules, data, cfg.data, cfg.overrides, cfg.mode) }

	store := inmem.NewFromObject(storeData(data, cfg.data))
	e.store = store

	containerRefs, documentRefs := e.entrypoints()
	if cfg.decidingOnly {
		containerRefs, documentRefs = e.deciding(containerRefs), e.deciding(documentRefs)
	}
	if e.container, err = prepare(ctx, compiler, store, containerRefs); err != nil {
		return nil, err
	}
	if e.document, err = prepare(ctx, compiler, store, documentRefs); err != nil {
		return nil, err
	}
	// Document packages that cannot apply to a kind (daemon rules on a
	// compose file) are left out of that kind's query.
	e.documentByKind = map[string]*query{}
	for _, kind := range documentKinds {
		refs := e.refsFor(kind, documentRefs)
		if len(refs) == len(documentRefs) {
			e.documentByKind[kind] = e.document
			continue
		}
		if e.documentByKind[kind], err = prepare(ctx, compiler, store, refs); err != nil {
			return nil, err
		}
	}
	if conftestQ != nil {
		if err := conftestQ.prepare(ctx, compiler, store, conftestParts); err != nil {
			return nil, err
		}
		e.conftest = conftestQ
	}
	return e, nil
}

// Revision identifies what the engine evaluates: a hash of its modules,
// data, configuration data, overrides and mode ("sha256:..." shortened to
// 12 hex digits). Two engines built from the same inputs share it.
func (e *Engine) Revision() string {
	e.revisionOnce.Do(func() { e.revision = e.revisionOf() })
	return e.revision
}

func revisionOf(modules map[string]*ast.Module, data, config map[string]any, o *Overrides, mode string) string {
	h := sha256.New()
	names := make([]string, 0, len(modules))
	for n := range modules {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(h, "%s\x00%s\x00", n, modules[n].String())
	}
	enc := json.NewEncoder(h)
	_ = enc.Encode(data)
	_ = enc.Encode(config)
	_ = enc.Encode(o)
	fmt.Fprint(h, mode)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:12]
}

// entrypoints lists every package's deny/warn rules, split by the input
// they take.
func (e *Engine) entrypoints() (container, document []entryRef) {
	pkgInput := packageInputs(e.compiler)
	seen := map[string]bool{}
	var pkgs []string
	for _, m := range e.compiler.Modules {
		p := m.Package.Path.String()
		if !seen[p] {
			seen[p] = true
			pkgs = append(pkgs, p)
		}
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		if e.conftestPkgs[strings.TrimPrefix(p, "data.")] {
			continue
		}
		for _, name := range entrypoints {
			ref := ast.MustParseRef(p + "." + name)
			if len(e.compiler.GetRulesExact(ref)) == 0 {
				continue
			}
			r := entryRef{pkg: p, name: name}
			if containerPackages[p] || pkgInput[p] == "container" {
				r.binding = fmt.Sprintf("c%d", len(container))
				container = append(container, r)
			} else {
				r.binding = fmt.Sprintf("d%d", len(document))
				document = append(document, r)
			}
		}
	}
	return container, document
}

// packageInputs reads package-scoped METADATA custom.input.
func packageInputs(c *ast.Compiler) map[string]string {
	out := map[string]string{}
	for _, ar := range c.GetAnnotationSet().Flatten() {
		a := ar.Annotations
		if a == nil || (a.Scope != "package" && a.Scope != "subpackages") {
			continue
		}
		if v, ok := a.Custom["input"].(string); ok {
			out[ar.Path.String()] = v
		}
	}
	return out
}

// prepare builds one query binding every entrypoint, after checking that
// each exists.
func prepare(ctx context.Context, c *ast.Compiler, store storage.Store, refs []entryRef) (*query, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	var parts []string
	for _, r := range refs {
		ref := ast.MustParseRef(r.pkg + "." + r.name)
		if len(c.GetRulesExact(ref)) == 0 {
			return nil, fmt.Errorf("%w: %s", ErrMissingEntrypoint, ref)
		}
		parts = append(parts, fmt.Sprintf("%s := %s", r.binding, ref))
	}
	body, err := ast.ParseBody(strings.Join(parts, "; "))
	if err != nil {
		return nil, fmt.Errorf("build query: %w", err)
	}
	pq, err := rego.New(
		rego.Compiler(c),
		rego.Store(store),
		rego.ParsedQuery(body),
	).PrepareForEval(ctx)
	if err != nil {
		return nil, fmt.Errorf("prepare query: %w", err)
	}
	return &query{prepared: pq, refs: refs}, nil
}

// Rules returns the loaded rules' metadata, sorted by id.
func (e *Engine) Rules() []*Rule {
	out := make([]*Rule, 0, len(e.rules))
	for _, r := range e.rules {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Rule returns a rule's metadata by id.
func (e *Engine) Rule(id string) (*Rule, bool) {
	r, ok := e.rules[id]
	return r, ok
}

// Evaluate checks one document: container entrypoints once per container,
// document entrypoints once for the whole document.
func (e *Engine) Evaluate(ctx context.Context, doc *inputs.Document) ([]Finding, error) {
	if e.kinds != nil && !e.judges(doc) {
		full, err := e.full()
		if err != nil {
			return nil, err
		}
		return full.Evaluate(ctx, doc)
	}
	val, err := toValue(doc.Value, &e.keys)
	if err != nil {
		return nil, fmt.Errorf("convert document: %w", err)
	}
	obj, ok := val.(ast.Object)
	if !ok {
		return nil, fmt.Errorf("%w: document is not an object", ErrBadResult)
	}
	kind := doc.Kind()
	st, err := e.newEvalState(ctx)
	if err != nil {
		return nil, err
	}
	defer e.closeEvalState(ctx, st)
	var findings []Finding
	docQuery, known := e.documentByKind[kind]
	if !known {
		docQuery = e.document
	}
	if docQuery != nil {
		fs, err := e.eval(ctx, st, docQuery, obj, doc, kind, -1, "")
		if err != nil {
			return nil, err
		}
		findings = append(findings, fs...)
	}
	if e.container != nil {
		var containers *ast.Array
		if t := obj.Get(ast.StringTerm("containers")); t != nil {
			// a daemon document has no containers key
			containers, _ = t.Value.(*ast.Array)
		}
		if containers != nil && containers.Len() > 0 {
			summary := documentSummary(obj)
			var imageSummary *ast.Term
			names := doc.Containers()
			for i := 0; i < containers.Len(); i++ {
				// The container view of an image (a Dockerfile's final
				// stage) is judged as kind image, whatever document it
				// comes from: container rules list "image" in their kinds
				// to judge its unset fields.
				ckind, csummary := kind, summary
				if i < len(names) && inputs.ContainerKind(kind, names[i]) == inputs.KindImage && kind != inputs.KindImage {
					if imageSummary == nil {
						imageSummary = withKind(summary, inputs.KindImage)
					}
					ckind, csummary = inputs.KindImage, imageSummary
				}
				in := ast.NewObject(
					[2]*ast.Term{ast.StringTerm("container"), containers.Elem(i)},
					[2]*ast.Term{ast.StringTerm("document"), csummary},
				)
				name := ""
				if i < len(names) {
					name, _ = names[i]["name"].(string)
				}
				fs, err := e.eval(ctx, st, e.container, in, doc, ckind, i, name)
				if err != nil {
					return nil, err
				}
				findings = append(findings, fs...)
			}
		}
	}
	if e.conftest != nil {
		for _, raw := range doc.Raw {
			fs, err := e.evalConftest(ctx, RawInput{Path: raw.Path, Value: raw.Value})
			if err != nil {
				return nil, err
			}
			findings = append(findings, fs...)
		}
	}
	findings = e.overrides.apply(findings, e.mode, inlineWaivers(doc))
	for i := range findings {
		findings[i].Input = doc.Path
	}
	SortFindings(findings)
	return findings, nil
}

// judges reports whether the compiled subset covers doc: its kind and
// its containers' kinds are among those the engine was built for.
func (e *Engine) judges(doc *inputs.Document) bool {
	kind := doc.Kind()
	if !e.kinds[kind] {
		return false
	}
	for _, c := range doc.Containers() {
		if !e.kinds[inputs.ContainerKind(kind, c)] {
			return false
		}
	}
	return true
}

// documentSummary is the document without its containers: what a
// container rule sees as input.document.
func documentSummary(doc ast.Object) *ast.Term {
	var kvs [][2]*ast.Term
	doc.Foreach(func(k, v *ast.Term) {
		if s, ok := k.Value.(ast.String); ok && s == "containers" {
			return
		}
		kvs = append(kvs, [2]*ast.Term{k, v})
	})
	return ast.NewTerm(ast.NewObject(kvs...))
}

// withKind returns a copy of a document summary with another kind.
func withKind(summary *ast.Term, kind string) *ast.Term {
	obj, ok := summary.Value.(ast.Object)
	if !ok {
		return summary
	}
	var kvs [][2]*ast.Term
	obj.Foreach(func(k, v *ast.Term) {
		if s, ok := k.Value.(ast.String); ok && s == "kind" {
			v = ast.StringTerm(kind)
		}
		kvs = append(kvs, [2]*ast.Term{k, v})
	})
	return ast.NewTerm(ast.NewObject(kvs...))
}

// evalState is what the queries of one document share: one cancellation
// flag, set when ctx ends (OPA would otherwise start a goroutine per
// query to watch ctx), one read transaction on the store, and no metrics.
type evalState struct {
	stop func() bool
	txn  storage.Transaction
	opts []rego.EvalOption
}

func (e *Engine) newEvalState(ctx context.Context) (*evalState, error) {
	cancel := topdown.NewCancel()
	txn, err := e.store.NewTransaction(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	return &evalState{
		stop: context.AfterFunc(ctx, cancel.Cancel),
		txn:  txn,
		opts: []rego.EvalOption{rego.EvalExternalCancel(cancel), rego.EvalTransaction(txn),
			rego.EvalMetrics(noMetrics), rego.EvalGenerateJSON(astResult), nil},
	}, nil
}

func (e *Engine) closeEvalState(ctx context.Context, st *evalState) {
	st.stop()
	e.store.Abort(ctx, st.txn) // a read transaction: this releases it
}

// noMetrics spares each evaluation a fresh metrics registry.
var noMetrics = metrics.NoOp()

func (e *Engine) eval(ctx context.Context, st *evalState, q *query, in ast.Value, doc *inputs.Document, kind string, idx int, container string) ([]Finding, error) {
	// OPA only notices cancellation now and then; a cancelled or expired
	// evaluation must never pass as "no findings".
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	st.opts[len(st.opts)-1] = rego.EvalParsedInput(in)
	rs, err := q.prepared.Eval(ctx, st.opts...)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	if len(rs) != 1 {
		return nil, fmt.Errorf("%w: query returned %d results", ErrMissingEntrypoint, len(rs))
	}
	var out []Finding
	for _, r := range q.refs {
		v, ok := rs[0].Bindings[r.binding]
		if !ok {
			return nil, fmt.Errorf("%w: %s.%s returned nothing", ErrMissingEntrypoint, r.pkg, r.name)
		}
		items, ok := v.(ast.Set)
		if !ok {
			return nil, fmt.Errorf("%w: %s.%s is not a set", ErrBadResult, r.pkg, r.name)
		}
		err := items.Iter(func(t *ast.Term) error {
			item, err := resultItem(t.Value)
			if err != nil {
				return err
			}
			f, err := e.finding(r, item, doc, kind, idx, container)
			if err != nil {
				return err
			}
			if f != nil {
				out = append(out, *f)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// astResult keeps query results as OPA values: the findings are read
// from them directly (resultItem) instead of converting every binding to
// Go maps first.
func astResult(t *ast.Term, _ *rego.EvalContext) (any, error) { return t.Value, nil }

// resultItem converts one element of an entrypoint's set to the Go value
// finding reads: a string, or a map of the keys it uses (id, msg, path);
// anything else as OPA's JSON conversion gives it.
func resultItem(v ast.Value) (any, error) {
	switch x := v.(type) {
	case ast.String:
		return string(x), nil
	case ast.Object:
		m := make(map[string]any, 3)
		for _, k := range [...]string{"id", "msg", "path"} {
			t := x.Get(ast.InternedTerm(k))
			if t == nil {
				continue
			}
			if s, ok := t.Value.(ast.String); ok {
				m[k] = string(s)
				continue
			}
			j, err := ast.JSON(t.Value)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrBadResult, err)
			}
			m[k] = j
		}
		return m, nil
	}
	j, err := ast.JSON(v)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadResult, err)
	}
	return j, nil
}

// finding joins one rule result with its METADATA and position.
func (e *Engine) finding(r entryRef, item any, doc *inputs.Document, kind string, idx int, container string) (*Finding, error) {
	var id, msg string
	var path any
	switch v := item.(type) {
	case string: // conftest style: a bare message
		msg = v
	case map[string]any:
		id, _ = v["id"].(string)
		msg, _ = v["msg"].(string)
		path = v["path"]
	default:
		return nil, fmt.Errorf("%w: %s.%s returned %T", ErrBadResult, r.pkg, r.name, item)
	}
	if id == "" {
		id = strings.TrimPrefix(r.pkg, "data.") + "." + r.name
	}
	rule := e.rules[id]
	if rule != nil && !rule.AppliesTo(kind) {
		return nil, nil
	}
	f := &Finding{
		ContainerIndex: idx,
		ID:             id,
		Message:        msg,
		Kind:           kind,
		Container:      container,
		Action:         r.name,
		Severity:       "medium",
		Package:        strings.TrimPrefix(r.pkg, "data."),
	}
	if rule != nil {
		f.Title = rule.Title
		f.Severity = rule.Severity
		f.Action = rule.ActionFor(e.mode, r.name)
		f.Remediation = rule.Remediation
		f.RelatedResources = rule.RelatedResources
	}
	base := ""
	if idx >= 0 {
		base = inputs.JoinPath("containers", idx)
	}
	f.Path = pathString(base, path)
	pos, ok := doc.Provenance.Lookup(f.Path)
	if !ok || pos.File == "" {
		pos = inputs.Position{File: doc.Path}
	}
	f.File, f.Line, f.Col = pos.File, pos.Line, pos.Col
	if idx >= 0 {
		if cs := doc.Containers(); idx < len(cs) {
			if img, ok := cs[idx]["image"].(map[string]any); ok {
				f.Image, _ = img["ref"].(string)
			}
		}
	}
	if req, ok := doc.Value["request"].(map[string]any); ok {
		f.User, _ = req["user"].(string)
	}
	f.Fingerprint = fingerprint(*f)
	return f, nil
}

// pathString renders a rule's path (an array of segments, or a string)
// under base.
func pathString(base string, path any) string {
	switch p := path.(type) {
	case []any:
		segs := make([]any, 0, len(p))
		for _, s := range p {
			if n, ok := s.(json.Number); ok {
				if i, err := n.Int64(); err == nil {
					segs = append(segs, int(i))
					continue
				}
			}
			segs = append(segs, s)
		}
		return inputs.JoinPath(base, segs...)
	case string:
		if p == "" {
			return base
		}
		if base == "" {
			return p
		}
		if strings.HasPrefix(p, "[") {
			return base + p
		}
		return base + "." + p
	}
	return base
}

// WantsRaw reports whether conftest-style packages are loaded: documents
// then need their files as conftest parses them (inputs.Document.Raw).
func (e *Engine) WantsRaw() bool { return e.conftest != nil }

// documentKinds are the document kinds with a query of their own.
var documentKinds = []string{"compose", "container", "image", "daemon", "dockerfile", "request"}

// refsFor keeps the entrypoints that may give findings for a document of
// kind: those with a rule that lists the kind in custom.kinds, lists no
// kinds, or has no METADATA id (team and conftest rules).
func (e *Engine) refsFor(kind string, refs []entryRef) []entryRef {
	var out []entryRef
	for _, r := range refs {
		for _, rule := range e.compiler.GetRulesExact(ast.MustParseRef(r.pkg + "." + r.name)) {
			if ruleAppliesTo(rule, kind) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

func ruleAppliesTo(rule *ast.Rule, kind string) bool {
	for _, a := range rule.Annotations {
		if a.Scope != "rule" {
			continue
		}
		if _, ok := a.Custom["id"].(string); !ok {
			return true
		}
		kinds, ok := a.Custom["kinds"].([]any)
		if !ok || len(kinds) == 0 {
			return true
		}
		for _, k := range kinds {
			if k == kind {
				return true
			}
		}
		return false
	}
	return true
}
