package daemon_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs"
	"github.com/dockpol/dockpol/inputs/daemon"
)

func read(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestGolden compares whole documents with testdata/golden/*.json; go test
// -run TestGolden -update rewrites them (review the diff like code).
func TestGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		golden string
		load   func(t *testing.T) (*inputs.Document, error)
	}{
		// a hardened daemon.json: no daemon rule fires on it
		{"hardened.json", func(t *testing.T) (*inputs.Document, error) {
			return daemon.FromDaemonJSON("hardened.daemon.json", read(t, "hardened.daemon.json"))
		}},
		// everything wrong at once, with a byte order mark, secrets in
		// log-opts and proxies, an unknown (misspelt) key and a duplicate
		// key (the last wins)
		{"insecure.json", func(t *testing.T) (*inputs.Document, error) {
			return daemon.FromDaemonJSON("insecure.daemon.json", read(t, "insecure.daemon.json"))
		}},
		// docker info of Debian's 20.10 with default settings
		{"info.json", func(t *testing.T) (*inputs.Document, error) {
			return daemon.FromInfo("docker-info.json", read(t, "docker-info.json"))
		}},
		// docker info of a swarm manager with an insecure TCP socket
		{"info-swarm.json", func(t *testing.T) (*inputs.Document, error) {
			return daemon.FromInfo("info-swarm.json", read(t, "info-swarm.json"))
		}},
		// that docker info merged with the hardened daemon.json (which it
		// has not picked up)
		{"merged.json", func(t *testing.T) (*inputs.Document, error) {
			info, err := daemon.FromInfo("docker-info.json", read(t, "docker-info.json"))
			if err != nil {
				return nil, err
			}
			file, err := daemon.FromDaemonJSON("hardened.daemon.json", read(t, "hardened.daemon.json"))
			if err != nil {
				return nil, err
			}
			return daemon.Merge(info, file), nil
		}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			t.Parallel()
			doc, err := tt.load(t)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, doc)
			out, _ := json.Marshal([]any{doc.Value, doc.Provenance, doc.Warnings})
			if strings.Contains(string(out), "PLANTED") {
				t.Errorf("a secret reached the document: %s", out)
			}
			writeGolden(t, tt.golden, doc)
		})
	}
}

func TestFromDaemonJSONErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		text      string
		line, col int
		is        error
		message   string
	}{
		{"truncated", "{\n  \"icc\": true,\n  \"hosts\": [\"unix:///var/run/docker.sock\",\n", 3, 43, daemon.ErrSyntax, "unexpected end of JSON input"},
		{"bad token", "{\n  \"icc\": yes\n}\n", 2, 10, daemon.ErrSyntax, "invalid character 'y'"},
		{"trailing data", "{\"icc\": false}\n{\"debug\": true}\n", 2, 1, daemon.ErrSyntax, "after top-level value"},
		{"trailing comma", "{\n  \"icc\": false,\n}\n", 3, 1, daemon.ErrSyntax, "invalid character '}'"},
		{"comment", "{\n  // no comments in JSON\n  \"icc\": false\n}\n", 2, 3, daemon.ErrSyntax, "invalid character '/'"},
		{"array", "[\"icc\"]", 1, 1, daemon.ErrSyntax, "must be a JSON object, not an array"},
		{"wrong type", "{\n  \"debug\": false,\n  \"icc\": \"false\"\n}\n", 3, 3, daemon.ErrType, `"icc" must be a boolean, not a string`},
		{"wrong list type", "{\"hosts\": \"tcp://0.0.0.0:2375\"}", 1, 2, daemon.ErrType, `"hosts" must be an array of strings`},
		{"bad ulimit", "{\"default-ulimits\": {\"nofile\": {\"Soft\": \"many\", \"Hard\": 1}}}", 1, 2, daemon.ErrType, `ulimit "nofile" needs integer Soft and Hard`},
		{"invalid UTF-8", "{\"labels\": [\"a\xff\"]}", 1, 15, daemon.ErrEncoding, "not valid UTF-8"},
		{"too large", "{\"x\": \"" + strings.Repeat("a", daemon.DefaultMaxFileSize) + "\"}", 0, 0, inputs.ErrTooLarge, "file too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := safe(daemon.FromDaemonJSON, "etc/daemon.json", []byte(tt.text))
			if err == nil {
				t.Fatal("no error")
			}
			se := checkError(t, err, "etc/daemon.json")
			if se.Pos.Line != tt.line || se.Pos.Col != tt.col {
				t.Errorf("at %d:%d, want %d:%d (%v)", se.Pos.Line, se.Pos.Col, tt.line, tt.col, err)
			}
			if !errors.Is(err, tt.is) || !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q: want %v saying %q", err, tt.is, tt.message)
			}
		})
	}
}

func TestFromDaemonJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		text  string
		facts map[string]string // fact -> JSON of its value; "-" for absent
	}{
		{"empty file", "", map[string]string{"icc": "null", "log_driver": "null", "engine": "-", "warnings": "-", "config": "{}"}},
		{"white space", " \n\t\n", map[string]string{"icc": "null", "userns": "null"}},
		{"empty object", "{}", map[string]string{"icc": "null", "apparmor": "-", "images": "-"}},
		{"values", `{"icc": false, "ip": "127.0.0.1", "hosts": ["fd://"], "log-opts": {"max-size": "10m"}}`,
			map[string]string{"icc": "false", "ip": `"127.0.0.1"`, "hosts": `["fd://"]`, "log_opts": `{"max-size":"10m"}`}},
		{"empty strings are dockerd's unset", `{"log-level": "", "storage-driver": "", "seccomp-profile": ""}`,
			map[string]string{"log_level": "null", "storage_driver": "null", "seccomp_profile": "null"}},
		{"null values are unset", `{"icc": null, "hosts": null}`, map[string]string{"icc": "null", "hosts": "null"}},
		{"duplicate keys: last wins", `{"icc": true, "icc": false}`, map[string]string{"icc": "false"}},
		{"userns-remap", `{"userns-remap": "default"}`, map[string]string{"userns": "true", "userns_remap": `"default"`}},
		{"ulimits", `{"default-ulimits": {"nofile": {"Name": "nofile", "Hard": -1, "Soft": 1024}}}`,
			map[string]string{"default_ulimits": `{"nofile":{"hard":-1,"soft":1024}}`}},
		{"runtimes", `{"runtimes": {"runsc": {"path": "/usr/bin/runsc"}, "crun": {"path": "crun"}}, "default-runtime": "runc"}`,
			map[string]string{"runtimes": `["crun","runsc"]`, "default_runtime": `"runc"`}},
		{"secrets redacted", `{"log-opts": {"splunk-token": "s3cr3t-s3cr3t"}, "proxies": {"https-proxy": "http://u:s3cr3t-s3cr3t@p:3128"}}`,
			map[string]string{"log_opts": `{"splunk-token":"<redacted>"}`, "config": `{"log-opts":{"splunk-token":"<redacted>"},"proxies":{"https-proxy":"<redacted>"}}`}},
		{"unknown keys kept", `{"live-restor": true, "mtu": 1400}`, map[string]string{"live_restore": "null", "config": `{"live-restor":true,"mtu":1400}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc, err := daemon.FromDaemonJSON("daemon.json", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			validate(t, doc)
			d := daemonOf(t, doc)
			for fact, want := range tt.facts {
				v, ok := d[fact]
				got := "-"
				if ok {
					got = jsonOf(t, v)
				}
				if got != want {
					t.Errorf("%s = %s, want %s", fact, got, want)
				}
				if ok && fact != "config" && d["from"].(map[string]any)[fact] != "daemon.json" {
					t.Errorf("from.%s = %v, want daemon.json", fact, d["from"].(map[string]any)[fact])
				}
			}
		})
	}
}

func TestFromDaemonJSONWarningsAndPositions(t *testing.T) {
	t.Parallel()
	doc, err := daemon.FromDaemonJSON("insecure.daemon.json", read(t, "insecure.daemon.json"))
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	for _, w := range doc.Warnings {
		warnings = append(warnings, w.String())
	}
	want := []string{`insecure.daemon.json:17:3: warning: daemon.json key "live-restor" is not a dockerd option dockpol knows; dockerd refuses to start on unknown keys (misspelt?)`}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	for path, want := range map[string]string{
		"daemon.icc":                    "insecure.daemon.json:18:3", // the duplicate that wins
		"daemon.hosts[1]":               "insecure.daemon.json:5:44",
		"daemon.insecure_registries[0]": "insecure.daemon.json:6:27",
		"daemon.log_opts.splunk-token":  "insecure.daemon.json:15:16",
		"daemon.config.proxies":         "insecure.daemon.json:16:3",
		"daemon.seccomp_profile":        "insecure.daemon.json:10:3",
	} {
		if got, ok := doc.Provenance.Lookup(path); !ok || got.String() != want {
			t.Errorf("%s at %v, want %s", path, got, want)
		}
	}
}

func TestFromInfo(t *testing.T) {
	t.Parallel()
	doc, err := daemon.FromInfo("info-swarm.json", read(t, "info-swarm.json"))
	if err != nil {
		t.Fatal(err)
	}
	d := daemonOf(t, doc)
	for fact, want := range map[string]string{
		"insecure_registries":   `["192.168.0.0/16","registry.lan:5000"]`,
		"authorization_plugins": `["opa-docker-authz"]`,
		"no_new_privileges":     "true",
		"seccomp_profile":       `"builtin"`,
		"default_cgroupns_mode": `"private"`,
		"apparmor":              "true",
		"rootless":              "false",
		"userns":                "false",
		"containers":            `{"paused":1,"running":20,"stopped":39,"total":60}`,
		"swarm":                 `{"autolock_managers":false,"control_available":true,"local_node_state":"active","managers":1,"node_addr":"10.0.0.11","node_cert_expiry_ns":7776000000000000,"nodes":3}`,
		"engine":                `{"architecture":"x86_64","id":"7TRN:IPZB:QYBB:VPBQ:UWYN:BENJ:QT4O:YA3K:LDYQ:XBHK:JX2Y:AC5T","kernel_version":"6.8.0-45-generic","name":"mgr-1","os":"Ubuntu 24.04.1 LTS","os_type":"linux","version":"27.3.1"}`,
	} {
		if got := jsonOf(t, d[fact]); got != want {
			t.Errorf("%s = %s, want %s", fact, got, want)
		}
	}
	// what docker info cannot say is absent
	for _, fact := range []string{"icc", "ip", "hosts", "tlsverify", "default_ulimits", "userland_proxy", "config", "userns_remap"} {
		if v, ok := d[fact]; ok {
			t.Errorf("%s = %v, want absent", fact, v)
		}
	}
	if got := doc.Provenance["daemon.no_new_privileges"].String(); !strings.HasPrefix(got, "info-swarm.json:1:") {
		t.Errorf("no_new_privileges at %q", got)
	}
}

func TestFromInfoErrors(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{
		"empty":          "",
		"not info":       `{"icc": false}`,
		"array":          `[{"Id": "abc"}]`,
		"truncated":      `{"ServerVersion": "27.3.1", "SecurityOptions": [`,
		"daemon.json":    `{"hosts": ["tcp://0.0.0.0:2375"]}`,
		"inspect output": `{"Id": "abc", "Config": {}, "HostConfig": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := safe(daemon.FromInfo, "info.json", []byte(text))
			if err == nil {
				t.Fatal("no error")
			}
			checkError(t, err, "info.json")
		})
	}
}

// TestCorpusInfo: every docker info sample of the corpus decodes and
// validates.
func TestCorpusInfo(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(infoDir, "docker-info*.json"))
	var infos []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".daemon.json") {
			infos = append(infos, f)
		}
	}
	if len(infos) == 0 {
		t.Skipf("no docker info samples under %s (shared/ is cloned beside the repository)", infoDir)
	}
	for _, p := range infos {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := safe(daemon.FromInfo, filepath.Base(p), data)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, doc)
			if v := daemonOf(t, doc)["engine"].(map[string]any)["version"]; v == nil {
				t.Error("no engine version")
			}
		})
	}
}

// TestCorpusDaemonJSON: every corpus daemon.json decodes and validates, or
// gives one clean error with its line and column (the corpus holds
// dockerd's own malformed fixture).
func TestCorpusDaemonJSON(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	files = append(files, filepath.Join(infoDir, "docker-info-hardened.daemon.json"))
	var present []string
	for _, f := range files {
		if _, err := os.Stat(f); err == nil {
			present = append(present, f)
		}
	}
	if len(present) == 0 {
		t.Skipf("daemon.json corpus not found at %s (shared/ is cloned beside the repository)", corpusDir)
	}
	for _, p := range present {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := safe(daemon.FromDaemonJSON, filepath.Base(p), data)
			if err != nil {
				t.Logf("error: %v", err)
				se := checkError(t, err, filepath.Base(p))
				if se.Pos.Line == 0 {
					t.Errorf("error without a line: %v", err)
				}
				return
			}
			validate(t, doc)
			for _, w := range doc.Warnings {
				t.Logf("warning: %s", w)
			}
		})
	}
}

func TestMerge(t *testing.T) {
	t.Parallel()
	info, err := daemon.FromInfo("docker-info.json", read(t, "docker-info.json"))
	if err != nil {
		t.Fatal(err)
	}
	file, err := daemon.FromDaemonJSON("daemon.json", []byte("{\n  \"live-restore\": true,\n  \"icc\": false,\n  \"no-new-privileges\": true,\n  \"log-driver\": \"json-file\"\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	m := daemon.Merge(info, file)
	validate(t, m)
	d := daemonOf(t, m)
	from := d["from"].(map[string]any)
	for fact, want := range map[string][2]string{
		"live_restore":      {"false", "info"},        // the running daemon wins
		"icc":               {"false", "daemon.json"}, // info cannot say
		"no_new_privileges": {"true", "daemon.json"},  // info does not list it: the file says
		"log_driver":        {`"json-file"`, "info"},  // both agree
		"engine":            {"", "info"},
		"userland_proxy":    {"null", "daemon.json"},
	} {
		if want[0] != "" {
			if got := jsonOf(t, d[fact]); got != want[0] {
				t.Errorf("%s = %s, want %s", fact, got, want[0])
			}
		}
		if from[fact] != want[1] {
			t.Errorf("from.%s = %v, want %s", fact, from[fact], want[1])
		}
	}
	if got := m.Provenance["daemon.icc"].String(); got != "daemon.json:3:3" {
		t.Errorf("daemon.icc at %s", got)
	}
	if got := m.Provenance["daemon.live_restore"].String(); !strings.HasPrefix(got, "docker-info.json:1:") {
		t.Errorf("daemon.live_restore at %s", got)
	}
	var warnings []string
	for _, w := range m.Warnings {
		warnings = append(warnings, w.String())
	}
	want := []string{"daemon.json:2:3: warning: daemon.json sets live-restore to true, but the running daemon reports false: it has not been restarted (or reloaded) since, or a dockerd flag overrides it"}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	src := jsonOf(t, m.Value["source"])
	if src != `{"adapter":"daemon","files":["docker-info.json","daemon.json"],"path":"docker-info.json"}` {
		t.Errorf("source %s", src)
	}
	if daemon.Merge(nil, file) != file || daemon.Merge(info, nil) != info {
		t.Error("Merge with one nil document should return the other")
	}
}
