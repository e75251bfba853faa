package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dockpol/dockpol/internal/dockertest"
)

// The live tests run dockpol against a private Docker Engine
// (internal/dockertest): skipped without one, failed when
// DOCKPOL_REQUIRE_DOCKER=1. They are not parallel: they set DOCKER_*
// variables for the in-process command.

// liveCases are the COMMANDS.tsv cases the tests create, and a rule each
// must raise (audit mode: DKR-C35 is a warning there).
var liveCases = map[string][]string{
	"hardened":        nil,
	"defaults":        {"DKR-C25"},
	"privileged":      {"DKR-C01"},
	"host-namespaces": {"DKR-C02", "DKR-C04"},
	"docker-sock":     {"DKR-C18", "DKR-C19"},
	"caps":            {"DKR-C10"},
	"unconfined":      {"DKR-C12"},
	"env-secrets":     {"DKR-C35"},
	"ports":           {"DKR-N01"},
	"created-only":    {"DKR-C01"},
}

var (
	liveOnce sync.Once
	liveErr  string
)

// liveEngine returns the private engine holding the liveCases containers
// (all created, none started but "defaults"), with the environment set
// to reach it the way a user would: DOCKER_HOST, an empty CLI config.
func liveEngine(t *testing.T) *dockertest.Daemon {
	t.Helper()
	d := dockertest.Get(t)
	liveOnce.Do(func() {
		f, err := os.Open(filepath.Join("..", "..", "..", "shared", "corpus", "inspect", "generated", "COMMANDS.tsv"))
		if err != nil {
			liveErr = err.Error()
			return
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			name, command, _ := strings.Cut(sc.Text(), "\t")
			if _, ok := liveCases[name]; !ok {
				continue
			}
			args := strings.Fields(command)[1:]
			if name != "defaults" && args[0] == "run" {
				// privileged containers cannot start in every sandbox:
				// create them; the configuration is the same
				args[0] = "create"
				args = without(args, "-d")
			}
			if _, err := d.DockerErr(args...); err != nil {
				liveErr = name + ": " + err.Error()
				return
			}
		}
	})
	if liveErr != "" {
		t.Fatalf("create the test containers: %s", liveErr)
	}
	t.Setenv("DOCKER_HOST", d.Host)
	t.Setenv("DOCKER_CONFIG", t.TempDir())
	t.Setenv("DOCKER_CONTEXT", "")
	t.Setenv("DOCKER_CERT_PATH", "")
	t.Setenv("DOCKER_TLS_VERIFY", "")
	return d
}

func without(list []string, drop string) []string {
	var out []string
	for _, s := range list {
		if s != drop {
			out = append(out, s)
		}
	}
	return out
}

// liveReport is the part of the JSON report the tests read.
type liveReport struct {
	Findings []struct {
		ID, Action, Container, File string
	}
	Errors  []struct{ File, Message string }
	Summary struct {
		Files, Containers, Deny, Warn, Errors int
	}
	Engine *struct {
		Name, ID, Version, Host, Context string
	}
}

// dockpol runs the command in-process and returns its exit code, the
// decoded JSON report (when stdout holds one) and standard error.
func dockpol(t *testing.T, args ...string) (int, liveReport, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), append([]string{"dockpol"}, args...), strings.NewReader(""), &stdout, &stderr)
	var rep liveReport
	if strings.HasPrefix(strings.TrimSpace(stdout.String()), "{") {
		if err := checkJSONReport(stdout.Bytes()); err != nil {
			t.Errorf("report: %v", err)
		}
		if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, stdout.String())
		}
	}
	return code, rep, stderr.String()
}

func (r liveReport) rules(container string) map[string]string {
	out := map[string]string{}
	for _, f := range r.Findings {
		if f.Container == container {
			out[f.ID] = f.Action
		}
	}
	return out
}

