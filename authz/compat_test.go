package authz_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/request"
)

// compatDecider serves the opa-docker-authz example policy of
// testdata/compat/<version>.
func compatDecider(t *testing.T, version string, audit bool) *authz.Decider {
	t.Helper()
	dir := filepath.Join("testdata", "compat", version)
	src := engine.Source{Name: dir, FS: os.DirFS(dir), RegoV0: version == "v0"}
	c, err := engine.NewCompat(context.Background(), authz.CompatDecision, engine.WithSource(src))
	if err != nil {
		t.Fatalf("compile %s: %v", dir, err)
	}
	d := authz.NewDecider(audit, testTimeout, request.Options{})
	d.SetPolicy(&authz.Policy{Compat: c, Revision: c.Revision()})
	return d
}

func create(body string) request.Request {
	return request.Request{
		RequestMethod:  "POST",
		RequestURI:     "/v1.47/containers/create?name=web",
		RequestHeaders: map[string]string{"Content-Type": "application/json"},
		RequestBody:    []byte(body),
	}
}

// TestCompatExamplePolicy runs opa-docker-authz's example policy, in Rego
// v1 and in Rego v0, over requests it must allow and deny, including the
// key spellings dockerd accepts and a plain JSON decode would not see.
func TestCompatExamplePolicy(t *testing.T) {
	t.Parallel()
	link := filepath.Join(t.TempDir(), "root")
	if err := os.Symlink("/", link); err != nil {
		t.Fatal(err)
	}
	user := func(name, method, uri string) request.Request {
		return request.Request{RequestMethod: method, RequestURI: uri, RequestHeaders: map[string]string{"Authz-User": name}}
	}
	tests := []struct {
		name   string
		req    request.Request
		allow  bool
		failed bool // refused before the policy ran
	}{
		{name: "plain create", req: create(`{"Image":"alpine"}`), allow: true},
		{name: "privileged", req: create(`{"Image":"alpine","HostConfig":{"Privileged":true}}`)},
		{name: "privileged, lower-case keys", req: create(`{"image":"alpine","hostconfig":{"privileged":true}}`)},
		{name: "privileged, upper-case keys", req: create(`{"IMAGE":"alpine","HOSTCONFIG":{"PRIVILEGED":true}}`)},
		{name: "privileged, long s folds to S", req: create(`{"Image":"alpine","Hoſtconfig":{"Privileged":true}}`)},
		{name: "duplicate keys: the last privileged wins", req: create(`{"HostConfig":{"Privileged":false},"hostconfig":{"Privileged":true}}`)},
		{name: "duplicate keys: the last unprivileged wins", req: create(`{"hostconfig":{"Privileged":true},"HostConfig":{"Privileged":false}}`), allow: true},
		{name: "privileged false", req: create(`{"Image":"alpine","HostConfig":{"Privileged":false}}`), allow: true},
		{name: "seccomp unconfined", req: create(`{"Image":"alpine","HostConfig":{"SecurityOpt":["seccomp:unconfined"]}}`)},
		{name: "seccomp unconfined, lower-case keys", req: create(`{"image":"alpine","hostconfig":{"securityopt":["seccomp=unconfined"]}}`)},
		{name: "bind of /", req: create(`{"Image":"alpine","HostConfig":{"Binds":["/:/host"]}}`)},
		{name: "bind of a link to /", req: create(`{"Image":"alpine","HostConfig":{"Binds":["` + link + `:/host:ro"]}}`)},
		{name: "bind mount of a link to /, lower-case keys", req: create(`{"Image":"alpine","hostconfig":{"mounts":[{"type":"bind","source":"` + link + `","target":"/host"}]}}`)},
		{name: "local volume binding /", req: create(`{"Image":"alpine","HostConfig":{"Mounts":[{"Type":"volume","Target":"/host","VolumeOptions":{"DriverConfig":{"Options":{"type":"none","o":"bind","device":"/"}}}}]}}`)},
		{name: "bind of a data directory", req: create(`{"Image":"alpine","HostConfig":{"Binds":["/srv/data:/data"]}}`), allow: true},
		{name: "named volume", req: create(`{"Image":"alpine","HostConfig":{"Binds":["data:/data"]}}`), allow: true},
		{name: "read-only user reads", req: user("bob", "GET", "/v1.47/containers/json"), allow: true},
		{name: "read-only user writes", req: user("bob", "POST", "/v1.47/containers/web/stop")},
		{name: "read-write user writes", req: user("alice", "POST", "/v1.47/containers/web/stop"), allow: true},
		{name: "ping skips the policy", req: user("bob", "HEAD", "/_ping"), allow: true},
		{name: "create without a body", req: create(``), failed: true},
		{name: "create with a body that is not JSON", req: create(`{"Image":`), failed: true},
		{name: "create with trailing content", req: create(`{"Image":"alpine"} {"HostConfig":{"Privileged":true}}`), failed: true},
		{name: "create with a mistyped member", req: create(`{"Image":"alpine","HostConfig":{"Privileged":"yes"}}`), failed: true},
		{name: "form-encoded body", req: request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create",
			RequestHeaders: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, failed: true},
		{name: "unreadable URI", req: request.Request{RequestMethod: "GET", RequestURI: "%zz"}, failed: true},
	}
	for _, version := range []string{"v1", "v0"} {
		d := compatDecider(t, version, false)
		for _, tt := range tests {
			t.Run(version+"/"+tt.name, func(t *testing.T) {
				t.Parallel()
				dec, rec := d.Decide(context.Background(), tt.req)
				if dec.Allow != tt.allow || rec.Allow != tt.allow {
					t.Fatalf("Allow = %v (record %v), want %v; reason %q", dec.Allow, rec.Allow, tt.allow, rec.Reason)
				}
				if rec.Failed != tt.failed {
					t.Errorf("Failed = %v, want %v; reason %q", rec.Failed, tt.failed, rec.Reason)
				}
				if !tt.allow && dec.Msg == "" {
					t.Error("a denial without a message")
				}
				if rec.Revision == "" || rec.ID == "" {
					t.Errorf("record without revision or id: %+v", rec)
				}
			})
		}
	}
}

