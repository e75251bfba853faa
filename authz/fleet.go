package authz

// Fleet mode: policies and decision logs through OPA's own management
// machinery, configured with a standard OPA configuration file. OPA's
// plugin manager (v1/plugins) runs its bundle plugin (download, polling,
// signature verification, activation into the manager's store) and its
// decision-log plugin (buffering, masking, upload); dockpol listens to
// bundle activations, rebuilds its engine from the activated bundles
// layered over the shipped rules, and swaps it into the Decider. Until
// every configured bundle is active the Decider has no policy and denies.
//
// OPA's sdk.Decision is not used: it converts the input on every call and
// evaluates one query, where dockpol prepares one query per input class
// and evaluates containers one by one.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/logging"
	"github.com/open-policy-agent/opa/v1/plugins"
	bundleplugin "github.com/open-policy-agent/opa/v1/plugins/bundle"
	"github.com/open-policy-agent/opa/v1/plugins/discovery"
	"github.com/open-policy-agent/opa/v1/plugins/logs"
	"github.com/open-policy-agent/opa/v1/server"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"

	"github.com/dockpol/dockpol/engine"
)

// ErrNoBundle says a configured bundle has not been activated yet: there
// is nothing to build a policy from.
var ErrNoBundle = errors.New("bundle not active yet")

// FleetDecisionPath is the decision path dockpol's decisions carry in
// OPA decision logs.
const FleetDecisionPath = "dockpol/authz"

// baseBundleName names the shipped rules in OPA's store. They are there
// so that OPA's own activation compiles a team bundle that calls
// data.dockpol.lib; dockpol takes them from its own copy.
const baseBundleName = "dockpol-shipped"

// FleetBuilder compiles a policy from the active bundles: their modules,
// data and roots as one source, and their revision ("" when no bundle
// names one; the builder then supplies a content hash).
type FleetBuilder func(ctx context.Context, bundles engine.Source, revision string) (*Policy, error)

// FleetOptions configure NewFleet.
type FleetOptions struct {
	// Config is an OPA configuration file (YAML or JSON): services,
	// bundles, keys, decision_logs, status, persistence_directory.
	Config []byte
	// ID identifies this instance in decision logs and status reports
	// (default: a random UUID).
	ID string
	// Base is loaded into OPA's store beside the bundles, so that OPA's
	// activation compiles bundles that use its packages, and reserves its
	// roots there as dockpol does. Nil leaves the bundles on their own.
	Base *engine.Source
	// RegoV0 reads bundles whose manifest names no rego_version as Rego
	// v0.
	RegoV0 bool
	// Build compiles a policy from the bundles (required).
	Build FleetBuilder
	// Logger receives OPA's plugin logs and dockpol's fleet events.
	Logger *slog.Logger
	// LogQueue is the number of decisions waiting for the decision-log
	// plugin (default DefaultLogQueue); more are dropped and counted.
	LogQueue int
}

