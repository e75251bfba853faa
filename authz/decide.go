// Package authz is dockpol's Docker authorization plugin: it answers
// dockerd's AuthZ plugin protocol (/Plugin.Activate,
// /AuthZPlugin.AuthZReq, /AuthZPlugin.AuthZRes) on a unix socket and
// judges every Engine API request with the shipped and team policies in
// gate mode. It fails closed: an unreadable request, a policy error, a
// timeout, a panic or no active policy is a denial with the reason.
//
// Each decision evaluates against one policy snapshot; a reload compiles
// a new one in the background and swaps it atomically, keeping the old
// one when the new one does not compile. Decisions go to a bounded
// asynchronous decision log and to Prometheus metrics.
package authz

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs/request"
)

// Decision is the plugin's answer, as dockerd reads it.
type Decision struct {
	Allow bool   `json:"Allow"`
	Msg   string `json:"Msg,omitempty"`
	Err   string `json:"Err,omitempty"`
}

// Policy is one compiled snapshot of the policies.
type Policy struct {
	Engine *engine.Engine
	// Revision identifies the snapshot in decision logs (a content hash,
	// or the bundle revision in fleet mode).
	Revision string
	// Compat, when set, judges requests instead of Engine: an
	// opa-docker-authz policy over its input shape (compat.go).
	Compat *engine.Compat
}

