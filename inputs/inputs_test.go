package inputs_test

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs"
)

func TestPositionString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pos  inputs.Position
		want string
	}{
		{inputs.Position{File: "compose.yaml"}, "compose.yaml"},
		{inputs.Position{File: "compose.yaml", Line: 3}, "compose.yaml:3"},
		{inputs.Position{File: "sub/x.yaml", Line: 3, Col: 9}, "sub/x.yaml:3:9"},
		{inputs.Position{File: "compose.yaml", Col: 9}, "compose.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.pos.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProvenanceLookup(t *testing.T) {
	t.Parallel()
	prov := inputs.Provenance{
		"containers[0]":                 {File: "compose.yaml", Line: 3},
		"containers[0].mounts":          {File: "compose.yaml", Line: 10},
		"containers[0].mounts[2]":       {File: "compose.override.yaml", Line: 4},
		"containers[1].cap_add[0]":      {File: "common.yml", Line: 7},
		"containers[10].security.flags": {File: "compose.yaml", Line: 99},
	}
	tests := []struct {
		path   string
		want   string
		wantOK bool
	}{
		{"containers[0].mounts[2].source", "compose.override.yaml:4", true},
		{"containers[0].mounts[2]", "compose.override.yaml:4", true},
		{"containers[0].mounts[1].source", "compose.yaml:10", true},
		{"containers[0].privileged", "compose.yaml:3", true},
		{"containers[1].cap_add[0]", "common.yml:7", true},
		{"containers[1].cap_add[1]", "", false},
		// containers[1] must not fall back to containers[10]
		{"containers[1].security.flags", "", false},
		{"volumes[0]", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			got, ok := prov.Lookup(tt.path)
			if ok != tt.wantOK || (ok && got.String() != tt.want) {
				t.Errorf("Lookup(%q) = %v, %v; want %q, %v", tt.path, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestJoinPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base string
		segs []any
		want string
	}{
		{"", []any{"containers", 0}, "containers[0]"},
		{"containers[0]", []any{"mounts", 2, "source"}, "containers[0].mounts[2].source"},
		{"containers[1]", []any{"ports", int64(3)}, "containers[1].ports[3]"},
		{"x", []any{float64(4)}, "x[4]"},
		{"", []any{"volumes"}, "volumes"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := inputs.JoinPath(tt.base, tt.segs...); got != tt.want {
				t.Errorf("JoinPath(%q, %v) = %q, want %q", tt.base, tt.segs, got, tt.want)
			}
		})
	}
}

func TestSortDiagnostics(t *testing.T) {
	t.Parallel()
	ds := []inputs.Diagnostic{
		{Severity: inputs.SeverityWarning, Pos: inputs.Position{File: "b.yaml", Line: 1}, Message: "x"},
		{Severity: inputs.SeverityWarning, Pos: inputs.Position{File: "a.yaml", Line: 10, Col: 2}, Message: "y"},
		{Severity: inputs.SeverityWarning, Pos: inputs.Position{File: "a.yaml", Line: 9, Col: 5}, Message: "z"},
		{Severity: inputs.SeverityWarning, Pos: inputs.Position{File: "a.yaml", Line: 10, Col: 1}, Message: "w"},
		{Severity: inputs.SeverityError, Pos: inputs.Position{File: "a.yaml", Line: 10, Col: 1}, Message: "v"},
	}
	inputs.SortDiagnostics(ds)
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	want := []string{
		"a.yaml:9:5: warning: z",
		"a.yaml:10:1: error: v",
		"a.yaml:10:1: warning: w",
		"a.yaml:10:2: warning: y",
		"b.yaml:1: warning: x",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestSourceError(t *testing.T) {
	t.Parallel()
	err := fmt.Errorf("load: %w", inputs.Errorf(inputs.Position{File: "compose.yaml", Line: 12, Col: 5}, "services.web: %s", "bad"))
	var se *inputs.SourceError
	if !errors.As(err, &se) {
		t.Fatalf("errors.As failed on %v", err)
	}
	if got, want := se.Error(), "compose.yaml:12:5: services.web: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wrapped := &inputs.SourceError{Pos: inputs.Position{File: "x.yaml"}, Err: fmt.Errorf("read: %w", fs.ErrNotExist)}
	if !errors.Is(wrapped, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false", wrapped)
	}
	if got := (&inputs.SourceError{Err: errors.New("no file")}).Error(); got != "no file" {
		t.Errorf("Error() without a file = %q", got)
	}
}

func TestSecretName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		{"PASSWORD", true},
		{"POSTGRES_PASSWORD", true},
		{"MYSQL_ROOT_PASSWORD", true},
		{"db.password", true},
		{"dbPassword", true},
		{"DB_PASS", true},
		{"GITHUB_TOKEN", true},
		{"API_KEY", true},
		{"x-api-key", true},
		{"APIKEY", true},
		{"SSH_PRIVATE_KEY", true},
		{"AWS_SECRET_ACCESS_KEY", true},
		{"DJANGO_SECRET_KEY", true},
		{"CLIENT_SECRET", true},
		{"SENTRY_DSN", true},
		{"traefik.http.middlewares.auth.basicauth.users", true},
		{"POSTGRES_PASSWORD_FILE", false},
		{"TOKEN_TTL", false},
		{"AUTH_ENABLED", false},
		{"PWD", false},
		{"PASSPORT_NUMBER", false},
		{"COMPASS_URL", false},
		{"AUTHOR", false},
		{"REDIS_AUTH", true},
		{"AUTH", true},
		{"HTTP_BASIC_AUTH", true},
		{"AIRFLOW__CORE__AUTH_MANAGER", false},
		{"GF_AUTH_DISABLE_LOGIN_FORM", false},
		{"SETTING_AUTH_LDAP_SERVER_URI", false},
		{"ZULIP_AUTH_BACKENDS", false},
		{"MAILCOW_PASS_SCHEME", false},
		{"FLEET_TOKEN_POLICY_NAME", false},
		{"MYSQL_ALLOW_EMPTY_PASSWORD", false},
		{"ALLOW_EMPTY_PASSWORD", false},
		{"MARIADB_RANDOM_ROOT_PASSWORD", false},
		{"MYSQL_ONETIME_PASSWORD", false},
		{"TZ", false},
		{"PATH", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := inputs.SecretName(tt.name); got != tt.want {
				t.Errorf("SecretName(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestSecretValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		value string
		want  bool
	}{
		{"URL with password", "postgres://user:PLANTED2@db/x", true},
		{"URL with empty user", "redis://:hunter22@cache:6379/0", true},
		{"URL without password", "https://user@example.com/path", false},
		{"plain URL", "https://example.com/a:b@c", false},
		{"PEM key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE", true},
		{"GitHub token", "ghp_" + strings.Repeat("a1B2", 9), true},
		{"GitHub fine-grained token", "github_pat_" + strings.Repeat("x", 30), true},
		{"GitLab token", "glpat-" + strings.Repeat("y", 20), true},
		{"Slack token", "xoxb-123456789012-abcdef", true},
		{"AWS key id", "AKIA" + strings.Repeat("A", 16), true},
		{"Stripe key", "sk_live_" + strings.Repeat("z", 24), true},
		{"JWT", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", true},
		{"short", "ghp_x", false},
		{"word", "production", false},
		{"path", "/var/lib/postgresql/data", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := inputs.SecretValue(tt.value); got != tt.want {
				t.Errorf("SecretValue(%q) = %v, want %v", tt.value, got, tt.want)
			}
		})
	}
}

func TestSecretLike(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		want        bool
	}{
		{"POSTGRES_PASSWORD", "x", true},
		{"DATABASE_LOCATION", "postgres://u:p4ssw0rd@db/x", true},
		{"TZ", "UTC", false},
		{"POSTGRES_PASSWORD_FILE", "/run/secrets/db", false},
		{"SENTRY_DSN", "0", false},
		{"API_TOKEN", "false", false},
		{"REDIS_PASSWORD", " None ", false},
		{"SENTRY_DSN", `"0"`, false}, // list form keeps the quotes
		{"MAILCOW_EXPORTER_API_KEY", "<your-API-Key>", false},
		{"DB_PASSWORD", "<x>y<z>", true},
		{"DB_PASSWORD", "changeme", true}, // a default password is the risk
		{"DB_PASSWORD", "", true},
		{"DSN", "https://u:pw-123@sentry.example.com/1", true},
	}
	for _, tt := range tests {
		if got := inputs.SecretLike(tt.name, tt.value); got != tt.want {
			t.Errorf("SecretLike(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestRedactArgs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"flag=value", []string{"server", "--password=PLANTED3"}, []string{"server", "--password=<redacted>"}},
		{"flag value", []string{"--api-token", "PLANTED", "--port", "80"}, []string{"--api-token", "<redacted>", "--port", "80"}},
		{"single dash", []string{"-secret=x"}, []string{"-secret=<redacted>"}},
		{"db-password", []string{"--db-password=x"}, []string{"--db-password=<redacted>"}},
		{"shell assignment", []string{"PGPASSWORD=x", "psql"}, []string{"PGPASSWORD=<redacted>", "psql"}},
		{"credential shape", []string{"--url", "postgres://u:PLANTED@h/db"}, []string{"--url", "<redacted>"}},
		{"file flag kept", []string{"--password-file=/run/secrets/x"}, []string{"--password-file=/run/secrets/x"}},
		{"flag last", []string{"--token"}, []string{"--token"}},
		{"nothing secret", []string{"nginx", "-g", "daemon off;"}, []string{"nginx", "-g", "daemon off;"}},
		{"empty", []string{}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tt.want, inputs.RedactArgs(tt.args)); diff != "" {
				t.Errorf("RedactArgs(%q) (-want +got):\n%s", tt.args, diff)
			}
		})
	}
}

func TestRedactValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, key, value, want string
	}{
		{"secret key", "com.example.api_token", "PLANTED", "<redacted>"},
		{"secret shape", "db", "mysql://root:PLANTED@db/x", "<redacted>"},
		{"plain", "com.example.team", "payments", "payments"},
		{"empty secret", "password", "", ""},
		{"mount options", "o", "addr=fs,username=svc,password=PLANTED-CIFS", "addr=fs,username=svc,password=<redacted>"},
		{"mount options without secret", "o", "bind,ro", "bind,ro"},
		{"key=value without secret", "o", "addr=10.0.0.1,vers=4", "addr=10.0.0.1,vers=4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := inputs.RedactValue(tt.key, tt.value); got != tt.want {
				t.Errorf("RedactValue(%q, %q) = %q, want %q", tt.key, tt.value, got, tt.want)
			}
		})
	}
}

func TestDocument(t *testing.T) {
	t.Parallel()
	doc := &inputs.Document{Value: map[string]any{
		"kind":       inputs.KindCompose,
		"containers": []any{map[string]any{"name": "web"}, "not a container", map[string]any{"name": "db"}},
	}}
	if got := doc.Kind(); got != "compose" {
		t.Errorf("Kind() = %q", got)
	}
	var names []string
	for _, c := range doc.Containers() {
		names = append(names, c["name"].(string))
	}
	if diff := cmp.Diff([]string{"web", "db"}, names); diff != "" {
		t.Errorf("Containers() (-want +got):\n%s", diff)
	}
	empty := &inputs.Document{Value: map[string]any{}}
	if len(empty.Containers()) != 0 || empty.Kind() != "" {
		t.Errorf("empty document: %v %q", empty.Containers(), empty.Kind())
	}
}

func TestSecretLikeMoreNames(t *testing.T) {
	for _, tt := range []struct {
		name, value string
		want        bool
	}{
		{"SSH_KEY", "x", true},
		{"TLS_KEY", "x", true},
		{"STRIPE_KEY", "x", true},
		{"CACHE_KEY_PREFIX", "x", false},
		{"TOKENIZERS_PARALLELISM", "false", false},
		{"HF_TOKEN", "x", true},
		{"HEADER", "Bearer abcdefghijklmnopqrstuvwxyz012345", true},
		{"HEADER", "Bearer short", false},
	} {
		if got := inputs.SecretLike(tt.name, tt.value); got != tt.want {
			t.Errorf("SecretLike(%q, %q) = %v, want %v", tt.name, tt.value, got, tt.want)
		}
	}
}

func TestMarkSharedMounts(t *testing.T) {
	mount := func(typ string, source any) map[string]any {
		return map[string]any{"type": typ, "source": source, "target": "/x"}
	}
	containers := []any{
		map[string]any{"name": "app", "mounts": []any{mount("volume", "data"), mount("bind", "./logic"), mount("tmpfs", nil), mount("volume", nil)}},
		map[string]any{"name": "web", "mounts": []any{mount("volume", "data"), mount("bind", "./static")}},
		map[string]any{"name": "backup", "mounts": []any{mount("volume", "data"), mount("bind", "data")}},
		map[string]any{"name": "solo"},
	}
	inputs.MarkSharedMounts(containers)
	got := map[string][]any{}
	for _, c := range containers {
		cm := c.(map[string]any)
		mounts, _ := cm["mounts"].([]any)
		for i, m := range mounts {
			sw, ok := m.(map[string]any)["shared_with"]
			if !ok {
				sw = "absent"
			}
			got[cm["name"].(string)+"/"+strconv.Itoa(i)] = []any{sw}
		}
	}
	want := map[string][]any{
		"app/0":    {[]any{"backup", "web"}},
		"app/1":    {[]any{}},
		"app/2":    {"absent"},
		"app/3":    {"absent"},
		"web/0":    {[]any{"app", "backup"}},
		"web/1":    {[]any{}},
		"backup/0": {[]any{"app", "web"}},
		"backup/1": {[]any{}}, // a bind of "data" is not the volume "data"
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("shared_with (-want +got):\n%s", diff)
	}
}
