package compose_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/compose"
)

// envByName indexes a container's environment list by variable name.
func envByName(t *testing.T, doc *inputs.Document, container int) map[string]any {
	t.Helper()
	out := map[string]any{}
	list, _ := get(jsonValue(t, doc.Value), fmt.Sprintf("containers[%d].environment", container)).([]any)
	for _, e := range list {
		m := e.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

// TestEnvironment checks value_kind, secret_like and value of each
// variable of testdata/env, one row per variable.
func TestEnvironment(t *testing.T) {
	t.Parallel()
	doc := mustLoad(t, filepath.Join("testdata", "env"), []string{"compose.yaml"}, compose.Options{Env: []string{"CLI_VALUE=from-cli"}})
	envs := []map[string]any{envByName(t, doc, 0), envByName(t, doc, 1)}
	tests := []struct {
		container int
		name      string
		want      string
	}{
		{0, "TZ", `{"name":"TZ","value_kind":"literal","secret_like":false,"value":"UTC"}`},
		{0, "EMPTY", `{"name":"EMPTY","value_kind":"empty","secret_like":false,"value":""}`},
		{0, "NULLED", `{"name":"NULLED","value_kind":"passthrough","secret_like":false}`},
		{0, "FROM_DOTENV", `{"name":"FROM_DOTENV","value_kind":"literal","secret_like":false,"value":"from-dotenv"}`},
		{0, "FROM_CLI", `{"name":"FROM_CLI","value_kind":"interpolated","secret_like":false,"value":"from-cli"}`},
		{0, "MISSING", `{"name":"MISSING","value_kind":"empty","secret_like":false,"value":""}`},
		{0, "WITH_DEFAULT", `{"name":"WITH_DEFAULT","value_kind":"literal","secret_like":false,"value":"fallback"}`},
		{0, "POSTGRES_PASSWORD_FILE", `{"name":"POSTGRES_PASSWORD_FILE","value_kind":"file_ref","secret_like":false,"value":"/run/secrets/db_password"}`},
		{1, "LOG_LEVEL", `{"name":"LOG_LEVEL","value_kind":"literal","secret_like":false,"value":"debug"}`},
		{1, "PASSTHROUGH", `{"name":"PASSTHROUGH","value_kind":"passthrough","secret_like":false}`},
		{1, "BLANK", `{"name":"BLANK","value_kind":"empty","secret_like":false,"value":""}`},
		{1, "DOTENV_PLAIN", `{"name":"DOTENV_PLAIN","value_kind":"literal","secret_like":false,"value":"from-dotenv"}`},
		{1, "DOTENV_EMPTY", `{"name":"DOTENV_EMPTY","value_kind":"empty","secret_like":false,"value":""}`},
		{1, "REQUIRED", `{"name":"REQUIRED","value_kind":"empty","secret_like":false,"value":""}`},
		{1, "FROM_FILE", `{"name":"FROM_FILE","value_kind":"env_file","secret_like":false,"value":"file-value"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(mustJSON(t, tt.want), envs[tt.container][tt.name]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// every variable is covered by a row
	if n := len(envs[0]) + len(envs[1]); n != len(tests) {
		t.Errorf("%d variables in the document, %d rows", n, len(tests))
	}
}

// TestUnsetVariableWarnings: an unset variable is a warning naming the
// file, the line and the variable; the file still loads.
func TestUnsetVariableWarnings(t *testing.T) {
	t.Parallel()
	doc := mustLoad(t, filepath.Join("testdata", "env"), []string{"compose.yaml"}, compose.Options{Env: []string{"CLI_VALUE=x"}})
	var got []string
	for _, w := range doc.Warnings {
		got = append(got, w.String())
	}
	want := []string{
		"compose.yaml:11:16: warning: variable NOT_SET_ANYWHERE is not set; using an empty string",
		"compose.yaml:21:9: warning: required variable REQUIRED_VAR is not set; using an empty string (must be set)",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
}

// TestStrictEnv: with StrictEnv an unset variable fails the load with
// the file, line and variable.
func TestStrictEnv(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		yaml    string
		wantPos string
		wantVar string
	}{
		{"required", "# strict\nservices:\n  web:\n    image: nginx\n    environment:\n      A: ${REQUIRED_X:?must be set}\n", "compose.yaml:6:10", "REQUIRED_X"},
		{"plain", "# strict\nservices:\n  web:\n    image: nginx:${TAG}\n", "compose.yaml:4:12", "TAG"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := writeProject(t, map[string]string{"compose.yaml": tt.yaml})
			_, err := load(t, dir, []string{"compose.yaml"}, compose.Options{StrictEnv: true})
			var se *inputs.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error = %v (%T), want a *inputs.SourceError", err, err)
			}
			if se.Pos.String() != tt.wantPos {
				t.Errorf("position = %s, want %s", se.Pos, tt.wantPos)
			}
			if !strings.Contains(err.Error(), tt.wantVar) || !strings.HasPrefix(err.Error(), tt.wantPos+": ") {
				t.Errorf("error %q does not start with %s and name %s", err, tt.wantPos, tt.wantVar)
			}
			// without StrictEnv the same file loads with a warning
			doc := mustLoad(t, dir, []string{"compose.yaml"}, compose.Options{})
			if len(doc.Warnings) != 1 || doc.Warnings[0].Pos.String() != tt.wantPos {
				t.Errorf("warnings = %v, want one at %s", doc.Warnings, tt.wantPos)
			}
		})
	}
}

// TestEnvFilesOption: --env-file replaces the project's .env, and its
// values count as interpolated from the deployment.
func TestEnvFilesOption(t *testing.T) {
	t.Parallel()
	dir := writeProject(t, map[string]string{
		"compose.yaml": "# --env-file replaces .env\nservices:\n  web:\n    image: nginx\n    environment:\n      A: ${A_VAR}\n",
		".env":         "A_VAR=from-dotenv\n",
		"deploy.env":   "A_VAR=from-env-file\n",
	})
	doc := mustLoad(t, dir, []string{"compose.yaml"}, compose.Options{EnvFiles: []string{filepath.Join(dir, "deploy.env")}})
	want := `{"name":"A","value_kind":"interpolated","secret_like":false,"value":"from-env-file"}`
	if diff := cmp.Diff(mustJSON(t, want), envByName(t, doc, 0)["A"]); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// secretsPlanted are the values planted in testdata/secrets (and passed
// through options); none may appear in any output.
var secretsPlanted = []string{
	"s3cr3t-PLANTED-1", "PLANTED2", "ghp_PLANTEDabcdefghijklmnopqrstuvwxyz0123", "PLANTED3",
	"PLANTED-ARG-4", "PLANTED-ENTRY-5", "PLANTED-HC-6", "PLANTED-LABEL-7", "PLANTED-LOG-8",
	"PLANTED-CIFS-9", "PLANTED-DOTENV-10", "PLANTED-ENVFILE-11", "PLANTED-ENVFILE-12",
	"PLANTED-CLI-13", "PLANTED4",
}

// assertNoSecrets fails when any planted value appears in the document,
// its provenance or its warnings.
func assertNoSecrets(t *testing.T, doc *inputs.Document, planted []string) {
	t.Helper()
	value, err := json.Marshal(doc.Value)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := json.Marshal(doc.Provenance)
	if err != nil {
		t.Fatal(err)
	}
	var warnings strings.Builder
	for _, w := range doc.Warnings {
		warnings.WriteString(w.String() + "\n")
	}
	for _, s := range planted {
		for what, text := range map[string]string{"document": string(value), "provenance": string(prov), "warnings": warnings.String(), "path": doc.Path} {
			if strings.Contains(text, s) {
				t.Errorf("%s leaks planted secret %q", what, s)
			}
		}
	}
}

// TestSecretHygiene: secret values never reach the document, provenance
// or diagnostics, wherever they are written.
func TestSecretHygiene(t *testing.T) {
	t.Setenv("DOCKPOL_TEST_HOST_SECRET", "PLANTED4")
	doc := mustLoad(t, filepath.Join("testdata", "secrets"), []string{"compose.yaml"}, compose.Options{Env: []string{"CLI_TOKEN=PLANTED-CLI-13"}})
	assertNoSecrets(t, doc, secretsPlanted)

	env := envByName(t, doc, 0)
	want := map[string]string{
		"POSTGRES_PASSWORD": `{"name":"POSTGRES_PASSWORD","value_kind":"literal","secret_like":true}`,
		"DATABASE_LOCATION": `{"name":"DATABASE_LOCATION","value_kind":"literal","secret_like":true}`,
		"HARMLESS_NAME":     `{"name":"HARMLESS_NAME","value_kind":"literal","secret_like":true}`,
		"DB_PASSWORD":       `{"name":"DB_PASSWORD","value_kind":"literal","secret_like":true}`,
		"SERVICE_TOKEN":     `{"name":"SERVICE_TOKEN","value_kind":"interpolated","secret_like":true}`,
		"HOST_VALUE":        `{"name":"HOST_VALUE","value_kind":"empty","secret_like":false,"value":""}`,
		"APP_SECRET":        `{"name":"APP_SECRET","value_kind":"env_file","secret_like":true}`,
		"NOT_A_SECRET_NAME": `{"name":"NOT_A_SECRET_NAME","value_kind":"env_file","secret_like":true}`,
	}
	for name, w := range want {
		if diff := cmp.Diff(mustJSON(t, w), env[name]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
	v := jsonValue(t, doc.Value)
	for path, w := range map[string]string{
		"containers[0].command":             `["server","--password=<redacted>","--api-token","<redacted>"]`,
		"containers[0].entrypoint":          `["/bin/sh","-c","exec app","--secret","<redacted>"]`,
		"containers[0].healthcheck.test":    `["CMD","pg_isready","--password=<redacted>"]`,
		"containers[0].labels":              `{"com.example.api_token":"<redacted>","com.example.team":"payments"}`,
		"containers[0].logging.options":     `{"splunk-token":"<redacted>"}`,
		"volumes[0].driver_opts.type":       `"cifs"`,
		"volumes[0].driver_opts.device":     `"//fs.example.com/share"`,
		"containers[0].environment[0].name": `"APP_SECRET"`,
	} {
		if diff := cmp.Diff(mustJSON(t, w), get(v, path)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	// the HOST_VALUE reference is reported, without the host's value
	var found bool
	for _, w := range doc.Warnings {
		if strings.Contains(w.Message, "DOCKPOL_TEST_HOST_SECRET") {
			found = true
		}
	}
	if !found {
		t.Errorf("no warning for the unset DOCKPOL_TEST_HOST_SECRET: %v", doc.Warnings)
	}
}

// TestHostEnvironment: the process environment is not read unless
// Options.OSEnv says so.
func TestHostEnvironment(t *testing.T) {
	t.Setenv("DOCKPOL_TEST_HOST_SECRET", "PLANTED4")
	t.Setenv("DOCKPOL_TEST_HOST_PLAIN", "plain-host-value")
	const file = "# host environment\nservices:\n  web:\n    image: nginx\n    environment:\n      HOST_PASSWORD: ${DOCKPOL_TEST_HOST_SECRET}\n      HOST_PLAIN: ${DOCKPOL_TEST_HOST_PLAIN}\n"
	dir := writeProject(t, map[string]string{"compose.yaml": file})
	tests := []struct {
		name string
		opts compose.Options
		want string
	}{
		{"default", compose.Options{}, `[
			{"name":"HOST_PASSWORD","value_kind":"empty","secret_like":true},
			{"name":"HOST_PLAIN","value_kind":"empty","secret_like":false,"value":""}]`},
		{"os env", compose.Options{OSEnv: true}, `[
			{"name":"HOST_PASSWORD","value_kind":"interpolated","secret_like":true},
			{"name":"HOST_PLAIN","value_kind":"interpolated","secret_like":false,"value":"plain-host-value"}]`},
		{"bare --env name", compose.Options{Env: []string{"DOCKPOL_TEST_HOST_PLAIN"}}, `[
			{"name":"HOST_PASSWORD","value_kind":"empty","secret_like":true},
			{"name":"HOST_PLAIN","value_kind":"interpolated","secret_like":false,"value":"plain-host-value"}]`},
		{"--env wins over the host", compose.Options{OSEnv: true, Env: []string{"DOCKPOL_TEST_HOST_PLAIN=from-flag"}}, `[
			{"name":"HOST_PASSWORD","value_kind":"interpolated","secret_like":true},
			{"name":"HOST_PLAIN","value_kind":"interpolated","secret_like":false,"value":"from-flag"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := mustLoad(t, dir, []string{"compose.yaml"}, tt.opts)
			assertNoSecrets(t, doc, []string{"PLANTED4"})
			got := get(jsonValue(t, doc.Value), "containers[0].environment")
			if diff := cmp.Diff(mustJSON(t, tt.want), got); diff != "" {
				t.Errorf("environment (-want +got):\n%s", diff)
			}
		})
	}
}

// TestVariableWarnings: which references warn, one row per form.
func TestVariableWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string   // the value of A in the compose file
		env   []string // Options.Env
		want  string   // the warning's message, "" for none
	}{
		{"set", "${X}", []string{"X=1"}, ""},
		{"unset", "${X}", nil, "variable X is not set; using an empty string"},
		{"unbraced", "$X", nil, "variable X is not set; using an empty string"},
		{"escaped", "$${X}", nil, ""},
		{"default", "${X:-d}", nil, ""},
		{"default without colon", "${X-d}", nil, ""},
		{"alternative", "${X:+d}", nil, ""},
		{"set but empty", "${X}", []string{"X="}, ""},
		{"required unset", "${X:?need X}", nil, "required variable X is not set; using an empty string (need X)"},
		{"required empty", "${X:?need X}", []string{"X="}, "required variable X is not set; using an empty string (need X)"},
		{"required without colon, empty", "${X?need X}", []string{"X="}, ""},
		{"required without colon, unset", "${X?need X}", nil, "required variable X is not set; using an empty string (need X)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := loadYAML(t, "# variable forms\nservices:\n  web:\n    image: nginx\n    environment:\n      A: \""+tt.value+"\"\n", compose.Options{Env: tt.env})
			var got string
			for _, w := range doc.Warnings {
				if got != "" {
					t.Errorf("more than one warning: %v", doc.Warnings)
				}
				got = w.Message
				if w.Pos.String() != "compose.yaml:6:10" || w.Severity != inputs.SeverityWarning {
					t.Errorf("warning %s, want a warning at compose.yaml:6:10", w)
				}
			}
			if got != tt.want {
				t.Errorf("warning %q, want %q", got, tt.want)
			}
		})
	}
}