// Fleet runs OPA's plugin manager for one Server.
type Fleet struct {
	manager *plugins.Manager
	bundles *bundleplugin.Plugin
	build   FleetBuilder
	hasBase bool
	logger  *slog.Logger
	srv     *Server

	kick    chan struct{}
	queue   chan logItem
	dropped atomic.Uint64
	active  atomic.Pointer[activeBundles]

	mu        sync.Mutex // guards activated, failed, closed
	activated map[string]activation
	failed    string // digest of bundles that did not build
	closed    bool
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// activeBundles are the bundle revisions behind a policy revision.
type activeBundles struct {
	revision string
	bundles  map[string]server.BundleInfo
	digest   string
}

type logItem struct {
	rec   Record
	flush chan struct{}
}

// NewFleet parses the OPA configuration and sets up OPA's plugin manager
// with the bundle, decision-log and status plugins it configures; Start
// runs them. Discovery and the legacy single "bundle" section are
// refused: dockpol must know the bundles it waits for.
func NewFleet(o FleetOptions) (*Fleet, error) {
	if o.Build == nil {
		return nil, errors.New("fleet: no policy builder")
	}
	if o.ID == "" {
		o.ID = uuid.NewString()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.LogQueue <= 0 {
		o.LogQueue = DefaultLogQueue
	}
	popts := ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true}
	if o.RegoV0 {
		popts.RegoVersion = ast.RegoV0
	}
	opaLog := &opaLogger{l: o.Logger}
	mopts := []func(*plugins.Manager){
		plugins.Logger(opaLog),
		plugins.ConsoleLogger(opaLog),
		plugins.WithParserOptions(popts),
	}
	if o.Base != nil {
		b, err := baseBundle(*o.Base)
		if err != nil {
			return nil, err
		}
		mopts = append(mopts, plugins.InitBundles(map[string]*bundle.Bundle{baseBundleName: b}))
	}
	m, err := plugins.New(o.Config, o.ID, inmem.New(), mopts...)
	if err != nil {
		return nil, fmt.Errorf("opa configuration: %w", err)
	}
	f := &Fleet{
		manager:   m,
		build:     o.Build,
		hasBase:   o.Base != nil,
		logger:    o.Logger,
		kick:      make(chan struct{}, 1),
		queue:     make(chan logItem, o.LogQueue),
		activated: map[string]activation{},
	}
	fail := func(err error) (*Fleet, error) {
		m.Stop(context.Background())
		return nil, err
	}
	for _, w := range m.Config.Warnings {
		o.Logger.Warn("opa configuration", "warning", w)
	}
	switch {
	case len(m.Config.Discovery) > 0:
		return fail(errors.New("opa configuration: discovery is not supported in fleet mode; list the bundles under \"bundles\""))
	case len(m.Config.Bundle) > 0:
		return fail(errors.New("opa configuration: the legacy \"bundle\" section is not supported; use \"bundles\""))
	case len(m.Config.Plugins) > 0:
		return fail(errors.New("opa configuration: custom plugins are not supported in fleet mode"))
	}
	disco, err := discovery.New(m)
	if err != nil {
		return fail(fmt.Errorf("opa configuration: %w", err))
	}
	m.Register(discovery.Name, disco)
	f.bundles = bundleplugin.Lookup(m)
	if f.bundles == nil || len(f.bundles.Config().Bundles) == 0 {
		return fail(errors.New("opa configuration: no bundles: fleet mode needs at least one under \"bundles\""))
	}
	for name, src := range f.bundles.Config().Bundles {
		if name == baseBundleName {
			return fail(fmt.Errorf("opa configuration: bundle name %q is reserved for the shipped rules", name))
		}
		if src.Signing == nil {
			o.Logger.Warn("fleet: bundle signatures are not required; add a signing section to verify them", "bundle", name)
		}
	}
	f.bundles.Register(f, f.onStatus)
	return f, nil
}

// Start makes srv build its policies from the fleet's bundles and send
// its decisions to the decision-log plugin, and starts OPA's plugins.
// Call it before srv serves. The first policy arrives with the first
// activation (or at once, from bundles OPA persisted on disk).
func (f *Fleet) Start(ctx context.Context, srv *Server) error {
	f.srv = srv
	srv.reloadMu.Lock()
	srv.build = f.policy
	srv.reloadMu.Unlock()
	srv.decisionHooks = append(srv.decisionHooks, f.logDecision)

	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	f.mu.Lock()
	f.cancel = cancel
	f.mu.Unlock()
	f.wg.Add(2)
	go f.rebuildLoop(wctx)
	// The log loop ends when Stop closes the queue, after draining it.
	go f.logLoop(context.WithoutCancel(ctx))
	if err := f.manager.Start(ctx); err != nil {
		return fmt.Errorf("start opa plugins: %w", err)
	}
	// Bundles persisted by an earlier run activate inside Start, without
	// a status notification.
	f.trigger()
	return nil
}

// Stop sends the queued decisions to the decision-log plugin, then stops
// OPA's plugins (the decision-log plugin uploads what it holds).
func (f *Fleet) Stop(ctx context.Context) {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return
	}
	f.closed = true
	close(f.queue)
	cancel := f.cancel
	f.mu.Unlock()
	if cancel != nil {
		cancel()
		done := make(chan struct{})
		go func() { f.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-ctx.Done():
		}
	}
	f.manager.Stop(ctx)
}

