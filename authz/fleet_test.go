package authz_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/request"
)

// teamRule is the fleet's policy in every test bundle: a container rule
// that denies images on the bundle's block list (data.team.blocked). It
// uses the shipped helpers, as team rules do.
var teamRule = mustRead("testdata/fleet/team/gate.rego")

func mustRead(p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		panic(err)
	}
	return b
}

// signer signs a test bundle: an algorithm, the private key (or HMAC
// secret) and the key id.
type signer struct{ alg, key, keyID string }

// makeBundle builds a bundle of teamRule with a block list, signed when s
// is set.
func makeBundle(t *testing.T, revision string, blocked []string, s *signer) []byte {
	t.Helper()
	m, err := ast.ParseModuleWithOpts("/team/gate.rego", string(teamRule), ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
	if err != nil {
		t.Fatal(err)
	}
	list := make([]any, 0, len(blocked))
	for _, b := range blocked {
		list = append(list, b)
	}
	roots := []string{"team"}
	b := bundle.Bundle{
		Manifest: bundle.Manifest{Revision: revision, Roots: &roots},
		Data:     map[string]any{"team": map[string]any{"blocked": list}},
		Modules:  []bundle.ModuleFile{{URL: "/team/gate.rego", Path: "/team/gate.rego", Raw: teamRule, Parsed: m}},
	}
	b.Manifest.SetRegoVersion(ast.RegoV1)
	if s != nil {
		if err := b.GenerateSignature(bundle.NewSigningConfig(s.key, s.alg, ""), s.keyID, false); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := bundle.NewWriter(&buf).Write(b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bundleServer serves one bundle at /bundles/team.tar.gz (replaceable)
// and records decision-log uploads to /logs.
type bundleServer struct {
	*httptest.Server
	mu       sync.Mutex
	bundle   []byte
	fetches  atomic.Int64
	uploads  [][]byte // decompressed /logs bodies
	logPosts atomic.Int64
}

func newBundleServer(t *testing.T) *bundleServer {
	t.Helper()
	bs := &bundleServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("/bundles/team.tar.gz", func(w http.ResponseWriter, r *http.Request) {
		bs.fetches.Add(1)
		bs.mu.Lock()
		b := bs.bundle
		bs.mu.Unlock()
		if b == nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		_, _ = w.Write(b)
	})
	mux.HandleFunc("/logs", func(w http.ResponseWriter, r *http.Request) {
		bs.logPosts.Add(1)
		var body io.Reader = r.Body
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			body = zr
		}
		data, err := io.ReadAll(body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		bs.mu.Lock()
		bs.uploads = append(bs.uploads, data)
		bs.mu.Unlock()
	})
	bs.Server = httptest.NewServer(mux)
	t.Cleanup(bs.Close)
	return bs
}

func (bs *bundleServer) serve(b []byte) {
	bs.mu.Lock()
	bs.bundle = b
	bs.mu.Unlock()
}

// opaConfig is an OPA configuration for the test server: bundle "team",
// polled (or on manual trigger), verified with keys when given, decision
// logs uploaded on manual trigger.
func opaConfig(t *testing.T, url string, manual bool, keys map[string]map[string]string, keyID string) []byte {
	t.Helper()
	src := map[string]any{"service": "test", "resource": "/bundles/team.tar.gz"}
	if manual {
		src["trigger"] = "manual"
	} else {
		src["polling"] = map[string]any{"min_delay_seconds": 1, "max_delay_seconds": 2}
	}
	if keyID != "" {
		src["signing"] = map[string]any{"keyid": keyID}
	}
	cfg := map[string]any{
		"services":      map[string]any{"test": map[string]any{"url": url}},
		"bundles":       map[string]any{"team": src},
		"decision_logs": map[string]any{"service": "test", "reporting": map[string]any{"trigger": "manual"}},
	}
	if keys != nil {
		cfg["keys"] = keys
	}
	raw, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// gateBuild compiles the shipped rules in gate mode with the bundles
// layered over them, as dockpol authz serve does.
func gateBuild(ctx context.Context, src engine.Source, _ string) (*authz.Policy, error) {
	eng, err := engine.New(ctx, engine.WithMode(engine.ModeGate), engine.WithSource(builtin()), engine.WithSource(src))
	if err != nil {
		return nil, err
	}
	return &authz.Policy{Engine: eng, Revision: eng.Revision()}, nil
}

// startFleet runs a fleet over a server deciding with d.
func startFleet(t *testing.T, cfg []byte, d *authz.Decider, opts ...authz.ServerOption) (*authz.Fleet, *authz.Server) {
	t.Helper()
	base := builtin()
	f, err := authz.NewFleet(authz.FleetOptions{Config: cfg, ID: "test-instance", Base: &base, Build: gateBuild})
	if err != nil {
		t.Fatal(err)
	}
	srv := authz.NewServer(d, opts...)
	if err := f.Start(context.Background(), srv); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		f.Stop(ctx)
	})
	return f, srv
}

// waitRevision waits until d serves the policy of revision rev.
func waitRevision(t *testing.T, d *authz.Decider, rev string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if p := d.Policy(); p != nil && p.Revision == rev {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	got := "none"
	if p := d.Policy(); p != nil {
		got = p.Revision
	}
	t.Fatalf("policy revision %s never became active (active: %s)", rev, got)
}

func createImage(image string) request.Request {
	return create(`{"Image":"` + image + `"}`)
}

func teamDenied(rec authz.Record) bool {
	for _, f := range rec.Findings {
		if f.ID == "TEAM-F01" && f.Action == engine.ActionDeny && !rec.Allow {
			return true
		}
	}
	return false
}

// TestFleetFirstActivation: before the first bundle every request is
// refused; polling activates it and the fleet's rule judges from then on.
func TestFleetFirstActivation(t *testing.T) {
	t.Parallel()
	bs := newBundleServer(t)
	d := authz.NewDecider(false, 0, request.Options{})
	// Nothing to serve yet: OPA keeps polling, dockpol keeps refusing.
	startFleet(t, opaConfig(t, bs.URL, false, nil, ""), d)
	for bs.fetches.Load() == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	for _, req := range []request.Request{createImage("alpine"), {RequestMethod: "GET", RequestURI: "/v1.47/containers/json"}} {
		dec, rec := d.Decide(context.Background(), req)
		if dec.Allow || !rec.Failed || !strings.Contains(rec.Reason, "no policy") {
			t.Fatalf("before activation: %+v (reason %q)", dec, rec.Reason)
		}
	}

	bs.serve(makeBundle(t, "v1", []string{"forbidden"}, nil))
	waitRevision(t, d, "v1")
	tests := []struct {
		name  string
		req   request.Request
		allow bool
	}{
		{name: "read", req: request.Request{RequestMethod: "GET", RequestURI: "/v1.47/containers/json"}, allow: true},
		{name: "allowed image", req: createImage("alpine"), allow: true},
		{name: "blocked image", req: createImage("registry.example.com/forbidden:1")},
	}
	for _, tt := range tests {
		dec, rec := d.Decide(context.Background(), tt.req)
		if dec.Allow != tt.allow || rec.Failed {
			t.Errorf("%s: allow %v failed %v (reason %q), want allow %v", tt.name, dec.Allow, rec.Failed, rec.Reason, tt.allow)
		}
		if !tt.allow && !teamDenied(rec) {
			t.Errorf("%s: not denied by the bundle's TEAM-F01: %+v", tt.name, rec.Findings)
		}
		if rec.Revision != "v1" {
			t.Errorf("%s: revision %q, want v1", tt.name, rec.Revision)
		}
	}
}

func rsaKeys(t *testing.T) (private, public string) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}))
}

