package engineapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/moby/moby/api/types/container"

	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/engineapi"
	"github.com/dockpol/dockpol/inputs/inspect"
	"github.com/dockpol/dockpol/internal/dockertest"
)

var record = flag.Bool("record", false, "record, against a private dockerd, the create bodies the docker CLI sends for the cases of COMMANDS.tsv into testdata/equivalence/*/create.json")

func TestMain(m *testing.M) {
	flag.Parse()
	os.Exit(dockertest.Main(m))
}

// generated is the shared corpus of real docker inspect output, one file
// per case of COMMANDS.tsv.
var generated = filepath.Join("..", "..", "..", "shared", "corpus", "inspect", "generated")

// equivalenceDir holds, per case, the compose service that expresses the
// same flags (compose.yaml, written by hand) and the create request the
// docker CLI sent for them (create.json, recorded with -record).
var equivalenceDir = filepath.Join("testdata", "equivalence")

// The three forms of one container.
const (
	formInspect = "inspect" // docker inspect output (shared corpus)
	formCompose = "compose" // a compose service with the same settings
	formCreate  = "create"  // the body of POST /containers/create the CLI sent
)

var forms = []string{formInspect, formCompose, formCreate}

// onlyIn lists the Container fields that only some forms can express: the
// others leave the key out ("this input kind cannot express the field").
// The test checks that exactly these keys differ.
var onlyIn = map[string][]string{
	"build":                     {formCompose}, // compose build:, no Engine API field
	"image_config":              {formCompose}, // facts of a build: service's Dockerfile
	"one_shot":                  {formCompose}, // another service waits for it to complete (depends_on)
	"pull_policy":               {formCompose}, // compose pull_policy; docker run --pull is client-side
	"secrets":                   {formCompose}, // compose/swarm secrets; a create body has only mounts
	"configs":                   {formCompose}, // idem
	"status":                    {formInspect}, // State.Status: only a created container has one
	"image.id":                  {formInspect}, // the resolved image ID (inspect .Image)
	"security.apparmor_profile": {formInspect}, // the profile the container got (inspect .AppArmorProfile)
	"mounts[].shared_with":      {formCompose}, // the other services of the project mounting the same source
}

// exclusion is a field every form has but some form cannot agree on; the
// other forms are still compared with each other.
type exclusion struct {
	field string   // dotted path; "mounts[].x" is x of every mount
	forms []string // the forms left out of the comparison
	cases []string // the cases it applies to; nil: all
	why   string
}

// exclusions is the explicit list of what the equivalence does not hold.
var exclusions = []exclusion{
	{field: "origin", forms: forms,
		why: "where the container is defined differs by construction (service in a file, container, request)"},
	{field: "networks", forms: []string{formCompose},
		why: `compose joins the project's network ("default"); the Engine names its own ("bridge")`},
	{field: "entrypoint", forms: []string{formInspect},
		why: "inspect's Config has the image's ENTRYPOINT (/hello) merged in; compose and the request leave it to the image"},
	{field: "mounts[].volume_driver", forms: []string{formCreate},
		why: "a create body names no driver for a named volume (it exists, or is created with the daemon's default); compose knows it from the top-level volumes, inspect from .Mounts"},
	{field: "namespaces.cgroup", forms: []string{formInspect}, cases: []string{"misc"},
		why: "on a cgroup v1 host the daemon stores CgroupnsMode host for every container, so an explicit --cgroupns host reads as the default (null)"},
}

// tsvCase is one line of COMMANDS.tsv.
type tsvCase struct {
	name    string
	command string
}

