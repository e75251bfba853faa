package main

// Tests of action.yml, the GitHub Action: its shape, its shell steps
// (bash -n), and both steps run for real, the install step against a fake
// release server.

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// actionStep is a step of action.yml.
type actionStep struct {
	ID, Name, Shell, Run string
	Env                  map[string]string
}

type actionFile struct {
	Name, Description string
	Inputs            map[string]struct {
		Description string
		Default     *string
	}
	Outputs map[string]struct{ Value string }
	Runs    struct {
		Using string
		Steps []actionStep
	}
}

func readAction(t *testing.T) actionFile {
	t.Helper()
	var a actionFile
	decodeYAML(t, "action.yml", &a)
	return a
}

func (a actionFile) step(t *testing.T, id string) actionStep {
	t.Helper()
	for _, s := range a.Runs.Steps {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("action.yml has no step %q", id)
	return actionStep{}
}

func TestActionYAML(t *testing.T) {
	t.Parallel()
	a := readAction(t)
	if a.Name == "" || a.Description == "" || a.Runs.Using != "composite" {
		t.Errorf("name %q, description %q, runs.using %q: want a composite action", a.Name, a.Description, a.Runs.Using)
	}
	var inputs []string
	for name, in := range a.Inputs {
		inputs = append(inputs, name)
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s: a description and a default, please", name)
		}
	}
	slices.Sort(inputs)
	if diff := cmp.Diff([]string{"args", "files", "format", "sarif-file", "version"}, inputs); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	ids := map[string]bool{}
	inputRef := regexp.MustCompile(`\$\{\{\s*inputs\.([a-z-]+)\s*\}\}`)
	stepRef := regexp.MustCompile(`\$\{\{\s*steps\.([a-z-]+)\.outputs\.`)
	bash, bashErr := exec.LookPath("bash")
	for _, s := range a.Runs.Steps {
		ids[s.ID] = true
		if s.Run == "" {
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %s: shell %q, want bash (composite run steps must name one)", s.ID, s.Shell)
		}
		// expressions in a script are spliced in before the shell parses
		// it: inputs go through env
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %s: an expression inside run (script injection); pass it in env", s.ID)
		}
		for _, v := range s.Env {
			for _, m := range inputRef.FindAllStringSubmatch(v, -1) {
				if _, ok := a.Inputs[m[1]]; !ok {
					t.Errorf("step %s: env names the undeclared input %s", s.ID, m[1])
				}
			}
		}
		if bashErr != nil {
			continue
		}
		cmd := exec.Command(bash, "-n")
		cmd.Stdin = strings.NewReader(s.Run)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("step %s: bash -n: %v\n%s", s.ID, err, out)
		}
	}
	for name, out := range a.Outputs {
		for _, m := range stepRef.FindAllStringSubmatch(out.Value, -1) {
			if !ids[m[1]] {
				t.Errorf("output %s names the unknown step %s", name, m[1])
			}
		}
	}
	if bashErr != nil {
		t.Skipf("bash -n of the steps skipped: %v", bashErr)
	}
}

// runStep runs an action step's script with bash, the step's env under
// env, as the runner would, in dir. It returns the exit code and output.
func runStep(t *testing.T, s actionStep, dir string, env map[string]string) (int, string) {
	t.Helper()
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skipf("skipped: no bash: %v", err)
	}
	cmd := exec.Command(bash, "-c", s.Run)
	cmd.Dir = dir
	cmd.Env = dockerEnv()
	for k, v := range s.Env {
		if _, ok := env[k]; !ok {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("bash: %v", err)
	}
	return cmd.ProcessState.ExitCode(), string(out)
}

