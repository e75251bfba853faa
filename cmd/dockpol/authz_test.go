package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dockpol/dockpol/internal/testutil"
)

// TestAuthzServe runs `dockpol authz serve` in process: it answers on its
// socket, logs decisions, reloads on SIGHUP and on a policy file change,
// keeps the old policy when the new one does not compile, serves metrics
// on loopback, and stops on cancellation.
func TestAuthzServe(t *testing.T) {
	dir, err := os.MkdirTemp("", "dpa")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	sock := filepath.Join(dir, "p.sock")
	pol := filepath.Join(dir, "pol")
	decisions := filepath.Join(dir, "decisions.jsonl")
	writeFile(t, filepath.Join(pol, "team.rego"), teamPolicy("library/alpine"))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := l.Addr().String()
	l.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncWriter
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"dockpol", "authz", "serve", "--timeout", "1m", "--socket", sock, "--policy", pol,
			"--decision-log", decisions, "--metrics-addr", metricsAddr, "--watch-interval", "100ms", "--config", filepath.Join(dir, "none.yaml")},
			strings.NewReader(""), io.Discard, &stderr)
	}()
	_ = os.WriteFile(filepath.Join(dir, "none.yaml"), []byte("{}\n"), 0o600)
	waitUntil(t, func() bool { _, err := os.Stat(sock); return err == nil }, done, &stderr)
	st, _ := os.Stat(sock)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v", st.Mode().Perm())
	}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	decide := func() (allow bool, msg string) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"RequestMethod": "POST", "RequestUri": "/v1.47/containers/create",
			"RequestBody": []byte(`{"Image":"alpine:3.20","User":"1000"}`), "RequestHeaders": map[string]string{"Content-Type": "application/json"}})
		resp, err := client.Post("http://plugin/AuthZPlugin.AuthZReq", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var d struct {
			Allow bool
			Msg   string
		}
		if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
			t.Fatal(err)
		}
		return d.Allow, d.Msg
	}
	if allow, msg := decide(); allow || !strings.Contains(msg, "team: image library/alpine is not allowed") {
		t.Fatalf("first policy: allow=%v %q", allow, msg)
	}

	// A file change reloads.
	writeFile(t, filepath.Join(pol, "team.rego"), teamPolicy("library/busybox"))
	waitUntil(t, func() bool { a, _ := decide(); return a }, done, &stderr)

	// A broken policy keeps the active one, and says why with file:line.
	writeFile(t, filepath.Join(pol, "team.rego"), "package team.x\n\ndeny contains msg if {\n")
	waitUntil(t, func() bool { return strings.Contains(stderr.String(), "keeping the active policy") }, done, &stderr)
	if !strings.Contains(stderr.String(), "team.rego:") {
		t.Errorf("the reload error lacks file:line: %s", stderr.String())
	}
	if allow, _ := decide(); !allow {
		t.Fatal("a broken policy replaced the working one")
	}

	// SIGHUP reloads too.
	writeFile(t, filepath.Join(pol, "team.rego"), teamPolicy("library/alpine"))
	time.Sleep(50 * time.Millisecond)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, func() bool { a, _ := decide(); return !a }, done, &stderr)
	waitUntil(t, func() bool { return strings.Contains(stderr.String(), `"trigger":"SIGHUP"`) }, done, &stderr)

	// Metrics and health on loopback.
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`dockpol_authz_decisions_total{result="deny"}`, `dockpol_authz_decisions_total{result="allow"}`,
		`dockpol_authz_reloads_total{result="error"}`, "dockpol_authz_decision_seconds_bucket", "dockpol_authz_decision_log_dropped_total 0",
		`dockpol_authz_findings_total{action="deny",rule="team.strict.deny"}`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	resp, err = http.Get("http://" + metricsAddr + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", err, resp)
	}
	resp.Body.Close()

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Error("the socket was left behind")
	}
	log, err := os.ReadFile(decisions)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(log), `"decision_id"`); n < 4 {
		t.Errorf("decision log has %d records:\n%s", n, log)
	}
}

func teamPolicy(repo string) string {
	return `# METADATA
# scope: package
# custom:
#   input: container
package team.strict

deny contains msg if {
	input.container.image.repository == "` + repo + `"
	msg := "team: image ` + repo + ` is not allowed"
}
`
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func waitUntil(t *testing.T, cond func() bool, done <-chan int, stderr *syncWriter) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d: %s", code, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("condition not met in 30s; serve said: %s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// syncWriter collects output written from another goroutine.
type syncWriter = testutil.SyncBuffer