func TestLiveInspectAll(t *testing.T) {
	d := liveEngine(t)
	code, rep, stderr := dockpol(t, "inspect", "--live", "--all", "-o", "json")
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (stderr %q)", code, exitFindings, stderr)
	}
	if rep.Engine == nil || rep.Engine.Version != d.Version || rep.Engine.Host != d.Host || rep.Engine.ID == "" || rep.Engine.Name == "" {
		t.Errorf("report names the engine %+v, want version %s at %s", rep.Engine, d.Version, d.Host)
	}
	if rep.Summary.Containers != len(liveCases) || rep.Summary.Errors != 0 {
		t.Errorf("summary %+v, want %d containers, no error", rep.Summary, len(liveCases))
	}
	for name, want := range liveCases {
		got := rep.rules(name)
		for _, id := range want {
			if got[id] == "" {
				t.Errorf("%s: no %s finding (got %v)", name, id, got)
			}
		}
		if name == "hardened" {
			for id, action := range got {
				if action == "deny" {
					t.Errorf("hardened: denied by %s", id)
				}
			}
		}
	}
	if got := rep.rules("env-secrets")["DKR-C35"]; got != "warn" {
		t.Errorf("env-secrets: DKR-C35 is %q in an audit, want warn", got)
	}
	for _, f := range rep.Findings {
		if !strings.HasPrefix(f.File, "container/") {
			t.Errorf("finding %s of %s names %q, want container/NAME", f.ID, f.Container, f.File)
		}
	}
}

func TestLiveInspectSelection(t *testing.T) {
	liveEngine(t)
	// running containers only: defaults
	code, rep, stderr := dockpol(t, "inspect", "--live", "-o", "json")
	if code == exitError || rep.Summary.Containers != 1 || len(rep.rules("defaults")) == 0 {
		t.Errorf("running only: exit %d, summary %+v, stderr %q", code, rep.Summary, stderr)
	}
	// by name
	code, rep, _ = dockpol(t, "inspect", "--live", "-o", "json", "privileged", "caps")
	if code != exitFindings || rep.Summary.Containers != 2 || rep.rules("privileged")["DKR-C01"] == "" {
		t.Errorf("named: exit %d, summary %+v", code, rep.Summary)
	}
	// a name that does not exist: an error, exit 2, the others still checked
	code, rep, _ = dockpol(t, "inspect", "--live", "-o", "json", "nosuch", "hardened")
	if code != exitError || rep.Summary.Errors != 1 || rep.Summary.Containers != 1 {
		t.Errorf("missing: exit %d, summary %+v", code, rep.Summary)
	}
	// text: the engine first
	var stdout, stderr2 bytes.Buffer
	run(context.Background(), []string{"dockpol", "inspect", "--live", "--no-color", "privileged"}, nil, &stdout, &stderr2)
	if first, _, _ := strings.Cut(stdout.String(), "\n"); !strings.HasPrefix(first, "engine ") || !strings.Contains(first, "Docker ") {
		t.Errorf("text report starts %q, want the engine", first)
	}
}

func TestLiveUnreachable(t *testing.T) {
	liveEngine(t)
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
	code, _, stderr := dockpol(t, "inspect", "--live")
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "cannot reach the Docker Engine at unix:///nonexistent/docker.sock") {
		t.Errorf("stderr %q, want one line naming the engine", stderr)
	}
	t.Setenv("DOCKER_HOST", "")
	t.Setenv("DOCKER_CONTEXT", "nosuch")
	code, _, stderr = dockpol(t, "daemon", "--live")
	if code != exitError || !strings.Contains(stderr, `docker context "nosuch" (from DOCKER_CONTEXT) not found`) {
		t.Errorf("missing context: exit %d, stderr %q", code, stderr)
	}
}

