// Package bundles loads and builds OPA bundles for dockpol: a team's
// policies as a directory or a .tar.gz, optionally signed, layered over the
// shipped bundle without being able to replace it. Bundles built here are
// plain OPA bundles, usable by any OPA.
package bundles

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"
	"github.com/open-policy-agent/opa/v1/loader"
)

// MaxSize caps a bundle archive (OPA's own default is also in the
// hundreds of MiB; policies are small).
const MaxSize = 64 << 20

// ErrVerification wraps a bundle whose signature does not verify.
var ErrVerification = errors.New("bundle signature verification failed")

// Bundle is a loaded bundle: its parsed modules, data and roots.
type Bundle struct {
	Name     string
	Modules  map[string]*ast.Module
	Data     map[string]any
	Roots    []string
	Revision string
}

// VerifyOptions configure signature verification. With no key, a bundle
// is loaded without verification.
type VerifyOptions struct {
	KeyFile   string // PEM public key (RS*/ES*/PS*) or HMAC secret file
	Algorithm string // default RS256
	KeyID     string // default "default"
	Scope     string
}

// Load reads a bundle directory or .tar.gz archive; with a key, its
// .signatures.json must verify against it.
func Load(path string, v VerifyOptions) (*Bundle, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("bundle %s: %w", path, unwrapPath(err))
	}
	var dl bundle.DirectoryLoader
	if st.IsDir() {
		dl = bundle.NewDirectoryLoader(path)
	} else {
		if st.Size() > MaxSize {
			return nil, fmt.Errorf("bundle %s: too large (%d bytes, limit %d)", path, st.Size(), MaxSize)
		}
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("bundle %s: %w", path, unwrapPath(err))
		}
		defer f.Close()
		dl = bundle.NewTarballLoaderWithBaseURL(f, path)
	}
	r := bundle.NewCustomReader(dl).
		WithProcessAnnotations(true).
		WithRegoVersion(ast.RegoV1).
		WithSizeLimitBytes(MaxSize).
		WithBundleName(path)
	if v.KeyFile != "" {
		key, err := os.ReadFile(v.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("verification key: %w", err)
		}
		alg := v.Algorithm
		if alg == "" {
			alg = "RS256"
		}
		id := v.KeyID
		if id == "" {
			id = "default"
		}
		keys := map[string]*bundle.KeyConfig{id: {Key: string(key), Algorithm: alg, Scope: v.Scope}}
		r = r.WithBundleVerificationConfig(bundle.NewVerificationConfig(keys, id, v.Scope, nil))
	} else {
		r = r.WithSkipBundleVerification(true)
	}
	b, err := r.Read()
	if err != nil {
		if v.KeyFile != "" && isVerifyErr(err) {
			return nil, fmt.Errorf("bundle %s: %w: %v", path, ErrVerification, err)
		}
		return nil, fmt.Errorf("bundle %s: %w", path, err)
	}
	out := &Bundle{Name: path, Modules: map[string]*ast.Module{}, Data: b.Data}
	for _, m := range b.Modules {
		name := m.Path
		if name == "" {
			name = m.URL
		}
		out.Modules[name] = m.Parsed
	}
	if b.Manifest.Roots != nil {
		out.Roots = *b.Manifest.Roots
	}
	out.Revision = b.Manifest.Revision
	return out, nil
}

func isVerifyErr(err error) bool {
	s := err.Error()
	return strings.Contains(s, "signature") || strings.Contains(s, "verif") || strings.Contains(s, "digest") || strings.Contains(s, "hash")
}

// BuildOptions configure Build.
type BuildOptions struct {
	SigningKey string // PEM private key (or HMAC secret) file; empty: unsigned
	Algorithm  string // default RS256
	KeyID      string // default "default"
	Revision   string
	Roots      []string // default: the packages' top-level names
}

