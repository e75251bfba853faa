// Package baseline records the findings a project accepts today, so that
// adopting dockpol on an existing repository fails only on new findings.
// Findings are matched by fingerprint (rule id, file, container and
// normalised path), never by line number, so edits that move lines keep
// the baseline valid.
package baseline

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"

	"github.com/dockpol/dockpol/engine"
	"github.com/dockpol/dockpol/inputs"
)

// Version of the file format.
const Version = 1

// Entry is one accepted finding.
type Entry struct {
	Fingerprint string `json:"fingerprint"`
	ID          string `json:"id"`
	File        string `json:"file"`
	Container   string `json:"container,omitempty"`
	Path        string `json:"path,omitempty"`
}

// File is a baseline file.
type File struct {
	Version  int     `json:"version"`
	Findings []Entry `json:"findings"`
}

// maxSize caps a baseline file: one committed to the checked repository
// is input from whoever wrote the commit (a FIFO must not hang CI).
const maxSize = 64 << 20

// Read loads a baseline file.
func Read(path string) (*File, error) {
	data, err := inputs.ReadFile(path, maxSize)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %s: %w", path, err)
	}
	var f File
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: not a dockpol baseline: %w", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("%s: baseline version %d, want %d", path, f.Version, Version)
	}
	return &f, nil
}

// Apply marks the findings the baseline holds.
func (f *File) Apply(findings []engine.Finding) {
	known := make(map[string]bool, len(f.Findings))
	for _, e := range f.Findings {
		known[e.Fingerprint] = true
	}
	for i := range findings {
		if known[findings[i].Fingerprint] {
			findings[i].Baselined = true
		}
	}
}

// FromFindings builds a baseline of every finding that counts now.
func FromFindings(findings []engine.Finding) *File {
	seen := map[string]bool{}
	out := &File{Version: Version, Findings: []Entry{}}
	for _, fd := range findings {
		if fd.Waiver != nil && !fd.Waiver.Expired || seen[fd.Fingerprint] {
			continue
		}
		seen[fd.Fingerprint] = true
		out.Findings = append(out.Findings, Entry{Fingerprint: fd.Fingerprint, ID: fd.ID, File: fd.File, Container: fd.Container, Path: fd.Path})
	}
	sort.Slice(out.Findings, func(i, j int) bool {
		a, b := out.Findings[i], out.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		return a.Fingerprint < b.Fingerprint
	})
	return out
}

// Write writes the baseline as indented JSON.
func (f *File) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}
