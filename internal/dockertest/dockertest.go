// Package dockertest gives tests a private Docker Engine: one dockerd per
// test binary, started as root on first use with its own --data-root,
// --exec-root, --pidfile and unix socket, without a bridge or iptables
// rules, so it touches nothing of the host's Docker. Main stops it (by
// pid) when the tests end. The image "hello:1" (a static Go binary
// imported with docker import) is there to create containers from.
//
// Tests that need the engine call Get: when dockerd is missing or cannot
// start they are skipped with the reason, unless DOCKPOL_REQUIRE_DOCKER=1
// (CI), where they fail.
package dockertest

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// RequireEnv names the variable that turns "skip without Docker" into a
// failure.
const RequireEnv = "DOCKPOL_REQUIRE_DOCKER"

// Image is the test image every daemon holds: ENTRYPOINT ["/hello"];
// the command "sleep" waits for SIGTERM.
const Image = "hello:1"

// Daemon is a running private dockerd.
type Daemon struct {
	Dir     string // private root: data, exec root, socket, log
	Socket  string // the API's unix socket
	Host    string // DOCKER_HOST for it: unix://Socket
	Version string // the engine's version (docker version's Server.Version)
	API     string // the engine's API version

	pid       int
	configDir string // DOCKER_CONFIG for the CLI: no contexts, no credentials
	done      chan error
	stopOnce  sync.Once
}

var (
	once     sync.Once
	shared   *Daemon
	startErr error
)

// TestingM is what Main runs: *testing.M.
type TestingM interface{ Run() int }

// Main runs the tests of a binary and stops its daemon, if one was
// started: call it from TestMain as os.Exit(dockertest.Main(m)).
func Main(m TestingM) int {
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "dockertest: stop dockerd:", err)
		}
	}
	return code
}

// Wrap returns m with Main's cleanup, for a TestMain that hands m to
// another runner (testscript.Main(dockertest.Wrap(m), ...)).
func Wrap(m TestingM) TestingM { return wrapped{m} }

type wrapped struct{ m TestingM }

func (w wrapped) Run() int { return Main(w.m) }

// Get returns the binary's daemon, starting it on first use. Without
// one, the test is skipped, or fails when DOCKPOL_REQUIRE_DOCKER=1.
func Get(t testing.TB) *Daemon {
	t.Helper()
	once.Do(func() {
		shared, startErr = Start(context.Background())
	})
	if startErr != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("private Docker Engine required (%s=1) but not available: %v", RequireEnv, startErr)
		}
		t.Skipf("skipped: no private Docker Engine: %v (set %s=1 to fail instead)", startErr, RequireEnv)
	}
	return shared
}

// Start starts a private dockerd and imports the test image. The caller
// stops it.
func Start(ctx context.Context) (*Daemon, error) { return StartWith(ctx) }

// StartWith is Start with more dockerd flags (for example
// --authorization-plugin=NAME, whose plugin must be serving already).
func StartWith(ctx context.Context, extraArgs ...string) (*Daemon, error) {
	if os.Geteuid() != 0 {
		return nil, errors.New("dockerd needs root")
	}
	dockerd, err := exec.LookPath("dockerd")
	if err != nil {
		return nil, errors.New("dockerd not installed (Debian: apt-get install docker.io)")
	}
	if _, err := exec.LookPath("docker"); err != nil {
		return nil, errors.New("docker CLI not installed")
	}
	// unix socket paths must stay under 108 bytes: a short root in /tmp
	dir, err := os.MkdirTemp("/tmp", "dpd")
	if err != nil {
		return nil, err
	}
	d := &Daemon{Dir: dir, Socket: filepath.Join(dir, "d.sock"), configDir: filepath.Join(dir, "cli"), done: make(chan error, 1)}
	d.Host = "unix://" + d.Socket
	if err := os.MkdirAll(d.configDir, 0o700); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(d.configDir, "config.json"), []byte("{}\n"), 0o600); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "dockerd.log"))
	if err != nil {
		return nil, err
	}
	args := []string{
		"--data-root", filepath.Join(dir, "data"),
		"--exec-root", filepath.Join(dir, "exec"),
		"--pidfile", filepath.Join(dir, "dockerd.pid"),
		"-H", d.Host,
		"--bridge=none", "--iptables=false", "--ip6tables=false",
		"--shutdown-timeout=5",
		"--config-file", writeEmptyConfig(dir),
	}
	args = append(args, extraArgs...)
	started := make(chan error, 1)
	go func() {
		// Pdeathsig is sent when the thread that started the process
		// exits: keep this goroutine on its thread for the daemon's life,
		// so a test binary that dies (a timeout, a crash) takes its
		// dockerd with it.
		runtime.LockOSThread()
		cmd := exec.Command(dockerd, args...)
		cmd.Stdout, cmd.Stderr = logf, logf
		cmd.Env = daemonEnv()
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		d.pid = cmd.Process.Pid
		started <- nil
		d.done <- cmd.Wait()
		logf.Close()
	}()
	if err := <-started; err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start dockerd: %w", err)
	}
	if err := d.waitReady(ctx, 60*time.Second); err != nil {
		_ = d.Stop()
		return nil, err
	}
	if err := d.importImage(ctx); err != nil {
		_ = d.Stop()
		return nil, err
	}
	return d, nil
}

