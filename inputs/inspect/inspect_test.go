package inspect_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/engineapi"
	"github.com/dockpol/dockpol/inputs/inspect"
)

// corpus is the shared corpus of real inspect output (read-only).
var (
	corpus    = filepath.Join("..", "..", "..", "shared", "corpus", "inspect")
	generated = filepath.Join(corpus, "generated")
)

var (
	schemaOnce sync.Once
	schema     *jsonschema.Schema
	schemaErr  error
)

// validate checks a document against docs/schema/dockpol-v1.json.
func validate(t *testing.T, doc *inputs.Document) {
	t.Helper()
	schemaOnce.Do(func() {
		f, err := os.Open(filepath.Join("..", "..", "docs", "schema", "dockpol-v1.json"))
		if err != nil {
			schemaErr = err
			return
		}
		defer f.Close()
		v, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			schemaErr = err
			return
		}
		c := jsonschema.NewCompiler()
		if err := c.AddResource("dockpol-v1.json", v); err != nil {
			schemaErr = err
			return
		}
		schema, schemaErr = c.Compile("dockpol-v1.json")
	})
	if schemaErr != nil {
		t.Fatal(schemaErr)
	}
	data, err := json.Marshal(doc.Value)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s: document does not match the schema: %v", doc.Path, err)
	}
}

func decodeFile(t *testing.T, path string) *inputs.Document {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := inspect.Decode(path, data)
	if err != nil {
		t.Fatalf("Decode(%s): %v", path, err)
	}
	return doc
}

// TestCorpus decodes every container and image inspect output of the
// shared corpus into a document that matches the schema.
func TestCorpus(t *testing.T) {
	t.Parallel()
	want := map[string]string{
		"containrrr__watchtower__container_running.json":          inputs.KindContainer,
		"containrrr__watchtower__image_running.json":              inputs.KindImage,
		"goodwithtech__dockle__image-config__nginx.json":          inputs.KindImage,
		"spring-projects__spring-boot__docker-inspect.json":       inputs.KindContainer,
		"spring-projects__spring-boot__image-inspect__image.json": inputs.KindImage,
		"nexdrew__rekcod__test__fixtures__inspect-one-two.json":   inputs.KindContainer,
		"generated/all-containers.json":                           inputs.KindContainer,
		"generated/image-hello.json":                              inputs.KindImage,
	}
	paths, _ := filepath.Glob(filepath.Join(corpus, "*.json"))
	gen, _ := filepath.Glob(filepath.Join(generated, "*.json"))
	for _, p := range append(paths, gen...) {
		base := filepath.Base(p)
		if strings.Contains(base, "invalid") || strings.HasPrefix(base, "docker-info") || base == "docker-version.json" {
			continue
		}
		t.Run(base, func(t *testing.T) {
			doc := decodeFile(t, p)
			validate(t, doc)
			rel, _ := filepath.Rel(corpus, p)
			if k, ok := want[filepath.ToSlash(rel)]; ok && doc.Kind() != k {
				t.Errorf("kind = %s, want %s", doc.Kind(), k)
			}
			for _, c := range doc.Containers() {
				if c["name"] == "" {
					t.Errorf("container without a name")
				}
				if env, ok := c["environment"].([]any); ok {
					for _, e := range env {
						m := e.(map[string]any)
						if _, has := m["value"]; has && m["secret_like"] == true {
							t.Errorf("secret-like variable %v keeps its value", m["name"])
						}
					}
				}
			}
		})
	}
}

// container decodes one generated case and returns its container.
func container(t *testing.T, name string) map[string]any {
	t.Helper()
	cs := decodeFile(t, filepath.Join(generated, name+".json")).Containers()
	if len(cs) != 1 {
		t.Fatalf("%d containers", len(cs))
	}
	return cs[0]
}

