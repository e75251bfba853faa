package compose

import (
	"context"

	"github.com/dockpol/dockpol/inputs"
)

// LoadWithoutShortcuts loads as Load does but hands compose-go its full
// interpolation cast table and its own YAML parse: the reference the
// shortcuts are compared against.
func LoadWithoutShortcuts(ctx context.Context, files []File, opts Options) (*inputs.Document, error) {
	return load(ctx, files, opts, false)
}
