//go:build unix

package compose_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
)

// TestHostileInput: inputs built to hang the loader, exhaust its memory
// or make it read outside the checked repository fail fast with one line
// naming the file (and the line, where there is one), never a panic.
func TestHostileInput(t *testing.T) {
	t.Parallel()
	svc := func(extra string) string {
		return "services:\n  web:\n    image: nginx\n" + extra
	}
	tests := []struct {
		name    string
		files   map[string]string
		links   map[string]string // name -> target ("{outside}" is another directory)
		opts    compose.Options
		project string // the compose file's directory inside the temporary root; default the root
		wantPos string
		want    []string
		wantIs  error
	}{
		{
			name:    "billion laughs",
			files:   map[string]string{"compose.yaml": laughs(10, 9) + svc("    command: *a9\n")},
			wantPos: "compose.yaml:", want: []string{"aliases expand this file"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name:    "deep flow nesting",
			files:   map[string]string{"compose.yaml": svc("    labels:\n      x: " + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + "\n")},
			wantPos: "compose.yaml:5:", want: []string{"invalid YAML", "max depth"},
		},
		{
			name:    "deep block nesting",
			files:   map[string]string{"compose.yaml": svc("x-deep:\n  " + strings.Repeat("- ", 10050) + "x\n")},
			wantPos: "compose.yaml:", want: []string{"invalid YAML", "max depth"},
		},
		{
			name:    "invalid UTF-8",
			files:   map[string]string{"compose.yaml": svc("    command: \"\xff\xfe\"\n")},
			wantPos: "compose.yaml:4:15", want: []string{"invalid YAML", "UTF-8", "0xff"},
		},
		{
			name:    "long shell-form command",
			files:   map[string]string{"compose.yaml": svc("    command: \"sh -c '" + strings.Repeat("a", 200<<10) + "'\"\n")},
			wantPos: "compose.yaml:4:14", want: []string{"services.web.command", "shell-form command", "write it as a list"},
		},
		{
			name: "long shell-form command from a variable",
			files: map[string]string{
				"compose.yaml": svc("    entrypoint: ${SCRIPT}\n"),
				".env":         "SCRIPT=" + strings.Repeat("b", 100<<10) + "\n",
			},
			wantPos: "compose.yaml:4:17", want: []string{"services.web.entrypoint", "shell-form command"},
		},
		{
			name:    "long hook command",
			files:   map[string]string{"compose.yaml": svc("    post_start:\n      - command: \"" + strings.Repeat("c", 40<<10) + "\"\n")},
			wantPos: "compose.yaml:5:", want: []string{"post_start[0].command", "shell-form command"},
		},
		{
			name:    "shell-form commands repeated through extends",
			files:   map[string]string{"compose.yaml": manyExtends(40, 20<<10)},
			wantPos: "compose.yaml:", want: []string{"too long in total", "lists"},
		},
		{
			name: "dotenv expansion bomb",
			files: map[string]string{
				"compose.yaml": svc(""),
				".env":         dotenvBomb(30),
			},
			wantPos: ".env:", want: []string{"read env file", "beyond the size limit"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name: "env_file expansion bomb",
			files: map[string]string{
				"compose.yaml": svc("    env_file: app.env\n"),
				"app.env":      dotenvBomb(30),
			},
			wantPos: "compose.yaml:4:15", want: []string{"env_file", "app.env", "beyond the size limit"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name: "interpolation bomb",
			files: map[string]string{
				"compose.yaml": svc("    labels:\n" + strings.Repeat("      - x=${BIG}\n", 40)),
				".env":         "BIG=" + strings.Repeat("x", 1<<20) + "\n",
			},
			opts:    compose.Options{MaxFileSize: 16 << 20},
			wantPos: "compose.yaml:5:", want: []string{"variables expand this file beyond the size limit"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name: "interpolation bomb through aliases",
			files: map[string]string{
				"compose.yaml": "x-l: &l [\"${BIG}\", \"${BIG}\", \"${BIG}\", \"${BIG}\"]\n" + svc("    labels: {a: *l, b: *l, c: *l, d: *l}\n"),
				".env":         "BIG=" + strings.Repeat("x", 1<<20) + "\n",
			},
			opts:    compose.Options{MaxFileSize: 8 << 20},
			wantPos: "compose.yaml:", want: []string{"variables expand this file"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name: "one env_file read for many services",
			files: map[string]string{
				"compose.yaml": "x-e: &e {image: nginx, env_file: big.env}\nservices:\n" + manyServices(50, "*e"),
				"big.env":      "A=" + strings.Repeat("a", 1<<20) + "\n",
			},
			opts:    compose.Options{MaxFileSize: 2 << 20},
			wantPos: "compose.yaml:1:34", want: []string{"env_file", "big.env", "add up to more than"}, wantIs: inputs.ErrExpansionLimit,
		},
		{
			name: "include outside the root",
			files: map[string]string{
				"app/compose.yaml": "include:\n  - ../../outside.yaml\n" + svc(""),
			},
			project: "app",
			opts:    compose.Options{Root: "{root}/app"},
			wantPos: "app/compose.yaml:2:5", want: []string{"include", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
		{
			name: "extends outside an explicit root",
			files: map[string]string{
				"app/compose.yaml": "services:\n  web:\n    extends: {file: ../common.yaml, service: base}\n",
				"common.yaml":      "services:\n  base:\n    image: nginx\n",
			},
			project: "app",
			opts:    compose.Options{Root: "{root}/app"},
			wantPos: "app/compose.yaml:3:21", want: []string{"extends", "common.yaml", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
		{
			name:    "env_file outside the root by absolute path",
			files:   map[string]string{"compose.yaml": svc("    env_file: /etc/hostname\n")},
			wantPos: "compose.yaml:4:15", want: []string{"env_file", "/etc/hostname", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
		{
			name:    "env_file in the home directory",
			files:   map[string]string{"compose.yaml": svc("    env_file: ~/.aws/credentials\n")},
			wantPos: "compose.yaml:4:15", want: []string{"env_file: ~/.aws/credentials:", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
		{
			name:    "label_file symlinked out of the root",
			files:   map[string]string{"compose.yaml": svc("    label_file: labels.txt\n")},
			links:   map[string]string{"labels.txt": "{outside}/labels.txt"},
			wantPos: "compose.yaml:4:17", want: []string{"label_file", "labels.txt", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
		{
			name:    "env_file that is a device",
			files:   map[string]string{"compose.yaml": svc("    env_file: /dev/zero\n")},
			opts:    compose.Options{Root: "/"},
			wantPos: "compose.yaml:4:15", want: []string{"env_file", "/dev/zero", "not a regular file"},
		},
		{
			name: "include env_file outside the root",
			files: map[string]string{
				"compose.yaml":     "include:\n  - path: sub/compose.yaml\n    env_file: ../outside.env\n" + svc(""),
				"sub/compose.yaml": "services:\n  db:\n    image: postgres\n",
			},
			wantPos: "compose.yaml:3:15", want: []string{"include env_file", "outside the root"}, wantIs: inputs.ErrOutsideRoot,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeProject(t, tt.files)
			outside := t.TempDir()
			if err := os.WriteFile(filepath.Join(outside, "labels.txt"), []byte("a=b\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for name, target := range tt.links {
				if err := os.Symlink(strings.ReplaceAll(target, "{outside}", outside), filepath.Join(dir, name)); err != nil {
					t.Fatal(err)
				}
			}
			opts := tt.opts
			opts.Root = strings.ReplaceAll(opts.Root, "{root}", dir)
			opts.WorkDir = dir
			name := "compose.yaml"
			if tt.project != "" {
				name = filepath.Join(tt.project, name)
			}
			err := loadWithin(t, 20*time.Second, dir, []string{name}, opts)
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			t.Logf("error: %.300s", msg)
			var se *inputs.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %q is a %T, want a *inputs.SourceError", msg, err)
			}
			if !strings.HasPrefix(msg, tt.wantPos) {
				t.Errorf("error %.200q, want it to start with %q", msg, tt.wantPos)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %.200q does not mention %q", msg, w)
				}
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("error %.200q is not %v", msg, tt.wantIs)
			}
			if strings.Contains(msg, "\n") || len(msg) > 400 {
				t.Errorf("error is not one short line: %.300q", msg)
			}
			for _, bad := range []string{dir, outside, "xxxxxxxx", "aaaaaaaa"} {
				if strings.Contains(msg, bad) {
					t.Errorf("error %.200q contains %q", msg, bad)
				}
			}
		})
	}
}

// TestWithinLimits: what the limits must not refuse. A monorepo's shared
// file above the project, long values that are not shell-form commands,
// a long command written as a list, a variable used a few times.
func TestWithinLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		files   map[string]string
		project string
	}{
		{
			name: "extends ../common.yaml inside the git work tree",
			files: map[string]string{
				".git/HEAD":             "ref: refs/heads/main\n",
				"common.yaml":           "services:\n  base:\n    image: nginx\n    env_file: common.env\n",
				"common.env":            "A=b\n",
				"apps/web/compose.yaml": "services:\n  web:\n    extends: {file: ../../common.yaml, service: base}\n    env_file: ../../common.env\n",
			},
			project: "apps/web",
		},
		{
			name:  "long label",
			files: map[string]string{"compose.yaml": "services:\n  web:\n    image: nginx\n    labels:\n      x: \"" + strings.Repeat("a", 2<<20) + "\"\n"},
		},
		{
			name:  "long command as a list",
			files: map[string]string{"compose.yaml": "services:\n  web:\n    image: nginx\n    command: [sh, -c, \"" + strings.Repeat("a", 1<<20) + "\"]\n"},
		},
		{
			name: "a large variable used a few times",
			files: map[string]string{
				"compose.yaml": "services:\n  web:\n    image: nginx\n    labels: [\"a=${CERT}\", \"b=${CERT}\"]\n",
				".env":         "CERT=" + strings.Repeat("c", 1<<20) + "\n",
			},
		},
		{
			name:  "many services",
			files: map[string]string{"compose.yaml": "x-s: &s {image: nginx, command: \"sleep infinity\"}\nservices:\n" + manyServices(900, "*s")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeProject(t, tt.files)
			name := "compose.yaml"
			if tt.project != "" {
				name = filepath.Join(tt.project, name)
			}
			if _, err := load(t, dir, []string{name}, compose.Options{WorkDir: dir}); err != nil {
				t.Fatalf("%.300s", err)
			}
		})
	}
}

// laughs is a billion laughs: levels anchors, each a list of n aliases
// of the one before.
func laughs(levels, n int) string {
	var b strings.Builder
	b.WriteString("x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < levels; i++ {
		refs := make([]string, n)
		for j := range refs {
			refs[j] = fmt.Sprintf("*a%d", i-1)
		}
		fmt.Fprintf(&b, "x-a%d: &a%d [%s]\n", i, i, strings.Join(refs, ", "))
	}
	return b.String()
}

// dotenvBomb is an env file whose every variable doubles the one before.
func dotenvBomb(n int) string {
	var b strings.Builder
	b.WriteString("V0=xxxxxxxxxxxxxxxx\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "V%d=${V%d}${V%d}\n", i, i-1, i-1)
	}
	return b.String()
}

// manyServices is n services s0..sN-1, each value.
func manyServices(n int, value string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  s%d: %s\n", i, value)
	}
	return b.String()
}

// manyExtends is n services extending one whose shell-form command is
// size bytes long: compose-go splits it once for each.
func manyExtends(n, size int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "services:\n  base:\n    image: nginx\n    command: \"%s\"\n", strings.Repeat("d", size))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  s%d:\n    extends: base\n", i)
	}
	return b.String()
}
