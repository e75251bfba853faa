package authz_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/authz"
)

// TestServerKeepsSecretsOut sends protocol messages whose bodies, headers
// and broken parts hold secrets (each containing "PLANTED") through the
// plugin's handler, with a decision log and an operational log, and checks
// that no secret reaches the answer dockerd shows the client, a decision
// log line or a log line: decoded, undecodable or not even a message.
func TestServerKeepsSecretsOut(t *testing.T) {
	var decisions, logs bytes.Buffer
	dl := authz.NewDecisionLog(&decisions, 0)
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h := authz.NewServer(decider(t, false, shippedPolicy(t)), authz.WithDecisionLog(dl), authz.WithLogger(logger)).Handler()

	message := func(method, uri, body string, headers map[string]string) string {
		if headers == nil {
			headers = map[string]string{}
		}
		headers["Content-Type"] = "application/json"
		b, _ := json.Marshal(map[string]any{
			"RequestMethod": method, "RequestUri": uri, "RequestHeaders": headers,
			"RequestBody": base64.StdEncoding.EncodeToString([]byte(body)),
		})
		return string(b)
	}
	msgs := []string{
		// decoded: environment in both forms, a secret repeated in Cmd and
		// in a label, a password in a URL, a token only its shape betrays
		message("POST", "/v1.47/containers/create?name=db", `{"Image":"postgres:16",
			"Env":["POSTGRES_PASSWORD=PLANTED-env-Zq9x","DATABASE_URL=postgres://u:PLANTED-url-Zq9x@db/x","GH=ghp_PLANTEDabcdefghijklmnopqrstu"],
			"Cmd":["postgres","-c","x=PLANTED-env-Zq9x"],"Labels":{"copy":"PLANTED-env-Zq9x"},
			"HostConfig":{"Privileged":true,"Binds":["/:/host"]}}`, map[string]string{"X-Registry-Auth": "PLANTED-header-Zq9x"}),
		message("POST", "/v1.47/containers/db/exec", `{"User":"root","Env":["PGPASSWORD=PLANTED-exec-Zq9x"],"Cmd":["psql","PLANTED-exec-Zq9x"],"Privileged":true}`, nil),
		message("POST", "/v1.47/services/create", `{"TaskTemplate":{"ContainerSpec":{"Image":"x","Env":["API_TOKEN=PLANTED-svc-Zq9x"]}}}`, nil),
		// undecodable bodies that hold a secret
		message("POST", "/v1.47/containers/create", `{"Image":"x","Env":["DB_PASSWORD=PLANTED-broken-Zq9x"`, nil),
		message("POST", "/v1.47/containers/create", `{"Image":"x","Env":"DB_PASSWORD=PLANTED-type-Zq9x"}`, nil),
		message("POST", "/v1.47/containers/create", `{"Image":"x"} PLANTED-trailing-Zq9x`, nil),
		// not a protocol message at all
		`{"RequestMethod":"POST","RequestUri":"/v1.47/containers/create","RequestBody":"PLANTED-not-base64!"}`,
		`{"RequestMethod":"POST","RequestUri":"/v1.47/containers/create","RequestHeaders":{"Authorization":["PLANTED-header-list"]}}`,
		`{"RequestMethod":"POST","RequestUri":"/v1.47/containers/create","User":"PLANTED-trunc`,
		`{"RequestMethod":"GET","RequestUri":"0?password=PLANTED-uri-Zq9x"}`,
	}
	var answers strings.Builder
	for _, m := range msgs {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, authz.PathAuthZReq, strings.NewReader(m)))
		var d authz.Decision
		if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil {
			t.Fatalf("answer is not a decision: %q", rec.Body.String())
		}
		if d.Allow && !strings.Contains(m, "services/create") {
			t.Errorf("allowed %.80s", m)
		}
		answers.WriteString(rec.Body.String())
	}
	if err := dl.Close(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(decisions.String(), "\n"); n != len(msgs) {
		t.Errorf("%d decision log lines, want %d", n, len(msgs))
	}
	for name, out := range map[string]string{"answer": answers.String(), "decision log": decisions.String(), "log": logs.String()} {
		if i := strings.Index(out, "PLANTED"); i >= 0 {
			t.Errorf("a secret reached the %s: ...%s...", name, out[max(0, i-150):min(len(out), i+30)])
		}
	}
}
