package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestManagedPlugin builds the managed-plugin package the way `make
// plugin` does (a rootfs with the static binary, packaging/plugin's
// config.json), creates and enables it on a private engine, and asks it
// for decisions on the socket dockerd would use.
func TestManagedPlugin(t *testing.T) {
	d := liveEngine(t)
	dir := t.TempDir()
	rootfs := filepath.Join(dir, "rootfs")
	for _, sub := range []string{"run/docker/plugins", "etc/dockpol", "var/log/dockpol", "tmp"} {
		if err := os.MkdirAll(filepath.Join(rootfs, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(rootfs, "dockpol"), ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cfg, err := os.ReadFile("../../packaging/plugin/config.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	hostCfg, hostLog := filepath.Join(dir, "etc"), filepath.Join(dir, "log")
	writeFile(t, filepath.Join(hostCfg, "config.yaml"), "data:\n  allowed_plugins: []\n")
	if err := os.MkdirAll(hostLog, 0o755); err != nil {
		t.Fatal(err)
	}

	name := "dockpol/authz:test"
	d.Docker(t, "plugin", "create", name, dir)
	t.Cleanup(func() { _, _ = d.DockerErr("plugin", "rm", "-f", name) })
	d.Docker(t, "plugin", "set", name, "config.source="+hostCfg, "log.source="+hostLog, "args=--decision-log /var/log/dockpol/decisions.jsonl --timeout 1m")
	d.Docker(t, "plugin", "enable", name)
	var plugins []struct {
		ID      string
		Enabled bool
		Config  struct{ Interface struct{ Types []string } }
	}
	if err := json.Unmarshal([]byte(d.Docker(t, "plugin", "inspect", name)), &plugins); err != nil || len(plugins) != 1 {
		t.Fatalf("plugin inspect: %v", err)
	}
	p := plugins[0]
	if !p.Enabled || len(p.Config.Interface.Types) != 1 || p.Config.Interface.Types[0] != "docker.authz/1.0" {
		t.Fatalf("plugin: %+v", p)
	}
	// Engine 20.10 puts managed plugins' sockets in /run/docker/plugins
	// whatever its --exec-root; later engines under the exec root.
	var sock string
	waitUntil(t, func() bool {
		for _, dir := range []string{filepath.Join(d.Dir, "exec", "plugins", p.ID), filepath.Join("/run/docker/plugins", p.ID)} {
			if _, err := os.Stat(filepath.Join(dir, "dockpol.sock")); err == nil {
				sock = filepath.Join(dir, "dockpol.sock")
				return true
			}
		}
		return false
	}, nil, &syncWriter{})
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, "unix", sock)
	}}}
	body, _ := json.Marshal(map[string]any{"RequestMethod": "POST", "RequestUri": "/v1.41/containers/create",
		"RequestBody": []byte(`{"Image":"alpine","HostConfig":{"Privileged":true}}`), "RequestHeaders": map[string]string{"Content-Type": "application/json"}})
	resp, err := client.Post("http://plugin/AuthZPlugin.AuthZReq", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var dec struct {
		Allow bool
		Msg   string
	}
	err = json.NewDecoder(resp.Body).Decode(&dec)
	resp.Body.Close()
	if err != nil || dec.Allow || !strings.HasPrefix(dec.Msg, "DKR-C01: ") {
		t.Fatalf("decision: %+v %v", dec, err)
	}
	// the decision log lands in the host directory mounted as log
	waitUntil(t, func() bool {
		data, _ := os.ReadFile(filepath.Join(hostLog, "decisions.jsonl"))
		return bytes.Contains(data, []byte(`"endpoint":"container.create"`))
	}, nil, &syncWriter{})
	d.Docker(t, "plugin", "disable", name)
}