// fakeRelease serves dockpol_linux_amd64.tar.gz (holding a stand-in
// dockpol that reports version) and checksums.txt at
// /latest/download/ and /download/TAG/ for the tags given; sum, when not
// empty, replaces the archive's checksum.
type fakeRelease struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func newFakeRelease(t *testing.T, version, sum string, tags ...string) *fakeRelease {
	t.Helper()
	script := "#!/bin/sh\nprintf '{\\n  \"version\": \"" + version + "\",\\n  \"commit\": \"\"\\n}\\n'\n"
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: "dockpol", Mode: 0o755, Size: int64(len(script))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(script)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	archive := buf.Bytes()
	if sum == "" {
		s := sha256.Sum256(archive)
		sum = hex.EncodeToString(s[:])
	}
	checksums := fmt.Sprintf("%s  dockpol_darwin_arm64.tar.gz\n%s  dockpol_linux_amd64.tar.gz\n", strings.Repeat("0", 64), sum)
	f := &fakeRelease{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.requests = append(f.requests, r.URL.Path)
		f.mu.Unlock()
		dir, file := filepath.Split(r.URL.Path)
		known := dir == "/releases/latest/download/"
		for _, tag := range tags {
			known = known || dir == "/releases/download/"+tag+"/"
		}
		switch {
		case !known:
			http.NotFound(w, r)
		case file == "dockpol_linux_amd64.tar.gz":
			_, _ = w.Write(archive)
		case file == "checksums.txt":
			_, _ = w.Write([]byte(checksums))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

// TestActionInstall runs the action's install step against a fake
// release: download, checksum verification, the go install fallback.
func TestActionInstall(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skipf("skipped: no curl: %v", err)
	}
	if _, err := exec.LookPath("sha256sum"); err != nil {
		t.Skipf("skipped: no sha256sum: %v", err)
	}
	step := readAction(t).step(t, "install")
	tests := []struct {
		name      string
		version   string
		os, arch  string
		sum       string // "" the right one
		code      int
		output    string // regexp on the combined output
		installed string // version=... in GITHUB_OUTPUT
		request   string // a path the server must have seen
		goArgs    string // the fake go's arguments, "" when it must not run
	}{
		{name: "latest", version: "latest", os: "Linux", arch: "X64", installed: "v9.8.7",
			request: "/releases/latest/download/dockpol_linux_amd64.tar.gz"},
		{name: "a tag", version: "v1.2.3", os: "Linux", arch: "X64", installed: "v9.8.7",
			request: "/releases/download/v1.2.3/checksums.txt"},
		{name: "a version without v", version: "1.2.3", os: "Linux", arch: "X64", installed: "v9.8.7",
			request: "/releases/download/v1.2.3/dockpol_linux_amd64.tar.gz"},
		{name: "checksum mismatch: no install, no fallback", version: "latest", os: "Linux", arch: "X64", sum: strings.Repeat("a", 64),
			code: 1, output: `::error::dockpol: dockpol_linux_amd64.tar.gz does not match its checksum`},
		{name: "no such release: go install", version: "v0.0.1", os: "Linux", arch: "X64", installed: "v0.0.1-go",
			output: `no release v0.0.1 at .*; building github.com/dockpol/dockpol/cmd/dockpol@v0.0.1 with go install`,
			goArgs: "install github.com/dockpol/dockpol/cmd/dockpol@v0.0.1"},
		{name: "no binary for Windows: go install", version: "latest", os: "Windows", arch: "X64", installed: "v0.0.1-go",
			output: `no released binary for Windows/X64`, goArgs: "install github.com/dockpol/dockpol/cmd/dockpol@latest"},
		{name: "not a version", version: "main; rm -rf /", os: "Linux", arch: "X64", code: 2,
			output: `::error::dockpol: version must be latest or a tag`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rel := newFakeRelease(t, "v9.8.7", tt.sum, "v1.2.3")
			tmp := t.TempDir()
			// a stand-in go that records its arguments and "installs" a dockpol
			goDir := filepath.Join(tmp, "go")
			if err := os.MkdirAll(goDir, 0o755); err != nil {
				t.Fatal(err)
			}
			built := filepath.Join(tmp, "go-built-dockpol")
			if err := os.WriteFile(built, []byte("#!/bin/sh\nprintf '{\\n  \"version\": \"v0.0.1-go\",\\n}\\n'\n"), 0o755); err != nil {
				t.Fatal(err)
			}
			goScript := "#!/bin/sh\necho \"$*\" > \"" + filepath.Join(tmp, "go-args") + "\"\ncp \"" + built + "\" \"$GOBIN/dockpol\"\n"
			if err := os.WriteFile(filepath.Join(goDir, "go"), []byte(goScript), 0o755); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{
				"DOCKPOL_VERSION":  tt.version,
				"DOCKPOL_RELEASES": rel.URL + "/releases",
				"RUNNER_OS":        tt.os,
				"RUNNER_ARCH":      tt.arch,
				"RUNNER_TEMP":      tmp,
				"GITHUB_PATH":      filepath.Join(tmp, "github_path"),
				"GITHUB_OUTPUT":    filepath.Join(tmp, "github_output"),
				"PATH":             goDir + string(os.PathListSeparator) + os.Getenv("PATH"),
			}
			code, out := runStep(t, step, tmp, env)
			if code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tt.code, out)
			}
			if tt.output != "" && !regexp.MustCompile(tt.output).MatchString(out) {
				t.Errorf("output does not match %q:\n%s", tt.output, out)
			}
			if tt.request != "" && !slices.Contains(rel.requests, tt.request) {
				t.Errorf("no request for %s (got %v)", tt.request, rel.requests)
			}
			goArgs, _ := os.ReadFile(filepath.Join(tmp, "go-args"))
			if got := strings.TrimSpace(string(goArgs)); got != tt.goArgs {
				t.Errorf("go ran with %q, want %q", got, tt.goArgs)
			}
			if tt.code != 0 {
				return
			}
			output, _ := os.ReadFile(env["GITHUB_OUTPUT"])
			if want := "version=" + tt.installed + "\n"; string(output) != want {
				t.Errorf("GITHUB_OUTPUT %q, want %q", output, want)
			}
			path, _ := os.ReadFile(env["GITHUB_PATH"])
			if bin := strings.TrimSpace(string(path)); bin != filepath.Join(tmp, "dockpol-bin") {
				t.Errorf("GITHUB_PATH %q", path)
			}
		})
	}
}

