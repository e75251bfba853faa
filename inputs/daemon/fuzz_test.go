package daemon_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs/daemon"
)

// FuzzDaemonJSON feeds arbitrary bytes to FromDaemonJSON (and FromInfo):
// never a panic; an error is one line naming the file, with a line for
// syntax errors; a document matches the schema, marshals, holds no value
// planted under a secret-like key, and merges with a docker info document.
func FuzzDaemonJSON(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	if files, err := filepath.Glob(filepath.Join(corpusDir, "*.json")); err == nil {
		seeds = append(seeds, files...)
	}
	for _, p := range seeds {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"log-opts": {"splunk-token": "FUZZSECRET"}, "icc": false, "icc": true}`))
	f.Add([]byte("\xfe\xff\x00{\x00}"))
	info, err := daemon.FromInfo("docker-info.json", mustReadFile(f, filepath.Join("testdata", "docker-info.json")))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := daemon.FromDaemonJSON("daemon.json", data)
		if err != nil {
			msg := err.Error()
			if !strings.HasPrefix(msg, "daemon.json") || strings.Contains(msg, "\n") {
				t.Errorf("bad error %q", msg)
			}
		} else {
			validate(t, doc)
			out, err := json.Marshal(doc.Value)
			if err != nil {
				t.Fatalf("document does not marshal: %v", err)
			}
			if strings.Contains(string(data), `"splunk-token": "FUZZSECRET"`) && strings.Contains(string(out), "FUZZSECRET") {
				t.Errorf("a secret reached the document: %s", out)
			}
			validate(t, daemon.Merge(info, doc))
		}
		if doc, err := daemon.FromInfo("info.json", data); err == nil {
			validate(t, doc)
		} else if msg := err.Error(); !strings.HasPrefix(msg, "info.json") || strings.Contains(msg, "\n") {
			t.Errorf("bad FromInfo error %q", msg)
		}
	})
}

func mustReadFile(tb testing.TB, p string) []byte {
	tb.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
