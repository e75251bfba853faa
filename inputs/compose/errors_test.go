package compose_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
)

// TestBadInput: each broken input gives one clear *inputs.SourceError
// naming the file (and the line where known), never a panic or a hang,
// and never quoting a secret.
func TestBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string // project files; compose.yaml is loaded
		fifo  []string          // FIFOs created in the project
		load  string            // the file to load, default compose.yaml
		opts  compose.Options
		// want: the error starts with this position ("file" or
		// "file:line" or "file:line:col") and contains every fragment.
		wantPos string
		want    []string
		wantIs  error
	}{
		{
			name:    "invalid YAML",
			files:   map[string]string{"compose.yaml": "# invalid YAML\nservices:\n  web:\n    image: nginx\n   bad: [\n"},
			wantPos: "compose.yaml:5:", want: []string{"invalid YAML"},
		},
		{
			name:    "YAML error on a line holding a secret",
			files:   map[string]string{"compose.yaml": "# a syntax error next to a secret\nservices:\n  web:\n    image: nginx\n    environment:\n      PASSWORD: \"s3cr3t-PLANTED-1\n"},
			wantPos: "compose.yaml:7:", want: []string{"invalid YAML"},
		},
		{
			name:    "YAML error inside a flow mapping with a secret",
			files:   map[string]string{"compose.yaml": "# flow mapping error\nservices: {web: {image: nginx, environment: {PASSWORD: s3cr3t-PLANTED-1: x}}}\n"},
			wantPos: "compose.yaml:2:", want: []string{"invalid YAML"},
		},
		{
			name:    "top-level list",
			files:   map[string]string{"compose.yaml": "# a list, not a mapping\n- web\n- db\n"},
			wantPos: "compose.yaml:2:1", want: []string{"top-level object must be a mapping"},
		},
		{
			name:    "compose-go rejection",
			files:   map[string]string{"compose.yaml": "services: {web: {image: 1, ports: [{target: \"x\"}]}}\n"},
			wantPos: "compose.yaml:1:", want: []string{"invalid compose project", "target"},
		},
		{
			name:    "schema violation",
			files:   map[string]string{"compose.yaml": "# user must be a string\nservices:\n  web:\n    image: nginx\n    user: {name: root}\n"},
			wantPos: "compose.yaml:5:5", want: []string{"user"},
		},
		{
			name:    "schema violation in the override file",
			files:   map[string]string{"compose.yaml": "# base\nservices:\n  web:\n    image: nginx\n", "compose.override.yaml": "# override\nservices:\n  web:\n    privileged: [yes]\n"},
			load:    "compose.yaml,compose.override.yaml",
			wantPos: "compose.override.yaml:4:5", want: []string{"privileged"},
		},
		{
			name:    "interpolation error quoting a secret",
			files:   map[string]string{"compose.yaml": "# bad template\nservices:\n  web:\n    image: nginx\n    environment:\n      PASSWORD: \"s3cr3t-PLANTED-1 ${oops\"\n"},
			wantPos: "compose.yaml:6:7", want: []string{"invalid interpolation format"},
		},
		{
			name:    "missing file",
			files:   map[string]string{},
			load:    "missing.yaml",
			wantPos: "missing.yaml", wantIs: fs.ErrNotExist,
		},
		{
			name:    "directory as a file",
			files:   map[string]string{"dir/compose.yaml": "services: {}\n"},
			load:    "dir",
			wantPos: "dir", want: []string{"directory"},
		},
		{
			name:    "file over MaxFileSize",
			files:   map[string]string{"compose.yaml": "# big\nservices: {web: {image: nginx}}\n" + strings.Repeat("# padding\n", 200)},
			opts:    compose.Options{MaxFileSize: 1024},
			wantPos: "compose.yaml", wantIs: inputs.ErrTooLarge,
		},
		{
			name: "include over MaxFileSize",
			files: map[string]string{
				"compose.yaml": "# includes a big file\ninclude:\n  - big.yaml\nservices:\n  web:\n    image: nginx\n",
				"big.yaml":     "# big\nservices: {db: {image: postgres}}\n" + strings.Repeat("# padding\n", 200),
			},
			opts:    compose.Options{MaxFileSize: 1024},
			wantPos: "compose.yaml:3:5", want: []string{"include", "big.yaml"}, wantIs: inputs.ErrTooLarge,
		},
		{
			name:    "missing include",
			files:   map[string]string{"compose.yaml": "# includes a missing file\ninclude:\n  - nope.yaml\nservices:\n  web:\n    image: nginx\n"},
			wantPos: "compose.yaml:3:5", want: []string{"include", "nope.yaml"}, wantIs: fs.ErrNotExist,
		},
		{
			name: "invalid YAML in an included file",
			files: map[string]string{
				"compose.yaml": "# includes a broken file\ninclude:\n  - sub/inc.yaml\nservices:\n  web:\n    image: nginx\n",
				"sub/inc.yaml": "# broken\nservices:\n  db: [\n",
			},
			wantPos: "sub/inc.yaml:4:", want: []string{"invalid YAML"},
		},
		{
			name:    "env_file FIFO",
			files:   map[string]string{"compose.yaml": "# env_file is a FIFO\nservices:\n  web:\n    image: nginx\n    env_file: app.env\n"},
			fifo:    []string{"app.env"},
			wantPos: "compose.yaml:5:15", want: []string{"env_file", "app.env", "not a regular file"},
		},
		{
			name:    "env_file FIFO by interpolated path",
			files:   map[string]string{"compose.yaml": "# env_file is a FIFO\nservices:\n  web:\n    image: nginx\n    env_file: ${ENV_DIR:-conf}/app.env\n"},
			fifo:    []string{"conf/app.env"},
			wantPos: "compose.yaml:5:15", want: []string{"env_file", "conf/app.env", "not a regular file"},
		},
		{
			name:    "env_file FIFO in long syntax",
			files:   map[string]string{"compose.yaml": "# env_file is a FIFO\nservices:\n  web:\n    image: nginx\n    env_file:\n      - path: app.env\n        required: false\n"},
			fifo:    []string{"app.env"},
			wantPos: "compose.yaml:6:15", want: []string{"env_file", "not a regular file"},
		},
		{
			name:    "label_file FIFO",
			files:   map[string]string{"compose.yaml": "# label_file is a FIFO\nservices:\n  web:\n    image: nginx\n    label_file: labels.env\n"},
			fifo:    []string{"labels.env"},
			wantPos: "compose.yaml:5:17", want: []string{"label_file", "not a regular file"},
		},
		{
			name:    ".env FIFO",
			files:   map[string]string{"compose.yaml": "# the project's .env is a FIFO\nservices:\n  web:\n    image: nginx\n"},
			fifo:    []string{".env"},
			wantPos: ".env", want: []string{"not a regular file"},
		},
		{
			name: "include env_file FIFO",
			files: map[string]string{
				"compose.yaml": "# include with a FIFO env_file\ninclude:\n  - path: sub/inc.yaml\n    env_file: sub/vars.env\nservices:\n  web:\n    image: nginx\n",
				"sub/inc.yaml": "# included\nservices:\n  db:\n    image: postgres\n",
			},
			fifo:    []string{"sub/vars.env"},
			wantPos: "compose.yaml:4:15", want: []string{"include env_file", "not a regular file"},
		},
		{
			name: "included project .env FIFO",
			files: map[string]string{
				"compose.yaml": "# include whose directory has a FIFO .env\ninclude:\n  - sub/inc.yaml\nservices:\n  web:\n    image: nginx\n",
				"sub/inc.yaml": "# included\nservices:\n  db:\n    image: postgres\n",
			},
			fifo:    []string{"sub/.env"},
			wantPos: "compose.yaml:3:5", want: []string{"not a regular file"},
		},
		{
			name:    "extends file FIFO",
			files:   map[string]string{"compose.yaml": "# extends a FIFO\nservices:\n  web:\n    image: nginx\n    extends: {file: base.yml, service: base}\n"},
			fifo:    []string{"base.yml"},
			wantPos: "compose.yaml:5:21", want: []string{"extends", "base.yml", "not a regular file"},
		},
		{
			name:    "include FIFO",
			files:   map[string]string{"compose.yaml": "# includes a FIFO\ninclude: [inc.yaml]\nservices:\n  web:\n    image: nginx\n"},
			fifo:    []string{"inc.yaml"},
			wantPos: "compose.yaml:2:11", want: []string{"include", "not a regular file"},
		},
		{
			name:    "pre_start hook env_file FIFO",
			files:   map[string]string{"compose.yaml": "# a pre_start hook's env_file is a FIFO\nservices:\n  web:\n    image: nginx\n    pre_start:\n      - image: busybox\n        command: [\"true\"]\n        env_file: hook.env\n"},
			fifo:    []string{"hook.env"},
			wantPos: "compose.yaml:8:19", want: []string{"env_file", "not a regular file"},
		},
		{
			name:    "env_file in /proc",
			files:   map[string]string{"compose.yaml": "# env_file is a kernel pseudo-file that blocks when read\nservices:\n  web:\n    image: nginx\n    env_file: /proc/kmsg\n"},
			opts:    compose.Options{Root: "/"},
			wantPos: "compose.yaml:5:15", want: []string{"env_file", "kernel pseudo-file"},
		},
		{
			name:    "compose file is a FIFO",
			files:   map[string]string{},
			fifo:    []string{"compose.yaml"},
			wantPos: "compose.yaml", want: []string{"not a regular file"},
		},
		{
			name:    "env file parse error quoting a secret",
			files:   map[string]string{"compose.yaml": "# .env is broken\nservices:\n  web:\n    image: nginx\n", ".env": "# broken\nPASSWORD=\"s3cr3t-PLANTED-1\n"},
			wantPos: ".env:", want: []string{"unterminated quoted value"},
		},
		{
			name:    "env_file parse error quoting a secret",
			files:   map[string]string{"compose.yaml": "# env_file is broken\nservices:\n  web:\n    image: nginx\n    env_file: app.env\n", "app.env": "# broken\nPASS WORD s3cr3t-PLANTED-1\n"},
			wantPos: "compose.yaml", want: []string{"app.env"},
		},
		{
			name: "include cycle",
			files: map[string]string{
				"compose.yaml": "# includes a.yaml, which includes it back\ninclude:\n  - a.yaml\nservices:\n  web:\n    image: nginx\n",
				"a.yaml":       "# includes compose.yaml\ninclude:\n  - compose.yaml\n",
			},
			wantPos: "a.yaml:3:5", want: []string{"include cycle"},
		},
		{
			name:    "merge key bomb",
			files:   map[string]string{"compose.yaml": mergeBomb(12, 8)},
			wantPos: "compose.yaml:", want: []string{"aliases expand"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name:    "invalid capability",
			files:   map[string]string{"compose.yaml": "# a capability the Engine rejects\nservices:\n  web:\n    image: nginx\n    cap_add: [sys-admin]\n"},
			wantPos: "compose.yaml:5:15", want: []string{"cap_add", "invalid capability", "sys-admin"},
		},
		{
			name:    "capability from an unset variable",
			files:   map[string]string{"compose.yaml": "# an empty capability\nservices:\n  web:\n    image: nginx\n    cap_add:\n      - ${EXTRA_CAP}\n"},
			wantPos: "compose.yaml:6:9", want: []string{"invalid capability"},
		},
		{
			name:    "invalid port protocol",
			files:   map[string]string{"compose.yaml": "# a protocol the Engine rejects\nservices:\n  web:\n    image: nginx\n    ports:\n      - {target: 80, protocol: quic}\n"},
			wantPos: "compose.yaml:6:9", want: []string{"invalid protocol", "quic"},
		},
		{
			name:    "container port out of range",
			files:   map[string]string{"compose.yaml": "# a port the Engine rejects\nservices:\n  web:\n    image: nginx\n    ports:\n      - target: 70000\n"},
			wantPos: "compose.yaml:6:9", want: []string{"invalid container port"},
		},
		{
			name:    "address in published",
			files:   map[string]string{"compose.yaml": "# KICS's spelling of a loopback publish: the Engine rejects the host port\nservices:\n  web:\n    image: nginx\n    ports:\n      - target: 8000\n        published: 127.0.0.1:8080\n"},
			wantPos: "compose.yaml:6:9", want: []string{"invalid published port", "127.0.0.1:8080", "host_ip"},
		},
		{
			name:    "published range upside down",
			files:   map[string]string{"compose.yaml": "# a range the Engine rejects\nservices:\n  web:\n    image: nginx\n    ports:\n      - target: 8000\n        published: 9000-8000\n"},
			wantPos: "compose.yaml:6:9", want: []string{"invalid published port", "9000-8000"},
		},
		{
			name:    "recursive alias",
			files:   map[string]string{"compose.yaml": "# an anchor merged into itself: compose-go walks it for minutes\nx-defaults: &defaults\n  <<: *defaults\n  privileged: true\nservices:\n  web:\n    <<: *defaults\n    image: nginx\n"},
			wantPos: "compose.yaml:3:7", want: []string{"alias *defaults"},
		},
		{
			name:    "anchor used too often",
			files:   map[string]string{"compose.yaml": "# 1,001 uses of one anchor: compose-go's merge handling is quadratic in them\nx-a: &a {k: v}\nx-list:\n" + strings.Repeat("  - <<: *a\n", 1001) + "services: {web: {image: nginx}}\n"},
			wantPos: "compose.yaml:1004:9", want: []string{"anchor &a is used more than 1000 times"},
		},
		{
			name:    "null namespace crashes compose-go",
			files:   map[string]string{"compose.yaml": "# pid: null makes compose-go v2.16.2 panic\nservices:\n  web:\n    image: nginx\n    pid:\n"},
			wantPos: "compose.yaml:5:5", want: []string{"services.web.pid", "null"},
		},
		{
			name:    "unknown restart policy",
			files:   map[string]string{"compose.yaml": "# restart policy the Engine rejects\nservices:\n  web:\n    image: nginx\n    restart: sometimes\n"},
			wantPos: "compose.yaml:5:5", want: []string{"restart"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeProject(t, tt.files)
			for _, f := range tt.fifo {
				p := filepath.Join(dir, f)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := syscall.Mkfifo(p, 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
			}
			names := []string{"compose.yaml"}
			if tt.load != "" {
				names = strings.Split(tt.load, ",")
			}
			err := loadWithin(t, 10*time.Second, dir, names, tt.opts)
			if err == nil {
				t.Fatal("no error")
			}
			var se *inputs.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %q is a %T, want a *inputs.SourceError", err, err)
			}
			msg := err.Error()
			t.Logf("error: %s", msg)
			if !strings.HasPrefix(se.Pos.String(), tt.wantPos) || !strings.HasPrefix(msg, tt.wantPos) {
				t.Errorf("error %q at %q, want it to start with %q", msg, se.Pos, tt.wantPos)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q does not mention %q", msg, w)
				}
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %q is not %v", msg, tt.wantIs)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			for _, bad := range []string{"PLANTED", dir, "/root", "/home"} {
				if strings.Contains(msg, bad) {
					t.Errorf("error %q contains %q", msg, bad)
				}
			}
		})
	}
}

