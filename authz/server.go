package authz

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/dockpol/dockpol/inputs/request"
)

// Plugin protocol paths (moby pkg/plugins and pkg/authorization).
const (
	PathActivate = "/Plugin.Activate"
	PathAuthZReq = "/AuthZPlugin.AuthZReq"
	PathAuthZRes = "/AuthZPlugin.AuthZRes"
)

// contentType is what dockerd's plugin client sends and accepts.
const contentType = "application/vnd.docker.plugins.v1+json"

// maxRequest caps a protocol message: dockerd forwards request bodies of
// at most 4 MiB, base64 in JSON.
const maxRequest = 8 << 20

// Builder compiles a new policy snapshot.
type Builder func(ctx context.Context) (*Policy, error)

// Server is the plugin: the protocol handler, the policy reloads, the
// decision log and the metrics.
type Server struct {
	decider *Decider
	build   Builder
	log     *DecisionLog
	metrics *Metrics
	logger  *slog.Logger
	// decisionHooks also receive every decision (fleet.go: OPA's
	// decision-log plugin); set before Serve, they must not block.
	decisionHooks []func(context.Context, Record)

	reloadMu sync.Mutex
}

// ServerOption configures NewServer.
type ServerOption func(*Server)

// WithDecisionLog sends every decision to l.
func WithDecisionLog(l *DecisionLog) ServerOption { return func(s *Server) { s.log = l } }

// WithMetrics records decisions and reloads in m.
func WithMetrics(m *Metrics) ServerOption { return func(s *Server) { s.metrics = m } }

// WithLogger sets the operational log (reloads, failures).
func WithLogger(l *slog.Logger) ServerOption { return func(s *Server) { s.logger = l } }

// WithBuilder sets how Reload compiles a policy.
func WithBuilder(b Builder) ServerOption { return func(s *Server) { s.build = b } }

// NewServer returns a plugin deciding with d.
func NewServer(d *Decider, opts ...ServerOption) *Server {
	s := &Server{decider: d, logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Decider returns the server's decider.
func (s *Server) Decider() *Decider { return s.decider }

// Reload compiles a new policy and swaps it in; on failure the active
// policy stays and the error (with file:line for a compile error) is
// returned and logged. Reloads run one at a time.
func (s *Server) Reload(ctx context.Context) error {
	if s.build == nil {
		return errors.New("no policy builder")
	}
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	start := time.Now()
	p, err := s.build(ctx)
	if err != nil {
		s.metrics.reloaded(false)
		if s.decider.Policy() != nil {
			s.logger.Error("policy reload failed; keeping the active policy", "error", err)
		}
		return err
	}
	prev := s.decider.Policy()
	s.decider.SetPolicy(p)
	s.metrics.reloaded(true)
	old := ""
	if prev != nil {
		old = prev.Revision
	}
	s.logger.Info("policy active", "revision", p.Revision, "previous", old, "compile_ms", time.Since(start).Milliseconds())
	return nil
}

// Handler serves the plugin protocol.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc(PathActivate, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string][]string{"Implements": {"authz"}})
	})
	mux.HandleFunc(PathAuthZReq, s.authzReq)
	mux.HandleFunc(PathAuthZRes, func(w http.ResponseWriter, r *http.Request) {
		// The request was judged before dockerd ran it; a response is
		// never read (it may carry container environments) and always
		// passes.
		_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, maxRequest))
		writeJSON(w, Decision{Allow: true})
	})
	return mux
}

func (s *Server) authzReq(w http.ResponseWriter, r *http.Request) {
	dec, rec := s.handle(r)
	s.log.Log(rec)
	for _, h := range s.decisionHooks {
		h(r.Context(), rec)
	}
	s.metrics.observe(rec)
	if rec.Failed {
		s.logger.Warn("request refused: could not be judged", "decision_id", rec.ID, "method", rec.Method, "path", rec.Path, "reason", rec.Reason, "audit", rec.Audit)
	}
	writeJSON(w, dec)
}

// handle reads the protocol message and decides; every failure is a
// refusal with the reason.
func (s *Server) handle(r *http.Request) (dec Decision, rec Record) {
	defer func() {
		if v := recover(); v != nil {
			dec, rec = s.decider.refuse(Record{Time: time.Now().UTC(), Audit: s.decider.audit}, fmt.Sprintf("internal error: %v", v))
		}
	}()
	if r.Method != http.MethodPost {
		return s.decider.refuse(Record{Time: time.Now().UTC(), Audit: s.decider.audit}, "protocol: want POST, got "+r.Method)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequest+1))
	if err != nil {
		return s.decider.refuse(Record{Time: time.Now().UTC(), Audit: s.decider.audit}, "protocol: read request: "+err.Error())
	}
	if len(body) > maxRequest {
		return s.decider.refuse(Record{Time: time.Now().UTC(), Audit: s.decider.audit}, "protocol: request larger than 8 MiB")
	}
	req, err := DecodeRequest(body)
	if err != nil {
		return s.decider.refuse(Record{Time: time.Now().UTC(), Audit: s.decider.audit}, err.Error())
	}
	return s.decider.Decide(r.Context(), req)
}

// DecodeRequest reads the JSON dockerd posts to /AuthZPlugin.AuthZReq.
func DecodeRequest(body []byte) (request.Request, error) {
	var req request.Request
	if err := json.Unmarshal(body, &req); err != nil {
		return request.Request{}, fmt.Errorf("protocol: decode AuthZ request: %s", request.JSONErrorReason(err))
	}
	if req.RequestMethod == "" || req.RequestURI == "" {
		return request.Request{}, errors.New("protocol: AuthZ request without RequestMethod or RequestUri")
	}
	return req, nil
}

// allowLine is json.NewEncoder(w).Encode(Decision{Allow: true}): most
// answers, written without encoding them each time.
var allowLine = []byte("{\"Allow\":true}\n")

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", contentType)
	if d, ok := v.(Decision); ok && d == (Decision{Allow: true}) {
		_, _ = w.Write(allowLine)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// DefaultSocket is where dockerd discovers a plugin named dockpol.
const DefaultSocket = "/run/docker/plugins/dockpol.sock"

// Listen opens the plugin's unix socket, mode 0600 from its creation on.
// A stale socket file (nobody accepting) is replaced; a live one is an
// error, so two plugins never fight over one name.
func Listen(path string) (net.Listener, error) {
	if len(path) >= 108 {
		return nil, fmt.Errorf("socket path %q is %d bytes; unix sockets allow 107", path, len(path))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("create socket directory: %w", err)
	}
	if _, err := os.Lstat(path); err == nil {
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("socket %s: another process is serving it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("remove stale socket: %w", err)
		}
	}
	old := syscall.Umask(0o177)
	l, err := net.Listen("unix", path)
	syscall.Umask(old)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", path, err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("chmod socket: %w", err)
	}
	return l, nil
}

// Serve answers the protocol on l until ctx ends, then drains in-flight
// requests.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		// A decision is bounded by the decider's timeout; the margin
		// covers reading a large body.
		WriteTimeout: s.decider.timeout + 10*time.Second,
		IdleTimeout:  2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
		return nil
	}
}
