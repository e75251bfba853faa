package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/internal/benchcpu"
)

// BenchmarkCompileShipped measures parsing, compiling and preparing the
// shipped bundle: the fixed cost of every dockpol process. kinds=all is
// the whole bundle (dockpol rules, verify); kinds=compose what dockpol
// check of compose files compiles, kinds=request what the authorization
// gate compiles (engine.WithKinds).
func BenchmarkCompileShipped(b *testing.B) {
	for _, kinds := range [][]string{nil, {"compose"}, {"request"}} {
		name := "all"
		if kinds != nil {
			name = kinds[0]
		}
		b.Run("kinds="+name, func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				if _, err := engine.New(context.Background(), engine.WithSource(shipped), engine.WithKinds(kinds...)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvaluate measures evaluating one compose document of n
// containers with the shipped bundle (the document is already loaded).
func BenchmarkEvaluate(b *testing.B) {
	e := newEngine(b)
	for _, n := range []int{1, 10} {
		var cs []map[string]any
		for i := range n {
			cs = append(cs, map[string]any{
				"name": fmt.Sprintf("svc%d", i), "privileged": i%3 == 0, "user": nil,
				"image":   map[string]any{"ref": "nginx:latest", "tag": "latest", "digest": nil},
				"cap_add": []any{"SYS_ADMIN", "NET_BIND_SERVICE"}, "cap_drop": []any{},
				"mounts":      []any{map[string]any{"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "read_only": false}},
				"ports":       []any{map[string]any{"host_ip": nil, "host_port": "8080", "container_port": 80, "protocol": "tcp"}},
				"environment": []any{map[string]any{"name": "DB_PASSWORD", "value_kind": "literal", "secret_like": true}},
				"resources":   map[string]any{"memory": nil},
				"security":    map[string]any{"seccomp": "unconfined"},
				"namespaces":  map[string]any{"pid": "host", "network": nil},
			})
		}
		doc := composeDoc(cs...)
		b.Run(fmt.Sprintf("containers=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			defer benchcpu.Measure(b)()
			for b.Loop() {
				if _, err := e.Evaluate(context.Background(), doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
