package report_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/report"
)

// TestGitHub pins the workflow commands: the level per action, properties
// escaped as the Actions toolkit escapes them (% CR LF, and : , in
// properties), the message escaped (% CR LF), files relative to the
// repository root.
func TestGitHub(t *testing.T) {
	out := write(t, "github", fixture(), report.Options{BaseDir: "svc"})
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	want := []string{
		`::warning file=svc/deploy/compose.yaml,line=4,col=5,title=DKR-C27 Title of DKR-C27 [web]::service "web" has no memory limit%0Asecond line`,
		`::error file=svc/deploy/compose.yaml,line=6,col=5,title=DKR-C01 Title of DKR-C01 [web]::service "web" runs privileged: 100%25 of the host, a,b:c`,
		`::warning file=svc/deploy/compose.yaml,line=9,col=5,title=DKR-N01 Title of DKR-N01 [web]::port 80 on all interfaces`,
		`::warning file=svc/deploy/compose.yaml,line=10,col=5,title=DKR-N01 Title of DKR-N01 [web]::port 443 on all interfaces`,
		`::notice file=svc/deploy/compose.yaml,line=19,col=5,title=DKR-C25 Title of DKR-C25 [db]::in the baseline: runs as root`,
		`::notice file=svc/deploy/compose.yaml,line=20,col=5,title=DKR-C04 Title of DKR-C04 [db]::waived (deploy/compose.yaml:22:7 (inline)): needs host metrics: service "db" uses the host network`,
		`::error file=svc/deploy/compose.yaml,line=21,col=5,title=DKR-C02 Title of DKR-C02 [db]::host PID (exception expired 2020-01-01, .dockpol.yaml:9: old)`,
		`::notice file=svc/deploy/compose.yaml,line=25,col=5,title=DKR-C18 Title of DKR-C18 [db]::waived (.dockpol.yaml:4): monitoring agent: socket mounted`,
		`::warning file=svc/deploy/compose.yaml,line=30,col=5,title=DKR-V01 Title of DKR-V01::volume shared`,
		`::error file=svc/broken.yaml,line=4,col=4,title=dockpol%3A input error::invalid YAML: did not find expected key`,
		`::warning file=svc/deploy/compose.yaml,line=7,col=9,title=dockpol%3A input warning::variable "REGION" is not set`,
		`2 files, 2 containers: 2 denied, 4 warnings (critical 1, high 1, medium 3, low 1), 2 waived, 1 in baseline, 1 error`,
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	quiet := write(t, "github", fixture(), report.Options{Quiet: true})
	if strings.Contains(quiet, "input warning") || strings.Contains(quiet, "2 files") {
		t.Errorf("--quiet keeps warnings or the summary:\n%s", quiet)
	}
}

func TestGitHubEscapesProperties(t *testing.T) {
	r := fixture()
	r.Findings, r.Errors = r.Findings[:1], nil
	r.Findings[0].File = "dir,with:odd%name\nx.yaml"
	r.Findings[0].Title = "a: b, c"
	out := write(t, "github", r, report.Options{Quiet: true})
	want := "::warning file=dir%2Cwith%3Aodd%25name%0Ax.yaml,line=4,col=5,title=DKR-C27 a%3A b%2C c [web]::"
	if !strings.HasPrefix(out, want) {
		t.Errorf("got  %s\nwant %s…", out, want)
	}
	if strings.Count(out, "\n") != 1 {
		t.Errorf("one finding, several lines:\n%s", out)
	}
}

// TestGitHubStdin: standard input is no file of the repository, so it is
// named in the title rather than as file=.
func TestGitHubStdin(t *testing.T) {
	r := fixture()
	r.Findings, r.Errors = r.Findings[:1], nil
	r.Findings[0].File = "<stdin>"
	out := write(t, "github", r, report.Options{Quiet: true})
	if strings.Contains(out, "file=") || !strings.Contains(out, "title=DKR-C27 Title of DKR-C27 [web] (<stdin>)::") {
		t.Errorf("stdin finding: %s", out)
	}
}
