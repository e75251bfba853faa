package engine_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/daemon"
	"github.com/dockpol/dockpol/inputs/dockerfile"
	"github.com/dockpol/dockpol/inputs/inspect"
	"github.com/dockpol/dockpol/inputs/request"
)

// concurrencyDocs are documents of every kind, read by the adapters from
// the repository's fixtures.
func concurrencyDocs(t *testing.T) []*inputs.Document {
	t.Helper()
	read := func(p string) []byte {
		data, err := os.ReadFile(filepath.FromSlash(p))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	must := func(doc *inputs.Document, err error) *inputs.Document {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	var docs []*inputs.Document
	for _, p := range []string{"../examples/compose.yaml", "../examples/secure/compose.yaml"} {
		docs = append(docs, must(compose.Load(context.Background(), []compose.File{{Path: p}}, compose.Options{})))
	}
	docs = append(docs,
		must(daemon.FromDaemonJSON("insecure.daemon.json", read("../inputs/daemon/testdata/insecure.daemon.json"))),
		must(daemon.FromInfo("docker-info.json", read("../inputs/daemon/testdata/docker-info.json"))),
		must(dockerfile.Decode("multistage.Dockerfile", read("../inputs/dockerfile/testdata/multistage.Dockerfile"))),
		must(inspect.Decode("inspect.json", []byte(`[{"Id":"a","Name":"/web","Config":{"Image":"nginx:latest","Env":["PASSWORD=x1y2z3w4"]},"HostConfig":{"Privileged":true,"NetworkMode":"host"},"State":{"Running":true}}]`))),
	)
	for i, body := range []string{
		`{"Image":"alpine","HostConfig":{"Privileged":true,"Binds":["/:/host"]}}`,
		`{"Image":"alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000","User":"1000","HostConfig":{"ReadonlyRootfs":true,"CapDrop":["ALL"]}}`,
	} {
		docs = append(docs, request.Document(request.Request{
			RequestMethod: "POST", RequestURI: fmt.Sprintf("/v1.47/containers/create?name=c%d", i),
			RequestHeaders: map[string]string{"Content-Type": "application/json"}, RequestBody: []byte(body),
		}, request.Options{}))
	}
	return docs
}

// TestEvaluateConcurrentDocuments shares one engine between many
// goroutines evaluating documents of every kind at once (run with -race,
// as make test does): each evaluation gives what it gives alone, and an
// evaluation whose context is cancelled is an error, never an empty pass.
func TestEvaluateConcurrentDocuments(t *testing.T) {
	e := newEngine(t, engine.WithMode(engine.ModeGate))
	docs := concurrencyDocs(t)
	want := make([][]engine.Finding, len(docs))
	for i, d := range docs {
		fs, err := e.Evaluate(context.Background(), d)
		if err != nil {
			t.Fatalf("%s: %v", d.Path, err)
		}
		if len(fs) == 0 && i != 1 {
			t.Fatalf("%s: no findings; the test needs documents that trigger rules", d.Path)
		}
		want[i] = fs
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()

	const goroutines, rounds = 24, 6
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for r := range rounds {
				i := (g + r) % len(docs)
				if (g+r)%5 == 0 {
					if fs, err := e.Evaluate(cancelled, docs[i]); err == nil {
						t.Errorf("%s: cancelled evaluation passed with %d findings", docs[i].Path, len(fs))
					}
					continue
				}
				got, err := e.Evaluate(context.Background(), docs[i])
				if err != nil {
					t.Errorf("%s: %v", docs[i].Path, err)
					continue
				}
				if diff := cmp.Diff(want[i], got); diff != "" {
					t.Errorf("%s: concurrent evaluation differs (-alone +concurrent):\n%s", docs[i].Path, diff)
				}
			}
		})
	}
	wg.Wait()
}
