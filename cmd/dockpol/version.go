package main

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"text/tabwriter"
	"time"

	opaversion "github.com/open-policy-agent/opa/v1/version"
	"github.com/urfave/cli/v3"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/report"
)

// Stamped by release builds (Makefile, .goreleaser.yaml):
//
//	-ldflags "-X main.version=v1.2.0 -X main.commit=<sha> -X main.date=<RFC 3339>"
//
// (the names GoReleaser's default ldflags use). Unstamped builds fall
// back to what the Go toolchain recorded (buildInfoOf).
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// buildInfo is what dockpol version prints; the JSON keys are a public
// contract (unknown values are empty strings, never missing keys).
type buildInfo struct {
	Version        string `json:"version"`
	Commit         string `json:"commit"`
	Date           string `json:"date"` // the commit's date, so builds are reproducible
	GoVersion      string `json:"go_version"`
	Platform       string `json:"platform"`
	OPAVersion     string `json:"opa_version"`
	DocumentSchema string `json:"document_schema"` // the normalised document's schema (inputs.Schema)
	ReportSchema   string `json:"report_schema"`   // the JSON report's schema_version
}

// currentBuild describes the running binary.
func currentBuild() buildInfo {
	bi, _ := debug.ReadBuildInfo()
	return buildInfoOf(version, commit, date, bi)
}

// pseudoVersion matches a Go pseudo-version's timestamp and revision
// (v0.0.0-20260102150405-abcdef123456, v1.2.4-0.20260102150405-abcdef123456).
var pseudoVersion = regexp.MustCompile(`(?:^|[-.])(\d{14})-([0-9a-f]{12})(?:\+incompatible)?$`)

// buildInfoOf joins the stamped values with the build information the
// Go toolchain recorded: `go install .../cmd/dockpol@v1.2.0` records the
// module version (and a pseudo-version names its commit and time), a
// build in a git checkout records vcs.revision and vcs.time.
func buildInfoOf(stampedVersion, stampedCommit, stampedDate string, bi *debug.BuildInfo) buildInfo {
	b := buildInfo{
		Version:        stampedVersion,
		Commit:         stampedCommit,
		Date:           stampedDate,
		GoVersion:      runtime.Version(),
		Platform:       runtime.GOOS + "/" + runtime.GOARCH,
		OPAVersion:     opaversion.Version,
		DocumentSchema: inputs.Schema,
		ReportSchema:   report.SchemaVersion,
	}
	if bi == nil {
		if b.Version == "" {
			b.Version = "dev"
		}
		return b
	}
	if bi.GoVersion != "" {
		b.GoVersion = bi.GoVersion
	}
	var revision, vcsTime string
	var modified bool
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			vcsTime = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	mod := bi.Main.Version
	if mod == "(devel)" {
		mod = ""
	}
	if m := pseudoVersion.FindStringSubmatch(mod); m != nil {
		if revision == "" {
			revision = m[2]
		}
		if t, err := time.Parse("20060102150405", m[1]); err == nil && vcsTime == "" {
			vcsTime = t.UTC().Format(time.RFC3339)
		}
	}
	if b.Version == "" || b.Version == "dev" {
		b.Version = mod
		if b.Version == "" {
			b.Version = "dev"
		}
	}
	if b.Commit == "" && revision != "" {
		b.Commit = revision
		if modified {
			b.Commit += "-dirty"
		}
	}
	if b.Date == "" {
		b.Date = vcsTime
	}
	return b
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "print the version, commit, build date, OPA and Go versions, and the schema versions",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"o"}, Value: "text", Usage: "text or json"},
		},
		Action: func(_ context.Context, cmd *cli.Command) error {
			if cmd.Args().Len() > 0 {
				return usageErr("version takes no arguments (got %q)", cmd.Args().First())
			}
			b := currentBuild()
			out := cmd.Root().Writer
			switch cmd.String("format") {
			case "json":
				enc := json.NewEncoder(out)
				enc.SetIndent("", "  ")
				return enc.Encode(b)
			case "text":
				unknown := func(s string) string {
					if s == "" {
						return "unknown"
					}
					return s
				}
				tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
				fmt.Fprintf(tw, "dockpol\t%s\n", b.Version)
				fmt.Fprintf(tw, "commit\t%s\n", unknown(b.Commit))
				fmt.Fprintf(tw, "date\t%s\n", unknown(b.Date))
				fmt.Fprintf(tw, "go\t%s %s\n", b.GoVersion, b.Platform)
				fmt.Fprintf(tw, "opa\t%s\n", b.OPAVersion)
				fmt.Fprintf(tw, "document schema\t%s\n", b.DocumentSchema)
				fmt.Fprintf(tw, "report schema\t%s\n", b.ReportSchema)
				return tw.Flush()
			default:
				return usageErr("unknown --format %q (want text or json)", cmd.String("format"))
			}
		},
	}
}
