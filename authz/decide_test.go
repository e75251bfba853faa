package authz_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/request"
)

func TestDecide(t *testing.T) {
	d := decider(t, false, shippedPolicy(t))
	tests := []struct {
		name  string
		req   request.Request
		allow bool
		ids   []string // rule ids the message must name
	}{
		{"hardened create", jsonReq("POST", "/v1.47/containers/create?name=api", hardened), true, nil},
		{"privileged create", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`), false, []string{"DKR-C01"}},
		{"lower-case privileged", jsonReq("POST", "/containers/create", `{"Image":"alpine","hostconfig":{"privileged":true}}`), false, []string{"DKR-C01"}},
		{"duplicate key, last true", jsonReq("POST", "/v1.41/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":false,"Privileged":true}}`), false, []string{"DKR-C01"}},
		{"host root bind", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Binds":["/:/host"]}}`), false, []string{"DKR-C19"}},
		{"docker socket", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Binds":["/var/run/../run/docker.sock:/s"]}}`), false, []string{"DKR-C18"}},
		{"volume-opt bind of /", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Mounts":[{"Type":"volume","Target":"/h","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/"}}}}]}}`), false, []string{"DKR-C19"}},
		{"host pid", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"PidMode":"host"}}`), false, []string{"DKR-C02"}},
		{"cap SYS_ADMIN", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"CapAdd":["sys_admin"]}}`), false, []string{"DKR-C10"}},
		{"seccomp unconfined", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"SecurityOpt":["seccomp:unconfined"]}}`), false, []string{"DKR-C12"}},
		{"create without body", jsonReq("POST", "/v1.47/containers/create", ""), false, []string{"DKR-C36"}},
		{"create with trailing data", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine"} x`), false, []string{"DKR-C36"}},
		{"privileged exec", jsonReq("POST", "/v1.47/containers/web/exec", `{"Privileged":true,"Cmd":["sh"]}`), false, []string{"DKR-C37"}},
		{"root exec is a warning", jsonReq("POST", "/v1.47/containers/web/exec", `{"User":"root","Cmd":["sh"]}`), true, nil},
		{"exec without body", jsonReq("POST", "/v1.47/containers/web/exec", ""), false, []string{"DKR-C36"}},
		{"volume bind of /etc", jsonReq("POST", "/v1.47/volumes/create", `{"Name":"etc","DriverOpts":{"type":"none","o":"bind","device":"/etc"}}`), false, []string{"DKR-C19"}},
		{"plugin install", jsonReq("POST", "/v1.47/plugins/pull?remote=vieux/sshfs", ""), false, []string{"DKR-A02"}},
		{"disable the gate", jsonReq("POST", "/v1.47/plugins/dockpol/disable", ""), false, []string{"DKR-A03"}},
		{"swarm join", jsonReq("POST", "/v1.47/swarm/join", `{"RemoteAddrs":["10.0.0.1:2377"]}`), false, []string{"DKR-A04"}},
		{"unknown endpoint", jsonReq("POST", "/v1.47/containers/web/frobnicate", ""), false, []string{"DKR-A01"}},
		{"legacy start with HostConfig", jsonReq("POST", "/v1.23/containers/web/start", `{"Privileged":true}`), false, []string{"DKR-C01"}},
		{"form-encoded pull", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/images/create", RequestHeaders: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, false, []string{"DKR-C36"}},
		{"ping", jsonReq("GET", "/_ping", ""), true, nil},
		{"ps", jsonReq("GET", "/v1.47/containers/json?all=1", ""), true, nil},
		{"inspect", jsonReq("GET", "/v1.47/containers/web/json", ""), true, nil},
		{"stop", jsonReq("POST", "/v1.47/containers/web/stop", ""), true, nil},
		{"build is logged, not refused", jsonReq("POST", "/v1.47/build?t=x", ""), true, nil},
		{"network create", jsonReq("POST", "/v1.47/networks/create", `{"Name":"appnet"}`), true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, rec := d.Decide(context.Background(), tt.req)
			if dec.Allow != tt.allow {
				t.Fatalf("Allow = %v, want %v (Msg %q, reason %q)", dec.Allow, tt.allow, dec.Msg, rec.Reason)
			}
			if rec.Allow != dec.Allow || rec.ID == "" || rec.Revision == "" {
				t.Errorf("record does not match the decision: %+v", rec)
			}
			for _, id := range tt.ids {
				if !strings.Contains(dec.Msg, id+": ") {
					t.Errorf("Msg %q does not name %s", dec.Msg, id)
				}
			}
			if !dec.Allow && dec.Msg == "" {
				t.Error("a denial without a reason")
			}
		})
	}
}

func TestDecideFailsClosed(t *testing.T) {
	ctx := context.Background()
	loop, err := newPolicy(ctx, engine.WithSource(team(map[string]string{"slow.rego": `# METADATA
# scope: package
# custom:
#   input: container
package team.slow

deny contains msg if {
	some i in numbers.range(1, 100000000)
	i < 0
	msg := "never"
}
`})))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		d       *authz.Decider
		req     request.Request
		reason  string
		auditOK bool
	}{
		{"no policy yet", decider(t, false, nil), jsonReq("GET", "/_ping", ""), "no policy is active yet", false},
		{"timeout", authz.NewDecider(false, 50*time.Millisecond, request.Options{}), jsonReq("POST", "/v1.47/containers/create", hardened), "exceeded the 50ms timeout", false},
		{"audit allows a failure", authz.NewDecider(true, 50*time.Millisecond, request.Options{}), jsonReq("POST", "/v1.47/containers/create", hardened), "exceeded the 50ms timeout", true},
	}
	tests[1].d.SetPolicy(loop)
	tests[2].d.SetPolicy(loop)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			dec, rec := tt.d.Decide(ctx, tt.req)
			if time.Since(start) > 4*time.Second {
				t.Errorf("the decision took %s; the timeout did not cut it off", time.Since(start))
			}
			if dec.Allow != tt.auditOK || !rec.Failed || !strings.Contains(rec.Reason, tt.reason) {
				t.Fatalf("got %+v / reason %q, want Allow=%v failed with %q", dec, rec.Reason, tt.auditOK, tt.reason)
			}
			if !tt.auditOK && !strings.Contains(dec.Msg, tt.reason) {
				t.Errorf("Msg %q does not give the reason", dec.Msg)
			}
			if tt.auditOK && !rec.WouldDeny {
				t.Error("audit mode did not record the would-be denial")
			}
		})
	}
}

