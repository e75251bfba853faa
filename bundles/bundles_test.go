package bundles_test

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
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/bundles"
)

// rsaKeys writes a fresh RSA key pair as PEM files (PKCS#1 private key,
// PKIX public key, what openssl genrsa / rsa -pubout write) and returns
// their paths. Key generation is slow, so one pair per test binary.
var rsaKeys = sync.OnceValues(func() ([2][]byte, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return [2][]byte{}, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return [2][]byte{}, err
	}
	return [2][]byte{
		pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}),
		pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}),
	}, nil
})

func keyFiles(t *testing.T, dir string) (private, public string) {
	t.Helper()
	keys, err := rsaKeys()
	if err != nil {
		t.Fatal(err)
	}
	private, public = filepath.Join(dir, "private.pem"), filepath.Join(dir, "public.pem")
	writeFile(t, private, string(keys[0]))
	writeFile(t, public, string(keys[1]))
	return private, public
}

// otherPublicKey is the public half of a key that signed nothing.
func otherPublicKey(t *testing.T, dir string) string {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "other.pem")
	writeFile(t, p, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})))
	return p
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const registryRego = `# METADATA
# custom:
#   input: container
package team.registry

# METADATA
# title: Image from outside the company registry
# custom:
#   id: TEAM-002
#   severity: high
deny contains {"id": "TEAM-002", "msg": "foreign registry"} if {
	not startswith(input.container.image.ref, "registry.example.com/")
}
`

const ownerRego = `package ops.owner

warn contains "no owner" if not input.container.labels.owner
`

// policyDir writes a team policy directory: two packages with different
// roots, a test file, and a data file.
func policyDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "policy")
	writeFile(t, filepath.Join(dir, "team", "registry.rego"), registryRego)
	writeFile(t, filepath.Join(dir, "team", "registry_test.rego"), "package team.registry_test\n\ntest_x if true\n")
	writeFile(t, filepath.Join(dir, "ops", "owner.rego"), ownerRego)
	writeFile(t, filepath.Join(dir, "team", "data.json"), `{"registries": ["registry.example.com"]}`)
	return dir
}

func build(t *testing.T, dir, out string, o bundles.BuildOptions) {
	t.Helper()
	var buf bytes.Buffer
	if err := bundles.Build(dir, &buf, o); err != nil {
		t.Fatalf("Build: %v", err)
	}
	writeFile(t, out, buf.String())
}