// TestFleetSignatures: a bundle signed with the configured key
// activates; a bad signature, or none, never does, and the active policy
// stays.
func TestFleetSignatures(t *testing.T) {
	t.Parallel()
	priv, pub := rsaKeys(t)
	otherPriv, _ := rsaKeys(t)
	rsaKeysCfg := map[string]map[string]string{"fleet": {"algorithm": "RS256", "key": pub}}
	hmacKeysCfg := map[string]map[string]string{"fleet": {"algorithm": "HS256", "key": "fleet-hmac-secret"}}
	tests := []struct {
		name string
		keys map[string]map[string]string
		good *signer
		bad  *signer // nil: an unsigned bundle
	}{
		{name: "RSA", keys: rsaKeysCfg, good: &signer{"RS256", priv, "fleet"}, bad: &signer{"RS256", otherPriv, "fleet"}},
		{name: "RSA, unsigned update", keys: rsaKeysCfg, good: &signer{"RS256", priv, "fleet"}},
		{name: "HMAC", keys: hmacKeysCfg, good: &signer{"HS256", "fleet-hmac-secret", "fleet"}, bad: &signer{"HS256", "not-the-secret", "fleet"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			bs := newBundleServer(t)
			d := authz.NewDecider(false, 0, request.Options{})
			f, _ := startFleet(t, opaConfig(t, bs.URL, true, tt.keys, "fleet"), d)

			// A bad first bundle: nothing activates, everything is refused.
			bs.serve(makeBundle(t, "bad-first", []string{"alpine"}, tt.bad))
			if err := f.Trigger(ctx); err == nil {
				t.Fatal("a bundle with a bad signature was accepted")
			}
			if p := d.Policy(); p != nil {
				t.Fatalf("policy %s active after a rejected bundle", p.Revision)
			}
			if dec, rec := d.Decide(ctx, createImage("alpine")); dec.Allow || !rec.Failed {
				t.Fatalf("allowed with no active policy: %+v", rec)
			}

			bs.serve(makeBundle(t, "v1", []string{"forbidden"}, tt.good))
			if err := f.Trigger(ctx); err != nil {
				t.Fatalf("signed bundle rejected: %v", err)
			}
			waitRevision(t, d, "v1")

			// A bad update: rejected, v1 stays and keeps judging.
			bs.serve(makeBundle(t, "v2", []string{"alpine"}, tt.bad))
			if err := f.Trigger(ctx); err == nil {
				t.Fatal("an update with a bad signature was accepted")
			}
			time.Sleep(100 * time.Millisecond) // a wrongful rebuild would land now
			dec, rec := d.Decide(ctx, createImage("alpine"))
			if !dec.Allow || rec.Revision != "v1" {
				t.Fatalf("after a rejected update: allow %v revision %q, want v1 allowing alpine", dec.Allow, rec.Revision)
			}
		})
	}
}