// TestActionCheck runs the action's check step with this binary as
// dockpol: the exit code is dockpol check's, and with sarif-file set a
// SARIF report is written too.
func TestActionCheck(t *testing.T) {
	t.Parallel()
	step := readAction(t).step(t, "check")
	self, err := exec.LookPath("dockpol") // testscript.Main put it on PATH
	if err != nil {
		t.Fatalf("dockpol not on PATH (TestMain installs it): %v", err)
	}
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, files, args, format, sarifFile string
		code                                 int
		output                               string
	}{
		{name: "a deny fails the step", files: "examples/compose.yaml", code: 1, output: `DENY DKR-C01`},
		{name: "a clean project passes", files: "examples/secure", code: 0},
		{name: "several paths and arguments", files: "examples/secure examples/compose.yaml", args: "--fail-on never --quiet", format: "json", code: 0, output: `"schema_version": "1"`},
		{name: "bad usage is exit 2", files: "examples/compose.yaml", args: "--fail-on sometimes", code: 2, output: `unknown --fail-on "sometimes"`},
		{name: "a missing path is exit 2", files: "nosuch/", code: 2},
		{name: "SARIF too", files: "examples/compose.yaml", sarifFile: "dockpol.sarif", code: 1, output: `DENY DKR-C01`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if err := os.CopyFS(filepath.Join(dir, "examples"), os.DirFS(examples)); err != nil {
				t.Fatal(err)
			}
			env := map[string]string{
				"DOCKPOL_FILES":      tt.files,
				"DOCKPOL_ARGS":       tt.args,
				"DOCKPOL_FORMAT":     tt.format,
				"DOCKPOL_SARIF_FILE": tt.sarifFile,
				"GITHUB_OUTPUT":      filepath.Join(dir, "github_output"),
				"PATH":               filepath.Dir(self) + string(os.PathListSeparator) + os.Getenv("PATH"),
			}
			code, out := runStep(t, step, dir, env)
			if code != tt.code {
				t.Fatalf("exit %d, want %d:\n%s", code, tt.code, out)
			}
			if tt.output != "" && !regexp.MustCompile(tt.output).MatchString(out) {
				t.Errorf("output does not match %q:\n%s", tt.output, out)
			}
			output, _ := os.ReadFile(env["GITHUB_OUTPUT"])
			if want := "sarif-file=" + tt.sarifFile + "\n"; string(output) != want {
				t.Errorf("GITHUB_OUTPUT %q, want %q", output, want)
			}
			if tt.sarifFile != "" {
				var log struct{ Version string }
				data, _ := os.ReadFile(filepath.Join(dir, tt.sarifFile))
				if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" {
					t.Errorf("%s is not a SARIF 2.1.0 log (%v):\n%.300s", tt.sarifFile, err, data)
				}
			}
		})
	}
}
