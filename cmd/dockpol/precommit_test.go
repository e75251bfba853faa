package main

// Tests of .pre-commit-hooks.yaml: ids, entries, and patterns that run
// the hooks for exactly the names input discovery accepts.

import (
	"regexp"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/runner"
)

// preCommitHook is a hook of .pre-commit-hooks.yaml.
type preCommitHook struct {
	ID, Name, Entry, Language string
	Args                      []string
	PassFilenames             *bool `yaml:"pass_filenames"`
	Files, Exclude            string
}

// matches applies the hook's patterns as pre-commit does (Python
// re.search on the path; the patterns are written in the syntax Python
// and Go share).
func (h preCommitHook) matches(t *testing.T, path string) bool {
	t.Helper()
	files := regexp.MustCompile(h.Files)
	if h.Exclude != "" && regexp.MustCompile(h.Exclude).MatchString(path) {
		return false
	}
	return files.MatchString(path)
}

func TestPreCommitHooks(t *testing.T) {
	t.Parallel()
	var hooks []preCommitHook
	decodeYAML(t, ".pre-commit-hooks.yaml", &hooks)
	byID := map[string]preCommitHook{}
	var ids []string
	for _, h := range hooks {
		byID[h.ID] = h
		ids = append(ids, h.ID)
		if h.Language != "golang" || !hasCommand(h.Entry) || h.Name == "" {
			t.Errorf("%s: language %q, entry %q: want golang and a dockpol command", h.ID, h.Language, h.Entry)
		}
	}
	if diff := cmp.Diff([]string{"dockpol-check", "dockpol-verify"}, ids); diff != "" {
		t.Fatalf("hook ids (-want +got):\n%s", diff)
	}
	check, verify := byID["dockpol-check"], byID["dockpol-verify"]
	if check.Entry != "dockpol check" || verify.Entry != "dockpol verify" {
		t.Errorf("entries %q, %q", check.Entry, verify.Entry)
	}
	// the whole repository, so compose projects are judged merged
	if check.PassFilenames == nil || *check.PassFilenames || !slices.Equal(check.Args, []string{"."}) {
		t.Errorf("dockpol-check: pass_filenames %v, args %v: want false and .", check.PassFilenames, check.Args)
	}
	if verify.PassFilenames == nil || *verify.PassFilenames || len(verify.Args) == 0 {
		t.Errorf("dockpol-verify: pass_filenames %v, args %v: want false and a directory", verify.PassFilenames, verify.Args)
	}

	// dockpol-check runs for exactly the names a directory search finds
	names := []string{
		"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml",
		"compose.override.yaml", "compose.prod.yml", "docker-compose.ci.yaml", "compose.yaml.yml",
		"Dockerfile", "dockerfile", "Containerfile", "containerfile", "Dockerfile.dev", "Dockerfile.",
		"api.Dockerfile", "web.containerfile", "Containerfile.prod", "daemon.json",
		// not inputs by name
		"compose.json", "compose", "mycompose.yaml", "composer.yaml", "compose-prod.yaml", "docker-compose",
		"Dockerfile.dockerignore", "Containerfile.containerignore", ".dockerignore", "DOCKERFILE",
		"MyDockerfile", "daemon.json.bak", "my-daemon.json", "README.md", "policy.rego", "values.yaml",
	}
	for _, name := range names {
		want := runner.KindForName(name) != ""
		for _, path := range []string{name, "deploy/prod/" + name} {
			if got := check.matches(t, path); got != want {
				t.Errorf("dockpol-check on %s: runs %v, but discovery accepts the name: %v", path, got, want)
			}
		}
	}
	// a directory named like an input does not make its files inputs
	if check.matches(t, "compose.yaml/notes.txt") || check.matches(t, "Dockerfile.d/run.sh") {
		t.Error("dockpol-check matches files inside directories named like inputs")
	}
	for path, want := range map[string]bool{"policy/deny.rego": true, "deny_test.rego": true, "deny.rego.orig": false, "compose.yaml": false} {
		if got := verify.matches(t, path); got != want {
			t.Errorf("dockpol-verify on %s: runs %v, want %v", path, got, want)
		}
	}
}