func moduleNames(b *bundles.Bundle) []string {
	var names []string
	for n := range b.Modules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func TestBuildLoadSignedRoundTrip(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	private, public := keyFiles(t, tmp)
	dir := policyDir(t)
	out := filepath.Join(tmp, "team.tar.gz")
	build(t, dir, out, bundles.BuildOptions{SigningKey: private, Revision: "2026.11.27"})

	b, err := bundles.Load(out, bundles.VerifyOptions{KeyFile: public})
	if err != nil {
		t.Fatalf("Load signed bundle with its key: %v", err)
	}
	// Tests stay out of the bundle; policies and data go in.
	if diff := cmp.Diff([]string{"/policy/ops/owner.rego", "/policy/team/registry.rego"}, moduleNames(b)); diff != "" {
		t.Errorf("modules (-want +got):\n%s", diff)
	}
	for name, m := range b.Modules {
		if m == nil || m.Package == nil {
			t.Errorf("%s: not parsed", name)
		}
	}
	// METADATA survives the round trip (the engine reads ids from it).
	if m := b.Modules["/policy/team/registry.rego"]; m == nil || len(m.Annotations) == 0 {
		t.Error("registry.rego lost its METADATA annotations")
	}
	if b.Revision != "2026.11.27" {
		t.Errorf("Revision = %q", b.Revision)
	}
	roots := append([]string(nil), b.Roots...)
	sort.Strings(roots)
	// Roots come from the packages (team, ops) and the data's top key
	// (data.json under team/ is data.team).
	if diff := cmp.Diff([]string{"ops", "team"}, roots); diff != "" {
		t.Errorf("roots (-want +got):\n%s", diff)
	}
	wantData := map[string]any{"team": map[string]any{"registries": []any{"registry.example.com"}}}
	if diff := cmp.Diff(wantData, b.Data); diff != "" {
		t.Errorf("data (-want +got):\n%s", diff)
	}

	// The archive is a plain OPA bundle: .manifest and .signatures.json.
	files := untar(t, out)
	for _, want := range []string{"/.manifest", "/.signatures.json"} {
		if _, ok := files[want]; !ok {
			t.Errorf("archive lacks %s (has %v)", want, keys(files))
		}
	}
	var manifest struct {
		Revision string   `json:"revision"`
		Roots    []string `json:"roots"`
	}
	if err := json.Unmarshal(files["/.manifest"], &manifest); err != nil {
		t.Fatalf(".manifest: %v", err)
	}
	if manifest.Revision != "2026.11.27" || len(manifest.Roots) != 2 {
		t.Errorf(".manifest = %s", files["/.manifest"])
	}
}

func TestLoadUnsignedWithoutKey(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	out := filepath.Join(tmp, "team.tar.gz")
	build(t, policyDir(t), out, bundles.BuildOptions{})
	b, err := bundles.Load(out, bundles.VerifyOptions{})
	if err != nil {
		t.Fatalf("Load unsigned bundle without a key: %v", err)
	}
	if len(b.Modules) != 2 {
		t.Errorf("modules = %v", moduleNames(b))
	}
	if _, ok := untar(t, out)["/.signatures.json"]; ok {
		t.Error("unsigned bundle has .signatures.json")
	}
}

func TestLoadVerificationFailures(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	private, public := keyFiles(t, tmp)
	dir := policyDir(t)
	signed := filepath.Join(tmp, "signed.tar.gz")
	build(t, dir, signed, bundles.BuildOptions{SigningKey: private})
	unsigned := filepath.Join(tmp, "unsigned.tar.gz")
	build(t, dir, unsigned, bundles.BuildOptions{})

	// Tampered: one module changed after signing.
	files := untar(t, signed)
	files["/policy/team/registry.rego"] = []byte(strings.Replace(registryRego, "not startswith", "startswith", 1))
	tampered := filepath.Join(tmp, "tampered.tar.gz")
	writeTar(t, tampered, files)

	// Added: a module the signature does not list.
	files = untar(t, signed)
	files["/policy/team/extra.rego"] = []byte("package team.extra\n\nallow := true\n")
	added := filepath.Join(tmp, "added.tar.gz")
	writeTar(t, added, files)

	tests := []struct {
		name   string
		bundle string
		key    string
		want   string // in the error
	}{
		{"tampered module", tampered, public, "policy/team/registry.rego: digest mismatch"},
		{"module added after signing", added, public, "extra.rego"},
		{"wrong key", signed, otherPublicKey(t, tmp), "verif"},
		{"unsigned bundle with a key", unsigned, public, ".signatures.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := bundles.Load(tt.bundle, bundles.VerifyOptions{KeyFile: tt.key})
			if !errors.Is(err, bundles.ErrVerification) {
				t.Fatalf("Load = %v, want an error wrapping ErrVerification", err)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.bundle) {
				t.Errorf("error %q: want the bundle named and %q", err, tt.want)
			}
		})
	}
	// Without a key the tampered bundle loads: verification is opt-in.
	if _, err := bundles.Load(tampered, bundles.VerifyOptions{}); err != nil {
		t.Errorf("tampered bundle without a key: %v", err)
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	tmp := t.TempDir()
	if _, err := bundles.Load(filepath.Join(tmp, "missing.tar.gz"), bundles.VerifyOptions{}); err == nil || !strings.Contains(err.Error(), "no such file or directory") {
		t.Errorf("missing bundle: %v", err)
	}
	junk := filepath.Join(tmp, "junk.tar.gz")
	writeFile(t, junk, "not a tarball")
	if _, err := bundles.Load(junk, bundles.VerifyOptions{}); err == nil || errors.Is(err, bundles.ErrVerification) {
		t.Errorf("junk archive: got %v, want an error that is not a verification failure", err)
	}
	out := filepath.Join(tmp, "signed.tar.gz")
	private, _ := keyFiles(t, tmp)
	build(t, policyDir(t), out, bundles.BuildOptions{SigningKey: private})
	if _, err := bundles.Load(out, bundles.VerifyOptions{KeyFile: filepath.Join(tmp, "nokey.pem")}); err == nil || !strings.Contains(err.Error(), "verification key") {
		t.Errorf("missing key file: %v", err)
	}
}

func TestLoadDirectoryBundle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ".manifest"), `{"roots": ["acme"]}`)
	writeFile(t, filepath.Join(dir, "acme", "p.rego"), "package acme.p\n\ndeny contains \"x\" if false\n")
	if !bundles.IsBundlePath(dir) {
		t.Fatal("IsBundlePath: a directory with a .manifest is a bundle")
	}
	b, err := bundles.Load(dir, bundles.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"acme"}, b.Roots); diff != "" {
		t.Errorf("roots (-want +got):\n%s", diff)
	}
	if len(b.Modules) != 1 {
		t.Errorf("modules = %v", moduleNames(b))
	}
}

