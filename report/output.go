package report

import (
	"errors"
	"fmt"
	"strings"
)

// Stdout is the path that names standard output in an Output.
const Stdout = "-"

// Output is one report a run writes: a format, to a path (Stdout for
// standard output).
type Output struct {
	Format string
	Path   string
}

// ParseOutput reads an --output spec, FORMAT=PATH.
func ParseOutput(spec string) (Output, error) {
	format, path, ok := strings.Cut(spec, "=")
	if !ok || format == "" || path == "" {
		return Output{}, fmt.Errorf("--output %q: want FORMAT=PATH (e.g. sarif=results.sarif, json=- for standard output)", spec)
	}
	if _, known := writers[format]; !known {
		return Output{}, fmt.Errorf("--output %q: unknown format %q (want one of %s)", spec, format, strings.Join(Formats(), ", "))
	}
	return Output{Format: format, Path: path}, nil
}

// PlanOutputs returns the reports a run writes: the --format report on
// standard output, then each --output spec. An --output to standard output
// (FORMAT=-) takes the place of the --format report, unless --format was
// given explicitly (formatSet), which is an error: one report per stream.
// So is naming a path twice.
func PlanOutputs(format string, formatSet bool, specs []string) ([]Output, error) {
	if _, known := writers[format]; !known {
		hint := ""
		if strings.Contains(format, "=") {
			hint = "; FORMAT=PATH goes to --output"
		}
		return nil, fmt.Errorf("unknown --format %q (want one of %s%s)", format, strings.Join(Formats(), ", "), hint)
	}
	var outs []Output
	stdout := false
	paths := map[string]bool{}
	for _, spec := range specs {
		o, err := ParseOutput(spec)
		if err != nil {
			return nil, err
		}
		if o.Path == Stdout {
			if stdout {
				return nil, errors.New("--output: only one report can go to standard output (-)")
			}
			if formatSet {
				return nil, fmt.Errorf("--output %s: standard output already carries the --format %s report", spec, format)
			}
			stdout = true
		} else if paths[o.Path] {
			return nil, fmt.Errorf("--output %s: %s is named twice", spec, o.Path)
		}
		paths[o.Path] = true
		outs = append(outs, o)
	}
	if !stdout {
		outs = append([]Output{{Format: format, Path: Stdout}}, outs...)
	}
	return outs, nil
}
