package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dockpol/dockpol/internal/dockertest"
)

// TestMain lets the test binary act as the dockpol command: testscript
// installs it on the scripts' PATH under that name, so the acceptance
// tests run the real binary as a user would, in a subprocess.
func TestMain(m *testing.M) {
	// dockertest.Wrap stops the private Docker Engine the live tests
	// start (live_test.go), if they started one.
	testscript.Main(dockertest.Wrap(m), map[string]func(){
		"dockpol": func() {
			os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
		// the same binary as the Docker CLI plugin (plugin_test.go)
		pluginBinary: func() {
			os.Exit(run(context.Background(), os.Args, os.Stdin, os.Stdout, os.Stderr))
		},
		// helpers of the team_*.txtar scripts (team_test.go)
		"genkey":       genkeyMain,
		"tamperbundle": tamperbundleMain,
	})
}

// TestScripts runs the acceptance tests in testdata/script/*.txtar. Each
// script starts in an empty work directory holding a copy of the
// repository's examples/ (as examples/), so the commands the README shows
// run unchanged.
//
// Besides testscript's own commands and conditions, scripts have the
// condition [race] (built with -race) and the commands:
//
//	exits N command [args...]   run command and require exit status N
//	jsonreport file             require file (stdout, stderr or a path) to be
//	                            a JSON report with every documented key
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			// A binary built with -race sleeps a second before exiting
			// (GORACE atexit_sleep_ms, default 1000): with a hundred
			// commands that is most of the run time.
			env.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
			return os.CopyFS(filepath.Join(env.WorkDir, "examples"), os.DirFS(examples))
		},
		Condition: func(cond string) (bool, error) {
			if cond == "race" {
				return raceEnabled, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits":      cmdExits,
			"jsonreport": cmdJSONReport,
		},
		RequireUniqueNames: true,
		// go test -update also rewrites the files that cmp compares with.
		UpdateScripts: *update,
	})
}

// cmdExits runs a command and checks its exit status: testscript's own
// "! exec" only tells zero from non-zero, and dockpol's 1 (policy
// failures) and 2 (errors) must not be confused.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: bad status %q", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("exit status %d, want %d", got, want)
	}
}

// cmdJSONReport checks the shape of a JSON report: the public contract of
// --format json (report.SchemaVersion).
func cmdJSONReport(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: jsonreport file")
	}
	if err := checkJSONReport([]byte(ts.ReadFile(args[0]))); err != nil {
		ts.Fatalf("%s: %v", args[0], err)
	}
}

// Keys every JSON report, finding and error has.
var (
	reportKeys  = []string{"schema_version", "findings", "errors", "warnings", "summary"}
	findingKeys = []string{"id", "action", "severity", "title", "message", "container", "file", "line", "kind"}
	errorKeys   = []string{"file", "line", "message"}
	warningKeys = []string{"file", "line", "message"}
	summaryKeys = []string{"files", "containers", "deny", "warn", "errors", "by_severity"}
)

func checkJSONReport(data []byte) error {
	var rep map[string]json.RawMessage
	if err := json.Unmarshal(data, &rep); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	if err := hasKeys("report", rep, reportKeys); err != nil {
		return err
	}
	if string(rep["schema_version"]) != `"1"` {
		return fmt.Errorf("schema_version is %s, want \"1\"", rep["schema_version"])
	}
	for _, list := range []struct {
		name string
		keys []string
	}{{"findings", findingKeys}, {"errors", errorKeys}, {"warnings", warningKeys}} {
		var items []map[string]json.RawMessage
		if err := json.Unmarshal(rep[list.name], &items); err != nil {
			return fmt.Errorf("%s: not a list of objects: %w", list.name, err)
		}
		if items == nil {
			return fmt.Errorf("%s is null, want a list (empty or not)", list.name)
		}
		for i, item := range items {
			if err := hasKeys(fmt.Sprintf("%s[%d]", list.name, i), item, list.keys); err != nil {
				return err
			}
		}
	}
	var summary map[string]json.RawMessage
	if err := json.Unmarshal(rep["summary"], &summary); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	return hasKeys("summary", summary, summaryKeys)
}

func hasKeys(what string, m map[string]json.RawMessage, keys []string) error {
	var missing []string
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("%s lacks %q", what, missing)
	}
	return nil
}
