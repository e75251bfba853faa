package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Helper commands of the team_*.txtar scripts, registered in TestMain so
// the scripts need neither openssl nor tar.

// genkeyMain is `genkey PRIVATE PUBLIC`: a fresh 2048-bit RSA key pair as
// PEM files, as openssl genrsa and openssl rsa -pubout write them.
func genkeyMain() {
	if err := genkey(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "genkey:", err)
		os.Exit(2)
	}
}

func genkey(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: genkey PRIVATE PUBLIC")
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	if err := os.WriteFile(args[0], pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		return err
	}
	return os.WriteFile(args[1], pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644)
}

// tamperbundleMain is `tamperbundle IN OUT`: a copy of the bundle IN with
// a comment appended to every .rego file, its signature left as it was.
func tamperbundleMain() {
	if err := tamperbundle(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "tamperbundle:", err)
		os.Exit(2)
	}
}

func tamperbundle(args []string) error {
	if len(args) != 2 {
		return errors.New("usage: tamperbundle IN OUT")
	}
	in, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		return err
	}
	tr := tar.NewReader(zr)
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	changed := 0
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if strings.HasSuffix(h.Name, ".rego") {
			data = append(data, "\n# tampered\n"...)
			changed++
		}
		h.Size = int64(len(data))
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(data); err != nil {
			return err
		}
	}
	if changed == 0 {
		return fmt.Errorf("%s: no .rego file to tamper with", args[0])
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(args[1], buf.Bytes(), 0o644)
}

// conftestResult is what a conftest-style finding says, in the terms
// conftest reports it: failure, warning or exception, and the message.
type conftestResult struct {
	Kind    string // "failure", "warning", "exception"
	Message string
}

