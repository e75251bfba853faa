package authz_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/docker/docker/pkg/authorization"
)

// requireRoot skips a test that needs root, unless CI requires it to run.
func requireRoot(t *testing.T, why string) {
	t.Helper()
	if os.Geteuid() == 0 {
		return
	}
	if os.Getenv("DOCKPOL_REQUIRE_DOCKER") == "1" {
		t.Fatalf("DOCKPOL_REQUIRE_DOCKER=1 but not root: %s", why)
	}
	t.Skipf("skipped: not root (%s)", why)
}

// TestMobyAuthorizationClient drives the plugin through moby's own
// authorization middleware (docker v28.5.2 pkg/authorization), so body
// peeking, header flattening and the 1 MiB body drop are dockerd's.
func TestMobyAuthorizationClient(t *testing.T) {
	requireRoot(t, "plugin discovery reads /etc/docker/plugins")
	s := newTestServer(t)
	_, sock := serve(t, s)
	name := fmt.Sprintf("dockpol-test-%d", os.Getpid())
	spec := filepath.Join("/etc/docker/plugins", name+".spec")
	if err := os.MkdirAll(filepath.Dir(spec), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, []byte("unix://"+sock+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(spec) })

	mw := authorization.NewMiddleware([]string{name}, nil)
	var ran bool
	handler := mw.WrapHandler(func(_ context.Context, w http.ResponseWriter, _ *http.Request, _ map[string]string) error {
		ran = true
		w.WriteHeader(http.StatusCreated)
		return nil
	})
	pad := strings.Repeat("x", 1536<<10) // 1.5 MiB: dockerd v28 forwards no body
	tests := []struct {
		name        string
		method, uri string
		body        string
		contentType string
		chunked     bool
		wantErr     string // "" = allowed
	}{
		{"hardened create", "POST", "/v1.47/containers/create?name=api", hardened, "application/json", false, ""},
		{"privileged create", "POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`, "application/json", false, "DKR-C01: "},
		{"lower-case keys", "POST", "/containers/create", `{"Image":"alpine","hostconfig":{"privileged":true}}`, "application/json", false, "DKR-C01: "},
		{"1.5 MiB privileged body arrives empty", "POST", "/v1.47/containers/create", `{"Image":"alpine","Labels":{"pad":"` + pad + `"},"HostConfig":{"Privileged":true}}`, "application/json", false, "DKR-C36: "},
		{"chunked privileged body", "POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`, "application/json", true, "DKR-C01: "},
		{"text/plain create arrives without body", "POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`, "text/plain", false, "DKR-C36: "},
		{"json with charset", "POST", "/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Privileged":true}}`, "application/json; charset=utf-8", false, "DKR-C01: "},
		{"privileged exec", "POST", "/v1.47/containers/web/exec", `{"Privileged":true,"Cmd":["sh"]}`, "application/json", false, "DKR-C37: "},
		{"percent-encoded path", "POST", "/v1.47/containers/%63reate", `{"Image":"alpine","HostConfig":{"Privileged":true}}`, "application/json", false, "DKR-C01: "},
		{"ps", "GET", "/v1.47/containers/json", "", "", false, ""},
		{"ping", "HEAD", "/_ping", "", "", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ran = false
			r := httptest.NewRequest(tt.method, tt.uri, strings.NewReader(tt.body))
			if tt.contentType != "" {
				r.Header.Set("Content-Type", tt.contentType)
			}
			r.Header.Set("X-Registry-Auth", "c2VjcmV0LXRva2Vu")
			if tt.chunked {
				r.ContentLength = -1
				r.TransferEncoding = []string{"chunked"}
			}
			err := handler(context.Background(), httptest.NewRecorder(), r, nil)
			if tt.wantErr == "" {
				if err != nil || !ran {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || ran {
				t.Fatalf("allowed (handler ran: %v), want refusal with %q", ran, tt.wantErr)
			}
			want := "authorization denied by plugin " + name + ": "
			if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %q, want %q and %q", err, want, tt.wantErr)
			}
		})
	}
}