func TestDecideAuditModes(t *testing.T) {
	ctx := context.Background()
	privileged := jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`)

	t.Run("global audit", func(t *testing.T) {
		dec, rec := decider(t, true, shippedPolicy(t)).Decide(ctx, privileged)
		if !dec.Allow || !rec.WouldDeny || !strings.Contains(rec.Reason, "DKR-C01") {
			t.Fatalf("got %+v, record %+v", dec, rec)
		}
	})
	t.Run("per-rule audit action", func(t *testing.T) {
		p, err := newPolicy(ctx, engine.WithOverrides(engine.Overrides{Action: map[string]map[string]string{"DKR-C01": {"gate": "audit"}}}))
		if err != nil {
			t.Fatal(err)
		}
		dec, rec := decider(t, false, p).Decide(ctx, privileged)
		if !dec.Allow || !rec.WouldDeny {
			t.Fatalf("got %+v, record %+v", dec, rec)
		}
		// another deny rule still blocks
		dec, _ = decider(t, false, p).Decide(ctx, jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true,"PidMode":"host"}}`))
		if dec.Allow || !strings.Contains(dec.Msg, "DKR-C02") || strings.Contains(dec.Msg, "DKR-C01") {
			t.Fatalf("got %+v", dec)
		}
	})
}

// TestGateExceptions: at the gate the caller writes names, labels and
// tags, so only a TLS identity, a digest or a rule-wide exception counts.
func TestGateExceptions(t *testing.T) {
	ctx := context.Background()
	digest := "sha256:" + strings.Repeat("b", 64)
	p, err := newPolicy(ctx, engine.WithOverrides(engine.Overrides{
		InlineWaivers: true,
		Exceptions: []engine.Exception{
			{Rule: "DKR-C01", Containers: []string{"debug-*"}, Reason: "names are the caller's"},
			{Rule: "DKR-C01", Images: []string{"tools:*"}, Reason: "tags are the caller's"},
			{Rule: "DKR-C01", Images: []string{"tools@" + digest}, Reason: "a digest names content"},
			{Rule: "DKR-C01", Users: []string{"ops-*"}, Reason: "the ops team's certificates"},
		},
	}))
	if err != nil {
		t.Fatal(err)
	}
	d := decider(t, false, p)
	tests := []struct {
		name  string
		req   request.Request
		allow bool
	}{
		{"container name", jsonReq("POST", "/v1.47/containers/create?name=debug-1", `{"Image":"alpine","HostConfig":{"Privileged":true}}`), false},
		{"image tag", jsonReq("POST", "/v1.47/containers/create", `{"Image":"tools:1","HostConfig":{"Privileged":true}}`), false},
		{"inline label waiver", jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","Labels":{"dockpol.ignore":"DKR-C01: trust me"},"HostConfig":{"Privileged":true}}`), false},
		{"image digest", jsonReq("POST", "/v1.47/containers/create", `{"Image":"tools@`+digest+`","HostConfig":{"Privileged":true}}`), true},
		{"TLS user", func() request.Request {
			r := jsonReq("POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`)
			r.User, r.UserAuthNMethod = "ops-alice", "TLS"
			return r
		}(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, _ := d.Decide(ctx, tt.req)
			if dec.Allow != tt.allow {
				t.Fatalf("Allow = %v, want %v (%s)", dec.Allow, tt.allow, dec.Msg)
			}
		})
	}
}

// TestDecisionRecordKeepsSecretsOut: a record (what the decision log
// writes) never carries a secret the request held.
func TestDecisionRecordKeepsSecretsOut(t *testing.T) {
	d := decider(t, false, shippedPolicy(t))
	reqs := []request.Request{
		jsonReq("POST", "/v1.47/containers/create?name=db", `{"Image":"postgres:16","Env":["POSTGRES_PASSWORD=hunter2-s3cret","DATABASE_URL=postgres://u:pa55w0rd-in-url@db/x"],"Cmd":["--token=ghp_abcdefghijklmnopqrstuvwxyz0123456789"],"HostConfig":{"Privileged":true}}`),
		jsonReq("POST", "/v1.47/containers/db/exec", `{"User":"root","Env":["PGPASSWORD=hunter2-s3cret"],"Cmd":["psql"]}`),
		jsonReq("POST", "/v1.47/containers/create", `{"Image":"hunter2-s3cret`),
	}
	reqs[2].RequestHeaders["X-Registry-Auth"] = "pa55w0rd-in-url"
	for _, req := range reqs {
		dec, rec := d.Decide(context.Background(), req)
		out := mustJSON(t, rec) + mustJSON(t, dec)
		for _, s := range []string{"hunter2-s3cret", "pa55w0rd-in-url", "ghp_abcdefghijklmnopqrstuvwxyz0123456789"} {
			if strings.Contains(out, s) {
				t.Errorf("%s: secret %q in the decision: %s", req.RequestURI, s, out)
			}
		}
	}
}
