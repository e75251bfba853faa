package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dockpol/dockpol/internal/dockertest"
	"github.com/dockpol/dockpol/internal/live"
)

func TestParsePluginArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want pluginCall
		err  string
	}{
		{name: "metadata", args: []string{"docker-cli-plugin-metadata"}, want: pluginCall{metadata: true}},
		{name: "plain", args: []string{"policy", "check", "compose.yaml"}, want: pluginCall{args: []string{"check", "compose.yaml"}}},
		{name: "no command", args: []string{"policy"}, want: pluginCall{args: []string{}}},
		{name: "context", args: []string{"--context", "prod", "policy", "inspect", "--live"},
			want: pluginCall{docker: live.Options{Context: "prod"}, args: []string{"inspect", "--live"}}},
		{name: "short forms", args: []string{"-cprod", "-D", "-l", "debug", "policy", "daemon"},
			want: pluginCall{docker: live.Options{Context: "prod"}, args: []string{"daemon"}}},
		{name: "host with =", args: []string{"-H=unix:///d.sock", "--config=/cfg", "policy", "daemon", "--live"},
			want: pluginCall{docker: live.Options{Host: "unix:///d.sock", ConfigDir: "/cfg"}, args: []string{"daemon", "--live"}}},
		{name: "tls", args: []string{"--tlsverify", "--tls=false", "--tlscacert", "/ca", "--tlscert", "/c", "--tlskey", "/k", "-H", "tcp://h:2376", "policy", "version"},
			want: pluginCall{docker: live.Options{Host: "tcp://h:2376", TLSVerify: true, CACert: "/ca", Cert: "/c", Key: "/k"}, args: []string{"version"}}},
		{name: "the plugin name only once", args: []string{"policy", "check", "policy"}, want: pluginCall{args: []string{"check", "policy"}}},
		{name: "help before the name", args: []string{"--help", "policy"}, want: pluginCall{args: []string{"--help"}}},
		{name: "run directly", args: []string{"check", "compose.yaml"}, err: "is a Docker CLI plugin: run it as docker policy"},
		{name: "nothing", args: nil, err: "is a Docker CLI plugin"},
		{name: "unknown option", args: []string{"--bogus", "policy"}, err: `unknown docker option --bogus before "policy"`},
		{name: "missing value", args: []string{"--context"}, err: "docker option --context needs a value"},
		{name: "two hosts", args: []string{"-H", "a", "-H", "b", "policy"}, err: "docker option -H: specify only one -H"},
		{name: "bad boolean", args: []string{"--tls=maybe", "policy"}, err: `docker option --tls: invalid boolean "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parsePluginArgs(tt.args)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(pluginCall{}), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// dockerCLI returns the docker CLI and a plugin directory holding this
// test binary as docker-policy (testscript.Main put it on PATH under that
// name; run dispatches on the name, as the installed binary does), in a
// fresh CLI configuration directory. Without the CLI the test is skipped,
// or fails when DOCKPOL_REQUIRE_DOCKER=1.
func dockerCLI(t *testing.T) (docker, configDir string) {
	t.Helper()
	docker, err := exec.LookPath("docker")
	if err != nil {
		if os.Getenv(dockertest.RequireEnv) == "1" {
			t.Fatalf("docker CLI required (%s=1) but not installed", dockertest.RequireEnv)
		}
		t.Skipf("skipped: docker CLI not installed (set %s=1 to fail instead)", dockertest.RequireEnv)
	}
	self, err := exec.LookPath(pluginBinary)
	if err != nil {
		t.Fatalf("%s not on PATH (TestMain installs it): %v", pluginBinary, err)
	}
	configDir = t.TempDir()
	plugins := filepath.Join(configDir, "cli-plugins")
	if err := os.MkdirAll(plugins, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(plugins, pluginBinary)); err != nil {
		t.Fatal(err)
	}
	return docker, configDir
}

// dockerEnv is the environment without DOCKER_ variables, plus env.
func dockerEnv(env ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DOCKER_") {
			out = append(out, kv)
		}
	}
	// a -race binary sleeps a second before exiting unless told not to
	out = append(out, "GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	return append(out, env...)
}

// runDocker runs the docker CLI and returns its exit code and output.
func runDocker(t *testing.T, docker string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(docker, args...)
	cmd.Env = env
	cmd.Dir = t.TempDir()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, stdout.String(), stderr.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), stdout.String(), stderr.String()
	}
	t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	return 0, "", ""
}

// TestDockerCLIPlugin runs dockpol through the real docker CLI as the
// docker policy plugin: discovery (the metadata), arguments, exit codes.
func TestDockerCLIPlugin(t *testing.T) {
	docker, cfg := dockerCLI(t)
	env := dockerEnv("DOCKER_CONFIG="+cfg, "HOME="+t.TempDir())
	// (a context that does not exist is refused by the docker CLI 20.10
	// itself, before the plugin runs)
	writeContext(t, cfg, "elsewhere", "unix:///nonexistent/elsewhere.sock")
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a regexp, (?m)
		stderr string
	}{
		{name: "listed in docker --help", args: []string{"--help"}, stdout: `policy\*?\s+Check Compose files, containers and daemons against policy`},
		{name: "version", args: []string{"policy", "version"}, stdout: `^dockpol\s+\S+\n(?s:.*)^document schema\s+dockpol/v1$`},
		{name: "version as JSON", args: []string{"policy", "version", "--format", "json"}, stdout: `"report_schema": "1"`},
		{name: "help", args: []string{"policy", "--help"}, stdout: `^\s+docker policy - policy checks for Docker(?s:.*)^\s+check\s`},
		{name: "check: a deny is exit 1", args: []string{"policy", "check", filepath.Join(examples, "compose.yaml")}, code: 1, stdout: `DENY DKR-C01 \(critical\) \[worker\]`},
		{name: "check: a clean project is exit 0", args: []string{"policy", "check", "--fail-on", "deny", filepath.Join(examples, "secure")}, code: 0},
		{name: "check: a missing file is exit 2", args: []string{"policy", "check", "nosuch.yaml"}, code: 2, stdout: `nosuch.yaml: error: no such file`},
		{name: "bad usage is exit 2", args: []string{"policy", "check", "--format", "yaml", "x.yaml"}, code: 2, stderr: `^docker policy: unknown --format "yaml"`},
		{name: "-H reaches the plugin", args: []string{"-H", "unix:///nonexistent/d.sock", "policy", "daemon", "--live"}, code: 2,
			stderr: `^docker policy: cannot reach the Docker Engine at unix:///nonexistent/d.sock \(from --host\)`},
		{name: "--context reaches the plugin", args: []string{"--context", "elsewhere", "policy", "inspect", "--live"}, code: 2,
			stderr: `^docker policy: cannot reach the Docker Engine at context elsewhere \(unix:///nonexistent/elsewhere.sock\) \(from --context\)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runDocker(t, docker, env, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, stdout, stderr)
			}
			if tt.stdout != "" && !regexp.MustCompile("(?m)"+tt.stdout).MatchString(stdout) {
				t.Errorf("stdout does not match %q:\n%s", tt.stdout, stdout)
			}
			if tt.stderr != "" && !regexp.MustCompile("(?m)"+tt.stderr).MatchString(stderr) {
				t.Errorf("stderr does not match %q:\n%s", tt.stderr, stderr)
			}
		})
	}
}

// TestDockerCLIPluginLive: `docker -H ... policy daemon --live` and
// `docker --config ... --context ... policy inspect --live` audit the
// engine the docker CLI's global options name, not DOCKER_HOST's.
func TestDockerCLIPluginLive(t *testing.T) {
	docker, cfg := dockerCLI(t)
	d := liveEngine(t)
	// a DOCKER_HOST that must lose to the global options
	env := dockerEnv("HOME="+t.TempDir(), "DOCKER_HOST=unix:///nonexistent/env.sock")

	engineOf := func(t *testing.T, stdout string) liveReport {
		t.Helper()
		var rep liveReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, stdout)
		}
		if rep.Engine == nil || rep.Engine.Version != d.Version {
			t.Fatalf("report names the engine %+v, want version %s", rep.Engine, d.Version)
		}
		return rep
	}

	code, stdout, stderr := runDocker(t, docker, env, "--config", cfg, "-H", d.Host, "policy", "daemon", "--live", "-o", "json")
	if code == exitError {
		t.Fatalf("daemon --live: exit %d, stderr %q", code, stderr)
	}
	if rep := engineOf(t, stdout); rep.Engine.Host != d.Host || rep.Summary.Errors != 0 {
		t.Errorf("daemon --live: engine %+v, summary %+v", rep.Engine, rep.Summary)
	}

	// a context made by the docker CLI itself, in the store --config names
	if code, _, stderr := runDocker(t, docker, env, "--config", cfg, "context", "create", "private", "--docker", "host="+d.Host); code != 0 {
		t.Fatalf("docker context create: exit %d: %s", code, stderr)
	}
	code, stdout, stderr = runDocker(t, docker, env, "--config", cfg, "--context", "private", "policy", "inspect", "--live", "-o", "json", "privileged")
	if code != exitFindings {
		t.Fatalf("inspect --live: exit %d, want %d, stderr %q", code, exitFindings, stderr)
	}
	rep := engineOf(t, stdout)
	if rep.Engine.Context != "private" || rep.Engine.Host != d.Host || rep.rules("privileged")["DKR-C01"] == "" {
		t.Errorf("inspect --live: engine %+v, findings %v", rep.Engine, rep.rules("privileged"))
	}
}
