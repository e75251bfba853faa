package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// sshDialer returns a dialer that reaches the engine behind an ssh://
// host as the docker CLI does (cli/connhelper): it runs
// `ssh [-l USER] [-p PORT] -- HOST docker system dial-stdio` and speaks
// HTTP over the command's standard input and output. ssh reads the
// user's own configuration, keys and agent.
func sshDialer(host string) (func(ctx context.Context, network, addr string) (net.Conn, error), error) {
	u, err := url.Parse(host)
	if err != nil {
		return nil, err
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("ssh host %q names no host", host)
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("ssh host %q: a path is not supported", host)
	}
	args := []string{"-o", "ConnectTimeout=30", "-T"}
	if u.User != nil && u.User.Username() != "" {
		args = append(args, "-l", u.User.Username())
	}
	if p := u.Port(); p != "" {
		args = append(args, "-p", p)
	}
	args = append(args, "--", u.Hostname(), "docker", "system", "dial-stdio")
	return func(ctx context.Context, _, _ string) (net.Conn, error) {
		if _, err := exec.LookPath("ssh"); err != nil {
			return nil, errors.New("ssh:// hosts need the ssh client (not found in PATH)")
		}
		return commandConn(exec.Command("ssh", args...))
	}, nil
}

// cmdConn is a net.Conn over a command's standard input and output.
// Its standard output and error are pipes of our own (not exec's), so
// that waiting for the command never closes a pipe a read is using.
type cmdConn struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *os.File
	stderr *limitedBuffer
	// stderrDone is closed when the command's standard error is at EOF
	// (it exited, or closed it) and copied in full.
	stderrDone chan struct{}
	// exited is closed once the command has exited.
	exited chan struct{}

	closeOnce sync.Once
}

func commandConn(cmd *exec.Cmd) (net.Conn, error) {
	c := &cmdConn{cmd: cmd, stderr: &limitedBuffer{max: 4096}, stderrDone: make(chan struct{}), exited: make(chan struct{})}
	var err error
	if c.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = outW, errW
	err = cmd.Start()
	// the child holds its own copies of the write ends
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	c.stdout = outR
	go func() {
		_, _ = io.Copy(c.stderr, errR)
		errR.Close()
		close(c.stderrDone)
	}()
	go func() { _ = cmd.Wait(); close(c.exited) }()
	return c, nil
}

func (c *cmdConn) Read(p []byte) (int, error) {
	n, err := c.stdout.Read(p)
	if err == io.EOF && n == 0 {
		if serr := c.sshError(); serr != nil {
			return 0, serr
		}
	}
	return n, err
}

func (c *cmdConn) Write(p []byte) (int, error) {
	n, err := c.stdin.Write(p)
	if err != nil {
		// the command is gone (broken pipe): say why, if it said
		if serr := c.sshError(); serr != nil {
			return n, serr
		}
	}
	return n, err
}

// sshError is the first line the command wrote to standard error, once
// that is complete; nil when it wrote nothing, or is still running after
// a second.
func (c *cmdConn) sshError() error {
	select {
	case <-c.stderrDone:
	case <-time.After(time.Second):
	}
	if msg := strings.TrimSpace(c.stderr.String()); msg != "" {
		return fmt.Errorf("ssh: %s", firstLine(msg))
	}
	return nil
}

func (c *cmdConn) Close() error {
	c.closeOnce.Do(func() {
		_ = c.stdin.Close()
		select {
		case <-c.exited:
		case <-time.After(5 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
		_ = c.stdout.Close()
	})
	return nil
}

func (c *cmdConn) LocalAddr() net.Addr                { return dummyAddr{} }
func (c *cmdConn) RemoteAddr() net.Addr               { return dummyAddr{} }
func (c *cmdConn) SetDeadline(t time.Time) error      { return nil }
func (c *cmdConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *cmdConn) SetWriteDeadline(t time.Time) error { return nil }

type dummyAddr struct{}

func (dummyAddr) Network() string { return "ssh" }
func (dummyAddr) String() string  { return "ssh" }

// limitedBuffer keeps the first max bytes written to it.
type limitedBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - len(b.buf); room > 0 {
		b.buf = append(b.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return strings.TrimSpace(line)
}
