package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/policies"
)

// TestWithKindsPrunes checks that an engine for compose documents leaves
// the packages that judge other kinds uncompiled, and keeps the helpers
// its rules use from them.
func TestWithKindsPrunes(t *testing.T) {
	src := Source{Name: "builtin", FS: policies.FS, Roots: policies.Roots(), Builtin: true}
	full, err := New(context.Background(), WithSource(src))
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(context.Background(), WithSource(src), WithKinds("compose"))
	if err != nil {
		t.Fatal(err)
	}
	if e.kinds == nil {
		t.Fatal("nothing was pruned")
	}
	pkgs := map[string]int{}
	for _, m := range e.compiler.Modules {
		pkgs[strings.TrimPrefix(m.Package.Path.String(), "data.")]++
	}
	for _, p := range []string{"dockpol.daemon", "dockpol.request", "dockpol.swarm"} {
		if pkgs[p] > 0 {
			t.Errorf("package %s compiled for compose documents", p)
		}
	}
	for _, p := range []string{"dockpol.container", "dockpol.image", "dockpol.network", "dockpol.lib", "dockpol.dockerfile"} {
		if pkgs[p] == 0 {
			t.Errorf("package %s not compiled", p)
		}
	}
	if n, all := len(e.compiler.Modules), len(full.compiler.Modules); n*2 > all {
		t.Errorf("compiled %d of %d modules for compose documents", n, all)
	}
}
