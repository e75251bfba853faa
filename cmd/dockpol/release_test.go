package main

// Tests of the release and ecosystem files at the repository's root
// (.goreleaser.yaml and Dockerfile here; .pre-commit-hooks.yaml in
// precommit_test.go, action.yml in action_test.go). Each file is parsed
// as its tool would and held to the code it names: commands, ldflags
// variables, the names input discovery accepts.

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v4"
)

// repoFile reads a file at the repository's root.
func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func decodeYAML(t *testing.T, name string, v any) {
	t.Helper()
	if err := yaml.Unmarshal(repoFile(t, name), v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// hasCommand reports whether the dockpol command line names a command
// that exists ("dockpol check" -> check).
func hasCommand(entry string) bool {
	f := strings.Fields(entry)
	if len(f) < 2 || f[0] != "dockpol" {
		return false
	}
	return newApp("dockpol", nil, nil, nil).Command(f[1]) != nil
}

func TestGoReleaserConfig(t *testing.T) {
	t.Parallel()
	var cfg struct {
		Version int
		Builds  []struct {
			ID, Main, Binary string
			Env, Flags       []string
			Ldflags          []string
			Goos, Goarch     []string
		}
		Archives []struct {
			NameTemplate string `yaml:"name_template"`
			Formats      []string
		}
		Checksum struct {
			NameTemplate string `yaml:"name_template"`
			Algorithm    string
		}
		SBOMs     []struct{ Artifacts string } `yaml:"sboms"`
		DockersV2 []struct {
			Dockerfile string
			Platforms  []string
		} `yaml:"dockers_v2"`
	}
	decodeYAML(t, ".goreleaser.yaml", &cfg)
	if cfg.Version != 2 {
		t.Errorf("version %d, want the v2 schema", cfg.Version)
	}
	if len(cfg.Builds) != 1 {
		t.Fatalf("%d builds, want 1", len(cfg.Builds))
	}
	b := cfg.Builds[0]
	if b.Main != "./cmd/dockpol" || b.Binary != "dockpol" {
		t.Errorf("build %s -> %s, want ./cmd/dockpol -> dockpol", b.Main, b.Binary)
	}
	if !slices.Contains(b.Env, "CGO_ENABLED=0") || !slices.Contains(b.Flags, "-trimpath") {
		t.Errorf("build env %v, flags %v: want a static (CGO_ENABLED=0), -trimpath build", b.Env, b.Flags)
	}
	ldflags := strings.Join(b.Ldflags, " ")
	// the variables version.go reads (a rename there must show here)
	_, _, _ = version, commit, date
	for _, v := range []string{"main.version", "main.commit", "main.date"} {
		if !strings.Contains(ldflags, "-X "+v+"=") {
			t.Errorf("ldflags %q do not stamp %s", ldflags, v)
		}
	}
	for _, want := range [][2][]string{{b.Goos, {"darwin", "linux"}}, {b.Goarch, {"amd64", "arm64"}}} {
		got := slices.Sorted(slices.Values(want[0]))
		if !slices.Equal(got, want[1]) {
			t.Errorf("targets %v, want %v", got, want[1])
		}
	}
	// action.yml and docs/install.md download these names
	if len(cfg.Archives) != 1 || cfg.Archives[0].NameTemplate != "{{ .ProjectName }}_{{ .Os }}_{{ .Arch }}" || !slices.Equal(cfg.Archives[0].Formats, []string{"tar.gz"}) {
		t.Errorf("archives %+v, want dockpol_OS_ARCH.tar.gz", cfg.Archives)
	}
	if cfg.Checksum.NameTemplate != "checksums.txt" || cfg.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %+v, want checksums.txt, sha256", cfg.Checksum)
	}
	if len(cfg.SBOMs) == 0 {
		t.Error("no SBOM")
	}
	if len(cfg.DockersV2) != 1 || cfg.DockersV2[0].Dockerfile != "Dockerfile" {
		t.Fatalf("dockers_v2 %+v, want one image from Dockerfile", cfg.DockersV2)
	}
	dockerfile := string(repoFile(t, "Dockerfile"))
	for _, want := range []string{"\nFROM scratch\n", "\nCOPY $TARGETPLATFORM/dockpol /dockpol\n", "\nENTRYPOINT [\"/dockpol\"]\n"} {
		if !strings.Contains(dockerfile, want) {
			t.Errorf("Dockerfile lacks %q", strings.TrimSpace(want))
		}
	}
}
