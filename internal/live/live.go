package live

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/moby/moby/api/types/system"
	"github.com/moby/moby/client"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/engineapi"
	"github.com/dockpol/dockpol/inputs/inspect"
)

// ErrUnreachable wraps every failure to reach the engine or read its
// identity.
var ErrUnreachable = errors.New("cannot reach the Docker Engine")

// Engine is a connected Docker Engine.
type Engine struct {
	Endpoint Endpoint
	Info     system.Info
	client   *client.Client
}

// Connect reaches the engine at ep and reads docker info.
func Connect(ctx context.Context, ep Endpoint) (*Engine, error) {
	fail := func(err error) error {
		msg := strings.Join(strings.Fields(err.Error()), " ")
		return fmt.Errorf("%w at %s (from %s): %s", ErrUnreachable, ep, ep.Source, msg)
	}
	if strings.HasPrefix(ep.Host, "npipe://") {
		return nil, fail(errors.New("named pipes exist only on Windows"))
	}
	opts := []client.Opt{client.WithAPIVersionNegotiation()}
	if ep.TLS != nil {
		// The client's own TLS option cannot skip verification, which a
		// context or DOCKER_TLS_VERIFY may ask for: bring a transport.
		// (Only then: a plain http.Transport gains a TLS config when the
		// client clones it, which would make the client speak https.)
		cfg, err := tlsConfig(ep.TLS)
		if err != nil {
			return nil, fail(err)
		}
		opts = append(opts, client.WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}))
	}
	if strings.HasPrefix(ep.Host, "ssh://") {
		dial, err := sshDialer(ep.Host)
		if err != nil {
			return nil, fail(err)
		}
		opts = append(opts, client.WithHost("http://docker.example.com"), client.WithDialContext(dial))
	} else {
		opts = append(opts, client.WithHost(ep.Host))
	}
	c, err := client.New(opts...)
	if err != nil {
		return nil, fail(err)
	}
	if _, err := c.Ping(ctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		c.Close()
		return nil, fail(err)
	}
	info, err := c.Info(ctx, client.InfoOptions{})
	if err != nil {
		c.Close()
		return nil, fail(err)
	}
	return &Engine{Endpoint: ep, Info: info.Info, client: c}, nil
}

func tlsConfig(t *TLS) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: t.SkipVerify} //nolint:gosec // the user's DOCKER_TLS_VERIFY / context says so
	if t.CAFile != "" {
		pem, err := os.ReadFile(t.CAFile)
		if err != nil {
			return nil, fmt.Errorf("read CA certificate: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("%s holds no certificate", t.CAFile)
		}
		cfg.RootCAs = pool
	}
	if t.CertFile != "" || t.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(t.CertFile, t.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("read client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{cert}
	}
	return cfg, nil
}

// Close releases the connection.
func (e *Engine) Close() error { return e.client.Close() }

// APIVersion is the API version negotiated with the engine.
func (e *Engine) APIVersion() string { return e.client.ClientVersion() }

// Summary names the engine for documents and reports: name, ID,
// version, API version, host and context (source.engine in the schema).
func (e *Engine) Summary() map[string]any {
	var ctxName any
	if e.Endpoint.Context != "" {
		ctxName = e.Endpoint.Context
	}
	return map[string]any{
		"name":        strOrNil(e.Info.Name),
		"id":          strOrNil(e.Info.ID),
		"version":     strOrNil(e.Info.ServerVersion),
		"api_version": strOrNil(e.APIVersion()),
		"host":        e.Endpoint.Host,
		"context":     ctxName,
	}
}

// Defaults are the engine's container defaults, from docker info.
func (e *Engine) Defaults() engineapi.Defaults {
	d := engineapi.Defaults{LogDriver: e.Info.LoggingDriver, Runtime: e.Info.DefaultRuntime}
	switch e.Info.CgroupVersion {
	case "1":
		d.CgroupnsMode = "host"
	case "2":
		d.CgroupnsMode = "private"
	}
	if major, err := strconv.Atoi(strings.SplitN(e.Info.ServerVersion, ".", 2)[0]); err == nil && major < 20 {
		d.IpcMode = "shareable" // the default-ipc-mode before Engine 20.10
	}
	return d
}

// InfoJSON is docker info as the API returns it, for the daemon adapter.
func (e *Engine) InfoJSON() ([]byte, error) {
	return json.Marshal(e.Info)
}

// Failure is a container that could not be read.
type Failure struct {
	Ref string // the name or ID asked for
	Err error
}

// ContainerOptions choose the containers to read.
type ContainerOptions struct {
	All     bool     // stopped containers too (ignored when Refs are given)
	Refs    []string // names or IDs; none: every (running) container
	Workers int      // concurrent inspections; <= 0: GOMAXPROCS (at least 2)
}

// Containers lists and inspects containers concurrently and returns one
// document per container (path "container/NAME", kind container), sorted
// by name, and the containers that could not be read.
func (e *Engine) Containers(ctx context.Context, o ContainerOptions) ([]*inputs.Document, []Failure, error) {
	list, err := e.client.ContainerList(ctx, client.ContainerListOptions{All: true})
	if err != nil {
		return nil, nil, fmt.Errorf("list containers: %w", err)
	}
	names := map[string]string{}
	var refs []string
	for _, s := range list.Items {
		name := s.ID
		if len(s.Names) > 0 {
			name = strings.TrimPrefix(s.Names[0], "/")
		}
		names[s.ID] = name
		if len(o.Refs) == 0 && (o.All || s.State == "running") {
			refs = append(refs, s.ID)
		}
	}
	if len(o.Refs) > 0 {
		refs = o.Refs
	}
	volumes := map[string]engineapi.Volume{}
	if vl, err := e.client.VolumeList(ctx, client.VolumeListOptions{}); err == nil {
		for _, v := range vl.Items {
			volumes[v.Name] = engineapi.Volume{Driver: v.Driver, Options: v.Options}
		}
	}
	opts := inspect.Options{
		Defaults:       e.Defaults(),
		Volumes:        volumes,
		ContainerNames: names,
		Live:           true,
		Source:         map[string]any{"engine": e.Summary()},
	}

	docs := make([]*inputs.Document, len(refs))
	errs := make([]error, len(refs))
	workers := o.Workers
	if workers <= 0 {
		workers = max(2, runtime.GOMAXPROCS(0))
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(workers, len(refs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				docs[i], errs[i] = e.container(ctx, refs[i], opts)
			}
		}()
	}
	for i := range refs {
		next <- i
	}
	close(next)
	wg.Wait()

	var out []*inputs.Document
	var failures []Failure
	for i, d := range docs {
		if errs[i] != nil {
			failures = append(failures, Failure{Ref: refs[i], Err: errs[i]})
			continue
		}
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, failures, nil
}

func (e *Engine) container(ctx context.Context, ref string, opts inspect.Options) (*inputs.Document, error) {
	res, err := e.client.ContainerInspect(ctx, ref, client.ContainerInspectOptions{})
	if err != nil {
		return nil, err
	}
	name := strings.TrimPrefix(res.Container.Name, "/")
	if name == "" {
		name = ref
	}
	return inspect.DecodeWith("container/"+name, res.Raw, opts)
}

func strOrNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}
