package compose

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v4"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/dockerfile"
)

// maxDockerfileSize caps a Dockerfile read for a service's build:.
const maxDockerfileSize = 1 << 20

// imageConfig reads the Dockerfile a service with build: is built from
// and returns what it says of the image the service runs (image_config):
// the USER and HEALTHCHECK of the last stage, or of build.target's, as
// the stages it is built FROM leave them. Null when the service has no
// build:, or when its Dockerfile cannot be read: then a warning says so
// and rules judge the service as before, without the image's facts. The
// file is read only when it is a regular file inside the root directory
// (Options.Root), of at most maxDockerfileSize bytes.
func (b *builder) imageConfig(base string, layers []layer, svc types.ServiceConfig) any {
	bc := svc.Build
	if bc == nil {
		return nil
	}
	buildPos := b.keyPos(layers, "build")
	warn := func(format string, args ...any) any {
		b.warnings = append(b.warnings, inputs.Diagnostic{
			Severity: inputs.SeverityWarning,
			Pos:      buildPos,
			Message: fmt.Sprintf("service %q: ", svc.Name) + fmt.Sprintf(format, args...) +
				"; rules judge its user and healthcheck without its image's USER and HEALTHCHECK",
		})
		return nil
	}
	args := map[string]string{}
	for k, v := range bc.Args {
		if v != nil {
			args[k] = *v
		}
	}

	var (
		data    []byte
		name    string // how the document names the Dockerfile
		display string // the file positions name
		lineAt  = func(n int) int { return n }
	)
	if bc.DockerfileInline != "" {
		data = []byte(bc.DockerfileInline)
		f, k, v := findKey(layers, []string{"build", "dockerfile_inline"})
		if k == nil {
			return warn("build: cannot locate its dockerfile_inline")
		}
		display = f.rel
		v = resolve(v)
		first := v.Line
		if v.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			// a block scalar's content starts on the line after its indicator
			lineAt = func(n int) int { return first + n }
		} else {
			lineAt = func(int) int { return first }
		}
	} else {
		ctx := bc.Context
		if ctx == "" || isRemote(ctx) || strings.HasPrefix(ctx, "github.com/") || strings.HasPrefix(ctx, types.ServicePrefix) {
			return warn("build: the context %q is not a local directory, so its Dockerfile is not read", inputs.RedactValue("context", ctx))
		}
		df := bc.Dockerfile
		if df == "" {
			df = "Dockerfile"
		}
		abs := absPath(ctx, df)
		name = filepath.ToSlash(abs)
		if rel, err := filepath.Rel(b.root, abs); err == nil {
			name = filepath.ToSlash(rel) // relative to the project, as every document path
		}
		if !b.src.inRoot(abs) {
			return warn("build: its Dockerfile %s is outside the root directory (--root), so it is not read", name)
		}
		var err error
		if data, err = readCappedAt(abs, maxDockerfileSize); err != nil {
			return warn("build: cannot read its Dockerfile %s: %v", name, err)
		}
		display = displayPath(b.src.opts.cwd(), abs)
	}

	sc, err := dockerfile.ImageConfig(display, data, bc.Target, args)
	if err != nil {
		var se *inputs.SourceError
		if errors.As(err, &se) {
			if se.Pos.Line > 0 {
				se.Pos.Line = lineAt(se.Pos.Line)
			}
			return warn("build: its Dockerfile cannot be used: %v", se)
		}
		return warn("build: its Dockerfile cannot be used: %v", err)
	}
	for _, w := range sc.Warnings {
		if w.Pos.Line > 0 {
			w.Pos.Line = lineAt(w.Pos.Line)
		}
		b.warnings = append(b.warnings, w)
	}

	if !contains(b.dockerfiles, display) {
		b.dockerfiles = append(b.dockerfiles, display)
	}
	pos := func(line int) inputs.Position { return inputs.Position{File: display, Line: lineAt(line)} }
	path := base + ".image_config"
	b.prov[path] = pos(sc.Line)
	out := map[string]any{
		"dockerfile":  inputs.StrOrNil(name),
		"inline":      bc.DockerfileInline != "",
		"stage":       sc.Index,
		"user":        nil,
		"healthcheck": nil,
	}
	if sc.User != nil {
		out["user"] = *sc.User
		b.prov[path+".user"] = pos(sc.UserLine)
	}
	if sc.Healthcheck != nil {
		out["healthcheck"] = sc.Healthcheck
		b.prov[path+".healthcheck"] = pos(sc.HealthcheckLine)
	}
	return out
}
