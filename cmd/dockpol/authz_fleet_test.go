package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dockpol/dockpol/authz"
	"github.com/dockpol/dockpol/bundles"
	"github.com/dockpol/dockpol/inputs/request"
	"github.com/dockpol/dockpol/internal/testutil"
)

// fleetBuffer collects the server's output.
type fleetBuffer = testutil.SyncBuffer

// TestAuthzServeFleet runs `dockpol authz serve --opa-config` in process
// against a bundle server: it starts without a local policy, refuses
// every request until the bundle is active, then judges with the shipped
// rules and the bundle's.
func TestAuthzServeFleet(t *testing.T) {
	// not parallel: t.Setenv
	dir := t.TempDir()
	team := filepath.Join(dir, "team")
	if err := os.MkdirAll(filepath.Join(team, "team"), 0o755); err != nil {
		t.Fatal(err)
	}
	rule, err := os.ReadFile(filepath.Join("..", "..", "authz", "testdata", "fleet", "team", "gate.rego"))
	if err != nil {
		t.Fatal(err)
	}
	fleetWriteFile(t, filepath.Join(team, "team", "gate.rego"), string(rule))
	fleetWriteFile(t, filepath.Join(team, "data.json"), `{"team": {"blocked": ["forbidden"]}}`)
	var tgz bytes.Buffer
	if err := bundles.Build(team, &tgz, bundles.BuildOptions{Revision: "fleet-1", Roots: []string{"team"}}); err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	var served []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		b := served
		mu.Unlock()
		if r.URL.Path != "/bundles/team.tar.gz" || b == nil {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(b)
	}))
	defer srv.Close()

	t.Setenv("DOCKPOL_TEST_BUNDLE_URL", srv.URL)
	cfg := filepath.Join(dir, "opa.yaml")
	fleetWriteFile(t, cfg, `services:
  fleet:
    url: ${DOCKPOL_TEST_BUNDLE_URL}
bundles:
  team:
    service: fleet
    resource: /bundles/team.tar.gz
    polling:
      min_delay_seconds: 1
      max_delay_seconds: 1
`)
	gate := filepath.Join(dir, "config.yaml")
	fleetWriteFile(t, gate, "disable: []\n")
	sock, err := os.MkdirTemp("", "dp")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(sock)
	sock = filepath.Join(sock, "dockpol.sock")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr fleetBuffer
	exited := make(chan int, 1)
	go func() {
		exited <- run(ctx, []string{"dockpol", "authz", "serve", "--timeout", "1m", "--opa-config", cfg, "--config", gate,
			"--socket", sock, "--watch-interval", "0"}, strings.NewReader(""), &fleetBuffer{}, &stderr)
	}()
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	decide := func(req request.Request) authz.Decision {
		t.Helper()
		body, err := json.Marshal(req)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := client.Post("http://plugin"+authz.PathAuthZReq, "application/json", bytes.NewReader(body))
			if err != nil {
				select {
				case code := <-exited:
					t.Fatalf("serve exited with %d: %s", code, stderr.String())
				default:
				}
				if time.Now().After(deadline) {
					t.Fatalf("plugin never answered: %v\n%s", err, stderr.String())
				}
				time.Sleep(20 * time.Millisecond)
				continue
			}
			defer resp.Body.Close()
			var dec authz.Decision
			if err := json.NewDecoder(resp.Body).Decode(&dec); err != nil {
				t.Fatal(err)
			}
			return dec
		}
	}
	createBody := func(image string) request.Request {
		return request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/create",
			RequestHeaders: map[string]string{"Content-Type": "application/json"}, RequestBody: []byte(`{"Image":"` + image + `"}`)}
	}
	read := request.Request{RequestMethod: "GET", RequestURI: "/v1.47/containers/json"}

	if dec := decide(read); dec.Allow || !strings.Contains(dec.Msg, "no policy") {
		t.Fatalf("before the bundle: %+v", dec)
	}
	mu.Lock()
	served = tgz.Bytes()
	mu.Unlock()
	deadline := time.Now().Add(60 * time.Second)
	for dec := decide(read); !dec.Allow; dec = decide(read) {
		if time.Now().After(deadline) {
			t.Fatalf("bundle never activated: %+v\n%s", dec, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if dec := decide(createBody("alpine")); !dec.Allow {
		t.Errorf("alpine: %+v", dec)
	}
	if dec := decide(createBody("forbidden:1")); dec.Allow || !strings.Contains(dec.Msg, "TEAM-F01") {
		t.Errorf("blocked image: %+v", dec)
	}
	cancel()
	select {
	case code := <-exited:
		if code != 0 {
			t.Errorf("serve exited with %d: %s", code, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop")
	}
	if !strings.Contains(stderr.String(), `"revision":"fleet-1"`) {
		t.Errorf("no policy activation of revision fleet-1 logged:\n%s", stderr.String())
	}
}

// TestAuthzServeFleetConfigErrors: a fleet configuration that cannot
// work stops serve at once with exit status 2.
func TestAuthzServeFleetConfigErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	tests := []struct {
		name, config, want string
	}{
		{name: "missing file", want: "read --opa-config"},
		{name: "no bundles", config: "services:\n  s:\n    url: http://127.0.0.1:1\n", want: "no bundles"},
		{name: "discovery", config: "services:\n  s:\n    url: http://127.0.0.1:1\ndiscovery:\n  service: s\n  resource: /d.tar.gz\n", want: "discovery"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := filepath.Join(dir, fmt.Sprintf("opa%d.yaml", i))
			if tt.config != "" {
				fleetWriteFile(t, cfg, tt.config)
			}
			var stderr fleetBuffer
			code := run(context.Background(), []string{"dockpol", "authz", "serve", "--opa-config", cfg,
				"--socket", filepath.Join(dir, fmt.Sprintf("s%d.sock", i))}, strings.NewReader(""), &fleetBuffer{}, &stderr)
			if code != 2 || !strings.Contains(stderr.String(), tt.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), tt.want)
			}
		})
	}
}

func TestExpandEnv(t *testing.T) {
	t.Setenv("DOCKPOL_TEST_TOKEN", "tok")
	t.Setenv("DOCKPOL_TEST_EMPTY", "")
	tests := []struct{ in, want string }{
		{"token: ${DOCKPOL_TEST_TOKEN}", "token: tok"},
		{"a: ${DOCKPOL_TEST_EMPTY}.", "a: ."},
		{"a: ${DOCKPOL_TEST_UNSET_VARIABLE}", "a: ${DOCKPOL_TEST_UNSET_VARIABLE}"},
		{"a: $DOCKPOL_TEST_TOKEN", "a: $DOCKPOL_TEST_TOKEN"},
		{"${DOCKPOL_TEST_TOKEN}${DOCKPOL_TEST_TOKEN}", "toktok"},
	}
	for _, tt := range tests {
		if got := expandEnv(tt.in); got != tt.want {
			t.Errorf("expandEnv(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func fleetWriteFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
