package dockertest

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// Request is one API request a Proxy forwarded, as the client sent it.
type Request struct {
	Method string
	URI    string // raw request URI: path with the /vX.Y prefix, query
	Header http.Header
	Body   []byte
}

// Proxy is a recording proxy on a unix socket in front of the daemon:
// point a client (the docker CLI) at Host and read what it sent with
// Requests. It exists so that fixtures hold real client requests, never
// hand-written ones.
type Proxy struct {
	Host string // DOCKER_HOST of the proxy

	mu   sync.Mutex
	reqs []Request
}

// Proxy starts a recording proxy for the test's duration.
func (d *Daemon) Proxy(t testing.TB) *Proxy {
	t.Helper()
	dir, err := os.MkdirTemp(d.Dir, "proxy")
	if err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "p.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Host: "unix://" + sock}
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(&url.URL{Scheme: "http", Host: "docker"})
			r.Out.Host = r.In.Host
		},
		Transport: d.HTTPClient().Transport,
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		p.reqs = append(p.reqs, Request{Method: r.Method, URI: r.RequestURI, Header: r.Header.Clone(), Body: body})
		p.mu.Unlock()
		rp.ServeHTTP(w, r)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		_ = srv.Close()
		_ = os.RemoveAll(dir)
	})
	return p
}

// Requests returns the requests forwarded so far, oldest first.
func (p *Proxy) Requests() []Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Request(nil), p.reqs...)
}

// Reset forgets the requests recorded so far.
func (p *Proxy) Reset() {
	p.mu.Lock()
	p.reqs = nil
	p.mu.Unlock()
}

// DockerVia runs the docker CLI through the proxy (see Docker).
func (d *Daemon) DockerVia(p *Proxy, args ...string) (string, error) {
	return d.runEnv(append(d.Env(), "DOCKER_HOST="+p.Host), nil, args...)
}
