package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"strings"
	"time"

	"github.com/dockpol/dockpol/inputs"
)

// Overrides change what rules report without changing the rules: rules
// switched off, actions and severities changed, and exceptions that waive
// findings with a reason. Waived findings stay in the results, marked.
type Overrides struct {
	Disable  []string
	Action   map[string]map[string]string // rule id -> mode ("" for every mode) -> action
	Severity map[string]string            // rule id -> severity
	// Exceptions waive matching findings.
	Exceptions []Exception
	// InlineWaivers honours waivers the input itself carries (x-dockpol,
	// the dockpol.ignore label). Never honoured in gate mode, where the API
	// caller writes the input.
	InlineWaivers bool
	// Now is the day expiry dates are judged against (default: today).
	Now time.Time
}

// Exception waives a rule's findings where every given selector matches.
type Exception struct {
	Rule       string   // rule id, or a glob ("DKR-C*")
	Containers []string // globs on the container/service name
	Files      []string // globs on the file path; ** crosses directories
	Images     []string // globs on the image reference or digest
	// Users are globs on the TLS identity of an Engine API request (the
	// client certificate's CN): the gate's way to exempt a caller.
	Users   []string
	Reason  string
	Expires string // YYYY-MM-DD; applies through that day
	Source  string // where it was written ("dockpol.yaml:12")
}

// Waiver says why a finding does not count.
type Waiver struct {
	Reason  string `json:"reason"`
	Source  string `json:"source"`            // config file:line, or "inline"
	Expires string `json:"expires,omitempty"` // YYYY-MM-DD
	// Expired is true when the waiver's date has passed: the finding counts
	// again and says so.
	Expired bool `json:"expired,omitempty"`
	// Inline is set when the waiver is written in the checked input itself
	// (x-dockpol, the dockpol.ignore label), not in configuration: SARIF
	// calls it an in-source suppression.
	Inline bool `json:"-"`
}

// WithOverrides applies configuration overrides to every evaluation.
func WithOverrides(o Overrides) Option { return func(c *config) { c.overrides = &o } }

// apply runs the overrides over one document's findings: it drops
// disabled rules, sets actions and severities, and marks waived findings.
func (o *Overrides) apply(fs []Finding, mode string, inline map[int][]inlineWaiver) []Finding {
	if o == nil {
		return fs
	}
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	out := fs[:0]
	for _, f := range fs {
		if matchAny(o.Disable, f.ID) {
			continue
		}
		if acts, ok := o.Action[f.ID]; ok {
			if a, ok := acts[mode]; ok {
				f.Action = a
			} else if a, ok := acts[""]; ok {
				f.Action = a
			}
		}
		if s, ok := o.Severity[f.ID]; ok {
			f.Severity = s
		}
		// A waiver the rules gave already (a conftest exception rule)
		// stays unless the configuration waives the finding too.
		if w := o.waiver(f, mode, now, inline); (w != nil && !w.Expired) || f.Waiver == nil {
			f.Waiver = w
		}
		out = append(out, f)
	}
	return out
}

func (o *Overrides) waiver(f Finding, mode string, now time.Time, inline map[int][]inlineWaiver) *Waiver {
	var expired *Waiver
	for _, e := range o.Exceptions {
		if !e.matches(f, mode) {
			continue
		}
		w := &Waiver{Reason: e.Reason, Source: e.Source, Expires: e.Expires}
		if isExpired(e.Expires, now) {
			w.Expired = true
			expired = w
			continue
		}
		return w
	}
	if o.InlineWaivers && mode != ModeGate && f.ContainerIndex >= 0 {
		for _, iw := range inline[f.ContainerIndex] {
			if iw.Rule == f.ID || iw.Rule == "*" {
				return &Waiver{Reason: iw.Reason, Source: iw.Source, Inline: true}
			}
		}
	}
	return expired
}