// Trigger asks every bundle source for an update now (bundles configured
// with trigger: manual download only then).
func (f *Fleet) Trigger(ctx context.Context) error {
	if err := f.bundles.Trigger(ctx); err != nil {
		return fmt.Errorf("trigger bundle download: %w", err)
	}
	return nil
}

// Flush hands every queued decision to the decision-log plugin and asks
// it to upload now.
func (f *Fleet) Flush(ctx context.Context) error {
	done := make(chan struct{})
	// Sent under the lock, so Stop cannot close the queue meanwhile;
	// logLoop drains it without the lock.
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return errors.New("fleet stopped")
	}
	select {
	case f.queue <- logItem{flush: done}:
	case <-ctx.Done():
		f.mu.Unlock()
		return ctx.Err()
	}
	f.mu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if lp := logs.Lookup(f.manager); lp != nil {
		if err := lp.Trigger(ctx); err != nil {
			return fmt.Errorf("upload decision logs: %w", err)
		}
	}
	return nil
}

// LogsDropped is the number of decisions that never reached the
// decision-log plugin (queue full, or the plugin refused them).
func (f *Fleet) LogsDropped() uint64 { return f.dropped.Load() }

// onStatus is the bundle plugin's listener, called after every download
// attempt of a bundle.
func (f *Fleet) onStatus(s bundleplugin.Status) {
	if len(s.Errors) > 0 || s.Code != "" {
		f.logger.Warn("fleet: bundle update rejected; the active policy stays",
			"bundle", s.Name, "code", s.Code, "error", s.Message, "http_code", string(s.HTTPCode))
		return
	}
	if s.LastSuccessfulActivation.IsZero() {
		return
	}
	f.mu.Lock()
	prev := f.activated[s.Name]
	f.activated[s.Name] = activation{at: s.LastSuccessfulActivation, revision: s.ActiveRevision}
	f.mu.Unlock()
	if prev.at.Equal(s.LastSuccessfulActivation) {
		return // not modified
	}
	if prev.revision != s.ActiveRevision || prev.at.IsZero() {
		f.logger.Info("fleet: bundle activated", "bundle", s.Name, "revision", s.ActiveRevision)
	} else {
		// A server without ETags sends the bundle again on every poll.
		f.logger.Debug("fleet: bundle activated again", "bundle", s.Name, "revision", s.ActiveRevision)
	}
	f.trigger()
}

// activation is a bundle's last activation the listener saw.
type activation struct {
	at       time.Time
	revision string
}

func (f *Fleet) trigger() {
	select {
	case f.kick <- struct{}{}:
	default: // a rebuild is pending already and will see this activation
	}
}

// rebuildLoop rebuilds the policy after activations, one at a time,
// outside the bundle plugin's lock.
func (f *Fleet) rebuildLoop(ctx context.Context) {
	defer f.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.kick:
			snap, err := f.snapshot(ctx)
			if err != nil {
				f.logger.Debug("fleet: no policy yet", "reason", err)
				continue
			}
			f.mu.Lock()
			failed := f.failed
			f.mu.Unlock()
			if a := f.active.Load(); (a != nil && a.digest == snap.digest) || failed == snap.digest {
				// Served again without an ETag, or known not to build.
				f.logger.Debug("fleet: bundles unchanged; no rebuild", "revision", snap.revision)
				continue
			}
			// Reload logs and counts a failure; the active policy stays.
			if err := f.srv.Reload(ctx); err != nil {
				f.mu.Lock()
				f.failed = snap.digest
				f.mu.Unlock()
			}
		}
	}
}

