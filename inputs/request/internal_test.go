package request

// Internal tests: the fast paths of ParsePath, Classify and loadJSON are
// held to the slower code they replace, kept here as the oracle.

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/swarm"
)

var versionPrefix = regexp.MustCompile(`^/v([0-9.]+)(/.*)?$`)

func checkCutVersion(t *testing.T, p string) {
	t.Helper()
	version, rest, ok := cutVersion(p)
	m := versionPrefix.FindStringSubmatch(p)
	if ok != (m != nil) || ok && (version != m[1] || rest != m[2]) {
		t.Fatalf("cutVersion(%q) = %q, %q, %v; the regexp gives %q", p, version, rest, ok, m)
	}
}

func TestCutVersion(t *testing.T) {
	t.Parallel()
	for _, p := range []string{
		"", "/", "/v", "/v1", "/v1.47", "/v1.47/", "/v1.47/containers/create", "/v.", "/v1..2/x",
		"/v1.47x", "/v1.47x/containers", "/vv1.47/x", "/V1.47/x", "v1.47/x", "//v1.47/x",
		"/v1.47/a\nb", "/v1.47\n", "/v1.47/\r", "/v1.47/\xff", "/v1/v2/x", "/v1.4 7/x",
	} {
		checkCutVersion(t, p)
	}
}

func FuzzCutVersion(f *testing.F) {
	for _, s := range []string{"/v1.47/containers/create", "/v1.41", "/v1.47/a\nb", "/_ping"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) { checkCutVersion(t, p) })
}

func TestClassifyLiteralRoutes(t *testing.T) {
	t.Parallel()
	n := 0
	for _, rt := range routes {
		if rt.literal == "" {
			if regexp.QuoteMeta(rt.pattern.String()) == rt.pattern.String() {
				t.Errorf("%s: a literal pattern runs as a regexp", rt.pattern)
			}
			continue
		}
		n++
		for _, p := range []string{rt.literal, rt.literal + "/", strings.ToUpper(rt.literal), rt.literal + "\n", "/x" + rt.literal, rt.literal[:len(rt.literal)-1]} {
			if got, want := p == rt.literal, rt.pattern.MatchString(p); got != want {
				t.Errorf("%s on %q: literal %v, regexp %v", rt.pattern, p, got, want)
			}
		}
	}
	if n == 0 {
		t.Fatal("no literal routes")
	}
}

func TestSensitiveHeader(t *testing.T) {
	t.Parallel()
	lower := map[string]bool{}
	for _, s := range sensitiveHeaders {
		lower[s] = true
	}
	for _, h := range []string{"Authorization", "AUTHORIZATION", "Cookie", "X-Registry-Auth", "x-registry-config",
		"Proxy-Authorization", "Content-Type", "Authorizatio", "Set-Cookie", "", "K\u212aLVIN"} {
		if got, want := sensitiveHeader(h), lower[strings.ToLower(h)]; got != want {
			t.Errorf("sensitiveHeader(%q) = %v, want %v", h, got, want)
		}
	}
}

// decoderLoadJSON is loadJSON as it was: the Decoder alone.
func decoderLoadJSON(raw []byte, out any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(out); err != nil {
		return errors.New("invalid JSON: " + JSONErrorReason(err))
	}
	if dec.More() {
		return errors.New("unexpected content after JSON")
	}
	return nil
}

func checkLoadJSON[T any](t *testing.T, raw []byte) {
	t.Helper()
	var got, want T
	err := loadJSON(raw, &got)
	wantErr := decoderLoadJSON(raw, &want)
	if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
		t.Fatalf("loadJSON(%q) err = %v, the Decoder's %v", raw, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("loadJSON(%q) = %+v, the Decoder's %+v", raw, got, want)
	}
}

var loadJSONSeeds = []string{
	`{"Image":"alpine","HostConfig":{"Privileged":true}}`,
	`{"hostconfig":{"privileged":true,"Privileged":false}}`,
	`{"Image":"a"} trailing`, `{"Image":"a"} }`, `{"Image":"a"} ]`, `{"Image":"a"}{"Image":"b"}`, `{"Image":"a"}  ` + "\n",
	`{"Image":1}`, `{"Image":"a","Env":"x"}`, `{"Image":`, `[]`, `null`, `1`, `"s"`, ` `, `{"HostConfig":{"Memory":1e400}}`,
	`{"Image":"a","Labels":{"a":"b","a":"c"}}`, "{\"Image\":\"\xff\"}", `{"Image":"a"} 1`,
}

func TestLoadJSON(t *testing.T) {
	t.Parallel()
	for _, s := range loadJSONSeeds {
		checkLoadJSON[container.CreateRequest](t, []byte(s))
		checkLoadJSON[container.HostConfig](t, []byte(s))
		checkLoadJSON[swarm.ServiceSpec](t, []byte(s))
	}
}

func FuzzLoadJSON(f *testing.F) {
	for _, s := range loadJSONSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkLoadJSON[container.CreateRequest](t, raw)
		checkLoadJSON[container.UpdateConfig](t, raw)
	})
}