// TestCompatAudit: audit mode allows what the policy denies and records
// the would-be denial.
func TestCompatAudit(t *testing.T) {
	t.Parallel()
	d := compatDecider(t, "v1", true)
	dec, rec := d.Decide(context.Background(), create(`{"hostconfig":{"privileged":true}}`))
	if !dec.Allow || !rec.WouldDeny || !strings.Contains(rec.Reason, "data.docker.authz.allow") {
		t.Fatalf("audit: got %+v, record %+v", dec, rec)
	}
}

// TestCompatDecisionValues: only true allows; anything else, and an
// evaluation error, denies.
func TestCompatDecisionValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy string
		allow  bool
		failed bool
	}{
		{name: "true", policy: "allow := true", allow: true},
		{name: "false", policy: "allow := false"},
		{name: "undefined", policy: `allow if input.Method == "PATCH"`},
		{name: "not a boolean", policy: `allow := "yes"`, failed: true},
		{name: "conflict", policy: "allow := true if input.Method == \"GET\"\nallow := false if input.Method == \"GET\"", failed: true},
		{name: "builtin error", policy: `allow if to_number(input.Method) > 0`, failed: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := engine.Source{Name: "policy", FS: fstest.MapFS{"authz.rego": {Data: []byte("package docker.authz\n\n" + tt.policy + "\n")}}}
			c, err := engine.NewCompat(context.Background(), authz.CompatDecision, engine.WithSource(src))
			if err != nil {
				t.Fatal(err)
			}
			d := authz.NewDecider(false, testTimeout, request.Options{})
			d.SetPolicy(&authz.Policy{Compat: c, Revision: c.Revision()})
			dec, rec := d.Decide(context.Background(), request.Request{RequestMethod: "GET", RequestURI: "/v1.47/info"})
			if dec.Allow != tt.allow || rec.Failed != tt.failed {
				t.Fatalf("got allow %v failed %v (reason %q), want allow %v failed %v", dec.Allow, rec.Failed, rec.Reason, tt.allow, tt.failed)
			}
		})
	}
}