// TestFleetUpdateUnderLoad swaps the policy while goroutines decide:
// no decision fails, each is judged by v1 or v2 whole, and v2 arrives.
func TestFleetUpdateUnderLoad(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bs := newBundleServer(t)
	d := authz.NewDecider(false, 0, request.Options{})
	f, _ := startFleet(t, opaConfig(t, bs.URL, true, nil, ""), d)
	bs.serve(makeBundle(t, "v1", []string{"forbidden"}, nil))
	if err := f.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	waitRevision(t, d, "v1")

	var stop atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	var decided, sawV2 atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				dec, rec := d.Decide(ctx, createImage("alpine"))
				decided.Add(1)
				switch {
				case rec.Failed:
					errs <- errors.New("decision failed: " + rec.Reason)
					return
				case rec.Revision == "v1" && !dec.Allow:
					errs <- errors.New("v1 denied alpine: " + dec.Msg)
					return
				case rec.Revision == "v2" && (dec.Allow || !teamDenied(rec)):
					errs <- errors.New("v2 did not deny alpine")
					return
				case rec.Revision == "v2":
					sawV2.Add(1)
				case rec.Revision != "v1":
					errs <- errors.New("unknown revision " + rec.Revision)
					return
				}
			}
		}()
	}
	time.Sleep(50 * time.Millisecond)
	bs.serve(makeBundle(t, "v2", []string{"alpine"}, nil))
	if err := f.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	waitRevision(t, d, "v2")
	deadline := time.Now().Add(30 * time.Second)
	for sawV2.Load() < 16 && time.Now().Before(deadline) && len(errs) == 0 {
		time.Sleep(10 * time.Millisecond)
	}
	stop.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if sawV2.Load() == 0 {
		t.Errorf("no decision on v2 among %d", decided.Load())
	}
}

