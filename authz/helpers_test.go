package authz_test

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/request"
	"github.com/dockpol/dockpol/policies"
)

func builtin() engine.Source {
	return engine.Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}
}

func team(files map[string]string) engine.Source {
	fsys := fstest.MapFS{}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return engine.Source{Name: "team", FS: fsys}
}

var (
	shippedOnce sync.Once
	shipped     *authz.Policy
	shippedErr  error
)

// shippedPolicy is the shipped bundle in gate mode, compiled once per
// test binary.
func shippedPolicy(t testing.TB) *authz.Policy {
	t.Helper()
	shippedOnce.Do(func() {
		shipped, shippedErr = newPolicy(context.Background())
	})
	if shippedErr != nil {
		t.Fatal(shippedErr)
	}
	return shipped
}

func newPolicy(ctx context.Context, opts ...engine.Option) (*authz.Policy, error) {
	opts = append([]engine.Option{engine.WithSource(builtin()), engine.WithMode(engine.ModeGate)}, opts...)
	eng, err := engine.New(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return &authz.Policy{Engine: eng, Revision: eng.Revision()}, nil
}

func decider(t testing.TB, audit bool, p *authz.Policy) *authz.Decider {
	t.Helper()
	d := authz.NewDecider(audit, testTimeout, request.Options{})
	if p != nil {
		d.SetPolicy(p)
	}
	return d
}

func jsonReq(method, uri, body string) request.Request {
	r := request.Request{RequestMethod: method, RequestURI: uri, RequestHeaders: map[string]string{}}
	if body != "" {
		r.RequestBody = []byte(body)
		r.RequestHeaders["Content-Type"] = "application/json"
	}
	return r
}

// hardened is a create body no shipped rule denies.
const hardened = `{"Image":"registry.example.com/team/api:1.42.0","User":"1000:1000",
 "Healthcheck":{"Test":["CMD","/api","health"]},
 "HostConfig":{"ReadonlyRootfs":true,"CapDrop":["ALL"],"SecurityOpt":["no-new-privileges:true"],
  "Memory":268435456,"NanoCpus":500000000,"PidsLimit":200,"NetworkMode":"appnet",
  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":5}}}`

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// newTestServer is a server on the shipped policy.
func newTestServer(t testing.TB) *authz.Server {
	return authz.NewServer(decider(t, false, shippedPolicy(t)))
}

// testTimeout bounds decisions in tests about what is decided, not how
// fast: the race detector on a loaded machine is many times slower than
// the 2 s default (the timeout itself has its own tests).
const testTimeout = time.Minute
