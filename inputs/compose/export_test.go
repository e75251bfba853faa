package compose

import (
	"context"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/dockpol/dockpol/inputs"
)

// LoadWithoutShortcuts loads as Load does without the load-time
// shortcuts: the reference they are compared against.
func LoadWithoutShortcuts(ctx context.Context, files []File, opts Options) (*inputs.Document, error) {
	return load(ctx, files, opts, false)
}

// LoadInfo tells how a load went.
type LoadInfo struct {
	// Trimmed is whether compose-go's default values and relative paths
	// were applied to the trimmed model (loadTrimmed).
	Trimmed bool
	// Project is the project compose-go returned.
	Project *types.Project
}

// LoadReporting loads as Load does (shortcuts on) or as
// LoadWithoutShortcuts does, and tells how it went.
func LoadReporting(ctx context.Context, files []File, opts Options, shortcuts bool) (*inputs.Document, LoadInfo, error) {
	var info loadInfo
	doc, err := loadReporting(ctx, files, opts, shortcuts, &info)
	return doc, LoadInfo{Trimmed: info.trimmed, Project: info.project}, err
}

// ApplyPasses runs compose-go's default-values and relative-paths passes
// over the parts of a model they can change (see loadTrimmed).
var ApplyPasses = applyPasses

// ErrUnprunable is ApplyPasses' error for a model it cannot prune.
var ErrUnprunable = errUnprunable