// writeContext writes a docker CLI context named name for host into the
// configuration directory dir, as `docker context create` does.
func writeContext(t *testing.T, dir, name, host string) {
	t.Helper()
	sum := sha256.Sum256([]byte(name))
	meta := filepath.Join(dir, "contexts", "meta", hex.EncodeToString(sum[:]))
	if err := os.MkdirAll(meta, 0o700); err != nil {
		t.Fatal(err)
	}
	data := `{"Name":"` + name + `","Metadata":{},"Endpoints":{"docker":{"Host":"` + host + `","SkipTLSVerify":false}}}`
	if err := os.WriteFile(filepath.Join(meta, "meta.json"), []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLiveContexts: the engine comes from the CLI's context store, as
// the docker CLI would choose it, never silently from the local socket.
func TestLiveContexts(t *testing.T) {
	d := liveEngine(t)
	cfg := os.Getenv("DOCKER_CONFIG")
	writeContext(t, cfg, "private", d.Host)
	writeContext(t, cfg, "elsewhere", "unix:///nonexistent/elsewhere.sock")

	// the current context of config.json
	t.Setenv("DOCKER_HOST", "")
	if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(`{"currentContext": "private"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, rep, stderr := dockpol(t, "inspect", "--live", "-o", "json", "privileged")
	if code != exitFindings || rep.Engine == nil || rep.Engine.Context != "private" || rep.Engine.Host != d.Host {
		t.Errorf("current context: exit %d, engine %+v, stderr %q", code, rep.Engine, stderr)
	}
	// DOCKER_CONTEXT wins over the current context
	t.Setenv("DOCKER_CONTEXT", "elsewhere")
	code, _, stderr = dockpol(t, "inspect", "--live")
	if code != exitError || !strings.Contains(stderr, "context elsewhere (unix:///nonexistent/elsewhere.sock)") {
		t.Errorf("DOCKER_CONTEXT: exit %d, stderr %q", code, stderr)
	}
	// DOCKER_HOST wins over DOCKER_CONTEXT, --context over both
	t.Setenv("DOCKER_HOST", "unix:///nonexistent/host.sock")
	code, rep, stderr = dockpol(t, "inspect", "--live", "--context", "private", "-o", "json", "caps")
	if code != exitFindings || rep.Engine == nil || rep.Engine.Context != "private" {
		t.Errorf("--context: exit %d, engine %+v, stderr %q", code, rep.Engine, stderr)
	}
	code, _, stderr = dockpol(t, "inspect", "--live")
	if code != exitError || !strings.Contains(stderr, "unix:///nonexistent/host.sock (from DOCKER_HOST)") {
		t.Errorf("DOCKER_HOST: exit %d, stderr %q", code, stderr)
	}
}

// TestLiveSSH reaches the engine behind an ssh:// host through
// `ssh HOST docker system dial-stdio`, with a stand-in ssh that runs the
// dial-stdio locally.
func TestLiveSSH(t *testing.T) {
	d := liveEngine(t)
	bin := t.TempDir()
	script := "#!/bin/sh\n" +
		"# stand-in for ssh: check the arguments the docker CLI would pass, then dial the test engine\n" +
		`[ "$*" = "-o ConnectTimeout=30 -T -l auditor -p 2222 -- engine.example docker system dial-stdio" ] || { echo "unexpected ssh arguments: $*" >&2; exit 255; }` + "\n" +
		"DOCKER_HOST='" + d.Host + "' exec docker system dial-stdio\n"
	if err := os.WriteFile(filepath.Join(bin, "ssh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DOCKER_HOST", "ssh://auditor@engine.example:2222")
	code, rep, stderr := dockpol(t, "inspect", "--live", "-o", "json", "privileged")
	if code != exitFindings || rep.Engine == nil || rep.Engine.Host != "ssh://auditor@engine.example:2222" || rep.rules("privileged")["DKR-C01"] == "" {
		t.Errorf("ssh: exit %d, engine %+v, stderr %q", code, rep.Engine, stderr)
	}
	t.Setenv("DOCKER_HOST", "ssh://other@engine.example")
	code, _, stderr = dockpol(t, "inspect", "--live")
	if code != exitError || !strings.Contains(stderr, "unexpected ssh arguments") {
		t.Errorf("failing ssh: exit %d, stderr %q", code, stderr)
	}
}

// TestLiveDaemon audits the engine's docker info, with a daemon.json when
// the engine is a local socket.
func TestLiveDaemon(t *testing.T) {
	d := liveEngine(t)
	code, rep, stderr := dockpol(t, "daemon", "--live", "-o", "json")
	if code == exitError || rep.Engine == nil || rep.Engine.Version != d.Version || rep.Summary.Errors != 0 || rep.Summary.Files != 1 {
		t.Fatalf("daemon --live: exit %d, report %+v, stderr %q", code, rep, stderr)
	}
	conf := filepath.Join(t.TempDir(), "daemon.json")
	if err := os.WriteFile(conf, []byte(`{"icc": true, "live-restore": false}`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, rep, stderr = dockpol(t, "daemon", "--live", "--daemon-json", conf, "-o", "json")
	if code == exitError || rep.Summary.Errors != 0 {
		t.Errorf("with daemon.json: exit %d, report %+v, stderr %q", code, rep, stderr)
	}
	// a broken daemon.json is an input error naming the file
	if err := os.WriteFile(conf, []byte(`{"icc": `), 0o600); err != nil {
		t.Fatal(err)
	}
	code, rep, _ = dockpol(t, "daemon", "--live", "--daemon-json", conf, "-o", "json")
	if code != exitError || len(rep.Errors) != 1 || rep.Errors[0].File != conf {
		t.Errorf("broken daemon.json: exit %d, errors %+v", code, rep.Errors)
	}
}