// policy is the Server's Builder in fleet mode.
func (f *Fleet) policy(ctx context.Context) (*Policy, error) {
	snap, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	rev := snap.revision
	p, err := f.build(ctx, snap.src, rev)
	if err != nil {
		if rev != "" {
			return nil, fmt.Errorf("bundle revision %s: %w", rev, err)
		}
		return nil, err
	}
	if rev != "" {
		p.Revision = rev
	}
	f.active.Store(&activeBundles{revision: p.Revision, bundles: snap.bundles, digest: snap.digest})
	return p, nil
}

// snapshot is what the active bundles hold.
type snapshot struct {
	src      engine.Source
	revision string
	bundles  map[string]server.BundleInfo
	// digest identifies the content: OPA re-activates a bundle the
	// server sends again (no ETag), which needs no rebuild.
	digest string
}

// snapshot reads the active bundles from OPA's store: every configured
// bundle must be active (ErrNoBundle otherwise).
func (f *Fleet) snapshot(ctx context.Context) (snapshot, error) {
	store := f.manager.Store
	txn, err := store.NewTransaction(ctx)
	if err != nil {
		return snapshot{}, fmt.Errorf("read opa store: %w", err)
	}
	defer store.Abort(ctx, txn)

	inStore := map[string]bool{}
	names, err := bundle.ReadBundleNamesFromStore(ctx, store, txn)
	if err != nil && !storage.IsNotFound(err) {
		return snapshot{}, fmt.Errorf("read active bundles: %w", err)
	}
	for _, n := range names {
		inStore[n] = true
	}
	var configured, missing []string
	for n := range f.bundles.Config().Bundles {
		configured = append(configured, n)
		if !inStore[n] {
			missing = append(missing, n)
		}
	}
	sort.Strings(configured)
	sort.Strings(missing)
	if len(missing) > 0 {
		return snapshot{}, fmt.Errorf("%w: %s", ErrNoBundle, strings.Join(missing, ", "))
	}

	src := engine.Source{Name: "bundle " + strings.Join(configured, ","), Modules: map[string]*ast.Module{}, Data: map[string]any{}}
	infos := map[string]server.BundleInfo{}
	var revs []string
	anyRev := false
	for _, n := range configured {
		rev, err := bundle.ReadBundleRevisionFromStore(ctx, store, txn, n)
		if err != nil && !storage.IsNotFound(err) {
			return snapshot{}, fmt.Errorf("bundle %s: read revision: %w", n, err)
		}
		infos[n] = server.BundleInfo{Revision: rev}
		anyRev = anyRev || rev != ""
		revs = append(revs, n+"@"+rev)
		roots, err := bundle.ReadBundleRootsFromStore(ctx, store, txn, n)
		if err != nil {
			return snapshot{}, fmt.Errorf("bundle %s: read roots: %w", n, err)
		}
		src.Roots = append(src.Roots, roots...)
		for _, root := range roots {
			if err := readRoot(ctx, store, txn, root, src.Data); err != nil {
				return snapshot{}, fmt.Errorf("bundle %s: read data under %q: %w", n, root, err)
			}
		}
	}
	ids, err := store.ListPolicies(ctx, txn)
	if err != nil {
		return snapshot{}, fmt.Errorf("read bundle policies: %w", err)
	}
	sort.Strings(ids)
	h := sha256.New()
	fmt.Fprintf(h, "%q\x00%q\x00", revs, src.Roots)
	for _, id := range ids {
		if f.hasBase && strings.HasPrefix(id, baseBundleName+"/") {
			continue // dockpol compiles its own copy
		}
		raw, err := store.GetPolicy(ctx, txn, id)
		if err != nil {
			return snapshot{}, fmt.Errorf("read policy %s: %w", id, err)
		}
		popts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: f.regoVersion(ctx, txn, id)}
		m, err := ast.ParseModuleWithOpts(id, string(raw), popts)
		if err != nil {
			return snapshot{}, fmt.Errorf("parse policy %s: %w", id, err)
		}
		src.Modules[id] = m
		fmt.Fprintf(h, "%s\x00%d\x00%s\x00", id, popts.RegoVersion.Int(), raw)
	}
	if err := json.NewEncoder(h).Encode(src.Data); err != nil {
		return snapshot{}, fmt.Errorf("read bundle data: %w", err)
	}
	rev := ""
	switch {
	case !anyRev:
	case len(configured) == 1:
		rev = infos[configured[0]].Revision
	default:
		rev = strings.Join(revs, ",")
	}
	return snapshot{src: src, revision: rev, bundles: infos, digest: hex.EncodeToString(h.Sum(nil))}, nil
}

