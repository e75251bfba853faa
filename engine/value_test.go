package engine

// An internal test: toValue is unexported, and must agree with
// ast.InterfaceToValue value for value.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/request"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

func TestToValue(t *testing.T) {
	t.Parallel()
	type point struct {
		X int    `json:"x"`
		Y string `json:"y"`
	}
	tests := []struct {
		name string
		in   any
	}{
		{"null", nil},
		{"true", true},
		{"false", false},
		{"empty string", ""},
		{"interned string", "kind"},
		{"string", "registry.example.com/team/api:1.42.0"},
		{"unicode string", "caf\u00e9 \u2603 \x00"},
		{"json int", json.Number("42")},
		{"json interned int", json.Number("-1")},
		{"json big int", json.Number("123456789012345678901234567890")},
		{"json float", json.Number("1.50")},
		{"json exponent", json.Number("1e3")},
		{"json negative zero", json.Number("-0")},
		{"float", 1.5},
		{"float integral", 536870912.0},
		{"float big", 1e21},
		{"float small", 1e-7},
		{"float negative zero", math.Copysign(0, -1)},
		{"int", 80},
		{"int negative", -2},
		{"int big", 1 << 40},
		{"int64", int64(65536)},
		{"int64 min", int64(math.MinInt64)},
		{"uint64", uint64(7)},
		{"uint64 max", uint64(math.MaxUint64)},
		{"empty array", []any{}},
		{"empty object", map[string]any{}},
		{"array", []any{"a", 1, nil, true, []any{}, map[string]any{"k": "v"}}},
		{"object", map[string]any{"b": 1, "a": []any{"x"}, "c": map[string]any{"d": nil}, "": "empty key"}},
		{"object of interned keys", map[string]any{"kind": "request", "schema": "dockpol/v1", "path": nil}},
		{"nested", map[string]any{"a": []any{map[string]any{"b": []any{map[string]any{"c": []any{1, 2, 3}}}}}}},
		{"many keys", manyKeys(40)},
		{"string list", []string{"a", "b"}},
		{"string map", map[string]string{"a": "b", "c": "d"}},
		{"struct", point{X: 1, Y: "two"}},
		{"struct in object", map[string]any{"p": point{X: 1}, "q": []any{point{Y: "y"}}}},
		{"typed map in object", map[string]any{"labels": map[string]string{"a": "b"}}},
		{"ast value", map[string]any{"v": ast.String("s"), "n": ast.Number("1")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkToValue(t, tt.in)
		})
	}
}

func TestToValueErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []any{
		json.Number("1e999999999"),
		map[string]any{"a": []any{json.Number("1e999999999")}},
		map[string]any{"f": func() {}},
	} {
		want, wantErr := ast.InterfaceToValue(in)
		got, err := toValue(in, testKeys)
		if (wantErr == nil) != (err == nil) {
			t.Fatalf("%v: err = %v, InterfaceToValue err = %v", in, err, wantErr)
		}
		if wantErr == nil {
			sameValue(t, "", want, got)
		}
	}
}

// TestToValueKeyCache: keys past the cache's bound, long keys, and
// conversions from many goroutines at once still give the right values,
// and the cache never holds more than its bound.
func TestToValueKeyCache(t *testing.T) {
	t.Parallel()
	keys := &keyCache{}
	big := manyKeys(maxCachedKeys + 100)
	big[strings.Repeat("k", maxCachedKeyLen+1)] = "long"
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			checkToValueWith(t, big, keys)
		}()
	}
	wg.Wait()
	if n := keys.n.Load(); n > maxCachedKeys {
		t.Fatalf("%d keys cached, bound %d", n, maxCachedKeys)
	}
	checkToValueWith(t, big, keys)
}

// TestToValueDocuments converts every document the fixtures give: the
// request documents of every recorded create request, the compose
// documents of their compose files, and every JSON file under a
// testdata directory (read as float64 and as json.Number).
func TestToValueDocuments(t *testing.T) {
	t.Parallel()
	docs := realDocuments(t)
	if len(docs) < 50 {
		t.Fatalf("found %d documents, want the fixtures", len(docs))
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			checkToValue(t, doc)
		})
	}
}

// FuzzToValue: any JSON document, read with float64 or json.Number
// numbers, converts to the value ast.InterfaceToValue gives.
func FuzzToValue(f *testing.F) {
	for _, path := range jsonFixtures(f) {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, false)
		f.Add(data, true)
	}
	f.Add([]byte(`{"a":[1,-1,1e3,"x",null,true,{"b":{}}],"":[]}`), true)
	f.Fuzz(func(t *testing.T, data []byte, useNumber bool) {
		dec := json.NewDecoder(bytes.NewReader(data))
		if useNumber {
			dec.UseNumber()
		}
		var x any
		if dec.Decode(&x) != nil {
			return
		}
		checkToValue(t, x)
	})
}