func get(v any, path ...string) any {
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// TestGenerated checks the facts the rules read on the real inspect
// output of the generated cases (the rest of the mapping is held to the
// compose adapter's by inputs/engineapi's equivalence test).
func TestGenerated(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path []string
		want any
	}{
		{"privileged", []string{"privileged"}, true},
		{"privileged", []string{"security", "options"}, nil}, // label=disable is the daemon's
		{"privileged", []string{"status"}, "created"},
		{"defaults", []string{"privileged"}, nil},
		{"defaults", []string{"namespaces", "ipc"}, nil},
		{"defaults", []string{"namespaces", "network"}, nil},
		{"defaults", []string{"namespaces", "cgroup"}, nil},
		{"defaults", []string{"logging"}, nil},
		{"defaults", []string{"restart"}, nil},
		{"defaults", []string{"runtime"}, nil},
		{"defaults", []string{"security", "systempaths"}, nil},
		{"defaults", []string{"status"}, "running"},
		{"defaults", []string{"image", "id"}, "sha256:158bb5f1f3a11fb1f52e2642a71ec2fb2296add34fa219a1f5d86ccc786b9333"},
		{"defaults", []string{"networks"}, []any{"bridge"}},
		{"host-namespaces", []string{"namespaces", "pid"}, "host"},
		{"host-namespaces", []string{"namespaces", "network"}, "host"},
		{"host-namespaces", []string{"networks"}, []any{}},
		{"caps", []string{"cap_add"}, []any{"ALL", "NET_ADMIN", "SYS_ADMIN"}},
		{"unconfined", []string{"security", "seccomp"}, "unconfined"},
		{"unconfined", []string{"security", "selinux"}, []any{"disable"}},
		{"misc", []string{"resources", "memory_swap"}, nil}, // twice the memory: the daemon's default
		{"misc", []string{"resources", "oom_kill_disable"}, true},
		{"misc", []string{"init"}, true},
		{"hardened", []string{"resources", "memory_swap"}, int64(268435456)},
		{"hardened", []string{"security", "no_new_privileges"}, true},
		{"hardened", []string{"logging"}, map[string]any{"driver": nil, "options": map[string]any{"max-size": "10m"}}},
		{"logging-none", []string{"logging", "driver"}, "none"},
		{"restart-always", []string{"restart"}, map[string]any{"policy": "always", "max_retries": nil}},
		{"root-user", []string{"user"}, "0:0"},
		{"net-container", []string{"namespaces", "network"}, "container:14751b41f1528d4ceaf65a6c3cbf33ddc8f1e0b5ddd3581dd10bfbafeb45fe09"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"/"+strings.Join(tt.path, "."), func(t *testing.T) {
			t.Parallel()
			got := get(container(t, tt.name), tt.path...)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestEnvSecrets: values of secret-like variables never enter the document.
func TestEnvSecrets(t *testing.T) {
	t.Parallel()
	c := container(t, "env-secrets")
	want := []any{
		map[string]any{"name": "API_TOKEN", "value_kind": "literal", "secret_like": true},
		map[string]any{"name": "AWS_SECRET_ACCESS_KEY", "value_kind": "literal", "secret_like": true},
		map[string]any{"name": "DB_PASSWORD", "value_kind": "literal", "secret_like": true},
		map[string]any{"name": "PASSWORD_FILE", "value_kind": "file_ref", "secret_like": false, "value": "/run/secrets/db"},
	}
	if diff := cmp.Diff(want, c["environment"]); diff != "" {
		t.Errorf("environment (-want +got):\n%s", diff)
	}
	data, _ := json.Marshal(c)
	for _, secret := range []string{"hunter2", "abc123", "wJalrXUtnFEMI"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("the document holds the secret %q", secret)
		}
	}
}

// TestContainerNames: container:ID references read by name when the file
// holds the other container.
func TestContainerNames(t *testing.T) {
	t.Parallel()
	doc := decodeFile(t, filepath.Join(generated, "all-containers.json"))
	for _, c := range doc.Containers() {
		if c["name"] == "net-container" {
			if got := get(c, "namespaces", "network"); got != "container:defaults" {
				t.Errorf("network = %v, want container:defaults", got)
			}
			return
		}
	}
	t.Fatal("no net-container")
}

// TestProvenance: a finding's path resolves to the key that set it.
func TestProvenance(t *testing.T) {
	t.Parallel()
	path := filepath.Join(generated, "docker-sock.json")
	doc := decodeFile(t, path)
	data, _ := os.ReadFile(path)
	lines := strings.Split(string(data), "\n")
	for p, want := range map[string]string{
		"containers[0].mounts[0].source": `"/var/run/docker.sock:/var/run/docker.sock"`,
		"containers[0].mounts[2]":        `{`, // the element of HostConfig.Mounts
		"containers[0].privileged":       `"Privileged": false`,
		"containers[0].user":             `"User": ""`,
		"containers[0]":                  `{`,
	} {
		pos, ok := doc.Provenance.Lookup(p)
		if !ok || pos.Line == 0 {
			t.Errorf("%s: no position", p)
			continue
		}
		if got := lines[pos.Line-1]; !strings.Contains(got, want) {
			t.Errorf("%s at %s: line %q does not hold %q", p, pos, got, want)
		}
	}
}

func TestImage(t *testing.T) {
	t.Parallel()
	doc := decodeFile(t, filepath.Join(generated, "image-hello.json"))
	if doc.Kind() != inputs.KindImage {
		t.Fatalf("kind %s", doc.Kind())
	}
	c := doc.Containers()[0]
	for _, absent := range []string{"privileged", "resources", "ports", "namespaces", "status"} {
		if _, ok := c[absent]; ok {
			t.Errorf("an image has no %s", absent)
		}
	}
	if got := get(c, "origin", "kind"); got != "image" {
		t.Errorf("origin.kind = %v", got)
	}
	if got := get(c, "entrypoint"); !cmp.Equal(got, []any{"/hello"}) {
		t.Errorf("entrypoint = %v", got)
	}
	if got := c["name"]; got != "hello:1" {
		t.Errorf("name = %v", got)
	}
}

// TestRuntime: what only a created container has (mounts inherited with
// --volumes-from, the AppArmor profile, volume drivers).
func TestRuntime(t *testing.T) {
	t.Parallel()
	in := `[{"Id": "abc", "Name": "/app", "Image": "sha256:` + strings.Repeat("a", 64) + `",
  "AppArmorProfile": "docker-default", "State": {"Status": "exited"},
  "Config": {"Image": "sha256:` + strings.Repeat("a", 64) + `", "Volumes": {"/cache": {}}},
  "HostConfig": {"VolumesFrom": ["other"], "Binds": ["data:/data"], "Mounts": [
    {"Type": "volume", "Source": "hostdir", "Target": "/h", "VolumeOptions": {"DriverConfig": {"Name": "local", "Options": {"type": "none", "o": "bind", "device": "/etc"}}}}]},
  "Mounts": [
    {"Type": "volume", "Name": "data", "Source": "/var/lib/docker/volumes/data/_data", "Destination": "/data", "Driver": "local", "RW": true},
    {"Type": "bind", "Source": "/var/run/docker.sock", "Destination": "/var/run/docker.sock", "RW": true, "Propagation": "rprivate"},
    {"Type": "volume", "Name": "f00", "Source": "/x", "Destination": "/cache", "Driver": "local", "RW": true}]}]`
	doc, err := inspect.Decode("in.json", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	c := doc.Containers()[0]
	mount := func(source, target string, ro bool, prop, driver, device any) map[string]any {
		typ := "volume"
		if strings.HasPrefix(target, "/var/run") {
			typ = "bind"
		}
		var src any
		if source != "" {
			src = source
		}
		return map[string]any{"type": typ, "source": src, "target": target, "read_only": ro, "propagation": prop, "volume_driver": driver, "driver_device": device}
	}
	want := []any{
		mount("data", "/data", false, nil, "local", nil),
		mount("hostdir", "/h", false, nil, "local", "/etc"),
		mount("", "/cache", false, nil, nil, nil),
		mount("/var/run/docker.sock", "/var/run/docker.sock", false, "rprivate", nil, nil),
	}
	if diff := cmp.Diff(want, c["mounts"]); diff != "" {
		t.Errorf("mounts (-want +got):\n%s", diff)
	}
	if got := get(c, "security", "apparmor_profile"); got != "docker-default" {
		t.Errorf("apparmor_profile = %v", got)
	}
	if got := get(c, "image"); !cmp.Equal(got, map[string]any{"ref": "sha256:" + strings.Repeat("a", 64), "registry": nil, "repository": nil, "tag": nil, "digest": "sha256:" + strings.Repeat("a", 64), "id": "sha256:" + strings.Repeat("a", 64)}) {
		t.Errorf("image = %v", got)
	}
}

// TestOptions: a live audit passes the engine's defaults, volumes and
// names, and gets documents without file positions.
func TestOptions(t *testing.T) {
	t.Parallel()
	data, _ := os.ReadFile(filepath.Join(generated, "misc.json"))
	doc, err := inspect.DecodeWith("container/misc", data, inspect.Options{
		Live:     true,
		Defaults: engineapi.Defaults{CgroupnsMode: "private"}, // a cgroup v2 host
		Source:   map[string]any{"engine": map[string]any{"host": "unix:///var/run/docker.sock", "name": "h"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	validate(t, doc)
	c := doc.Containers()[0]
	if got := get(c, "namespaces", "cgroup"); got != "host" {
		t.Errorf("cgroup = %v, want host (explicit on a cgroup v2 host)", got)
	}
	if got := get(c, "origin"); !cmp.Equal(got, map[string]any{"kind": "container", "file": nil, "line": nil}) {
		t.Errorf("origin = %v", got)
	}
	if len(doc.Provenance) != 0 {
		t.Errorf("live documents carry no positions: %v", doc.Provenance)
	}
	if get(doc.Value, "source", "engine", "name") != "h" {
		t.Errorf("source = %v", doc.Value["source"])
	}
}

// TestErrors: input that is not inspect output is one SourceError with
// the file and, where known, line and column.
func TestErrors(t *testing.T) {
	t.Parallel()
	invalid, err := os.ReadFile(filepath.Join(corpus, "nexdrew__rekcod__test__fixtures__inspect-invalid.json"))
	if err != nil {
		t.Fatal(err)
	}
	hardened, _ := os.ReadFile(filepath.Join(generated, "hardened.json"))
	tests := []struct {
		name, in string
		want     string
	}{
		{"not JSON", string(invalid), "in.json:1:1: not docker inspect output: invalid JSON"},
		{"truncated", string(hardened[:len(hardened)/2]), "in.json:"},
		{"empty", "  \n", "in.json:1:1: empty input"},
		{"scalar", `"x"`, "in.json:1:1: not docker inspect output: want a JSON array of containers or images, got a string"},
		{"not inspect", `[{"Name": "x", "Driver": "local", "Mountpoint": "/v"}]`, "in.json:1:2: element 0: not docker inspect output: neither a container"},
		{"null element", "[\n null]", "in.json:2:2: element 0: not docker inspect output: want an object, got null"},
		{"wrong type", "[{\"Id\": \"x\", \"State\": {},\n  \"HostConfig\": {\"Privileged\": \"yes\"}}]", "in.json:2:18: element 0: HostConfig.Privileged: cannot read string as bool"},
		{"mixed", `[{"HostConfig": {}}, {"RootFS": {}}]`, "in.json:1:22: element 1: mixes container and image inspect output"},
		{"bad waiver", `{"Name": "x", "State": {}, "Config": {"Labels": {"dockpol.ignore": "DKR-C01"}}}`, `in.json:1:50: x: inline waiver "DKR-C01" needs a rule id and a reason`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := inspect.Decode("in.json", []byte(tt.in))
			var se *inputs.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v (%T), want a SourceError", err, err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want prefix %q", err, tt.want)
			}
			if se.Pos.File != "in.json" {
				t.Errorf("file = %q", se.Pos.File)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
	if _, err := inspect.Decode("in.json", hardened[:len(hardened)/2]); err != nil {
		var se *inputs.SourceError
		if errors.As(err, &se) && se.Pos.Line == 0 {
			t.Errorf("truncated input: no line in %v", err)
		}
	}
}

// TestEmpty: docker inspect of nothing prints [] — no container, a warning.
func TestEmpty(t *testing.T) {
	t.Parallel()
	doc := decodeFile(t, filepath.Join(corpus, "nexdrew__rekcod__test__fixtures__inspect-empty.json"))
	if len(doc.Containers()) != 0 || len(doc.Warnings) != 1 {
		t.Errorf("containers %d, warnings %v", len(doc.Containers()), doc.Warnings)
	}
	validate(t, doc)
}