// Build writes the policies and data under dir as an OPA bundle
// (.tar.gz), signed when a key is given.
func Build(dir string, w io.Writer, o BuildOptions) error {
	// Tests stay out of the bundle: it carries what is evaluated.
	noTests := func(_ string, info fs.FileInfo, _ int) bool {
		return !info.IsDir() && strings.HasSuffix(info.Name(), "_test.rego")
	}
	// Module names are the files' paths under the directory, behind the
	// directory as named when it is a relative path below the working
	// directory ("policy/team/registry.rego"), else behind its base name:
	// a bundle never carries a path of the machine that built it.
	abs, err := filepath.Abs(dir)
	if err != nil {
		return fmt.Errorf("load %s: %w", dir, err)
	}
	prefix := filepath.Base(abs)
	if filepath.IsLocal(dir) {
		prefix = filepath.Clean(dir)
	}
	b, err := loader.NewFileLoader().
		WithFS(os.DirFS(abs)).
		WithProcessAnnotation(true).
		WithRegoVersion(ast.RegoV1).
		WithFilter(noTests).
		AsBundle(".")
	if err != nil {
		return fmt.Errorf("load %s: %w", dir, err)
	}
	for i := range b.Modules {
		name := path.Join("/", filepath.ToSlash(prefix), b.Modules[i].URL)
		b.Modules[i].URL, b.Modules[i].Path = name, name
	}
	if len(b.Modules) == 0 {
		return fmt.Errorf("%s: no .rego files", dir)
	}
	if b.Manifest.Roots == nil || len(*b.Manifest.Roots) == 0 || (len(*b.Manifest.Roots) == 1 && (*b.Manifest.Roots)[0] == "") {
		roots := o.Roots
		if len(roots) == 0 {
			roots = packageRoots(b)
		}
		b.Manifest.Roots = &roots
	}
	if o.Revision != "" {
		b.Manifest.Revision = o.Revision
	}
	b.Manifest.SetRegoVersion(ast.RegoV1)
	if o.SigningKey != "" {
		key, err := os.ReadFile(o.SigningKey)
		if err != nil {
			return fmt.Errorf("signing key: %w", err)
		}
		id := o.KeyID
		if id == "" {
			id = "default"
		}
		if err := b.GenerateSignature(bundle.NewSigningConfig(string(key), o.Algorithm, ""), id, false); err != nil {
			return fmt.Errorf("sign bundle: %w", err)
		}
	}
	return bundle.NewWriter(w).Write(*b)
}

// packageRoots returns the distinct first path segments of the bundle's
// packages and data: the narrowest roots that cover it without reaching
// into dockpol's reserved ones, e.g. "team" for package team.images.
func packageRoots(b *bundle.Bundle) []string {
	seen := map[string]bool{}
	var roots []string
	for _, m := range b.Modules {
		parts := strings.Split(strings.TrimPrefix(m.Parsed.Package.Path.String(), "data."), ".")
		root := parts[0]
		if root == "dockpol" && len(parts) > 1 {
			root = parts[0] + "/" + parts[1]
		}
		if !seen[root] {
			seen[root] = true
			roots = append(roots, root)
		}
	}
	for k := range b.Data {
		if !seen[k] {
			seen[k] = true
			roots = append(roots, k)
		}
	}
	return roots
}

// RootsOverlap reports whether two bundle roots overlap (one is a prefix
// of the other, segment-wise).
func RootsOverlap(a, b string) bool {
	a, b = strings.Trim(a, "/"), strings.Trim(b, "/")
	if a == "" || b == "" {
		return true
	}
	return a == b || strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/")
}

// PackageRoot is the bundle-root spelling of a Rego package path
// ("data.dockpol.container" -> "dockpol/container").
func PackageRoot(pkg string) string {
	return strings.ReplaceAll(strings.TrimPrefix(pkg, "data."), ".", "/")
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// IsBundlePath reports whether path looks like a bundle: a .tar.gz or
// .tgz archive, or a directory holding a .manifest.
func IsBundlePath(path string) bool {
	if strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tgz") {
		return true
	}
	_, err := os.Stat(filepath.Join(path, ".manifest"))
	return err == nil
}

// LoadData reads JSON and YAML data files (conftest's --data): each file's
// content is merged at the root of data, wherever it is below a directory
// named (conftest lists the files first, then loads each as a root).
func LoadData(paths []string) (map[string]any, error) {
	files, err := loader.FilteredPaths(paths, func(_ string, info fs.FileInfo, _ int) bool {
		if info.IsDir() {
			return false
		}
		ext := strings.ToLower(filepath.Ext(info.Name()))
		return ext != ".json" && ext != ".yaml" && ext != ".yml"
	})
	if err != nil {
		return nil, fmt.Errorf("load data: %w", err)
	}
	res, err := loader.NewFileLoader().All(files)
	if err != nil {
		return nil, fmt.Errorf("load data: %w", err)
	}
	return res.Documents, nil
}
