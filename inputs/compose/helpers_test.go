package compose_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/internal/schematest"
)

var update = flag.Bool("update", false, "rewrite golden files")

// jsonValue round-trips v through encoding/json, so numbers are float64
// and the value is what a JSON consumer (OPA, the schema) sees.
func jsonValue(t testing.TB, v any) any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	return normaliseNumbers(out)
}

// normaliseNumbers turns the json.Number values jsonschema.UnmarshalJSON
// returns into float64, so that tests compare plain JSON values.
func normaliseNumbers(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normaliseNumbers(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normaliseNumbers(e)
		}
	case json.Number:
		f, _ := x.Float64()
		return f
	}
	return v
}

// mustJSON parses a JSON literal of a test table.
func mustJSON(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("bad JSON in test table %q: %v", s, err)
	}
	return v
}

// validate checks a document against the published schema.
func validate(t testing.TB, doc *inputs.Document) {
	t.Helper()
	schematest.Validate(t, doc.Value)
}

// checkDoc validates a document and checks that it names no absolute
// path of this machine: none of its strings, provenance files or warnings
// contain one of dirs (or the working or home directory), or start with
// /root or /home (the fixtures never write such paths).
func checkDoc(t testing.TB, doc *inputs.Document, dirs ...string) {
	t.Helper()
	validate(t, doc)
	checkProvenance(t, doc)
	noMachinePaths(t, doc, []string{"/root", "/home"}, dirs)
}

// checkProvenance checks the provenance map against its document: every
// path names a value of the document, in a file of source.files, and
// every container has an origin and a recorded position.
func checkProvenance(t testing.TB, doc *inputs.Document) {
	t.Helper()
	v := jsonValue(t, doc.Value)
	files := map[string]bool{}
	for _, f := range get(v, "source.files").([]any) {
		files[f.(string)] = true
	}
	for path, pos := range doc.Provenance {
		if get(v, path) == "<missing>" {
			t.Errorf("provenance %s (%s) names no value of the document", path, pos)
		}
		if !files[pos.File] {
			t.Errorf("provenance %s: file %q is not in source.files %v", path, pos.File, files)
		}
		if pos.Line < 1 {
			t.Errorf("provenance %s: no line: %s", path, pos)
		}
	}
	for i := range doc.Containers() {
		base := fmt.Sprintf("containers[%d]", i)
		origin := get(v, base+".origin")
		if get(origin, "file") == nil || get(origin, "line") == nil {
			t.Errorf("%s has no origin: %v", base, origin)
		}
		if _, ok := doc.Provenance[base]; !ok {
			t.Errorf("no provenance for %s", base)
		}
	}
}

// noMachinePaths fails when the document, its provenance or its warnings
// hold a string that starts with one of prefixes or contains one of dirs,
// the working directory or the home directory.
func noMachinePaths(t testing.TB, doc *inputs.Document, prefixes, dirs []string) {
	t.Helper()
	wd, _ := os.Getwd()
	dirs = append(dirs, wd)
	if home, err := os.UserHomeDir(); err == nil && len(home) > 1 {
		dirs = append(dirs, home+"/")
	}
	bad := func(s string) bool {
		for _, p := range prefixes {
			if strings.HasPrefix(s, p) {
				return true
			}
		}
		for _, d := range dirs {
			if d != "" && strings.Contains(s, d) {
				return true
			}
		}
		return false
	}
	for _, s := range allStrings(jsonValue(t, doc.Value)) {
		if bad(s) {
			t.Errorf("document holds an absolute path of this machine: %q", s)
		}
	}
	for k, p := range doc.Provenance {
		if bad(p.File) || filepath.IsAbs(p.File) {
			t.Errorf("provenance %s: absolute file %q", k, p.File)
		}
	}
	for _, w := range doc.Warnings {
		if bad(w.String()) || filepath.IsAbs(w.Pos.File) {
			t.Errorf("warning names an absolute path: %s", w)
		}
	}
}

// allStrings returns every string of a JSON value, keys included.
func allStrings(v any) []string {
	var out []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			for k, e := range x {
				out = append(out, k)
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// load loads the named files of dir (merged in order) with WorkDir set to
// dir unless opts sets one.
func load(t testing.TB, dir string, names []string, opts compose.Options) (*inputs.Document, error) {
	t.Helper()
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if opts.WorkDir == "" {
		opts.WorkDir = abs
	}
	files := make([]compose.File, 0, len(names))
	for _, n := range names {
		files = append(files, compose.File{Path: filepath.Join(abs, n)})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return compose.Load(ctx, files, opts)
}

// mustLoad loads like load, fails the test on an error and checks the
// document (schema, no absolute paths).
func mustLoad(t testing.TB, dir string, names []string, opts compose.Options) *inputs.Document {
	t.Helper()
	doc, err := load(t, dir, names, opts)
	if err != nil {
		t.Fatalf("load %s %v: %v", dir, names, err)
	}
	abs, _ := filepath.Abs(dir)
	checkDoc(t, doc, abs)
	return doc
}

// writeProject writes files (name -> content) into a new temporary
// directory and returns it.
func writeProject(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// loadYAML writes content as compose.yaml of a fresh project and loads it.
func loadYAML(t testing.TB, content string, opts compose.Options) *inputs.Document {
	t.Helper()
	dir := writeProject(t, map[string]string{"compose.yaml": content})
	return mustLoad(t, dir, []string{"compose.yaml"}, opts)
}

var pathSeg = regexp.MustCompile(`([^.\[\]]+)|\[(\d+)\]`)

// get walks a JSON value along a normalised path such as
// "containers[0].mounts[1].source"; missing steps give "<missing>".
func get(v any, path string) any {
	for _, m := range pathSeg.FindAllStringSubmatch(path, -1) {
		switch {
		case m[1] != "":
			obj, ok := v.(map[string]any)
			if !ok {
				return "<missing>"
			}
			if v, ok = obj[m[1]]; !ok {
				return "<missing>"
			}
		default:
			i, _ := strconv.Atoi(m[2])
			list, ok := v.([]any)
			if !ok || i >= len(list) {
				return "<missing>"
			}
			v = list[i]
		}
	}
	return v
}
