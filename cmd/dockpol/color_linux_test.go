//go:build linux

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// TestColorOnTerminal is the other half of testdata/script/color.txtar
// (which runs with standard output on a pipe): on a terminal the text
// report is coloured, unless NO_COLOR, TERM=dumb or --no-color says not.
func TestColorOnTerminal(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "compose.yaml")
	if err := os.WriteFile(file, []byte("services:\n  web:\n    image: nginx\n    privileged: true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		env       map[string]string
		flags     []string
		wantColor bool
	}{
		{"terminal", nil, nil, true},
		{"NO_COLOR", map[string]string{"NO_COLOR": "1"}, nil, false},
		{"TERM=dumb", map[string]string{"TERM": "dumb"}, nil, false},
		{"--no-color", nil, []string{"--no-color"}, false},
		{"json", nil, []string{"--format", "json"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// useColor reads the process environment, so these subtests
			// set it and do not run in parallel.
			t.Setenv("NO_COLOR", "")
			t.Setenv("TERM", "xterm")
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			master, tty := openPTY(t)
			var out bytes.Buffer
			done := make(chan struct{})
			go func() {
				_, _ = io.Copy(&out, master) // drain, or a full pty blocks run
				close(done)
			}()
			var stderr bytes.Buffer
			args := append([]string{"dockpol", "check", "--no-repo-config", file}, tt.flags...)
			code := run(context.Background(), args, strings.NewReader(""), tty, &stderr)
			tty.Close()
			<-done
			if code != exitFindings {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", code, exitFindings, stderr.String())
			}
			if got := bytes.Contains(out.Bytes(), []byte("\x1b[")); got != tt.wantColor {
				t.Errorf("ANSI escapes in the output: %v, want %v:\n%q", got, tt.wantColor, out.String())
			}
			if !bytes.Contains(out.Bytes(), []byte("DKR-C01")) {
				t.Errorf("no DKR-C01 finding in the output:\n%q", out.String())
			}
		})
	}
}

// openPTY opens a pseudo-terminal pair with /dev/ptmx: the standard
// library has no helper, and this is all a test needs.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal here: %v", err)
	}
	t.Cleanup(func() { m.Close() })
	var unlock int32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Skipf("unlock pseudo-terminal: %v", errno)
	}
	var n uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Skipf("pseudo-terminal number: %v", errno)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pseudo-terminal: %v", err)
	}
	return m, s
}
