package compose

import (
	"github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// projectName works out the project name as compose-go's loader does
// (loader.projectName in v2.16.2): the last non-empty top-level name: of
// the project's files, interpolated and normalised, else the directory's
// name. compose-go reads each file's YAML once more just for that key;
// from our own parse of the same files the name costs nothing, and the
// loader is then told it (explicitly, so it does not look again).
//
// ok is false when the name cannot be settled here (its interpolation
// fails): compose-go then does it and reports the error itself.
func (s *sources) projectName(files []*sourceFile, details types.ConfigDetails, opts interpolation.Options, dirName string) (name string, ok bool) {
	type named struct {
		Name string `yaml:"name"`
	}
	fromFiles := ""
	for _, f := range files {
		var n named
		for _, doc := range f.docs {
			if err := doc.Decode(&n); err != nil {
				break // as compose-go: give up on the file, keep what was found
			}
			if n.Name != "" {
				fromFiles = n.Name
			}
		}
	}
	opts.LookupValue = details.LookupEnv
	interpolated, err := interpolation.Interpolate(map[string]any{"name": fromFiles}, opts)
	if err != nil {
		return "", false
	}
	fromFiles, _ = interpolated["name"].(string)
	if fromFiles = loader.NormalizeProjectName(fromFiles); fromFiles != "" {
		return fromFiles, true
	}
	return dirName, true
}
