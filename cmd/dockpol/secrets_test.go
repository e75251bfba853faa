package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/report"
)

// secretFiles plant secret values (each holding "PLANTED") in every place
// an input can carry one: compose environment in map and list form, an
// env_file, the project's .env (interpolated into a label and a command),
// a value only its shape marks as secret (a password in a URL, a GitHub
// token), docker inspect Config.Env (repeated in Cmd), a Dockerfile ENV,
// a daemon.json log option, an Engine API create body, and input errors
// whose offending line holds a secret.
var secretFiles = map[string]string{
	"app/compose.yaml": `services:
  web:
    image: example/web:1.0.0
    user: "1000"
    env_file: app.env
    environment:
      DB_PASSWORD: "PLANTED-map-Zq9x"
      DATABASE_URL: "postgres://user:PLANTED-url-Zq9x@db:5432/app"
      GITHUB: "ghp_PLANTEDabcdefghijklmnopqrstu"
      SESSION: ${SESSION_SECRET}
    labels:
      note: "${SESSION_SECRET}"
    command: ["serve", "--session", "${SESSION_SECRET}"]
  worker:
    image: example/worker:1.0.0
    privileged: true
    environment:
      - API_TOKEN=PLANTED-list-Zq9x
      - PLAIN=postgres://svc:PLANTED-list-url@db/app
`,
	"app/app.env":         "SECRET_KEY=PLANTED-envfile-Zq9x\n",
	"app/.env":            "SESSION_SECRET=PLANTED-dotenv-Zq9x\n",
	"broken/compose.yaml": "services:\n  web:\n    image: example/web:1.0.0\n    environment:\n      DB_PASSWORD: \"PLANTED-broken-Zq9x\n",
	"dollar/compose.yaml": "services:\n  web:\n    image: example/web:1.0.0\n    environment:\n      DB_PASSWORD: \"PLANTED-pa${ss-Zq9x\"\n",
	"badenv/compose.yaml": "services:\n  web:\n    image: example/web:1.0.0\n    env_file: bad.env\n",
	"badenv/bad.env":      "# a line compose-go's parser quotes\nPASS WORD PLANTED-badenv-Zq9x\n",
	"saved/inspect.json": `[{"Id": "abc", "Name": "/web", "Config": {"Image": "nginx:1.27", "User": "",
  "Env": ["DB_PASSWORD=PLANTED-inspect-Zq9x", "URL=postgres://u:PLANTED-inspect-url@h/d", "PATH=/usr/bin"],
  "Cmd": ["run", "PLANTED-inspect-Zq9x"], "Labels": {"copy": "PLANTED-inspect-Zq9x"}},
  "HostConfig": {"Privileged": true}, "State": {"Running": true}}]`,
	"build/Dockerfile": "FROM alpine:3.20\nENV DB_PASSWORD=PLANTED-dockerfile-Zq9x\nARG TOKEN=PLANTED-arg-Zq9x\nRUN echo $DB_PASSWORD\n",
	"host/daemon.json": `{"log-driver": "splunk", "log-opts": {"splunk-token": "PLANTED-daemon-Zq9x", "splunk-url": "https://u:PLANTED-daemon-url@splunk"}}`,
	"api/create.json":  `{"Image": "alpine", "Env": ["DB_PASSWORD=PLANTED-request-Zq9x", "URL=postgres://u:PLANTED-request-url@h/d"], "Cmd": ["x", "PLANTED-request-Zq9x"], "HostConfig": {"Privileged": true}}`,
	// A team rule that prints its whole input and quotes it in messages.
	"policy/leak.rego": `package team.leak

import rego.v1

# METADATA
# custom:
#   id: TEAM-LEAK
#   severity: low
deny contains msg if {
	print("input:", input)
	some c in input.containers
	msg := sprintf("container %v", [c])
}
`,
}