// regoVersion is the Rego version OPA recorded for a module, else the
// manager's.
func (f *Fleet) regoVersion(ctx context.Context, txn storage.Transaction, id string) ast.RegoVersion {
	def := f.manager.ParserOptions().RegoVersion
	v, err := f.manager.Store.Read(ctx, txn, storage.Path{"system", "modules", strings.Trim(id, "/"), "rego_version"})
	if err != nil {
		return def
	}
	var n int64
	switch x := v.(type) {
	case json.Number:
		if n, err = x.Int64(); err != nil {
			return def
		}
	case ast.Value:
		num, ok := x.(ast.Number)
		if !ok {
			return def
		}
		if n, ok = num.Int64(); !ok {
			return def
		}
	default:
		return def
	}
	rv, err := ast.RegoVersionFromIntStrict(int(n))
	if err != nil {
		return def
	}
	return rv
}

// readRoot copies the data under one bundle root into out.
func readRoot(ctx context.Context, store storage.Store, txn storage.Transaction, root string, out map[string]any) error {
	path, ok := storage.ParsePathEscaped("/" + strings.Trim(root, "/"))
	if !ok {
		return fmt.Errorf("invalid root")
	}
	v, err := store.Read(ctx, txn, path)
	if storage.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if av, ok := v.(ast.Value); ok {
		if v, err = ast.JSON(av); err != nil {
			return err
		}
	}
	// A copy: the engine merges into what it is given, and this is the
	// store's own value.
	bs, err := json.Marshal(v)
	if err != nil {
		return err
	}
	var cp any
	if err := util.UnmarshalJSON(bs, &cp); err != nil {
		return err
	}
	if len(path) == 0 {
		m, ok := cp.(map[string]any)
		if !ok {
			return fmt.Errorf("data is not an object")
		}
		for k, v := range m {
			if k != "system" {
				out[k] = v
			}
		}
		return nil
	}
	node := out
	for _, seg := range path[:len(path)-1] {
		next, ok := node[seg].(map[string]any)
		if !ok {
			next = map[string]any{}
			node[seg] = next
		}
		node = next
	}
	node[path[len(path)-1]] = cp
	return nil
}

// baseBundle turns a source (the shipped rules) into a bundle for OPA's
// store: its modules without tests, its roots.
func baseBundle(src engine.Source) (*bundle.Bundle, error) {
	if src.FS == nil {
		return nil, fmt.Errorf("base policies %s: no file system", src.Name)
	}
	dl, err := bundle.NewFSLoader(src.FS)
	if err != nil {
		return nil, fmt.Errorf("base policies %s: %w", src.Name, err)
	}
	dl = dl.WithFilter(func(_ string, info fs.FileInfo, _ int) bool {
		return !info.IsDir() && strings.HasSuffix(info.Name(), "_test.rego")
	})
	b, err := bundle.NewCustomReader(dl).
		WithSkipBundleVerification(true).
		WithProcessAnnotations(true).
		WithRegoVersion(ast.RegoV1).
		WithBundleName(baseBundleName).
		Read()
	if err != nil {
		return nil, fmt.Errorf("base policies %s: %w", src.Name, err)
	}
	if len(src.Roots) > 0 {
		roots := append([]string(nil), src.Roots...)
		b.Manifest.Roots = &roots
	}
	return &b, nil
}