// TestFleetDecisionLogs: decisions reach the decision-log service as
// OPA uploads them (gzip JSON), with their ids and without any secret the
// requests carried.
func TestFleetDecisionLogs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	bs := newBundleServer(t)
	d := authz.NewDecider(false, 0, request.Options{})
	var local bytes.Buffer
	dlog := authz.NewDecisionLog(&local, 0)
	f, srv := startFleet(t, opaConfig(t, bs.URL, true, nil, ""), d, authz.WithDecisionLog(dlog))
	bs.serve(makeBundle(t, "v1", []string{"forbidden"}, nil))
	if err := f.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	waitRevision(t, d, "v1")

	secrets := []string{"s3cr3t-env-value", "Bearer tok-123456", "cmVnaXN0cnktYXV0aC1zZWNyZXQ=", "pw-in-query-789"}
	reqs := []request.Request{
		{
			RequestMethod: "POST",
			RequestURI:    "/v1.47/containers/create?name=web&password=pw-in-query-789",
			RequestHeaders: map[string]string{
				"Content-Type":    "application/json",
				"Authorization":   "Bearer tok-123456",
				"X-Registry-Auth": "cmVnaXN0cnktYXV0aC1zZWNyZXQ=",
			},
			RequestBody: []byte(`{"Image":"forbidden:1","Env":["API_TOKEN=s3cr3t-env-value"]}`),
		},
		{RequestMethod: "GET", RequestURI: "/v1.47/containers/json"},
	}
	h := srv.Handler()
	for _, r := range reqs {
		body, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("POST", authz.PathAuthZReq, bytes.NewReader(body)))
		if w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
	}
	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Flush(ctx); err != nil {
		t.Fatal(err)
	}

	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(local.String()), "\n") {
		var rec authz.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, rec.ID)
	}
	bs.mu.Lock()
	uploads := append([][]byte(nil), bs.uploads...)
	bs.mu.Unlock()
	if len(uploads) == 0 {
		t.Fatal("nothing uploaded to /logs")
	}
	type event struct {
		DecisionID string                       `json:"decision_id"`
		Path       string                       `json:"path"`
		Input      map[string]any               `json:"input"`
		Result     map[string]any               `json:"result"`
		Bundles    map[string]map[string]string `json:"bundles"`
		Labels     map[string]string            `json:"labels"`
	}
	got := map[string]event{}
	for _, u := range uploads {
		for _, s := range secrets {
			if bytes.Contains(u, []byte(s)) {
				t.Errorf("uploaded decision log holds the secret %q", s)
			}
		}
		var evs []event
		if err := json.Unmarshal(u, &evs); err != nil {
			t.Fatalf("upload is not a JSON array of events: %v", err)
		}
		for _, e := range evs {
			got[e.DecisionID] = e
		}
	}
	if len(ids) != len(reqs) {
		t.Fatalf("local log has %d records, want %d", len(ids), len(reqs))
	}
	for i, id := range ids {
		e, ok := got[id]
		if !ok {
			t.Errorf("decision %s not uploaded", id)
			continue
		}
		if e.Path != authz.FleetDecisionPath || e.Bundles["team"]["revision"] != "v1" || e.Labels["id"] != "test-instance" {
			t.Errorf("event %s: path %q bundles %v labels %v", id, e.Path, e.Bundles, e.Labels)
		}
		wantAllow := i == 1
		if e.Result["allow"] != wantAllow {
			t.Errorf("event %s: result %v, want allow %v", id, e.Result, wantAllow)
		}
		if e.Input["method"] == nil || e.Input["endpoint"] == nil {
			t.Errorf("event %s: input %v lacks method or endpoint", id, e.Input)
		}
	}
	if f.LogsDropped() != 0 {
		t.Errorf("%d decisions dropped", f.LogsDropped())
	}
}

