// Package report turns findings and input errors into output: one Report
// value, written by a reporter chosen by name (text, json).
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
		case engine.ActionWarn:
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
}

// Writer writes a report in one format.
type Writer func(w io.Writer, r *Report, opts Options) error

// writers is the registry of formats; Formats derives the names from it.
var writers = map[string]Writer{
	"text": writeText,
	"json": writeJSON,
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
