// Package live connects to the Docker Engine the user means, the way the
// docker CLI chooses it, and reads what dockpol audits from its API: the
// containers (inspected concurrently) and docker info.
//
// The engine is chosen as the docker CLI does (cli/command/cli.go
// resolveContextName): --context, else --host (both arrive as the CLI's
// global options when dockpol runs as the docker policy plugin), else
// DOCKER_HOST, else DOCKER_CONTEXT, else the CLI configuration's
// currentContext, else the local socket. The
// moby client reads none of the context sources, so the context store is
// read here: $DOCKER_CONFIG (default ~/.docker)/config.json for
// currentContext, contexts/meta/<sha256(name)>/meta.json for the
// endpoint, contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem for its
// TLS material. An ssh:// host is reached through
// `ssh HOST docker system dial-stdio`, as the CLI does. Nothing falls back
// to the local socket: a context or host that cannot be used is an error.
package live

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// DefaultHost is the local engine's socket.
const DefaultHost = "unix:///var/run/docker.sock"

// Environment variables the docker CLI reads.
const (
	EnvHost      = "DOCKER_HOST"
	EnvContext   = "DOCKER_CONTEXT"
	EnvConfig    = "DOCKER_CONFIG"
	EnvCertPath  = "DOCKER_CERT_PATH"
	EnvTLSVerify = "DOCKER_TLS_VERIFY"
)

// Endpoint is the engine to talk to and how.
type Endpoint struct {
	Host string // unix:///..., tcp://host:port, ssh://user@host, npipe://...
	// Context is the CLI context that named the endpoint ("" when
	// DOCKER_HOST or the default chose it).
	Context string
	// Source says what chose the endpoint, for messages: "--context",
	// "DOCKER_HOST", "DOCKER_CONTEXT", "current context", "default".
	Source string
	TLS    *TLS // nil: no TLS
}

// TLS is the TLS material of an endpoint.
type TLS struct {
	CAFile, CertFile, KeyFile string // "" when absent
	SkipVerify                bool
}

// String names the endpoint for reports: "default (unix:///var/run/docker.sock)".
func (e Endpoint) String() string {
	if e.Context != "" {
		return fmt.Sprintf("context %s (%s)", e.Context, e.Host)
	}
	return e.Host
}

// IsLocalSocket reports whether the endpoint is this machine's engine
// socket, the only case where /etc/docker/daemon.json describes it.
func (e Endpoint) IsLocalSocket() bool {
	u, err := url.Parse(e.Host)
	return err == nil && u.Scheme == "unix"
}

// Getenv is os.Getenv, or a test's stand-in.
type Getenv func(string) string

// Resolve chooses the endpoint: contextFlag is --context ("" when not
// given).
func Resolve(contextFlag string, getenv Getenv) (Endpoint, error) {
	return ResolveWith(Options{Context: contextFlag}, getenv)
}

// Options are the docker CLI's global options that choose the engine
// (cli/flags/options.go): what a CLI plugin receives before its name in
// `docker --context prod policy inspect --live`. The zero value leaves
// the choice to the environment and the CLI configuration.
type Options struct {
	Context   string // --context, -c: a context of the CLI's store
	Host      string // --host, -H: the engine's address (the default context)
	ConfigDir string // --config: the CLI configuration directory (overrides DOCKER_CONFIG)
	// TLS settings of --host (or DOCKER_HOST), as the CLI's --tls,
	// --tlsverify, --tlscacert, --tlscert and --tlskey; a context
	// brings its own.
	TLS, TLSVerify    bool
	CACert, Cert, Key string
}

// usesTLSFlags reports whether any TLS option was given.
func (o Options) usesTLSFlags() bool {
	return o.TLS || o.TLSVerify || o.CACert != "" || o.Cert != "" || o.Key != ""
}

// ResolveWith chooses the endpoint as the docker CLI does with the
// global options o (cli/command/cli.go resolveContextName): --context,
// else --host, else DOCKER_HOST, else DOCKER_CONTEXT, else the current
// context, else the local socket. --context and --host together are an
// error, as in the CLI.
func ResolveWith(o Options, getenv Getenv) (Endpoint, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	if o.ConfigDir != "" {
		env := getenv
		getenv = func(k string) string {
			if k == EnvConfig {
				return o.ConfigDir
			}
			return env(k)
		}
	}
	if o.Context != "" && o.Host != "" {
		return Endpoint{}, errors.New("conflicting options: cannot specify both --host and --context")
	}
	if o.Host != "" {
		return hostEndpointWith(o.Host, "--host", getenv, o)
	}
	name, source := o.Context, "--context"
	switch {
	case name != "":
	case getenv(EnvHost) != "":
		return hostEndpoint(getenv(EnvHost), EnvHost, getenv)
	case getenv(EnvContext) != "":
		name, source = getenv(EnvContext), EnvContext
	default:
		cur, err := currentContext(getenv)
		if err != nil {
			return Endpoint{}, err
		}
		name, source = cur, "current context"
	}
	if name == "" || name == "default" {
		if source == "current context" {
			source = "default"
		}
		return hostEndpointWith(getenv(EnvHost), source, getenv, o)
	}
	return contextEndpoint(name, source, getenv)
}

