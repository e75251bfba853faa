package authz_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/internal/testutil"
)

// serve starts s on a unix socket in a temp dir and returns a client.
func serve(t *testing.T, s *authz.Server) (*http.Client, string) { return serveB(t, s) }

func serveB(t testing.TB, s *authz.Server) (*http.Client, string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "dp")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "p.sock")
	l, err := authz.Listen(sock)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, "unix", sock)
		},
		MaxIdleConnsPerHost: 64,
	}}
	return client, sock
}

func post(t *testing.T, c *http.Client, path string, body []byte) (int, authz.Decision, []byte) {
	t.Helper()
	resp, err := c.Post("http://plugin"+path, "application/vnd.docker.plugins.v1+json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var d authz.Decision
	_ = json.Unmarshal(raw, &d)
	return resp.StatusCode, d, raw
}

func TestProtocol(t *testing.T) {
	var logBuf syncBuffer
	dlog := authz.NewDecisionLog(&logBuf, 0)
	s := authz.NewServer(decider(t, false, shippedPolicy(t)), authz.WithDecisionLog(dlog))
	c, sock := serve(t, s)

	st, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want 0600", st.Mode().Perm())
	}

	code, _, raw := post(t, c, "/Plugin.Activate", nil)
	if code != 200 || strings.TrimSpace(string(raw)) != `{"Implements":["authz"]}` {
		t.Errorf("Activate: %d %s", code, raw)
	}
	privileged := mustJSON(t, map[string]any{
		"User": "", "RequestMethod": "POST", "RequestUri": "/v1.47/containers/create?name=x",
		"RequestBody":    []byte(`{"Image":"alpine","HostConfig":{"Privileged":true}}`),
		"RequestHeaders": map[string]string{"Content-Type": "application/json"},
	})
	tests := []struct {
		name  string
		path  string
		body  string
		allow bool
		msg   string
	}{
		{"privileged create", "/AuthZPlugin.AuthZReq", privileged, false, "DKR-C01: "},
		{"ping", "/AuthZPlugin.AuthZReq", `{"RequestMethod":"GET","RequestUri":"/_ping"}`, true, ""},
		{"response phase", "/AuthZPlugin.AuthZRes", privileged, true, ""},
		{"not JSON", "/AuthZPlugin.AuthZReq", `{"RequestMethod":`, false, "protocol: decode AuthZ request"},
		{"bad base64 body", "/AuthZPlugin.AuthZReq", `{"RequestMethod":"POST","RequestUri":"/containers/create","RequestBody":"%%%"}`, false, "protocol: decode AuthZ request"},
		{"no method", "/AuthZPlugin.AuthZReq", `{"RequestUri":"/containers/create"}`, false, "without RequestMethod"},
		{"oversized", "/AuthZPlugin.AuthZReq", `{"RequestMethod":"POST","RequestUri":"/build","Pad":"` + strings.Repeat("a", 9<<20) + `"}`, false, "larger than 8 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, d, raw := post(t, c, tt.path, []byte(tt.body))
			if code != 200 {
				t.Fatalf("status %d: %s", code, raw)
			}
			if d.Allow != tt.allow || !strings.Contains(d.Msg, tt.msg) {
				t.Fatalf("got %s, want Allow=%v with %q", raw, tt.allow, tt.msg)
			}
		})
	}
	resp, err := c.Get("http://plugin/AuthZPlugin.AuthZReq")
	if err != nil {
		t.Fatal(err)
	}
	var d authz.Decision
	json.NewDecoder(resp.Body).Decode(&d)
	resp.Body.Close()
	if d.Allow {
		t.Error("a GET of the protocol endpoint was allowed")
	}

	if err := dlog.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(logBuf.String()), "\n")
	if len(lines) != 7 { // every AuthZReq, none for AuthZRes or Activate
		t.Fatalf("decision log has %d lines, want 7:\n%s", len(lines), logBuf.String())
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"decision_id", "time", "method", "path", "allow", "audit", "findings", "policy_revision", "latency_ms"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("decision log record lacks %q: %s", k, lines[0])
		}
	}
}

func TestListenRefusesLiveSocket(t *testing.T) {
	s := authz.NewServer(decider(t, false, shippedPolicy(t)))
	_, sock := serve(t, s)
	if _, err := authz.Listen(sock); err == nil || !strings.Contains(err.Error(), "another process") {
		t.Fatalf("second Listen: %v", err)
	}
	// a stale socket file is replaced
	stale := filepath.Join(t.TempDir(), "stale.sock")
	l, err := net.Listen("unix", stale)
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	l2, err := authz.Listen(stale)
	if err != nil {
		t.Fatalf("stale socket: %v", err)
	}
	l2.Close()
	if _, err := authz.Listen(filepath.Join(t.TempDir(), strings.Repeat("x", 120))); err == nil {
		t.Error("a socket path over 107 bytes was accepted")
	}
}

// syncBuffer collects what the log writer writes.
type syncBuffer = testutil.SyncBuffer

type blockingWriter struct{ release chan struct{} }