// BenchmarkToValue converts the request document of the create body the
// authorization benchmarks send, the way Engine.Evaluate did before
// (InterfaceToValue) and does now (toValue).
func BenchmarkToValue(b *testing.B) {
	body, err := os.ReadFile("../inputs/request/testdata/create-loadgen.json")
	if err != nil {
		b.Fatal(err)
	}
	doc := request.Document(request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create?name=api",
		RequestBody: body, RequestHeaders: map[string]string{"Content-Type": "application/json"}}, request.Options{}).Value
	for _, fn := range []struct {
		name string
		conv func(any) (ast.Value, error)
	}{{"InterfaceToValue", ast.InterfaceToValue}, {"toValue", func(x any) (ast.Value, error) { return toValue(x, &keyCache{}) }}} {
		b.Run(fn.name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				if _, err := fn.conv(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func manyKeys(n int) map[string]any {
	m := map[string]any{}
	for i := range n {
		m[fmt.Sprintf("key%04d", i)] = []any{i, fmt.Sprint(i)}
	}
	return m
}

// testKeys is the key cache the conversions of one test binary share,
// as the evaluations of one engine do.
var testKeys = &keyCache{}

func checkToValue(t *testing.T, in any) {
	t.Helper()
	checkToValueWith(t, in, testKeys)
}

func checkToValueWith(t *testing.T, in any, keys *keyCache) {
	t.Helper()
	want, err := ast.InterfaceToValue(in)
	if err != nil {
		if _, err := toValue(in, keys); err == nil {
			t.Fatalf("InterfaceToValue fails (%v), toValue does not", err)
		}
		return
	}
	got, err := toValue(in, keys)
	if err != nil {
		t.Fatalf("toValue: %v", err)
	}
	sameValue(t, "", want, got)
}

// sameValue fails unless got is want: same types all the way down, the
// same number spellings, the same hashes, groundness and text, and
// Compare finds them equal.
func sameValue(t *testing.T, at string, want, got ast.Value) {
	t.Helper()
	if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
		t.Fatalf("%s: type %T, want %T", at, got, want)
	}
	if want.Hash() != got.Hash() || want.IsGround() != got.IsGround() {
		t.Fatalf("%s: hash/ground differ: got %v, want %v", at, got, want)
	}
	if ast.Compare(want, got) != 0 || want.String() != got.String() {
		t.Fatalf("%s: got %v, want %v", at, got, want)
	}
	switch w := want.(type) {
	case *ast.Array:
		g := got.(*ast.Array)
		if w.Len() != g.Len() {
			t.Fatalf("%s: %d elements, want %d", at, g.Len(), w.Len())
		}
		for i := range w.Len() {
			sameValue(t, fmt.Sprintf("%s[%d]", at, i), w.Elem(i).Value, g.Elem(i).Value)
		}
	case ast.Object:
		g := got.(ast.Object)
		if w.Len() != g.Len() {
			t.Fatalf("%s: %d keys, want %d", at, g.Len(), w.Len())
		}
		w.Foreach(func(k, v *ast.Term) {
			gv := g.Get(k)
			if gv == nil {
				t.Fatalf("%s: key %v missing", at, k)
			}
			sameValue(t, at+"."+k.String(), v.Value, gv.Value)
		})
	}
}

// realDocuments builds the documents the fixtures give, by name.
func realDocuments(t *testing.T) map[string]any {
	t.Helper()
	docs := map[string]any{}
	creates, err := filepath.Glob("../inputs/engineapi/testdata/equivalence/*/create.json")
	if err != nil || len(creates) == 0 {
		t.Fatalf("no recorded create requests: %v", err)
	}
	for _, p := range creates {
		var rec struct {
			Method, URI string
			Body        json.RawMessage
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &rec); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, cgroup2 := range []bool{false, true} {
			doc := request.Document(request.Request{RequestMethod: rec.Method, RequestURI: rec.URI, RequestBody: rec.Body,
				RequestHeaders: map[string]string{"Content-Type": "application/json", "Authorization": "Basic eA=="}}, request.Options{Cgroup2: cgroup2})
			docs[fmt.Sprintf("request/%s/cgroup2=%v", filepath.Base(filepath.Dir(p)), cgroup2)] = doc.Value
		}
		yaml := filepath.Join(filepath.Dir(p), "compose.yaml")
		if _, err := os.Stat(yaml); err == nil {
			doc, err := compose.Load(context.Background(), []compose.File{{Path: yaml}}, compose.Options{})
			if err != nil {
				t.Fatalf("%s: %v", yaml, err)
			}
			docs["compose/"+filepath.Base(filepath.Dir(p))] = doc.Value
		}
	}
	// the request shapes other than create: exec, update, volume, service
	for i, r := range []request.Request{
		{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/exec", RequestBody: []byte(`{"Privileged":true,"User":"0","Env":["A=b","TOKEN=x"],"Cmd":["sh","-c","id"]}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/update", RequestBody: []byte(`{"Memory":1024,"NanoCpus":1500000000,"PidsLimit":-1,"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/volumes/create", RequestBody: []byte(`{"Name":"v","DriverOpts":{"type":"none","o":"bind","device":"/"},"Labels":{"a":"b"}}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/services/create", RequestBody: []byte(`{"Name":"s","TaskTemplate":{"ContainerSpec":{"Image":"x","Privileges":{"Seccomp":{"Mode":"unconfined"}}},"Resources":{"Limits":{"Pids":5}}},"EndpointSpec":{"Ports":[{"TargetPort":80,"PublishedPort":8080}]}}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromImage=nginx&tag=1"},
		{RequestMethod: "POST", RequestURI: "/v1.47/plugins/pull?remote=vieux/sshfs"},
		{RequestMethod: "GET", RequestURI: "/_ping"},
		{RequestMethod: "PATCH", RequestURI: "/%zz"},
	} {
		docs[fmt.Sprintf("request/shape%d", i)] = request.Document(r, request.Options{}).Value
	}
	for _, p := range jsonFixtures(t) {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, useNumber := range []bool{false, true} {
			dec := json.NewDecoder(bytes.NewReader(data))
			if useNumber {
				dec.UseNumber()
			}
			var x any
			if dec.Decode(&x) != nil {
				continue // a fixture of bad input (a BOM, a syntax error)
			}
			docs[fmt.Sprintf("json/%s/number=%v", p, useNumber)] = x
		}
	}
	return docs
}

// jsonFixtures lists every .json file under a testdata directory of the
// module.
func jsonFixtures(tb testing.TB) []string {
	tb.Helper()
	var out []string
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(p, ".json") && strings.Contains(filepath.ToSlash(p), "/testdata/") {
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
