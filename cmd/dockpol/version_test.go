package main

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/google/go-cmp/cmp"
	opaversion "github.com/open-policy-agent/opa/v1/version"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/report"
)

// TestBuildInfoOf: stamped values win; without them, what the Go
// toolchain recorded for go install (module version, pseudo-version) or
// a build in a git checkout (vcs.*).
func TestBuildInfoOf(t *testing.T) {
	t.Parallel()
	vcs := func(rev, tm, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: tm}, {Key: "vcs.modified", Value: modified}}
	}
	tests := []struct {
		name                  string
		version, commit, date string
		bi                    *debug.BuildInfo
		want                  [3]string // version, commit, date
	}{
		{name: "no build info", version: "dev", want: [3]string{"dev", "", ""}},
		{name: "stamped", version: "v1.2.0", commit: "abc123", date: "2026-01-02T03:04:05Z",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("fff", "2020-01-01T00:00:00Z", "true")},
			want: [3]string{"v1.2.0", "abc123", "2026-01-02T03:04:05Z"}},
		{name: "go install of a tag", version: "dev", bi: &debug.BuildInfo{Main: debug.Module{Version: "v1.3.0"}},
			want: [3]string{"v1.3.0", "", ""}},
		{name: "go install of a commit", version: "dev", bi: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20260102030405-abcdef123456"}},
			want: [3]string{"v0.0.0-20260102030405-abcdef123456", "abcdef123456", "2026-01-02T03:04:05Z"}},
		{name: "pseudo-version after a tag", version: "dev", bi: &debug.BuildInfo{Main: debug.Module{Version: "v1.2.1-0.20260102030405-abcdef123456"}},
			want: [3]string{"v1.2.1-0.20260102030405-abcdef123456", "abcdef123456", "2026-01-02T03:04:05Z"}},
		{name: "go build in a checkout", version: "dev",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("0123456789abcdef", "2026-02-03T04:05:06Z", "false")},
			want: [3]string{"dev", "0123456789abcdef", "2026-02-03T04:05:06Z"}},
		{name: "dirty checkout", version: "dev",
			bi:   &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("0123456789abcdef", "2026-02-03T04:05:06Z", "true")},
			want: [3]string{"dev", "0123456789abcdef-dirty", "2026-02-03T04:05:06Z"}},
		{name: "stamped version, commit from vcs", version: "v2.0.0",
			bi:   &debug.BuildInfo{Settings: vcs("0123", "2026-02-03T04:05:06Z", "false")},
			want: [3]string{"v2.0.0", "0123", "2026-02-03T04:05:06Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := buildInfoOf(tt.version, tt.commit, tt.date, tt.bi)
			if diff := cmp.Diff(tt.want, [3]string{b.Version, b.Commit, b.Date}); diff != "" {
				t.Errorf("version, commit, date (-want +got):\n%s", diff)
			}
			if b.OPAVersion != opaversion.Version || b.DocumentSchema != inputs.Schema || b.ReportSchema != report.SchemaVersion || b.Platform != runtime.GOOS+"/"+runtime.GOARCH || b.GoVersion == "" {
				t.Errorf("fixed fields: %+v", b)
			}
		})
	}
}