// TestCompatTimeout: a decision that outlives the timeout denies.
func TestCompatTimeout(t *testing.T) {
	t.Parallel()
	src := engine.Source{Name: "policy", FS: fstest.MapFS{"authz.rego": {Data: []byte(`package docker.authz

allow if {
	count([x | some x in numbers.range(1, 100000000); x < 0]) == 0
}
`)}}}
	c, err := engine.NewCompat(context.Background(), authz.CompatDecision, engine.WithSource(src))
	if err != nil {
		t.Fatal(err)
	}
	d := authz.NewDecider(false, 50*time.Millisecond, request.Options{})
	d.SetPolicy(&authz.Policy{Compat: c, Revision: c.Revision()})
	dec, rec := d.Decide(context.Background(), request.Request{RequestMethod: "GET", RequestURI: "/v1.47/info"})
	if dec.Allow || !rec.Failed || !strings.Contains(rec.Reason, "timeout") {
		t.Fatalf("got %+v, record reason %q", dec, rec.Reason)
	}
}

// TestNewCompatErrors: a policy set without the decision, or one that
// does not compile, is an error at build time, not a silent deny-all.
func TestNewCompatErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, policy, decision string
	}{
		{name: "no allow rule", policy: "package docker.authz\n\ndeny := true\n", decision: authz.CompatDecision},
		{name: "does not compile", policy: "package docker.authz\n\nallow if { undefined_fn(1) }\n", decision: authz.CompatDecision},
		{name: "v0 syntax without v0", policy: "package docker.authz\n\nallow { true }\n", decision: authz.CompatDecision},
		{name: "decision outside data", policy: "package docker.authz\n\nallow := true\n", decision: "input.allow"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := engine.Source{Name: "policy", FS: fstest.MapFS{"authz.rego": {Data: []byte(tt.policy)}}}
			if _, err := engine.NewCompat(context.Background(), tt.decision, engine.WithSource(src)); err == nil {
				t.Fatal("NewCompat succeeded")
			}
		})
	}
}

// TestCompatInput pins the input document: opa-docker-authz's members,
// the body canonical and without members the client did not send,
// credentials redacted.
func TestCompatInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.Symlink("/etc", filepath.Join(dir, "etc")); err != nil {
		t.Fatal(err)
	}
	req := request.Request{
		User:            "alice",
		UserAuthNMethod: "TLS",
		RequestMethod:   "POST",
		RequestURI:      "/v1.47/containers/create?name=web&a=1&a=2",
		RequestHeaders: map[string]string{
			"Content-Type":    "application/json",
			"X-Registry-Auth": "c2VjcmV0LXRva2Vu",
			"User-Agent":      "Docker-Client/28.0.0 (linux)",
		},
		RequestBody: []byte(`{"image":"alpine","env":["TOKEN=hunter2"],"hostconfig":{"privileged":true,"Binds":["` + dir + `/etc:/etc:ro,z","vol:/v"],
			"mounts":[{"type":"bind","source":"/srv","target":"/srv"}],"Memory":0},"Labels":{"a":"","B":"x"}}`),
	}
	got, err := authz.CompatInput(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"Method":    "POST",
		"Path":      "/v1.47/containers/create?name=web&a=1&a=2",
		"PathPlain": "/v1.47/containers/create",
		"PathArr":   []any{"", "v1.47", "containers", "create"},
		"Query":     map[string]any{"name": []any{"web"}, "a": []any{"1", "2"}},
		"Headers": map[string]any{
			"Content-Type":    "application/json",
			"X-Registry-Auth": "<redacted>",
			"User-Agent":      "Docker-Client/28.0.0 (linux)",
		},
		"Body": map[string]any{
			"Image": "alpine",
			"Env":   []any{"TOKEN=hunter2"},
			"HostConfig": map[string]any{
				"Privileged": true,
				"Binds":      []any{dir + "/etc:/etc:ro,z", "vol:/v"},
				"Mounts":     []any{map[string]any{"Type": "bind", "Source": "/srv", "Target": "/srv"}},
				"Memory":     json.Number("0"),
			},
			"Labels": map[string]any{"a": "", "B": "x"},
		},
		"User":       "alice",
		"AuthMethod": "TLS",
		"BindMounts": []any{
			map[string]any{"Source": dir + "/etc", "ReadOnly": true, "Resolved": "/etc"},
			map[string]any{"Source": "/srv", "ReadOnly": false, "Resolved": "/srv"},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CompatInput (-want +got):\n%s", diff)
	}
}