// TestSecretsNeverPrinted runs every command and output format over the
// planted secrets and checks that none reaches standard output or
// standard error: not in a finding, a report, parse's document, a Rego
// print, a warning, a log line or an error message.
func TestSecretsNeverPrinted(t *testing.T) {
	dir := t.TempDir()
	for name, content := range secretFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	body, err := os.ReadFile(p("api/create.json"))
	if err != nil {
		t.Fatal(err)
	}
	msg, _ := json.Marshal(map[string]any{
		"RequestMethod": "POST", "RequestUri": "/v1.47/containers/create",
		"RequestHeaders": map[string]string{"Content-Type": "application/json"},
		"RequestBody":    base64.StdEncoding.EncodeToString(body),
	})
	if err := os.WriteFile(p("api/authzreq.json"), msg, 0o644); err != nil {
		t.Fatal(err)
	}
	// standard input stands in the working directory: no env_file
	stdinCompose := strings.Replace(secretFiles["app/compose.yaml"], "    env_file: app.env\n", "", 1)

	type run struct {
		args  []string
		stdin string
		want  string // in stdout or stderr: the run did its work
	}
	var runs []run
	inputs := []string{p("app/compose.yaml"), p("broken/compose.yaml"), p("dollar/compose.yaml"), p("badenv/compose.yaml"),
		p("saved/inspect.json"), p("build/Dockerfile"), p("host/daemon.json")}
	for _, format := range report.Formats() {
		runs = append(runs,
			run{args: append([]string{"check", "--no-repo-config", "--format", format, "--policy", p("policy"), "--fail-on", "never"}, inputs...), want: "team.leak"},
			run{args: []string{"inspect", "--no-repo-config", "--format", format, p("saved/inspect.json")}, want: "DKR-C01"},
			run{args: []string{"daemon", "--no-repo-config", "--format", format, p("host/daemon.json")}, want: "DKR-D"},
		)
	}
	runs = append(runs,
		run{args: []string{"check", "--no-repo-config", "-"}, stdin: stdinCompose, want: "DKR-C01"},
		run{args: []string{"check", "--no-repo-config", "--env", "EXTRA_PASSWORD=PLANTED-flag-Zq9x", p("app/compose.yaml")}, want: "DKR-C01"},
		run{args: []string{"check", "--no-repo-config", "--kind", "dockerfile", "--policy", p("policy"), p("build/Dockerfile")}, want: "team.leak"},
		run{args: []string{"authz", "decide", "--path", "/v1.47/containers/create", "--body", p("api/create.json")}, want: `"Allow": false`},
		run{args: []string{"authz", "decide", "--request", p("api/authzreq.json")}, want: `"Allow": false`},
	)
	for _, in := range []string{"app/compose.yaml", "broken/compose.yaml", "dollar/compose.yaml", "badenv/compose.yaml", "build/Dockerfile", "host/daemon.json"} {
		for _, flag := range []string{"", "--per-container", "--provenance"} {
			args := []string{"parse", p(in)}
			if flag != "" {
				args = append(args, flag)
			}
			runs = append(runs, run{args: args})
		}
	}
	runs = append(runs, run{args: []string{"parse", "--kind", "inspect", p("saved/inspect.json")}, want: `"schema"`})

	for _, r := range runs {
		code, stdout, stderr := runInProcess(t, r.stdin, r.args...)
		name := strings.ReplaceAll(strings.Join(r.args, " "), dir+"/", "")
		if code != exitOK && code != exitFindings && code != exitError {
			t.Errorf("%s: exit %d", name, code)
		}
		if !strings.Contains(stdout+stderr, r.want) {
			t.Errorf("%s: exit %d, output without %q:\n%.600s\n%.600s", name, code, r.want, stdout, stderr)
		}
		for _, out := range []struct{ name, text string }{{"stdout", stdout}, {"stderr", stderr}} {
			if i := strings.Index(out.text, "PLANTED"); i >= 0 {
				start := max(0, i-120)
				t.Errorf("%s: a secret reached %s: ...%s...", name, out.name, out.text[start:min(len(out.text), i+40)])
			}
		}
	}
}
