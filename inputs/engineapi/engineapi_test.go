package engineapi_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/moby/moby/api/types/container"

	"github.com/dockpol/dockpol/inputs/engineapi"
)

// body decodes a create request body as dockerd does.
func body(t *testing.T, s string) container.CreateRequest {
	t.Helper()
	var req container.CreateRequest
	if err := json.Unmarshal([]byte(s), &req); err != nil {
		t.Fatal(err)
	}
	return req
}

func field(c map[string]any, path ...string) any {
	var v any = c
	for _, p := range path {
		m, _ := v.(map[string]any)
		v = m[p]
	}
	return v
}

// TestMapping covers what the corpus cases do not: settings only the API
// can express, and the difference between a request (what the client
// sent) and a stored configuration (daemon defaults filled in).
func TestMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		body   string
		stored bool
		defs   engineapi.Defaults
		path   []string
		want   any
	}{
		{"systempaths unconfined", `{"HostConfig": {"MaskedPaths": [], "ReadonlyPaths": []}}`, false, engineapi.Defaults{}, []string{"security"},
			map[string]any{"no_new_privileges": nil, "seccomp": nil, "apparmor": nil, "selinux": nil, "systempaths": "unconfined", "options": []any{"systempaths=unconfined"}}},
		{"systempaths weakened", `{"HostConfig": {"MaskedPaths": ["/proc/acpi"]}}`, false, engineapi.Defaults{}, []string{"security", "systempaths"}, "custom"},
		{"systempaths defaults", `{"HostConfig": {"MaskedPaths": ["/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"], "ReadonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]}}`, true, engineapi.Defaults{}, []string{"security", "systempaths"}, nil},
		{"request keeps explicit ipc private", `{"HostConfig": {"IpcMode": "private"}}`, false, engineapi.Defaults{}, []string{"namespaces", "ipc"}, "private"},
		{"stored ipc private is the default", `{"HostConfig": {"IpcMode": "private"}}`, true, engineapi.Defaults{}, []string{"namespaces", "ipc"}, nil},
		{"stored ipc shareable is the old default", `{"HostConfig": {"IpcMode": "shareable"}}`, true, engineapi.Defaults{IpcMode: "shareable"}, []string{"namespaces", "ipc"}, nil},
		{"stored ipc shareable on a new engine", `{"HostConfig": {"IpcMode": "shareable"}}`, true, engineapi.Defaults{}, []string{"namespaces", "ipc"}, "shareable"},
		{"request cgroupns host", `{"HostConfig": {"CgroupnsMode": "host"}}`, false, engineapi.Defaults{}, []string{"namespaces", "cgroup"}, "host"},
		{"stored cgroupns host on cgroup v2", `{"HostConfig": {"CgroupnsMode": "host"}}`, true, engineapi.Defaults{CgroupnsMode: "private"}, []string{"namespaces", "cgroup"}, "host"},
		{"stored cgroupns host, host unknown", `{"HostConfig": {"CgroupnsMode": "host"}}`, true, engineapi.Defaults{}, []string{"namespaces", "cgroup"}, nil},
		{"stored label=disable of privileged", `{"HostConfig": {"Privileged": true, "SecurityOpt": ["label=disable"]}}`, true, engineapi.Defaults{}, []string{"security", "options"}, nil},
		{"requested label=disable of privileged", `{"HostConfig": {"Privileged": true, "SecurityOpt": ["label=disable"]}}`, false, engineapi.Defaults{}, []string{"security", "options"}, []any{"label=disable"}},
		{"stored log driver default", `{"HostConfig": {"LogConfig": {"Type": "local"}}}`, true, engineapi.Defaults{LogDriver: "local"}, []string{"logging"}, nil},
		{"requested json-file", `{"HostConfig": {"LogConfig": {"Type": "json-file"}}}`, false, engineapi.Defaults{}, []string{"logging"}, map[string]any{"driver": "json-file", "options": map[string]any{}}},
		{"log option secret", `{"HostConfig": {"LogConfig": {"Type": "splunk", "Config": {"splunk-token": "abcdefabcdefabcdef"}}}}`, false, engineapi.Defaults{}, []string{"logging", "options", "splunk-token"}, "<redacted>"},
		{"restart no", `{"HostConfig": {"RestartPolicy": {"Name": "no"}}}`, false, engineapi.Defaults{}, []string{"restart"}, nil},
		{"runtime runc stored", `{"HostConfig": {"Runtime": "runc"}}`, true, engineapi.Defaults{}, []string{"runtime"}, nil},
		{"runtime runsc", `{"HostConfig": {"Runtime": "runsc"}}`, true, engineapi.Defaults{}, []string{"runtime"}, "runsc"},
		{"swap default", `{"HostConfig": {"Memory": 100, "MemorySwap": 200}}`, true, engineapi.Defaults{}, []string{"resources", "memory_swap"}, nil},
		{"swap requested", `{"HostConfig": {"Memory": 100, "MemorySwap": 200}}`, false, engineapi.Defaults{}, []string{"resources", "memory_swap"}, int64(200)},
		{"unlimited pids", `{"HostConfig": {"PidsLimit": -1}}`, false, engineapi.Defaults{}, []string{"resources", "pids_limit"}, int64(-1)},
		{"network default", `{"HostConfig": {"NetworkMode": "default"}, "NetworkingConfig": {"EndpointsConfig": {"default": {}}}}`, false, engineapi.Defaults{}, []string{"networks"}, []any{"bridge"}},
		{"user network", `{"HostConfig": {"NetworkMode": "backend"}, "NetworkingConfig": {"EndpointsConfig": {"backend": {}}}}`, false, engineapi.Defaults{}, []string{"networks"}, []any{"backend"}},
		{"exposed not published", `{"ExposedPorts": {"80/tcp": {}, "9000/tcp": {}}, "HostConfig": {"PortBindings": {"80/tcp": [{"HostPort": "8080"}]}}}`, false, engineapi.Defaults{}, []string{"exposed_ports"}, []any{"9000/tcp"}},
		{"ephemeral port on localhost", `{"HostConfig": {"PortBindings": {"53/udp": [{"HostIp": "127.0.0.1"}]}}}`, false, engineapi.Defaults{}, []string{"ports"},
			[]any{map[string]any{"host_ip": "127.0.0.1", "host_port": nil, "container_port": 53, "protocol": "udp"}}},
		{"case-insensitive keys, as dockerd reads them", `{"hostconfig": {"privileged": true}}`, false, engineapi.Defaults{}, []string{"privileged"}, true},
		{"waiver label", `{"Labels": {"dockpol.ignore": "DKR-C01: build sandbox"}}`, false, engineapi.Defaults{}, []string{"waivers"}, []any{map[string]any{"rule": "DKR-C01", "reason": "build sandbox"}}},
		{"malformed waiver label carries none", `{"Labels": {"dockpol.ignore": "DKR-C01"}}`, false, engineapi.Defaults{}, []string{"waivers"}, []any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := body(t, tt.body)
			c := engineapi.Container("c", req.Config, req.HostConfig, req.NetworkingConfig, engineapi.Options{Stored: tt.stored, Defaults: tt.defs})
			if diff := cmp.Diff(tt.want, field(c, tt.path...)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMounts: Binds, Mounts, Tmpfs and anonymous volumes, with bind
// devices in disguise through VolumeOptions and known volumes.
func TestMounts(t *testing.T) {
	t.Parallel()
	req := body(t, `{
  "Volumes": {"/cache": {}, "/data": {}},
  "HostConfig": {
    "Binds": ["/srv:/srv:ro,rslave", "known:/data", "/anon"],
    "Mounts": [
      {"Type": "volume", "Source": "disguised", "Target": "/etc-copy",
       "VolumeOptions": {"DriverConfig": {"Options": {"type": "none", "o": "bind", "device": "/etc"}}}},
      {"Type": "tmpfs", "Target": "/tmp/"}],
    "Tmpfs": {"/run": "rw,noexec", "/ro": "ro"}}}`)
	c := engineapi.Container("c", req.Config, req.HostConfig, nil, engineapi.Options{
		Volumes: map[string]engineapi.Volume{"known": {Driver: "local", Options: map[string]string{"type": "none", "o": "rbind", "device": "/var/lib"}}},
	})
	m := func(typ string, source any, target string, ro bool, prop, driver, device any) map[string]any {
		return map[string]any{"type": typ, "source": source, "target": target, "read_only": ro, "propagation": prop, "volume_driver": driver, "driver_device": device}
	}
	want := []any{
		m("bind", "/srv", "/srv", true, "rslave", nil, nil),
		m("volume", "known", "/data", false, nil, "local", "/var/lib"),
		m("volume", nil, "/anon", false, nil, nil, nil),
		m("volume", "disguised", "/etc-copy", false, nil, nil, "/etc"),
		m("tmpfs", nil, "/tmp", false, nil, nil, nil),
		m("tmpfs", nil, "/ro", true, nil, nil, nil),
		m("tmpfs", nil, "/run", false, nil, nil, nil),
		m("volume", nil, "/cache", false, nil, nil, nil),
	}
	if diff := cmp.Diff(want, c["mounts"]); diff != "" {
		t.Errorf("mounts (-want +got):\n%s", diff)
	}
}

// TestSources: each field names the API field that set it, so an adapter
// can point a finding at its input.
func TestSources(t *testing.T) {
	t.Parallel()
	req := body(t, `{"User": "0", "Env": ["A=1", "B=2"], "HostConfig": {"Binds": ["/x:/x"], "CapAdd": ["SYS_ADMIN"], "SecurityOpt": ["seccomp=unconfined"]}}`)
	src := map[string]engineapi.Field{}
	engineapi.Container("c", req.Config, req.HostConfig, nil, engineapi.Options{Sources: src})
	for path, want := range map[string]engineapi.Field{
		"user":             {"User"},
		"environment[1]":   {"Env", 1},
		"mounts[0]":        {"HostConfig", "Binds", 0},
		"cap_add[0]":       {"HostConfig", "CapAdd", 0},
		"security.seccomp": {"HostConfig", "SecurityOpt", 0},
		"privileged":       {"HostConfig", "Privileged"},
	} {
		if diff := cmp.Diff(want, src[path]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", path, diff)
		}
	}
	src = map[string]engineapi.Field{}
	engineapi.Container("c", req.Config, req.HostConfig, nil, engineapi.Options{Sources: src, ConfigPath: engineapi.Field{"Config"}})
	if diff := cmp.Diff(engineapi.Field{"Config", "User"}, src["user"]); diff != "" {
		t.Errorf("inspect layout (-want +got):\n%s", diff)
	}
}
