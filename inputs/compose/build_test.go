//go:build unix

package compose_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestBuildDockerfileGuards checks that a build: service's Dockerfile is
// read only when it is a regular file inside the project and under the
// size cap: anything else leaves image_config null and warns, without
// hanging on a FIFO or reading a file outside the project.
func TestBuildDockerfileGuards(t *testing.T) {
	t.Parallel()
	outside := writeProject(t, map[string]string{"Dockerfile": "FROM alpine\nUSER 1000\n"})
	tests := []struct {
		name  string
		setup func(t *testing.T, ctx string)
		want  string
	}{
		{"FIFO", func(t *testing.T, ctx string) {
			if err := syscall.Mkfifo(filepath.Join(ctx, "Dockerfile"), 0o644); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
		}, "not a regular file"},
		{"directory", func(t *testing.T, ctx string) {
			if err := os.Mkdir(filepath.Join(ctx, "Dockerfile"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, "is a directory"},
		{"too large", func(t *testing.T, ctx string) {
			big := "FROM alpine\n" + strings.Repeat("# padding\n", 120_000)
			if err := os.WriteFile(filepath.Join(ctx, "Dockerfile"), []byte(big), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "file too large"},
		{"symlink out of the project", func(t *testing.T, ctx string) {
			if err := os.Symlink(filepath.Join(outside, "Dockerfile"), filepath.Join(ctx, "Dockerfile")); err != nil {
				t.Fatal(err)
			}
		}, "outside the root directory"},
		{"device", func(t *testing.T, ctx string) {
			if err := os.Symlink("/dev/zero", filepath.Join(ctx, "Dockerfile")); err != nil {
				t.Fatal(err)
			}
		}, "outside the root directory"},
		{"invalid Dockerfile", func(t *testing.T, ctx string) {
			if err := os.WriteFile(filepath.Join(ctx, "Dockerfile"), []byte("USER 1000\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "app/Dockerfile:1: invalid Dockerfile: no build stage"},
		{"unknown target", func(t *testing.T, ctx string) {
			if err := os.WriteFile(filepath.Join(ctx, "Dockerfile.target"), []byte("FROM alpine AS run\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, `build target "prod": no stage of that name`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			build := "./app"
			if tt.name == "unknown target" {
				build = "{context: ./app, dockerfile: Dockerfile.target, target: prod}"
			}
			dir := writeProject(t, map[string]string{"compose.yaml": "services:\n  web:\n    build: " + build + "\n"})
			ctx := filepath.Join(dir, "app")
			if err := os.Mkdir(ctx, 0o755); err != nil {
				t.Fatal(err)
			}
			tt.setup(t, ctx)
			doc := mustLoad(t, dir, []string{"compose.yaml"}, compose.Options{})
			v := jsonValue(t, doc.Value)
			if got := get(v, "containers[0].image_config"); got != nil {
				t.Errorf("image_config = %v, want null", got)
			}
			var msgs []string
			for _, w := range doc.Warnings {
				msgs = append(msgs, w.String())
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0], tt.want) || !strings.HasPrefix(msgs[0], "compose.yaml:3:5: warning: service \"web\": build:") {
				t.Errorf("warnings %q, want one at compose.yaml:3:5 saying %q", msgs, tt.want)
			}
		})
	}
}