// writeEmptyConfig gives dockerd a daemon.json of its own, so the host's
// /etc/docker/daemon.json never applies.
func writeEmptyConfig(dir string) string {
	p := filepath.Join(dir, "daemon.json")
	_ = os.WriteFile(p, []byte("{}\n"), 0o600)
	return p
}

// daemonEnv is the environment without Docker client variables.
func daemonEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DOCKER_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Env returns the environment for a docker CLI (or dockpol) aimed at the
// daemon: DOCKER_HOST set, no other DOCKER_ variable, an empty CLI
// configuration (no contexts).
func (d *Daemon) Env() []string {
	return append(daemonEnv(), "DOCKER_HOST="+d.Host, "DOCKER_CONFIG="+d.configDir)
}

// HTTPClient talks to the daemon's socket.
func (d *Daemon) HTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, "unix", d.Socket)
		},
	}}
}

func (d *Daemon) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	hc := d.HTTPClient()
	for {
		select {
		case err := <-d.done:
			d.done <- err
			return fmt.Errorf("dockerd exited during startup (%v): %s", err, d.logTail())
		default:
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://docker/version", nil)
		resp, err := hc.Do(req)
		if err == nil {
			var v struct{ Version, APIVersion string }
			err = json.NewDecoder(resp.Body).Decode(&v)
			resp.Body.Close()
			if err == nil && resp.StatusCode == http.StatusOK {
				d.Version, d.API = v.Version, v.APIVersion
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dockerd not ready after %s: %s", timeout, d.logTail())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// logTail returns the last lines of the daemon's log, for errors.
func (d *Daemon) logTail() string {
	data, _ := os.ReadFile(filepath.Join(d.Dir, "dockerd.log"))
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}

// Stop stops the daemon by its pid, waits for it and removes its files.
func (d *Daemon) Stop() error {
	var err error
	d.stopOnce.Do(func() {
		if d.pid > 0 {
			_ = syscall.Kill(d.pid, syscall.SIGTERM)
			select {
			case err = <-d.done:
				if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
					err = nil // stopped by our signal
				}
			case <-time.After(30 * time.Second):
				_ = syscall.Kill(-d.pid, syscall.SIGKILL) // its process group
				<-d.done
				err = errors.New("dockerd did not stop in 30s: killed")
			}
		}
		unmountUnder(d.Dir)
		if rmErr := os.RemoveAll(d.Dir); rmErr != nil && err == nil {
			err = rmErr
		}
	})
	return err
}

// unmountUnder detaches whatever is still mounted below dir (overlay
// layers, netns files of a daemon that died).
func unmountUnder(dir string) {
	data, err := os.ReadFile("/proc/self/mountinfo")
	if err != nil {
		return
	}
	var points []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) > 4 && strings.HasPrefix(f[4], dir+"/") {
			points = append(points, f[4])
		}
	}
	for i := len(points) - 1; i >= 0; i-- {
		_ = syscall.Unmount(points[i], syscall.MNT_DETACH)
	}
}

// Docker runs the docker CLI against the daemon and returns its standard
// output; the test fails when it fails.
func (d *Daemon) Docker(t testing.TB, args ...string) string {
	t.Helper()
	out, err := d.DockerErr(args...)
	if err != nil {
		t.Fatalf("docker %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// DockerErr runs the docker CLI against the daemon; the error carries
// its standard error.
func (d *Daemon) DockerErr(args ...string) (string, error) {
	return d.run(nil, args...)
}

func (d *Daemon) run(stdin io.Reader, args ...string) (string, error) {
	return d.runEnv(d.Env(), stdin, args...)
}

func (d *Daemon) runEnv(env []string, stdin io.Reader, args ...string) (string, error) {
	cmd := exec.Command("docker", args...)
	cmd.Env = env
	cmd.Stdin = stdin
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// importImage builds testdata/hello as a static binary and imports it as
// the image hello:1.
func (d *Daemon) importImage(ctx context.Context) error {
	_, self, _, ok := runtime.Caller(0)
	if !ok {
		return errors.New("locate dockertest sources")
	}
	src := filepath.Join(filepath.Dir(self), "testdata", "hello")
	bin := filepath.Join(d.Dir, "hello")
	build := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, "main.go")
	build.Dir = src
	build.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("build the test image's binary: %v: %s", err, out)
	}
	data, err := os.ReadFile(bin)
	if err != nil {
		return err
	}
	var tarball bytes.Buffer
	tw := tar.NewWriter(&tarball)
	if err := tw.WriteHeader(&tar.Header{Name: "hello", Mode: 0o755, Size: int64(len(data)), ModTime: time.Unix(0, 0)}); err != nil {
		return err
	}
	if _, err := tw.Write(data); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if _, err := d.run(&tarball, "import", "-c", `ENTRYPOINT ["/hello"]`, "-", Image); err != nil {
		return fmt.Errorf("docker import: %w", err)
	}
	return nil
}