// loadWithin loads like load but fails the test if the load does not
// return within d (a FIFO read blocks forever).
func loadWithin(t *testing.T, d time.Duration, dir string, names []string, opts compose.Options) error {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := load(t, dir, names, opts)
		done <- err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		t.Fatalf("load did not return within %v", d)
		return nil
	}
}

// TestNoFiles: Load with no file is an error, not a panic.
func TestNoFiles(t *testing.T) {
	t.Parallel()
	if _, err := compose.Load(t.Context(), nil, compose.Options{}); err == nil {
		t.Error("Load(nil) returned no error")
	}
}

// mergeBomb returns a compose file whose service merges an anchor that
// merges the previous one n times, depth levels deep: walking every merge
// path takes n^depth steps.
func mergeBomb(depth, n int) string {
	var b strings.Builder
	b.WriteString("# a billion laughs through merge keys\nx-a0: &a0 {privileged: true}\n")
	for i := 1; i <= depth; i++ {
		refs := make([]string, n)
		for j := range refs {
			refs[j] = fmt.Sprintf("*a%d", i-1)
		}
		fmt.Fprintf(&b, "x-a%d: &a%d {<<: [%s]}\n", i, i, strings.Join(refs, ", "))
	}
	fmt.Fprintf(&b, "services:\n  web:\n    <<: *a%d\n    image: nginx\n", depth)
	return b.String()
}

// TestErrorPaths: compose-go's errors name absolute paths; Load's name
// them relative to WorkDir, even when WorkDir is not above the project.
func TestErrorPaths(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{
		"app/compose.yaml": "# a required env_file that is missing\nservices:\n  web:\n    image: nginx\n    env_file: missing.env\n",
		"app2/keep":        "a sibling whose name extends app\n",
		"other/keep":       "the working directory\n",
	})
	_, err := load(t, dir, []string{"app/compose.yaml"}, compose.Options{WorkDir: filepath.Join(dir, "other")})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	if !strings.Contains(msg, "../app/missing.env") || strings.Contains(msg, dir) {
		t.Errorf("error %q: want ../app/missing.env and no %s", msg, dir)
	}
	if !strings.HasPrefix(msg, "../app/compose.yaml") {
		t.Errorf("error %q does not start with ../app/compose.yaml", msg)
	}
}
