// Package report turns findings and input errors into output: one Report
// value, written by a reporter chosen by name (text, json, sarif, junit,
// github, tap, table; see docs/formats.md). One file per format; the
// registry below is the only list of names.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/dockpol/dockpol/engine"
)

// SchemaVersion is the version of the JSON report's shape. The shape is a
// public contract: fields are added, never renamed.
const SchemaVersion = "1"

// Error is an input or policy error: the file could not be checked.
type Error struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// Warning is a non-fatal diagnostic about an input (an unset variable).
type Warning struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
}

// Summary counts what a run found.
type Summary struct {
	Files      int `json:"files"`
	Containers int `json:"containers"`
	Deny       int `json:"deny"`
	Warn       int `json:"warn"`
	Errors     int `json:"errors"`
	// Waived counts findings an exception or inline waiver covers, and
	// Baselined those in the --baseline file; neither counts in Deny/Warn.
	Waived     int            `json:"waived"`
	Baselined  int            `json:"baselined"`
	BySeverity map[string]int `json:"by_severity"`
}

// Report is everything one run produced.
type Report struct {
	SchemaVersion string           `json:"schema_version"`
	Findings      []engine.Finding `json:"findings"`
	Errors        []Error          `json:"errors"`
	Warnings      []Warning        `json:"warnings"`
	Summary       Summary          `json:"summary"`
	// Engine names the Docker Engine a live audit read (dockpol inspect
	// --live, dockpol daemon --live); absent for files.
	Engine *Engine `json:"engine,omitempty"`

	// Checks lists, per evaluated input, the rules that judged it and each
	// of its containers: JUnit and TAP list them as passing tests when they
	// gave no finding. Not part of the JSON report.
	Checks []engine.Checks `json:"-"`
	// Rules is the loaded rules' metadata by id, for the reports that
	// describe each rule (SARIF). Not part of the JSON report.
	Rules map[string]*engine.Rule `json:"-"`
}

// Engine identifies an audited Docker Engine.
type Engine struct {
	Name       string `json:"name"`
	ID         string `json:"id"`
	Version    string `json:"version"`
	APIVersion string `json:"api_version,omitempty"`
	Host       string `json:"host"`
	Context    string `json:"context,omitempty"`
}

// String reads like "engine web-1 (ID 7Q3K:..., Docker 27.3.1) at
// unix:///var/run/docker.sock, context prod".
func (e *Engine) String() string {
	s := fmt.Sprintf("engine %s (ID %s, Docker %s) at %s", or(e.Name, "?"), or(e.ID, "?"), or(e.Version, "?"), e.Host)
	if e.Context != "" {
		s += ", context " + e.Context
	}
	return s
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}

// Recount recomputes the summary after findings changed (a baseline was
// applied), keeping everything else.
func (r *Report) Recount() {
	n := New(r.Findings, r.Errors, r.Warnings, r.Summary.Files, r.Summary.Containers)
	r.Summary = n.Summary
}

// New builds a report and its summary; findings are sorted.
func New(findings []engine.Finding, errs []Error, warnings []Warning, files, containers int) *Report {
	if findings == nil {
		findings = []engine.Finding{}
	}
	if errs == nil {
		errs = []Error{}
	}
	if warnings == nil {
		warnings = []Warning{}
	}
	engine.SortFindings(findings)
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].File != errs[j].File {
			return errs[i].File < errs[j].File
		}
		return errs[i].Line < errs[j].Line
	})
	s := Summary{Files: files, Containers: containers, Errors: len(errs),
		BySeverity: map[string]int{"critical": 0, "high": 0, "medium": 0, "low": 0}}
	for _, f := range findings {
		if !f.Counts() {
			if f.Baselined {
				s.Baselined++
			} else {
				s.Waived++
			}
			continue
		}
		switch f.Action {
		case engine.ActionDeny:
			s.Deny++
		case engine.ActionWarn, engine.ActionAudit:
			// an audit action is a would-be deny: reported, never failing
			s.Warn++
		}
		s.BySeverity[f.Severity]++
	}
	return &Report{SchemaVersion: SchemaVersion, Findings: findings, Errors: errs, Warnings: warnings, Summary: s}
}

// Options shape how a reporter writes.
type Options struct {
	Color bool // ANSI colour (text only; the caller decides: TTY, NO_COLOR)
	Quiet bool // findings and errors only, no summary line
	// FailOn is the run's --fail-on (deny, warn or never). With "warn",
	// JUnit and TAP report counted warnings as failures, as the exit code
	// does; denies are failures whatever it says.
	FailOn string
	// ExitCode is the exit code of the run (SARIF's invocation).
	ExitCode int
	// Version is dockpol's version (SARIF's tool.driver.version).
	Version string
	// BaseDir is the working directory relative to the repository root,
	// with forward slashes ("" when they are the same; see RepoBase).
	// SARIF and GitHub annotations name files relative to the root, as
	// code scanning and workflow annotations expect; the other formats
	// keep them relative to the working directory.
	BaseDir string
}

// Writer writes a report in one format.
type Writer func(w io.Writer, r *Report, opts Options) error

// writers is the registry of formats; Formats derives the names from it.
var writers = map[string]Writer{
	"text":   writeText,
	"json":   writeJSON,
	"sarif":  writeSARIF,
	"junit":  writeJUnit,
	"github": writeGitHub,
	"tap":    writeTAP,
	"table":  writeTable,
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(writers))
	for k := range writers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Write writes r in format.
func Write(w io.Writer, format string, r *Report, opts Options) error {
	wr, ok := writers[format]
	if !ok {
		return fmt.Errorf("unknown format %q (want one of %s)", format, strings.Join(Formats(), ", "))
	}
	return wr(w, r, opts)
}
