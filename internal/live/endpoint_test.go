package live

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// store writes a docker CLI configuration dir with contexts.
func store(t *testing.T, current string, contexts map[string]string, tlsFor string) string {
	t.Helper()
	dir := t.TempDir()
	if current != "" {
		if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte(`{"currentContext": "`+current+`"}`), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for name, host := range contexts {
		sum := sha256.Sum256([]byte(name))
		id := hex.EncodeToString(sum[:])
		meta := filepath.Join(dir, "contexts", "meta", id)
		if err := os.MkdirAll(meta, 0o700); err != nil {
			t.Fatal(err)
		}
		data := `{"Name":"` + name + `","Endpoints":{"docker":{"Host":"` + host + `","SkipTLSVerify":false}}}`
		if err := os.WriteFile(filepath.Join(meta, "meta.json"), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
		if name == tlsFor {
			tls := filepath.Join(dir, "contexts", "tls", id, "docker")
			if err := os.MkdirAll(tls, 0o700); err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"ca.pem", "cert.pem", "key.pem"} {
				if err := os.WriteFile(filepath.Join(tls, f), []byte("x"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return dir
}

func TestResolve(t *testing.T) {
	t.Parallel()
	cfg := store(t, "cur", map[string]string{"cur": "tcp://cur:2376", "env": "ssh://me@env", "flag": "unix:///flag.sock"}, "cur")
	tlsDir := func(name string) string {
		sum := sha256.Sum256([]byte(name))
		return filepath.Join(cfg, "contexts", "tls", hex.EncodeToString(sum[:]), "docker")
	}
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want Endpoint
		err  string
	}{
		{name: "current context", env: map[string]string{},
			want: Endpoint{Host: "tcp://cur:2376", Context: "cur", Source: "current context",
				TLS: &TLS{CAFile: filepath.Join(tlsDir("cur"), "ca.pem"), CertFile: filepath.Join(tlsDir("cur"), "cert.pem"), KeyFile: filepath.Join(tlsDir("cur"), "key.pem")}}},
		{name: "DOCKER_CONTEXT over current", env: map[string]string{EnvContext: "env"},
			want: Endpoint{Host: "ssh://me@env", Context: "env", Source: EnvContext}},
		{name: "DOCKER_HOST over DOCKER_CONTEXT", env: map[string]string{EnvContext: "env", EnvHost: "tcp://h:2375"},
			want: Endpoint{Host: "tcp://h:2375", Source: EnvHost}},
		{name: "--context over all", flag: "flag", env: map[string]string{EnvContext: "env", EnvHost: "tcp://h:2375"},
			want: Endpoint{Host: "unix:///flag.sock", Context: "flag", Source: "--context"}},
		{name: "default context is DOCKER_HOST's", flag: "default", env: map[string]string{EnvHost: "tcp://h:2375"},
			want: Endpoint{Host: "tcp://h:2375", Source: "--context"}},
		{name: "TLS from DOCKER_CERT_PATH", env: map[string]string{EnvHost: "tcp://h:2376", EnvCertPath: "/certs", EnvTLSVerify: "1"},
			want: Endpoint{Host: "tcp://h:2376", Source: EnvHost, TLS: &TLS{CAFile: "/certs/ca.pem", CertFile: "/certs/cert.pem", KeyFile: "/certs/key.pem"}}},
		{name: "cert path without verify", env: map[string]string{EnvHost: "tcp://h:2376", EnvCertPath: "/certs"},
			want: Endpoint{Host: "tcp://h:2376", Source: EnvHost, TLS: &TLS{CAFile: "/certs/ca.pem", CertFile: "/certs/cert.pem", KeyFile: "/certs/key.pem", SkipVerify: true}}},
		{name: "missing context", flag: "nope", env: map[string]string{}, err: `docker context "nope" (from --context) not found`},
		{name: "bad scheme", env: map[string]string{EnvHost: "ftp://x"}, err: `DOCKER_HOST=ftp://x: invalid engine address: unsupported scheme "ftp"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{EnvConfig: cfg}
			for k, v := range tt.env {
				env[k] = v
			}
			got, err := Resolve(tt.flag, func(k string) string { return env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestResolveWith: the docker CLI's global options, as the CLI plugin
// receives them, choose the engine before the environment does.
func TestResolveWith(t *testing.T) {
	t.Parallel()
	cfg := store(t, "cur", map[string]string{"cur": "tcp://cur:2376", "flag": "unix:///flag.sock"}, "")
	other := store(t, "", map[string]string{"elsewhere": "unix:///elsewhere.sock"}, "")
	certs := t.TempDir()
	if err := os.WriteFile(filepath.Join(certs, "ca.pem"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opts Options
		env  map[string]string
		want Endpoint
		err  string
	}{
		{name: "none: current context", want: Endpoint{Host: "tcp://cur:2376", Context: "cur", Source: "current context"}},
		{name: "--host over DOCKER_HOST and DOCKER_CONTEXT", opts: Options{Host: "unix:///h.sock"},
			env:  map[string]string{EnvHost: "tcp://env:2375", EnvContext: "cur"},
			want: Endpoint{Host: "unix:///h.sock", Source: "--host"}},
		{name: "--context over DOCKER_HOST", opts: Options{Context: "flag"}, env: map[string]string{EnvHost: "tcp://env:2375"},
			want: Endpoint{Host: "unix:///flag.sock", Context: "flag", Source: "--context"}},
		{name: "--config chooses the store", opts: Options{ConfigDir: other, Context: "elsewhere"},
			want: Endpoint{Host: "unix:///elsewhere.sock", Context: "elsewhere", Source: "--context"}},
		{name: "--config has no current context", opts: Options{ConfigDir: other},
			want: Endpoint{Host: DefaultHost, Source: "default"}},
		{name: "--tlsverify with the default cert path", opts: Options{Host: "tcp://h:2376", TLSVerify: true},
			env:  map[string]string{EnvConfig: certs},
			want: Endpoint{Host: "tcp://h:2376", Source: "--host", TLS: &TLS{CAFile: filepath.Join(certs, "ca.pem")}}},
		{name: "--tls with named files, no verification", opts: Options{Host: "tcp://h:2376", TLS: true, Cert: "/c.pem", Key: "/k.pem"},
			want: Endpoint{Host: "tcp://h:2376", Source: "--host", TLS: &TLS{CertFile: "/c.pem", KeyFile: "/k.pem", SkipVerify: true}}},
		{name: "--host and --context conflict", opts: Options{Host: "unix:///h.sock", Context: "flag"}, err: "cannot specify both --host and --context"},
		{name: "bad --host", opts: Options{Host: "ftp://x"}, err: `--host ftp://x: invalid engine address`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := map[string]string{EnvConfig: cfg}
			for k, v := range tt.env {
				env[k] = v
			}
			got, err := ResolveWith(tt.opts, func(k string) string { return env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestResolveNoConfig(t *testing.T) {
	t.Parallel()
	env := map[string]string{EnvConfig: filepath.Join(t.TempDir(), "none")}
	got, err := Resolve("", func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if want := (Endpoint{Host: DefaultHost, Source: "default"}); !cmp.Equal(want, got) {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if !got.IsLocalSocket() {
		t.Error("the default is the local socket")
	}
}

func TestSSHDialer(t *testing.T) {
	t.Parallel()
	if _, err := sshDialer("ssh://"); err == nil {
		t.Error("ssh:// without a host accepted")
	}
	if _, err := sshDialer("ssh://h/path"); err == nil {
		t.Error("ssh host with a path accepted")
	}
	if _, err := sshDialer("ssh://u@h:22"); err != nil {
		t.Error(err)
	}
}
