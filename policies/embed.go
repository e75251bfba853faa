// Package policies embeds dockpol's shipped Rego bundle: one package per
// area (dockpol.container, dockpol.image, dockpol.network, ...), one rule
// per file with its unit tests beside it, shared helpers in dockpol.lib.
package policies

import "embed"

// FS holds the shipped bundle: the .manifest and every .rego file,
// _test.rego files included (dockpol verify runs them).
//
//go:embed .manifest container image network lib
var FS embed.FS