func (e Exception) matches(f Finding, mode string) bool {
	if !globMatch(e.Rule, f.ID) {
		return false
	}
	// At the gate the API caller chooses names and labels: an exception
	// keyed on them would let anyone name a container into it.
	if mode == ModeGate && len(e.Containers) > 0 {
		return false
	}
	if len(e.Containers) > 0 && !matchAny(e.Containers, f.Container) {
		return false
	}
	if len(e.Files) > 0 && !matchAny(e.Files, f.File) {
		return false
	}
	if len(e.Images) > 0 && (f.Image == "" || !matchAny(e.Images, f.Image)) {
		return false
	}
	// At the gate a tag is the caller's word; only a digest names content.
	if mode == ModeGate && len(e.Images) > 0 && !strings.Contains(f.Image, "@sha256:") {
		return false
	}
	if len(e.Users) > 0 && (f.User == "" || !matchAny(e.Users, f.User)) {
		return false
	}
	return true
}

func isExpired(date string, now time.Time) bool {
	if date == "" {
		return false
	}
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return false
	}
	y, m, day := now.Date()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC).After(d)
}

func matchAny(globs []string, s string) bool {
	for _, g := range globs {
		if globMatch(g, s) {
			return true
		}
	}
	return false
}

// globMatch matches s against a glob where * stays within a path segment
// and ** crosses segments ("deploy/**", "**/compose.yaml").
func globMatch(glob, s string) bool {
	if glob == s {
		return true
	}
	if !strings.Contains(glob, "**") {
		ok, _ := path.Match(glob, s)
		return ok
	}
	return doubleStar(strings.Split(glob, "/"), strings.Split(s, "/"))
}

func doubleStar(g, s []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			if len(g) == 1 {
				return true
			}
			for i := 0; i <= len(s); i++ {
				if doubleStar(g[1:], s[i:]) {
					return true
				}
			}
			return false
		}
		if len(s) == 0 {
			return false
		}
		if ok, _ := path.Match(g[0], s[0]); !ok {
			return false
		}
		g, s = g[1:], s[1:]
	}
	return len(s) == 0
}

// inlineWaiver is a waiver a container carries in the document.
type inlineWaiver struct {
	Rule   string
	Reason string
	Source string
}

// inlineWaivers reads the "waivers" of each container of a document.
func inlineWaivers(doc *inputs.Document) map[int][]inlineWaiver {
	out := map[int][]inlineWaiver{}
	for i, c := range doc.Containers() {
		src := "inline"
		if pos, ok := doc.Provenance.Lookup(inputs.JoinPath("containers", i, "waivers")); ok && pos.File != "" {
			src = pos.String() + " (inline)"
		}
		list, _ := c["waivers"].([]any)
		for _, w := range list {
			m, _ := w.(map[string]any)
			rule, _ := m["rule"].(string)
			reason, _ := m["reason"].(string)
			if rule != "" && reason != "" {
				out[i] = append(out[i], inlineWaiver{Rule: rule, Reason: reason, Source: src})
			}
		}
	}
	return out
}

// fingerprint identifies a finding across runs without its line number, so
// a baseline survives edits that move lines: rule id, file, container and
// normalised path.
func fingerprint(f Finding) string {
	// The container is named; its index in the document is not stable.
	p := f.Path
	if f.ContainerIndex >= 0 {
		if i := strings.Index(p, "]"); strings.HasPrefix(p, "containers[") && i > 0 {
			p = strings.TrimPrefix(p[i+1:], ".")
		}
	}
	key := f.ID + "\x00" + f.File + "\x00" + f.Container + "\x00" + p
	if f.Path == "" {
		// A finding with no path (a conftest rule, a document rule
		// returning a bare message) is told from the rule's other
		// findings in the file by its message alone.
		key += "\x00" + f.Message
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:12])
}

// KnownRule reports whether id names a rule of the loaded policies, as the
// configuration may: a METADATA id, a conftest rule's id (main.deny_foo,
// main.deny#<hash>), or the default id of a package's deny or warn rule
// without METADATA (team.deny). Ids a rule computes at evaluation time
// cannot be known before it runs.
func (e *Engine) KnownRule(id string) bool {
	if _, ok := e.rules[id]; ok {
		return true
	}
	if e.conftest != nil {
		for _, r := range e.conftest.rules {
			if r.id == id {
				return true
			}
		}
	}
	for _, q := range []*query{e.container, e.document} {
		if q == nil {
			continue
		}
		for _, r := range q.refs {
			if strings.TrimPrefix(r.pkg, "data.")+"."+r.name == id {
				return true
			}
		}
	}
	return false
}
