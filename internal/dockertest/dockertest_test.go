package dockertest_test

import (
	"os"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/internal/dockertest"
)

func TestMain(m *testing.M) { os.Exit(dockertest.Main(m)) }

// TestDaemon is the smoke check .ci/run runs first: a private engine
// starts, holds the test image, creates a container, and stops.
func TestDaemon(t *testing.T) {
	d := dockertest.Get(t)
	t.Logf("engine %s (API %s) at %s", d.Version, d.API, d.Host)
	if len(d.Socket) >= 108 {
		t.Errorf("socket path %q is too long for a unix socket", d.Socket)
	}
	id := strings.TrimSpace(d.Docker(t, "create", "--name", "smoke", dockertest.Image, "sleep"))
	if id == "" {
		t.Fatal("docker create printed no id")
	}
	out := d.Docker(t, "inspect", "--format", "{{.Config.Image}} {{.State.Status}}", "smoke")
	if got, want := strings.TrimSpace(out), dockertest.Image+" created"; got != want {
		t.Errorf("inspect = %q, want %q", got, want)
	}
	d.Docker(t, "rm", "smoke")
}