// runConftestStyle checks files with only the policies in dir (no shipped
// rules, no repository configuration) and returns the exit code and the
// findings as conftest would classify them.
func runConftestStyle(t *testing.T, dir string, files ...string) (int, []conftestResult) {
	t.Helper()
	args := append([]string{"check", "--no-repo-config", "--no-builtin", "--policy", dir, "--format", "json"}, files...)
	code, stdout, stderr := runInProcess(t, "", args...)
	if code == exitError {
		t.Fatalf("dockpol %s: exit 2\n%s%s", strings.Join(args, " "), stdout, stderr)
	}
	var rep struct {
		Findings []struct {
			Action  string          `json:"action"`
			Message string          `json:"message"`
			Kind    string          `json:"kind"`
			Waiver  json.RawMessage `json:"waiver"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("not a JSON report: %v\n%s", err, stdout)
	}
	out := []conftestResult{}
	for _, f := range rep.Findings {
		if f.Kind != "conftest" {
			t.Errorf("finding of kind %q: only conftest-style policies are loaded", f.Kind)
		}
		r := conftestResult{Kind: map[string]string{"deny": "failure", "warn": "warning"}[f.Action], Message: f.Message}
		if len(f.Waiver) > 0 {
			r.Kind = "exception"
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Kind+out[i].Message < out[j].Kind+out[j].Message })
	return code, out
}

func writePolicy(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// conftestComposePolicy is the policy of conftest's examples/compose, as
// its README describes it.
const conftestComposePolicy = `package main

version := to_number(input.version)

deny contains msg if {
	endswith(input.services[_].image, ":latest")
	msg := "No images tagged latest"
}

deny contains msg if {
	version < 3.5
	msg := "Must be using at least version 3.5 of the Compose file format"
}
`

// TestConftestParityExample runs conftest's own Compose example: the
// policy against the two files of its examples/compose directory (kept in
// the shared corpus). conftest documents exit 1 with both messages for
// docker-compose.yml and a pass for docker-compose-valid.yml.
func TestConftestParityExample(t *testing.T) {
	dir := filepath.Join(corpusDir, "open-policy-agent__conftest")
	invalid := filepath.Join(dir, "examples__compose__docker-compose.yml")
	valid := filepath.Join(dir, "examples__compose__docker-compose-valid.yml")
	for _, f := range []string{invalid, valid} {
		if _, err := os.Stat(f); err != nil {
			t.Skipf("conftest's compose example is not in the shared corpus (%v): the corpus is checked out beside the repository, not in it", err)
		}
	}
	policy := writePolicy(t, map[string]string{"compose.rego": conftestComposePolicy})

	code, got := runConftestStyle(t, policy, invalid)
	want := []conftestResult{
		{"failure", "Must be using at least version 3.5 of the Compose file format"},
		{"failure", "No images tagged latest"},
	}
	if code != exitFindings {
		t.Errorf("%s: exit %d, want 1", invalid, code)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", invalid, diff)
	}

	code, got = runConftestStyle(t, policy, valid)
	if code != exitOK || len(got) != 0 {
		t.Errorf("%s: exit %d with %v, want 0 and no findings", valid, code, got)
	}
}

// communityPolicy holds three rules of the kind conftest users write for
// Compose files, each relying on conftest's plain YAML input.
const communityPolicy = `package main

# Short-syntax ports "HOST:CONTAINER" publish on the host.
deny_host_ports contains msg if {
	some name
	port := input.services[name].ports[_]
	contains(port, ":")
	msg := sprintf("service %s publishes port %s on the host", [name, port])
}

deny_privileged contains msg if {
	some name
	input.services[name].privileged == true
	msg := sprintf("service %s runs privileged", [name])
}

# The platform team signs off privileged services with a label.
exception contains rules if {
	input.services[_].labels["com.example.privileged-ok"] == "true"
	rules := ["privileged"]
}

warn contains msg if {
	some name
	service := input.services[name]
	not service.restart
	msg := sprintf("service %s has no restart policy", [name])
}
`

// TestConftestParityCommunityRules checks that dockpol gives the results
// conftest gives, reasoned from conftest's semantics: rules see the plain
// YAML as conftest's parser (go-yaml v2, YAML 1.1) reads it, the exception
// rule waives deny_privileged for the whole document, and a file with
// only warnings and exceptions passes.
func TestConftestParityCommunityRules(t *testing.T) {
	policy := writePolicy(t, map[string]string{"community.rego": communityPolicy})
	files := writePolicy(t, map[string]string{
		"app.yaml": `services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"    # short syntax with a host port: contains ":"
      - 9090         # a number: contains() is undefined, no result
      - target: 443  # long syntax: an object, no result
        published: 8443
    restart: always
  worker:
    image: example/worker:1.0
    privileged: true
    restart: no      # YAML 1.1: false, so "not service.restart" holds
  cache:
    image: redis:7
    restart: "no"    # a string: a restart policy
  batch:
    image: example/batch:2.1
`,
		"agent.yaml": `services:
  node-exporter:
    image: prom/node-exporter:v1.8.2
    privileged: true
    restart: unless-stopped
    labels:
      com.example.privileged-ok: "true"
`,
	})

	code, got := runConftestStyle(t, policy, filepath.Join(files, "app.yaml"))
	want := []conftestResult{
		{"failure", "service web publishes port 8080:80 on the host"},
		{"failure", "service worker runs privileged"},
		{"warning", "service batch has no restart policy"},
		{"warning", "service worker has no restart policy"},
	}
	if code != exitFindings {
		t.Errorf("app.yaml: exit %d, want 1", code)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("app.yaml (-want +got):\n%s", diff)
	}

	code, got = runConftestStyle(t, policy, filepath.Join(files, "agent.yaml"))
	want = []conftestResult{{"exception", "service node-exporter runs privileged"}}
	if code != exitOK {
		t.Errorf("agent.yaml: exit %d, want 0 (the only deny is excepted)", code)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("agent.yaml (-want +got):\n%s", diff)
	}
}