// logDecision is the Server's decision hook: it queues the record for the
// decision-log plugin and never blocks.
func (f *Fleet) logDecision(_ context.Context, rec Record) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		f.dropped.Add(1)
		return
	}
	select {
	case f.queue <- logItem{rec: rec}:
	default:
		f.dropped.Add(1)
	}
}

func (f *Fleet) logLoop(ctx context.Context) {
	defer f.wg.Done()
	for item := range f.queue {
		if item.flush != nil {
			close(item.flush)
			continue
		}
		lp := logs.Lookup(f.manager)
		if lp == nil {
			continue // no decision_logs section
		}
		if err := lp.Log(ctx, f.info(item.rec)); err != nil {
			f.dropped.Add(1)
			f.logger.Debug("fleet: decision log refused", "decision_id", item.rec.ID, "error", err)
		}
	}
}

// info is the decision as OPA's decision log carries it. The input is a
// summary of the request (no body, no headers, no environment, no query);
// the result is the decision with its findings, whose messages name
// variables but never hold their values.
func (f *Fleet) info(rec Record) *server.Info {
	var input any = map[string]any{
		"method":      rec.Method,
		"path":        rec.Path,
		"api_version": rec.APIVersion,
		"endpoint":    rec.Endpoint,
		"user":        rec.User,
		"auth_method": rec.AuthMethod,
	}
	findings := make([]any, 0, len(rec.Findings))
	for _, fd := range rec.Findings {
		findings = append(findings, map[string]any{
			"id": fd.ID, "action": fd.Action, "severity": fd.Severity,
			"container": fd.Container, "message": fd.Message, "waived": fd.Waived,
		})
	}
	var result any = map[string]any{
		"allow":           rec.Allow,
		"audit":           rec.Audit,
		"would_deny":      rec.WouldDeny,
		"failed":          rec.Failed,
		"reason":          rec.Reason,
		"findings":        findings,
		"policy_revision": rec.Revision,
		"latency_ms":      rec.LatencyMS,
	}
	info := &server.Info{
		DecisionID: rec.ID,
		Path:       FleetDecisionPath,
		Timestamp:  rec.Time,
		Input:      &input,
		Results:    &result,
	}
	if a := f.active.Load(); a != nil && a.revision == rec.Revision {
		info.Bundles = a.bundles
	}
	return info
}

// opaLogger hands OPA's plugin logs to slog; the slog handler's level
// decides what is written.
type opaLogger struct {
	l      *slog.Logger
	fields []any
}

func (o *opaLogger) log(lvl slog.Level, format string, a ...any) {
	if !o.l.Enabled(context.Background(), lvl) {
		return
	}
	o.l.Log(context.Background(), lvl, "opa: "+fmt.Sprintf(format, a...), o.fields...)
}

func (o *opaLogger) Debug(format string, a ...any) { o.log(slog.LevelDebug, format, a...) }
func (o *opaLogger) Info(format string, a ...any)  { o.log(slog.LevelInfo, format, a...) }
func (o *opaLogger) Warn(format string, a ...any)  { o.log(slog.LevelWarn, format, a...) }
func (o *opaLogger) Error(format string, a ...any) { o.log(slog.LevelError, format, a...) }

func (o *opaLogger) WithFields(fields map[string]any) logging.Logger {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	n := &opaLogger{l: o.l, fields: append([]any(nil), o.fields...)}
	for _, k := range keys {
		n.fields = append(n.fields, k, fields[k])
	}
	return n
}

func (o *opaLogger) GetLevel() logging.Level {
	switch {
	case o.l.Enabled(context.Background(), slog.LevelDebug):
		return logging.Debug
	case o.l.Enabled(context.Background(), slog.LevelInfo):
		return logging.Info
	case o.l.Enabled(context.Background(), slog.LevelWarn):
		return logging.Warn
	}
	return logging.Error
}

// SetLevel is ignored: the slog handler's level rules.
func (o *opaLogger) SetLevel(logging.Level) {}
