package runner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
	"github.com/dockpol/dockpol/inputs/daemon"
)

// Kinds of input a target can be (what --kind names). A document's kind
// is a different thing: daemon.json and docker info both give a document
// of kind "daemon".
const (
	KindCompose    = "compose"    // compose files of one project
	KindDockerfile = "dockerfile" // a Dockerfile (or Containerfile)
	KindDaemon     = "daemon"     // a daemon.json
	KindInfo       = "info"       // saved `docker info --format '{{json .}}'` output
	KindInspect    = "inspect"    // saved `docker inspect` output
)

// Kinds lists the input kinds, for --kind and its help text.
var Kinds = []string{KindCompose, KindDockerfile, KindDaemon, KindInfo, KindInspect}

// ValidKind reports whether k is an input kind.
func ValidKind(k string) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// IsDockerfileName reports whether a file name is a Dockerfile's:
// Dockerfile, Dockerfile.*, *.Dockerfile, Containerfile, Containerfile.*
// and *.Containerfile (also with a lower-case first letter), but not the
// build's ignore files (Dockerfile.dockerignore).
func IsDockerfileName(name string) bool {
	if strings.HasSuffix(name, ".dockerignore") || strings.HasSuffix(name, ".containerignore") {
		return false
	}
	for _, base := range []string{"Dockerfile", "dockerfile", "Containerfile", "containerfile"} {
		if name == base || strings.HasPrefix(name, base+".") || strings.HasSuffix(name, "."+base) {
			return true
		}
	}
	return false
}

// KindForName returns the input kind a file name says, or "" when the
// name says nothing (the content decides).
func KindForName(name string) string {
	switch {
	case IsComposeName(name):
		return KindCompose
	case IsDockerfileName(name):
		return KindDockerfile
	case name == "daemon.json":
		return KindDaemon
	}
	return ""
}

var (
	// yamlServices finds a top-level services: key.
	yamlServices = regexp.MustCompile(`(?m)^services[ \t]*:`)
	utf8BOM      = []byte{0xEF, 0xBB, 0xBF}
)

// Sniff returns the input kind the content says, or "": a JSON array or
// object with Config and HostConfig (or Id and RepoTags) is docker inspect
// output, an object with ServerVersion and SecurityOptions docker info,
// another object with daemon.json keys a daemon.json, one with services a
// compose file; a text whose first instruction (after comments and ARGs)
// is FROM a Dockerfile; YAML with a top-level services: key a compose file.
func Sniff(data []byte) string {
	s := bytes.TrimSpace(bytes.TrimPrefix(data, utf8BOM))
	if len(s) == 0 {
		return ""
	}
	if s[0] == '{' || s[0] == '[' {
		var v any
		if json.Unmarshal(s, &v) == nil {
			return sniffJSON(v)
		}
	}
	if firstInstructionIsFrom(s) {
		return KindDockerfile
	}
	if yamlServices.Match(s) {
		return KindCompose
	}
	return ""
}

func sniffJSON(v any) string {
	inspectLike := func(m map[string]any) bool {
		has := func(k string) bool { _, ok := m[k]; return ok }
		return has("Config") && has("HostConfig") || has("Id") && has("RepoTags")
	}
	switch x := v.(type) {
	case []any:
		if len(x) > 0 {
			if m, ok := x[0].(map[string]any); ok && inspectLike(m) {
				return KindInspect
			}
		}
	case map[string]any:
		_, version := x["ServerVersion"]
		_, secopts := x["SecurityOptions"]
		switch {
		case inspectLike(x):
			return KindInspect
		case version && secopts:
			return KindInfo
		}
		if _, ok := x["services"]; ok {
			return KindCompose
		}
		for k := range x {
			if daemon.IsDaemonJSONKey(k) {
				return KindDaemon
			}
		}
	}
	return ""
}

// firstInstructionIsFrom reports whether the first Dockerfile instruction
// of s, after comments, parser directives and global ARGs, is FROM.
func firstInstructionIsFrom(s []byte) bool {
	continued := false
	for _, line := range strings.Split(string(s), "\n") {
		t := strings.TrimSpace(line)
		wasContinued := continued
		continued = strings.HasSuffix(t, "\\") || strings.HasSuffix(t, "`")
		if wasContinued || t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		word, _, _ := strings.Cut(t, " ")
		word, _, _ = strings.Cut(word, "\t")
		switch strings.ToUpper(word) {
		case "ARG":
			continue
		case "FROM":
			return true
		}
		return false
	}
	return false
}

// readInput reads a file for an adapter that takes bytes: a regular file
// (not a kernel pseudo-file), within the size cap.
func readInput(p string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = compose.DefaultMaxFileSize
	}
	st, err := os.Stat(p)
	if err != nil {
		return nil, errors.New(pathErr(err))
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if abs, err := filepath.Abs(real); err == nil && (strings.HasPrefix(abs, "/proc/") || strings.HasPrefix(abs, "/sys/")) {
			return nil, errors.New("not a regular file (a kernel pseudo-file)")
		}
	}
	if !st.Mode().IsRegular() {
		if st.IsDir() {
			return nil, errors.New("is a directory, not a file")
		}
		return nil, errors.New("not a regular file")
	}
	if st.Size() > maxSize {
		return nil, fmt.Errorf("%w (%d bytes, limit %d)", inputs.ErrTooLarge, st.Size(), maxSize)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, errors.New(pathErr(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, errors.New(pathErr(err))
	}
	if int64(len(data)) > maxSize {
		return nil, fmt.Errorf("%w (limit %d bytes)", inputs.ErrTooLarge, maxSize)
	}
	return data, nil
}

// displayName is how a file is named in reports: relative to the working
// directory when it lies below it, with forward slashes.
func displayName(p, workDir string) string {
	if workDir == "" {
		workDir, _ = os.Getwd()
	}
	abs, err := filepath.Abs(p)
	if err != nil || workDir == "" {
		return filepath.ToSlash(p)
	}
	if rel, err := filepath.Rel(workDir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(p)
}

// DocumentKinds lists the kinds of document the targets load into (what
// engine.WithKinds takes): compose files give compose documents, a
// Dockerfile a dockerfile document (its final stage judged as an image),
// daemon.json and docker info a daemon document, docker inspect output
// container or image documents.
func DocumentKinds(targets []Target) []string {
	seen := map[string]bool{}
	var out []string
	add := func(kinds ...string) {
		for _, k := range kinds {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	for _, t := range targets {
		switch t.Kind {
		case "", KindCompose:
			add(inputs.KindCompose)
		case KindDockerfile:
			add(inputs.KindDockerfile, inputs.KindImage)
		case KindDaemon, KindInfo:
			add(inputs.KindDaemon)
		case KindInspect:
			add(inputs.KindContainer, inputs.KindImage)
		}
	}
	return out
}