func readCases(t *testing.T) []tsvCase {
	t.Helper()
	f, err := os.Open(filepath.Join(generated, "COMMANDS.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []tsvCase
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, cmd, ok := strings.Cut(sc.Text(), "\t")
		if ok {
			out = append(out, tsvCase{name: name, command: cmd})
		}
	}
	if len(out) == 0 {
		t.Fatal("COMMANDS.tsv holds no case")
	}
	return out
}

// recorded is a create.json fixture.
type recorded struct {
	Comment string          `json:"comment"`
	CLI     string          `json:"cli"`
	Engine  string          `json:"engine"`
	Command string          `json:"command"`
	Method  string          `json:"method"`
	URI     string          `json:"uri"`
	Body    json.RawMessage `json:"body"`
}

// createArgs turns a COMMANDS.tsv command into docker CLI arguments that
// create the container without starting it (privileged containers cannot
// start in every sandbox; the create body is the same).
func createArgs(command string) []string {
	args := strings.Fields(command)[1:] // drop "docker"
	if args[0] == "run" {
		args[0] = "create"
		out := args[:1]
		for _, a := range args[1:] {
			if a != "-d" {
				out = append(out, a)
			}
		}
		args = out
	}
	return args
}

// recordCreates runs every case's command through a recording proxy in
// front of a private dockerd and rewrites the create.json fixtures.
func recordCreates(t *testing.T, cases []tsvCase) {
	d := dockertest.Get(t)
	p := d.Proxy(t)
	cli := strings.TrimSpace(d.Docker(t, "version", "--format", "{{.Client.Version}}"))
	for _, c := range cases {
		p.Reset()
		args := createArgs(c.command)
		if _, err := d.DockerVia(p, args...); err != nil {
			t.Fatalf("%s: docker %s: %v", c.name, strings.Join(args, " "), err)
		}
		var req *dockertest.Request
		for _, r := range p.Requests() {
			if r.Method == "POST" && strings.Contains(strings.SplitN(r.URI, "?", 2)[0], "/containers/create") {
				req = &r
			}
		}
		if req == nil {
			t.Fatalf("%s: the CLI sent no create request", c.name)
		}
		rec := recorded{
			Comment: "Recorded with `go test ./inputs/engineapi -run TestEquivalence -record`: the request the docker CLI sent for the case's flags (COMMANDS.tsv). Do not edit.",
			CLI:     cli, Engine: d.Version, Command: "docker " + strings.Join(args, " "),
			Method: req.Method, URI: req.URI, Body: json.RawMessage(req.Body),
		}
		data, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := os.WriteFile(filepath.Join(equivalenceDir, c.name, "create.json"), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEquivalence holds the three adapters to one Container per case: the
// real docker inspect output, a compose service with the same settings,
// and the create request the docker CLI sends for the flags.
func TestEquivalence(t *testing.T) {
	cases := readCases(t)
	if *record {
		recordCreates(t, cases)
	}
	names := containerNames(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]map[string]any{
				formInspect: fromInspect(t, c.name, names),
				formCompose: fromCompose(t, c.name),
				formCreate:  fromCreate(t, c.name),
			}
			compare(t, c.name, got)
		})
	}
}

// containerNames maps the IDs of all-containers.json to names, so that
// net-container's container:ID reads container:defaults.
func containerNames(t *testing.T) map[string]string {
	data, err := os.ReadFile(filepath.Join(generated, "all-containers.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all []struct {
		ID   string `json:"Id"`
		Name string
	}
	if err := json.Unmarshal(data, &all); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range all {
		out[c.ID] = strings.TrimPrefix(c.Name, "/")
	}
	return out
}

func fromInspect(t *testing.T, name string, names map[string]string) map[string]any {
	path := filepath.Join(generated, name+".json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := inspect.DecodeWith(path, data, inspect.Options{ContainerNames: names})
	if err != nil {
		t.Fatal(err)
	}
	return only(t, doc.Containers())
}

func fromCompose(t *testing.T, name string) map[string]any {
	doc, err := compose.Load(context.Background(), []compose.File{{Path: filepath.Join(equivalenceDir, name, "compose.yaml")}}, compose.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return only(t, doc.Containers())
}

func fromCreate(t *testing.T, name string) map[string]any {
	data, err := os.ReadFile(filepath.Join(equivalenceDir, name, "create.json"))
	if err != nil {
		t.Fatalf("%v (record the fixtures with -record)", err)
	}
	var rec recorded
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	// decoded as dockerd decodes it: encoding/json into moby's types
	var req container.CreateRequest
	if err := json.Unmarshal(rec.Body, &req); err != nil {
		t.Fatal(err)
	}
	return engineapi.Container(name, req.Config, req.HostConfig, req.NetworkingConfig, engineapi.Options{})
}

func only(t *testing.T, cs []map[string]any) map[string]any {
	t.Helper()
	if len(cs) != 1 {
		t.Fatalf("%d containers, want 1", len(cs))
	}
	return cs[0]
}

// compare checks key sets against onlyIn, applies the exclusions, and
// diffs the forms field by field.
func compare(t *testing.T, name string, got map[string]map[string]any) {
	norm := map[string]any{}
	for f, c := range got {
		norm[f] = canonical(jsonRoundTrip(t, c))
	}
	// fields only some forms express: present exactly there
	for field, in := range onlyIn {
		for _, f := range forms {
			_, has := lookup(norm[f], field)
			// a field of list elements (mounts[].x) is checked to be absent
			// from the other forms only: a case may have no element that
			// carries it (no mount with a source)
			if want := contains(in, f); has != want && !(want && strings.Contains(field, "[]")) {
				t.Errorf("%s: field %s present=%v, want %v (onlyIn)", f, field, has, want)
			}
			remove(norm[f], field)
		}
	}
	// fields some forms cannot agree on: compare the others, then drop
	for _, ex := range exclusions {
		if ex.cases != nil && !contains(ex.cases, name) {
			continue
		}
		var ref string
		var refVal any
		for _, f := range forms {
			if contains(ex.forms, f) {
				continue
			}
			v, _ := lookup(norm[f], ex.field)
			if ref == "" {
				ref, refVal = f, v
				continue
			}
			if diff := cmp.Diff(refVal, v); diff != "" {
				t.Errorf("%s (compared without %v) differs, %s vs %s (-%s +%s):\n%s", ex.field, ex.forms, ref, f, ref, f, diff)
			}
		}
		for _, f := range forms {
			remove(norm[f], ex.field)
		}
	}
	for _, f := range []string{formInspect, formCompose} {
		if diff := cmp.Diff(norm[formCreate], norm[f]); diff != "" {
			t.Errorf("%s differs from the create request (-create +%s):\n%s", f, f, diff)
		}
	}
}

func jsonRoundTrip(t *testing.T, v any) map[string]any {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// canonical sorts the lists whose order carries no meaning and differs
// between forms: mounts (by target), ports, capabilities.
func canonical(c map[string]any) map[string]any {
	sortBy := func(key string, less func(a, b map[string]any) bool) {
		list, _ := c[key].([]any)
		sort.SliceStable(list, func(i, j int) bool {
			a, _ := list[i].(map[string]any)
			b, _ := list[j].(map[string]any)
			return less(a, b)
		})
	}
	sortBy("mounts", func(a, b map[string]any) bool { return fmt.Sprint(a["target"]) < fmt.Sprint(b["target"]) })
	sortBy("ports", func(a, b map[string]any) bool {
		return fmt.Sprint(a["container_port"], a["protocol"], a["host_ip"], a["host_port"]) < fmt.Sprint(b["container_port"], b["protocol"], b["host_ip"], b["host_port"])
	})
	for _, k := range []string{"cap_add", "cap_drop"} {
		if list, ok := c[k].([]any); ok {
			sort.Slice(list, func(i, j int) bool { return fmt.Sprint(list[i]) < fmt.Sprint(list[j]) })
		}
	}
	return c
}

// lookup and remove address a dotted field; "a[].b" is b of every
// element of the list a.
func lookup(v any, field string) (any, bool) {
	head, rest, more := strings.Cut(field, ".")
	m, ok := v.(map[string]any)
	if list, isList := strings.CutSuffix(head, "[]"); isList {
		items, _ := m[list].([]any)
		var out []any
		found := false
		for _, it := range items {
			x, has := lookup(it, rest)
			out = append(out, x)
			found = found || has
		}
		return out, ok && found
	}
	if !ok {
		return nil, false
	}
	x, has := m[head]
	if !more || !has {
		return x, has
	}
	return lookup(x, rest)
}

func remove(v any, field string) {
	head, rest, more := strings.Cut(field, ".")
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	if list, isList := strings.CutSuffix(head, "[]"); isList {
		items, _ := m[list].([]any)
		for _, it := range items {
			remove(it, rest)
		}
		return
	}
	if !more {
		delete(m, head)
		return
	}
	remove(m[head], rest)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