func TestBuildRoots(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		opts  bundles.BuildOptions
		want  []string
	}{
		{"package top-level names", map[string]string{
			"a.rego": "package team.images\n\nx := 1\n",
			"b.rego": "package team.ports\n\nx := 1\n",
			"c.rego": "package compliance\n\nx := 1\n",
		}, bundles.BuildOptions{}, []string{"compliance", "team"}},
		{"inside dockpol: two segments, so the overlap is detected later", map[string]string{
			"a.rego": "package dockpol.container\n\nx := 1\n",
		}, bundles.BuildOptions{}, []string{"dockpol/container"}},
		{"explicit roots", map[string]string{
			"a.rego": "package team.images\n\nx := 1\n",
		}, bundles.BuildOptions{Roots: []string{"team/images"}}, []string{"team/images"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for name, src := range tt.files {
				writeFile(t, filepath.Join(dir, "src", name), src)
			}
			out := filepath.Join(dir, "b.tar.gz")
			build(t, filepath.Join(dir, "src"), out, tt.opts)
			b, err := bundles.Load(out, bundles.VerifyOptions{})
			if err != nil {
				t.Fatal(err)
			}
			got := append([]string(nil), b.Roots...)
			sort.Strings(got)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("roots (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "only_test.rego"), "package p_test\n\ntest_x if true\n")
	if err := bundles.Build(dir, io.Discard, bundles.BuildOptions{}); err == nil || !strings.Contains(err.Error(), "no .rego files") {
		t.Errorf("directory with only tests: %v", err)
	}
	bad := t.TempDir()
	writeFile(t, filepath.Join(bad, "p.rego"), "package p\n\ndeny contains x if {\n")
	if err := bundles.Build(bad, io.Discard, bundles.BuildOptions{}); err == nil {
		t.Error("a module that does not parse: want an error")
	}
	good := policyDir(t)
	if err := bundles.Build(good, io.Discard, bundles.BuildOptions{SigningKey: filepath.Join(dir, "nokey.pem")}); err == nil || !strings.Contains(err.Error(), "signing key") {
		t.Errorf("missing signing key: %v", err)
	}
}

func TestRootsOverlap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"dockpol", "dockpol/container", true},
		{"dockpol/container", "dockpol", true},
		{"dockpol/container", "dockpol/container", true},
		{"dockpol/container", "dockpol/containers", false},
		{"dockpolx", "dockpol", false},
		{"team", "dockpol/lib", false},
		{"", "dockpol/lib", true}, // the empty root claims everything
		{"/dockpol/lib/", "dockpol/lib", true},
	}
	for _, tt := range tests {
		if got := bundles.RootsOverlap(tt.a, tt.b); got != tt.want {
			t.Errorf("RootsOverlap(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if got := bundles.PackageRoot("data.dockpol.container"); got != "dockpol/container" {
		t.Errorf("PackageRoot = %q", got)
	}
}

func TestIsBundlePath(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for p, want := range map[string]bool{
		"team.tar.gz": true, "team.tgz": true, dir: false, filepath.Join(dir, "x.rego"): false,
	} {
		if got := bundles.IsBundlePath(p); got != want {
			t.Errorf("IsBundlePath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestLoadData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a.json"), `{"banned": ["nginx:latest"]}`)
	writeFile(t, filepath.Join(dir, "sub", "b.yaml"), "limits:\n  memory: 512m\n")
	writeFile(t, filepath.Join(dir, "notes.txt"), "ignored")
	got, err := bundles.LoadData([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"banned": []any{"nginx:latest"}, "limits": map[string]any{"memory": "512m"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("LoadData (-want +got):\n%s", diff)
	}
	if _, err := bundles.LoadData([]string{filepath.Join(dir, "missing.json")}); err == nil {
		t.Error("missing data file: want an error")
	}
}

// untar reads a .tar.gz into a map of file name to content.
func untar(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = data
	}
}

// writeTar writes files as a .tar.gz.
func writeTar(t *testing.T, path string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	for _, name := range keys(files) {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(files[name])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write(files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, path, buf.String())
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