// hostEndpoint is the default context: DOCKER_HOST (or the local socket)
// with the TLS settings of DOCKER_CERT_PATH and DOCKER_TLS_VERIFY.
func hostEndpoint(host, source string, getenv Getenv) (Endpoint, error) {
	return hostEndpointWith(host, source, getenv, Options{})
}

// hostEndpointWith is hostEndpoint with the CLI's TLS options, which
// win over the environment's.
func hostEndpointWith(host, source string, getenv Getenv, o Options) (Endpoint, error) {
	if host == "" {
		host = DefaultHost
	}
	if err := checkHost(host); err != nil {
		if source == "--host" {
			return Endpoint{}, fmt.Errorf("--host %s: %w", host, err)
		}
		return Endpoint{}, fmt.Errorf("%s=%s: %w", source, host, err)
	}
	e := Endpoint{Host: host, Source: source}
	certPath, verify := getenv(EnvCertPath), getenv(EnvTLSVerify) != "" || o.TLSVerify
	if certPath == "" && (verify || o.usesTLSFlags()) {
		certPath = configDir(getenv) // the CLI's default cert path
	}
	if certPath != "" {
		// Files named by flags must exist; the default ones are used
		// when present once a TLS flag asks for TLS (plain --tls needs
		// no client certificate), and always with DOCKER_CERT_PATH.
		file := func(flag, name string) string {
			if flag != "" {
				return flag
			}
			p := filepath.Join(certPath, name)
			if o.usesTLSFlags() && getenv(EnvCertPath) == "" {
				if _, err := os.Stat(p); err != nil {
					return ""
				}
			}
			return p
		}
		e.TLS = &TLS{
			CAFile:     file(o.CACert, "ca.pem"),
			CertFile:   file(o.Cert, "cert.pem"),
			KeyFile:    file(o.Key, "key.pem"),
			SkipVerify: !verify,
		}
	}
	return e, nil
}

func checkHost(host string) error {
	u, err := url.Parse(host)
	if err != nil {
		return fmt.Errorf("invalid engine address: %w", err)
	}
	switch u.Scheme {
	case "unix", "tcp", "http", "https", "ssh", "npipe":
		return nil
	}
	return fmt.Errorf("invalid engine address: unsupported scheme %q (want unix, tcp or ssh)", u.Scheme)
}

// configDir is $DOCKER_CONFIG, else ~/.docker.
func configDir(getenv Getenv) string {
	if d := getenv(EnvConfig); d != "" {
		return d
	}
	home := getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".docker")
}

// currentContext reads currentContext from the CLI's config.json ("" when
// there is none).
func currentContext(getenv Getenv) (string, error) {
	p := filepath.Join(configDir(getenv), "config.json")
	data, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read docker CLI configuration: %w", err)
	}
	var cfg struct {
		CurrentContext string `json:"currentContext"`
	}
	if err := json.Unmarshal(data, &cfg); err != nil {
		return "", fmt.Errorf("read docker CLI configuration %s: %w", p, err)
	}
	return cfg.CurrentContext, nil
}

// contextEndpoint reads a context from the CLI's context store.
func contextEndpoint(name, source string, getenv Getenv) (Endpoint, error) {
	sum := sha256.Sum256([]byte(name))
	id := hex.EncodeToString(sum[:])
	store := filepath.Join(configDir(getenv), "contexts")
	meta := filepath.Join(store, "meta", id, "meta.json")
	data, err := os.ReadFile(meta)
	if errors.Is(err, os.ErrNotExist) {
		return Endpoint{}, fmt.Errorf("docker context %q (from %s) not found in %s", name, source, store)
	}
	if err != nil {
		return Endpoint{}, fmt.Errorf("read docker context %q: %w", name, err)
	}
	var m struct {
		Name      string
		Endpoints map[string]struct {
			Host          string
			SkipTLSVerify bool
		}
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return Endpoint{}, fmt.Errorf("read docker context %q (%s): %w", name, meta, err)
	}
	ep, ok := m.Endpoints["docker"]
	if !ok || ep.Host == "" {
		return Endpoint{}, fmt.Errorf("docker context %q has no docker endpoint", name)
	}
	if err := checkHost(ep.Host); err != nil {
		return Endpoint{}, fmt.Errorf("docker context %q: %w", name, err)
	}
	e := Endpoint{Host: ep.Host, Context: name, Source: source}
	tlsDir := filepath.Join(store, "tls", id, "docker")
	file := func(n string) string {
		p := filepath.Join(tlsDir, n)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		return ""
	}
	ca, cert, key := file("ca.pem"), file("cert.pem"), file("key.pem")
	if ca != "" || cert != "" || key != "" || ep.SkipTLSVerify {
		e.TLS = &TLS{CAFile: ca, CertFile: cert, KeyFile: key, SkipVerify: ep.SkipTLSVerify}
	}
	if strings.HasPrefix(ep.Host, "unix://") || strings.HasPrefix(ep.Host, "ssh://") {
		e.TLS = nil
	}
	return e, nil
}