// TestNewFleetConfigErrors: configurations fleet mode cannot serve are
// refused at start, with the reason.
func TestNewFleetConfigErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, config, want string
	}{
		{name: "not YAML", config: "bundles: [", want: "opa configuration"},
		{name: "no bundles", config: `{"services":{"s":{"url":"http://127.0.0.1:1"}}}`, want: "no bundles"},
		{name: "discovery", config: `{"services":{"s":{"url":"http://127.0.0.1:1"}},"discovery":{"service":"s","resource":"/d.tar.gz"}}`, want: "discovery"},
		{name: "legacy bundle", config: `{"services":{"s":{"url":"http://127.0.0.1:1"}},"bundle":{"service":"s","name":"b"}}`, want: "legacy"},
		{name: "reserved name", config: `{"services":{"s":{"url":"http://127.0.0.1:1"}},"bundles":{"dockpol-shipped":{"service":"s"}}}`, want: "reserved"},
		{name: "unknown service", config: `{"bundles":{"team":{"service":"nope"}}}`, want: "opa configuration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := authz.NewFleet(authz.FleetOptions{Config: []byte(tt.config), Build: gateBuild})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestFleetTeamRuleTests runs the fleet rule's own tests with the shipped
// helpers, so the fixture is known good.
func TestFleetTeamRuleTests(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("testdata", "fleet")
	lib := builtin()
	lib.NoTests = true
	res, _, err := engine.VerifyWith(context.Background(), []engine.Source{lib, {Name: dir, FS: os.DirFS(dir)}}, engine.VerifyOptions{Run: `team\.gate_test`})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range res {
		if strings.Contains(r.Package, "team.gate_test") {
			n++
			if !r.Pass || r.Error != "" {
				t.Errorf("%s.%s failed: %s", r.Package, r.Name, r.Error)
			}
		}
	}
	if n == 0 {
		t.Fatal("no team tests ran")
	}
}

// TestFleetCompat: a fleet of opa-docker-authz policies. The bundle holds
// the example policy in Rego v0 with no rego_version in its manifest, as
// bundles built for opa-docker-authz do; RegoV0 reads it.
func TestFleetCompat(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	raw := mustRead("testdata/compat/v0/authz.rego")
	m, err := ast.ParseModuleWithOpts("/docker/authz.rego", string(raw), ast.ParserOptions{RegoVersion: ast.RegoV0})
	if err != nil {
		t.Fatal(err)
	}
	roots := []string{"docker"}
	var buf bytes.Buffer
	err = bundle.NewWriter(&buf).Write(bundle.Bundle{
		Manifest: bundle.Manifest{Revision: "compat-1", Roots: &roots},
		Modules:  []bundle.ModuleFile{{URL: "/docker/authz.rego", Path: "/docker/authz.rego", Raw: raw, Parsed: m}},
		Data:     map[string]any{},
	})
	if err != nil {
		t.Fatal(err)
	}
	bs := newBundleServer(t)
	bs.serve(buf.Bytes())
	build := func(ctx context.Context, src engine.Source, _ string) (*authz.Policy, error) {
		c, err := engine.NewCompat(ctx, authz.CompatDecision, engine.WithSource(src))
		if err != nil {
			return nil, err
		}
		return &authz.Policy{Compat: c, Revision: c.Revision()}, nil
	}
	f, err := authz.NewFleet(authz.FleetOptions{Config: opaConfig(t, bs.URL, true, nil, ""), RegoV0: true, Build: build})
	if err != nil {
		t.Fatal(err)
	}
	d := authz.NewDecider(false, 0, request.Options{})
	if err := f.Start(ctx, authz.NewServer(d)); err != nil {
		t.Fatal(err)
	}
	defer f.Stop(ctx)
	if err := f.Trigger(ctx); err != nil {
		t.Fatal(err)
	}
	waitRevision(t, d, "compat-1")
	if dec, rec := d.Decide(ctx, createImage("alpine")); !dec.Allow {
		t.Errorf("plain create denied: %s", rec.Reason)
	}
	if dec, _ := d.Decide(ctx, create(`{"hostconfig":{"privileged":true}}`)); dec.Allow {
		t.Error("privileged create allowed")
	}
}