func (b blockingWriter) Write(p []byte) (int, error) { <-b.release; return len(p), nil }

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestDecisionLogNeverBlocks(t *testing.T) {
	t.Run("slow destination", func(t *testing.T) {
		w := blockingWriter{release: make(chan struct{})}
		l := authz.NewDecisionLog(w, 16)
		done := make(chan struct{})
		go func() {
			for i := 0; i < 10000; i++ {
				l.Log(authz.Record{ID: fmt.Sprint(i)})
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Log blocked on a stuck writer")
		}
		if l.Dropped() < 10000-17 {
			t.Errorf("dropped %d, want nearly all of 10000", l.Dropped())
		}
		close(w.release)
		l.Close()
	})
	t.Run("failing destination", func(t *testing.T) {
		l := authz.NewDecisionLog(failingWriter{}, 16)
		for i := 0; i < 10; i++ {
			l.Log(authz.Record{})
		}
		l.Close()
		if l.Dropped() != 10 || l.Written() != 0 {
			t.Errorf("dropped %d written %d, want 10 and 0", l.Dropped(), l.Written())
		}
	})
	t.Run("file reopened after rotation", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "decisions.jsonl")
		l, err := authz.OpenDecisionLog(path, 0)
		if err != nil {
			t.Fatal(err)
		}
		l.Log(authz.Record{ID: "one"})
		waitFor(t, func() bool { return l.Written() == 1 })
		if err := os.Rename(path, path+".1"); err != nil {
			t.Fatal(err)
		}
		if err := l.Reopen(); err != nil {
			t.Fatal(err)
		}
		l.Log(authz.Record{ID: "two"})
		l.Close()
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), `"two"`) || strings.Contains(string(data), `"one"`) {
			t.Errorf("after reopen: %s", data)
		}
		st, _ := os.Stat(path)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("log mode %v, want 0600", st.Mode().Perm())
		}
	})
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestReloadUnderLoad swaps two policies back and forth while clients
// decide over the socket: every decision must be the one its policy
// revision gives, and none may fail.
func TestReloadUnderLoad(t *testing.T) {
	ctx := context.Background()
	strict := team(map[string]string{"strict.rego": `# METADATA
# scope: package
# custom:
#   input: container
package team.strict

deny contains "team: image alpine is not allowed" if input.container.image.repository == "library/alpine"
`})
	var pols [2]*authz.Policy
	var err error
	if pols[0], err = newPolicy(ctx); err != nil {
		t.Fatal(err)
	}
	if pols[1], err = newPolicy(ctx, engine.WithSource(strict)); err != nil {
		t.Fatal(err)
	}
	if pols[0].Revision == pols[1].Revision {
		t.Fatal("two policies share a revision")
	}
	var n atomic.Int64
	build := func(context.Context) (*authz.Policy, error) { return pols[n.Add(1)%2], nil }
	var logBuf syncBuffer
	dlog := authz.NewDecisionLog(&logBuf, 1<<16)
	s := authz.NewServer(decider(t, false, pols[0]), authz.WithBuilder(build), authz.WithDecisionLog(dlog))
	c, _ := serve(t, s)

	body := mustJSON(t, map[string]any{"RequestMethod": "POST", "RequestUri": "/v1.47/containers/create",
		"RequestBody": []byte(`{"Image":"alpine:3.20","User":"1000","HostConfig":{"ReadonlyRootfs":true}}`), "RequestHeaders": map[string]string{"Content-Type": "application/json"}})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var decisions, failures atomic.Int64
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := c.Post("http://plugin/AuthZPlugin.AuthZReq", "application/json", strings.NewReader(body))
				if err != nil {
					failures.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				decisions.Add(1)
			}
		}()
	}
	for i := 0; i < 20; i++ {
		if err := s.Reload(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	dlog.Close()
	if failures.Load() != 0 {
		t.Fatalf("%d requests failed", failures.Load())
	}
	want := map[string]bool{pols[0].Revision: true, pols[1].Revision: false}
	seen := map[string]int{}
	for _, line := range strings.Split(strings.TrimSpace(logBuf.String()), "\n") {
		var rec authz.Record
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		allow, ok := want[rec.Revision]
		if !ok || rec.Failed {
			t.Fatalf("decision from an unknown revision or failed: %s", line)
		}
		if rec.Allow != allow {
			t.Fatalf("revision %s decided allow=%v: %s", rec.Revision, rec.Allow, line)
		}
		seen[rec.Revision]++
	}
	if int64(len(strings.Split(strings.TrimSpace(logBuf.String()), "\n"))) != decisions.Load() {
		t.Errorf("logged %d decisions of %d", len(seen), decisions.Load())
	}
	if len(seen) != 2 {
		t.Errorf("decisions came from %d revisions, want both: %v", len(seen), seen)
	}
	t.Logf("%d decisions across 20 reloads: %v", decisions.Load(), seen)
}

func TestReloadKeepsPolicyOnError(t *testing.T) {
	good := shippedPolicy(t)
	s := authz.NewServer(decider(t, false, good), authz.WithBuilder(func(ctx context.Context) (*authz.Policy, error) {
		_, err := engine.New(ctx, engine.WithSource(team(map[string]string{"bad.rego": "package team.bad\n\ndeny contains x if {\n\tx := \n}\n"})))
		return nil, err
	}))
	err := s.Reload(context.Background())
	if err == nil || !strings.Contains(err.Error(), "bad.rego:") {
		t.Fatalf("Reload error = %v, want the compile error with file:line", err)
	}
	if s.Decider().Policy() != good {
		t.Error("a failed reload replaced the active policy")
	}
}