// Record is what the decision log keeps of a decision: no body, no
// header values, no environment; finding messages never hold secrets.
type Record struct {
	ID         string    `json:"decision_id"`
	Time       time.Time `json:"time"`
	User       string    `json:"user,omitempty"`
	AuthMethod string    `json:"auth_method,omitempty"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`
	APIVersion string    `json:"api_version,omitempty"`
	Endpoint   string    `json:"endpoint"`
	Allow      bool      `json:"allow"`
	Audit      bool      `json:"audit"`
	WouldDeny  bool      `json:"would_deny,omitempty"`
	// Failed says the request could not be judged (the plugin failed
	// closed, or would have in audit mode).
	Failed    bool          `json:"failed,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	Findings  []LogFinding  `json:"findings,omitempty"`
	Revision  string        `json:"policy_revision,omitempty"`
	Latency   time.Duration `json:"-"`
	LatencyMS float64       `json:"latency_ms"`
}

// LogFinding is one finding in the decision log.
type LogFinding struct {
	ID        string `json:"id"`
	Action    string `json:"action"`
	Severity  string `json:"severity"`
	Container string `json:"container,omitempty"`
	Message   string `json:"message"`
	Waived    bool   `json:"waived,omitempty"`
}

// Decider judges requests against the current policy snapshot.
type Decider struct {
	policy  atomic.Pointer[Policy]
	audit   bool
	timeout time.Duration
	opts    request.Options
}

// DefaultTimeout bounds one decision.
const DefaultTimeout = 2 * time.Second

// maxMsg caps the message dockerd shows the client.
const maxMsg = 2000

// NewDecider returns a Decider with no policy: it denies everything until
// SetPolicy. audit allows every request and logs would-be denials.
func NewDecider(audit bool, timeout time.Duration, opts request.Options) *Decider {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Decider{audit: audit, timeout: timeout, opts: opts}
}

// SetPolicy swaps the snapshot new decisions use; decisions in flight
// finish on the one they loaded.
func (d *Decider) SetPolicy(p *Policy) { d.policy.Store(p) }

// Policy returns the active snapshot, nil before the first one.
func (d *Decider) Policy() *Policy { return d.policy.Load() }

// Decide judges one request. It never panics and never allows a request
// it could not judge, except in audit mode, which allows everything and
// records the would-be denial.
func (d *Decider) Decide(ctx context.Context, req request.Request) (dec Decision, rec Record) {
	start := time.Now()
	rec = Record{ID: uuid.NewString(), Time: start.UTC(), User: req.User, AuthMethod: req.UserAuthNMethod,
		Method: strings.ToUpper(req.RequestMethod), Audit: d.audit}
	defer func() {
		if v := recover(); v != nil {
			dec, rec = d.refuse(rec, fmt.Sprintf("internal error: %v", v))
			rec.Reason += " (" + firstFrame(debug.Stack()) + ")"
		}
		rec.Latency = time.Since(start)
		rec.LatencyMS = float64(rec.Latency.Microseconds()) / 1000
	}()

	p := d.policy.Load()
	if p != nil && p.Compat != nil {
		return d.decideCompat(ctx, req, p, rec)
	}
	if p == nil || p.Engine == nil {
		return d.refuse(rec, "no policy is active yet")
	}
	rec.Revision = p.Revision
	doc := request.Document(req, d.opts)
	if r, ok := doc.Value["request"].(map[string]any); ok {
		rec.Path, _ = r["path"].(string)
		rec.APIVersion, _ = r["api_version"].(string)
		rec.Endpoint, _ = r["endpoint"].(string)
		if msg, bad := r["error"].(string); bad {
			// A URI the plugin cannot read cannot be judged, whatever the
			// method: dockerd's own server refuses such a request line, so
			// the message did not come from a client through dockerd.
			return d.refuse(rec, msg)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, d.timeout)
	defer cancel()
	findings, err := p.Engine.Evaluate(ctx, doc)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return d.refuse(rec, fmt.Sprintf("policy evaluation exceeded the %s timeout", d.timeout))
		}
		return d.refuse(rec, "policy evaluation failed: "+err.Error())
	}
	var denies []engine.Finding
	if len(findings) > 0 {
		rec.Findings = make([]LogFinding, 0, len(findings))
	}
	for _, f := range findings {
		rec.Findings = append(rec.Findings, LogFinding{ID: f.ID, Action: f.Action, Severity: f.Severity,
			Container: f.Container, Message: f.Message, Waived: !f.Counts()})
		if !f.Counts() {
			continue
		}
		switch f.Action {
		case engine.ActionDeny:
			denies = append(denies, f)
		case engine.ActionAudit:
			rec.WouldDeny = true
		}
	}
	if len(denies) == 0 {
		rec.Allow = true
		return Decision{Allow: true}, rec
	}
	msg := denyMessage(denies)
	if d.audit {
		rec.Allow, rec.WouldDeny, rec.Reason = true, true, msg
		return Decision{Allow: true}, rec
	}
	rec.Reason = msg
	return Decision{Allow: false, Msg: msg}, rec
}

// refuse is the fail-closed answer (allowed, and recorded, in audit mode).
func (d *Decider) refuse(rec Record, reason string) (Decision, Record) {
	if rec.ID == "" {
		rec.ID = uuid.NewString()
	}
	rec.Reason, rec.Failed = reason, true
	if d.audit {
		rec.Allow, rec.WouldDeny = true, true
		return Decision{Allow: true}, rec
	}
	rec.Allow = false
	return Decision{Allow: false, Msg: "dockpol: request refused: " + reason}, rec
}

// denyMessage lists the denying findings, most severe first:
// "DKR-C01: container "x" is privileged ...; DKR-C18: ...".
func denyMessage(fs []engine.Finding) string {
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Severity != fs[j].Severity {
			return severityRank(fs[i].Severity) < severityRank(fs[j].Severity)
		}
		return fs[i].ID < fs[j].ID
	})
	parts := make([]string, 0, len(fs))
	for _, f := range fs {
		parts = append(parts, f.ID+": "+f.Message)
	}
	msg := strings.Join(parts, " ")
	if len(msg) > maxMsg {
		msg = msg[:maxMsg] + fmt.Sprintf(" … (%d findings)", len(fs))
	}
	return msg
}

func severityRank(s string) int {
	switch s {
	case "critical":
		return 0
	case "high":
		return 1
	case "medium":
		return 2
	}
	return 3
}

// firstFrame picks the panicking function out of a stack trace.
func firstFrame(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") && i+2 < len(lines) {
			return strings.TrimSpace(lines[i+2])
		}
	}
	return "stack unavailable"
}
