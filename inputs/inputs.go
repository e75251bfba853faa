// Package inputs holds what every input adapter shares: the normalised
// document's constants, source positions, the provenance index that maps a
// normalised path back to the file and line that set it, and diagnostics.
//
// Adapters live in the sub-packages (inputs/compose, ...); each returns a
// Document built as map[string]any with primitive leaves, so the engine can
// convert it to a Rego value without reflection.
package inputs

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Schema is the value of the "schema" key of every document.
const Schema = "dockpol/v1"

// Kinds of document.
const (
	KindCompose    = "compose"
	KindContainer  = "container"
	KindImage      = "image"
	KindDaemon     = "daemon"
	KindDockerfile = "dockerfile"
	KindRequest    = "request"
)

// Position is a place in a source file. Line and Col are 1-based; zero means
// unknown. File is relative to the project root, with forward slashes.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats the position compiler style: file:line:col.
func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Provenance maps normalised paths inside a document, written as
// "containers[0].mounts[2].source", to the position of the source key that
// set the value (after merges: the override over the base).
type Provenance map[string]Position

// Lookup returns the position recorded for path, or for its closest
// recorded ancestor ("containers[0].mounts[2].source", then
// "containers[0].mounts[2]", then "containers[0].mounts", ...).
func (p Provenance) Lookup(path string) (Position, bool) {
	for path != "" {
		if pos, ok := p[path]; ok {
			return pos, true
		}
		path = parentPath(path)
	}
	return Position{}, false
}

func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// JoinPath appends segments to a normalised path: strings become ".key"
// (or the key alone at the start), integers "[i]".
func JoinPath(base string, segs ...any) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range segs {
		switch v := s.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(v) + "]")
		case int64:
			b.WriteString("[" + strconv.FormatInt(v, 10) + "]")
		case float64:
			b.WriteString("[" + strconv.FormatFloat(v, 'f', -1, 64) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// Severity of a diagnostic.
type Severity string

// Diagnostic severities: a warning is reported and the file is still
// checked; an error means the file could not be checked.
const (
	SeverityWarning Severity = "warning"
	SeverityError   Severity = "error"
)

// Diagnostic is a message about an input that is not a policy finding: an
// unset variable, a file that could not be parsed.
type Diagnostic struct {
	Severity Severity
	Pos      Position
	Message  string
}

// String formats the diagnostic as one line, position first.
func (d Diagnostic) String() string {
	return d.Pos.String() + ": " + string(d.Severity) + ": " + d.Message
}

// SortDiagnostics orders diagnostics by file, line, column and message.
func SortDiagnostics(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Pos.File != b.Pos.File {
			return a.Pos.File < b.Pos.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Message < b.Message
	})
}

// Document is one normalised input ready for evaluation, with the
// provenance of its values and the warnings raised while building it.
type Document struct {
	// Path names the input in reports (relative to the working directory
	// where possible, "-" for standard input).
	Path string
	// Value is the normalised document (schema dockpol/v1): a tree of
	// map[string]any, []any and primitive leaves.
	Value map[string]any
	// Provenance maps normalised paths to source positions.
	Provenance Provenance
	// Warnings are non-fatal diagnostics (unset variables, ...).
	Warnings []Diagnostic
	// Raw holds each input file as conftest's parser presents it, for
	// conftest-style policies (filled only when such policies are loaded).
	Raw []RawFile
}

// RawFile is one file decoded plainly (YAML or JSON), without any
// normalisation.
type RawFile struct {
	Path  string
	Value any
}

// Containers returns the document's containers.
func (d *Document) Containers() []map[string]any {
	list, _ := d.Value["containers"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, c := range list {
		if m, ok := c.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

// Kind returns the document's kind.
func (d *Document) Kind() string {
	k, _ := d.Value["kind"].(string)
	return k
}

// ContainerKind is the kind a container rule judges a container of a
// document of kind docKind as: "image" for an image-level view (origin
// kind "image", the final stage of a Dockerfile), else the document's
// kind. Rules list it in METADATA custom.kinds; the per-container input's
// document.kind says it.
func ContainerKind(docKind string, container map[string]any) string {
	if o, ok := container["origin"].(map[string]any); ok && o["kind"] == KindImage {
		return KindImage
	}
	return docKind
}
