package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/daemon"
	"github.com/dockpol/dockpol/inputs/dockerfile"
	"github.com/dockpol/dockpol/inputs/request"
)

// kindDocs loads one document of each kind from the repository's fixtures.
func kindDocs(t *testing.T) []*inputs.Document {
	t.Helper()
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.Join("..", p))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	var docs []*inputs.Document
	for _, p := range []string{"examples/compose.yaml", "examples/secure/compose.yaml"} {
		doc, err := compose.Load(context.Background(), []compose.File{{Path: filepath.Join("..", p)}}, compose.Options{})
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	d, err := daemon.FromDaemonJSON("insecure.daemon.json", read("inputs/daemon/testdata/insecure.daemon.json"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, d)
	d, err = dockerfile.Decode("multistage.Dockerfile", read("inputs/dockerfile/testdata/multistage.Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, d)
	docs = append(docs, request.Document(request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create",
		RequestHeaders: map[string]string{"Content-Type": "application/json"},
		RequestBody:    []byte(`{"Image":"nginx","HostConfig":{"Privileged":true,"Binds":["/:/host"]}}`)}, request.Options{}))
	return docs
}

// TestWithKindsChangesNothing evaluates documents of every kind with an
// engine compiled for compose documents only and with a full one: the
// same findings and checks, whatever the kind (other kinds make the
// engine compile everything).
func TestWithKindsChangesNothing(t *testing.T) {
	full, err := engine.New(context.Background(), engine.WithSource(shipped))
	if err != nil {
		t.Fatal(err)
	}
	for _, kinds := range [][]string{{"compose"}, {"daemon"}, {"request"}, {"dockerfile"}} {
		narrow, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithKinds(kinds...))
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(full.Rules(), narrow.Rules()); d != "" {
			t.Errorf("kinds %v: rules (-full +narrow):\n%s", kinds, d)
		}
		for _, doc := range kindDocs(t) {
			want, err := full.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := narrow.Evaluate(context.Background(), doc)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) == 0 && doc.Kind() != "compose" {
				t.Errorf("%s: no findings: a poor fixture", doc.Path)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("kinds %v, %s: findings (-full +narrow):\n%s", kinds, doc.Path, d)
			}
			if d := cmp.Diff(full.Checks(doc), narrow.Checks(doc)); d != "" {
				t.Errorf("kinds %v, %s: checks (-full +narrow):\n%s", kinds, doc.Path, d)
			}
		}
	}
}