// TestCompatInputUntypedBody: an endpoint dockerd reads no API type for
// gets a plain JSON decode; a read without a body gets Body null.
func TestCompatInputUntypedBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		req  request.Request
		want any
	}{
		{name: "network create", req: request.Request{RequestMethod: "POST", RequestURI: "/networks/create",
			RequestBody: []byte(`{"name":"n","Driver":"bridge","Options":{"x":1}}`)},
			want: map[string]any{"name": "n", "Driver": "bridge", "Options": map[string]any{"x": json.Number("1")}}},
		{name: "read", req: request.Request{RequestMethod: "GET", RequestURI: "/containers/json"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := authz.CompatInput(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got["Body"]); diff != "" {
				t.Errorf("Body (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompatInputBindLimit: a request with more bind sources than the
// plugin resolves is refused, not judged on a partial list.
func TestCompatInputBindLimit(t *testing.T) {
	t.Parallel()
	binds := make([]string, 300)
	for i := range binds {
		binds[i] = `"/srv/d:/d` + strings.Repeat("x", i%3) + `"`
	}
	_, err := authz.CompatInput(context.Background(), create(`{"HostConfig":{"Binds":[`+strings.Join(binds, ",")+`]}}`))
	if err == nil {
		t.Fatal("no error for 300 bind mounts")
	}
}

// FuzzCompatInput: whatever dockerd forwards, building the input never
// panics, and an input it builds is plain JSON for OPA.
func FuzzCompatInput(f *testing.F) {
	f.Add("POST", "/v1.47/containers/create?name=web", []byte(`{"image":"alpine","hostconfig":{"privileged":true,"binds":["/:/h:ro"]}}`))
	f.Add("POST", "/containers/web/exec", []byte(`{"Privileged":true,"Cmd":["sh"]}`))
	f.Add("POST", "/services/create", []byte(`{"TaskTemplate":{"ContainerSpec":{"Mounts":[{"Type":"bind","Source":"/"}]}}}`))
	f.Add("POST", "/networks/create", []byte(`{"Name":"n","x":[1,2,{"y":null}]}`))
	f.Add("POST", "/v1.23/containers/web/start", []byte(`{"Privileged":true}`))
	f.Add("GET", "/_ping", []byte(nil))
	f.Fuzz(func(t *testing.T, method, uri string, body []byte) {
		req := request.Request{RequestMethod: method, RequestURI: uri, RequestBody: body,
			RequestHeaders: map[string]string{"Content-Type": "application/json"}}
		in, err := authz.CompatInput(context.Background(), req)
		if err != nil {
			return
		}
		if _, err := ast.InterfaceToValue(in); err != nil {
			t.Fatalf("input is not JSON for OPA: %v", err)
		}
	})
}
