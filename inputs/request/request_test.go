package request_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/request"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		uri     string
		want    request.Path
		wantErr string
	}{
		{uri: "/containers/create", want: request.Path{Path: "/containers/create", Query: map[string]string{}}},
		{uri: "/v1.47/containers/create?name=x", want: request.Path{Path: "/containers/create", APIVersion: "1.47", Query: map[string]string{"name": "x"}}},
		{uri: "/v1.41/containers/%63reate?name=a%2Fb", want: request.Path{Path: "/containers/create", APIVersion: "1.41", Query: map[string]string{"name": "a/b"}}},
		{uri: "/v1.41//containers/./create/", want: request.Path{Path: "/containers/create", APIVersion: "1.41", Query: map[string]string{}}},
		{uri: "/v1.41/containers/x/../create", want: request.Path{Path: "/containers/create", APIVersion: "1.41", Query: map[string]string{}}},
		{uri: "/_ping", want: request.Path{Path: "/_ping", Query: map[string]string{}}},
		{uri: "/v1.24", want: request.Path{Path: "/", APIVersion: "1.24", Query: map[string]string{}}},
		// first value wins, as dockerd's Form.Get reads it
		{uri: "/images/create?fromImage=nginx&fromImage=evil&tag=1", want: request.Path{Path: "/images/create", Query: map[string]string{"fromImage": "nginx", "tag": "1"}}},
		// a malformed pair is dropped, the others kept (Go's server does the same)
		{uri: "/images/create?fromImage=nginx&bad=%zz", want: request.Path{Path: "/images/create", Query: map[string]string{"fromImage": "nginx"}}},
		{uri: "", wantErr: "empty request URI"},
		{uri: "containers/create", wantErr: "request URI"},
	}
	for _, tt := range tests {
		t.Run(tt.uri, func(t *testing.T) {
			got, err := request.ParsePath(tt.uri)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		method, path string
		want         request.Endpoint
	}{
		{"GET", "/containers/json", request.Endpoint{Name: request.EndpointRead}},
		{"HEAD", "/_ping", request.Endpoint{Name: request.EndpointRead}},
		{"GET", "/whatever/new", request.Endpoint{Name: request.EndpointRead}},
		{"POST", "/containers/create", request.Endpoint{Name: request.EndpointContainerCreate, Body: request.BodyCreate}},
		{"POST", "/containers/web/exec", request.Endpoint{Name: request.EndpointExecCreate, Target: "web", Body: request.BodyExec}},
		{"POST", "/containers/web/update", request.Endpoint{Name: request.EndpointContainerUpdate, Target: "web", Body: request.BodyUpdate}},
		{"POST", "/containers/web/start", request.Endpoint{Name: request.EndpointContainerStart, Target: "web"}},
		{"POST", "/containers/web/kill", request.Endpoint{Name: request.EndpointContainerLifecycle, Target: "web"}},
		{"DELETE", "/containers/web", request.Endpoint{Name: request.EndpointContainerLifecycle, Target: "web"}},
		{"PUT", "/containers/web/archive", request.Endpoint{Name: request.EndpointContainerArchive, Target: "web"}},
		{"POST", "/exec/abc/start", request.Endpoint{Name: request.EndpointExecStart, Target: "abc"}},
		{"POST", "/images/create", request.Endpoint{Name: request.EndpointImagePull}},
		{"POST", "/images/load", request.Endpoint{Name: request.EndpointImageLoad}},
		{"POST", "/images/registry.example.com/a/b/tag", request.Endpoint{Name: request.EndpointImageManage, Target: "registry.example.com/a/b"}},
		{"POST", "/commit", request.Endpoint{Name: request.EndpointImageCommit}},
		{"POST", "/build", request.Endpoint{Name: request.EndpointImageBuild}},
		{"POST", "/volumes/create", request.Endpoint{Name: request.EndpointVolumeCreate, Body: request.BodyVolume}},
		{"POST", "/networks/create", request.Endpoint{Name: request.EndpointNetworkCreate}},
		{"POST", "/plugins/pull", request.Endpoint{Name: request.EndpointPluginPull}},
		{"POST", "/plugins/vieux/sshfs:latest/disable", request.Endpoint{Name: request.EndpointPluginDisable, Target: "vieux/sshfs:latest"}},
		{"DELETE", "/plugins/dockpol", request.Endpoint{Name: request.EndpointPluginRemove, Target: "dockpol"}},
		{"POST", "/swarm/join", request.Endpoint{Name: request.EndpointSwarmJoin}},
		{"POST", "/services/create", request.Endpoint{Name: request.EndpointServiceCreate, Body: request.BodyService}},
		{"POST", "/services/s1/update", request.Endpoint{Name: request.EndpointServiceUpdate, Target: "s1", Body: request.BodyService}},
		{"POST", "/session", request.Endpoint{Name: request.EndpointSession}},
		{"POST", "/grpc", request.Endpoint{Name: request.EndpointGRPC}},
		{"POST", "/containers/web/frobnicate", request.Endpoint{Name: request.EndpointUnknown}},
		{"PATCH", "/containers/create", request.Endpoint{Name: request.EndpointUnknown}},
		{"POST", "/CONTAINERS/create", request.Endpoint{Name: request.EndpointUnknown}},
		{"POST", "/containers/a/b/exec", request.Endpoint{Name: request.EndpointUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, request.Classify(tt.method, tt.path)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

// create builds an AuthZReq for a container create with body.
func create(uri, body string) request.Request {
	return request.Request{
		RequestMethod:  "POST",
		RequestURI:     uri,
		RequestBody:    []byte(body),
		RequestHeaders: map[string]string{"Content-Type": "application/json"},
	}
}

// at walks a document by keys and indexes.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %T is not an object", path, v)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at %v: no element %d in %T", path, k, v)
			}
			v = l[k]
		}
	}
	return v
}

func TestDocumentBodies(t *testing.T) {
	tests := []struct {
		name string
		req  request.Request
		opts request.Options
		path []any
		want any
	}{
		{"lower-case keys are dockerd's keys", create("/v1.47/containers/create", `{"Image":"alpine","hostconfig":{"privileged":true}}`), request.Options{}, []any{"containers", 0, "privileged"}, true},
		{"last duplicate key wins (true)", create("/v1.47/containers/create", `{"HostConfig":{"Privileged":false,"Privileged":true}}`), request.Options{}, []any{"containers", 0, "privileged"}, true},
		{"last duplicate key wins (false)", create("/v1.47/containers/create", `{"HostConfig":{"Privileged":true,"Privileged":false}}`), request.Options{}, []any{"containers", 0, "privileged"}, nil},
		{"mixed-case duplicate keys", create("/v1.47/containers/create", `{"HostConfig":{"privileged":false,"PRIVILEGED":true}}`), request.Options{}, []any{"containers", 0, "privileged"}, true},
		{"no version prefix", create("/containers/create", `{"Image":"alpine","HostConfig":{"PidMode":"host"}}`), request.Options{}, []any{"containers", 0, "namespaces", "pid"}, "host"},
		{"name from the query", create("/v1.47/containers/create?name=%2Fweb", `{"Image":"alpine"}`), request.Options{}, []any{"containers", 0, "name"}, "web"},
		{"API 1.39 without IpcMode is shareable", create("/v1.39/containers/create", `{"Image":"alpine","HostConfig":{}}`), request.Options{}, []any{"containers", 0, "namespaces", "ipc"}, "shareable"},
		{"API 1.40 without IpcMode is private", create("/v1.40/containers/create", `{"Image":"alpine","HostConfig":{}}`), request.Options{}, []any{"containers", 0, "namespaces", "ipc"}, nil},
		{"API 1.40 on cgroup v1: host cgroupns is the default", create("/v1.40/containers/create", `{"Image":"alpine","HostConfig":{}}`), request.Options{}, []any{"containers", 0, "namespaces", "cgroup"}, nil},
		{"explicit host cgroupns on cgroup v2", create("/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"CgroupnsMode":"host"}}`), request.Options{Cgroup2: true}, []any{"containers", 0, "namespaces", "cgroup"}, "host"},
		{"body state decoded", create("/v1.47/containers/create", `{"Image":"alpine"}`), request.Options{}, []any{"request", "body", "state"}, "decoded"},
		{"empty body", create("/v1.47/containers/create", ``), request.Options{}, []any{"request", "body", "state"}, "absent"},
		{"whitespace body", create("/v1.47/containers/create", " \n"), request.Options{}, []any{"request", "body", "state"}, "absent"},
		{"trailing data", create("/v1.47/containers/create", `{"Image":"alpine"} {"HostConfig":{"Privileged":true}}`), request.Options{}, []any{"request", "body", "error"}, "unexpected content after JSON"},
		// dockerd checks dec.More(), which is false before a closing brace
		{"stray closing brace is accepted as dockerd does", create("/v1.47/containers/create", `{"Image":"alpine"}}`), request.Options{}, []any{"request", "body", "state"}, "decoded"},
		{"not JSON", create("/v1.47/containers/create", `Image=alpine`), request.Options{}, []any{"request", "body", "state"}, "invalid"},
		{"wrong type", create("/v1.47/containers/create", `{"HostConfig":{"Privileged":"yes"}}`), request.Options{}, []any{"request", "body", "error"}, "invalid JSON: cannot read a JSON string as bool at HostConfig.Privileged"},
		{"form-encoded body", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromImage=nginx", RequestHeaders: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, request.Options{}, []any{"request", "body", "state"}, "invalid"},
		{"exec", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/exec", RequestBody: []byte(`{"privileged":true,"user":"0","Cmd":["sh"]}`)}, request.Options{}, []any{"request", "exec"}, map[string]any{"privileged": true, "user": "0", "environment": []any{}, "command": []any{"sh"}, "working_dir": nil, "tty": false}},
		{"exec body absent", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/exec"}, request.Options{}, []any{"request", "body", "required"}, true},
		{"volume bind in disguise", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/volumes/create", RequestBody: []byte(`{"Name":"root","DriverOpts":{"type":"none","o":"bind","device":"/"}}`)}, request.Options{}, []any{"request", "volume", "bind_source"}, "/"},
		{"volume rbind option list", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/volumes/create", RequestBody: []byte(`{"Driver":"local","DriverOpts":{"Type":"none","O":"ro,rbind","Device":"/etc"}}`)}, request.Options{}, []any{"request", "volume", "bind_source"}, "/etc"},
		{"nfs volume is not a bind", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/volumes/create", RequestBody: []byte(`{"DriverOpts":{"type":"nfs","o":"addr=10.0.0.1","device":":/export"}}`)}, request.Options{}, []any{"request", "volume", "bind_source"}, nil},
		{"inline volume options on create", create("/v1.47/containers/create", `{"Image":"alpine","HostConfig":{"Mounts":[{"Type":"volume","Source":"v","Target":"/h","VolumeOptions":{"DriverConfig":{"Name":"local","Options":{"type":"none","o":"bind","device":"/"}}}}]}}`), request.Options{}, []any{"containers", 0, "mounts", 0, "driver_device"}, "/"},
		{"update", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/update", RequestBody: []byte(`{"PidsLimit":-1,"RestartPolicy":{"Name":"always"}}`)}, request.Options{}, []any{"request", "update"}, map[string]any{
			"resources": map[string]any{"memory": nil, "memory_swap": nil, "cpus": nil, "cpu_shares": nil, "cpu_quota": nil, "pids_limit": int64(-1), "oom_kill_disable": nil},
			"restart":   map[string]any{"policy": "always", "max_retries": nil},
		}},
		{"service container spec", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/services/create", RequestBody: []byte(`{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"nginx:1","CapabilityAdd":["sys_admin"],"Privileges":{"Seccomp":{"Mode":"unconfined"}}}}}`)}, request.Options{}, []any{"containers", 0, "cap_add"}, []any{"SYS_ADMIN"}},
		{"service seccomp", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/services/create", RequestBody: []byte(`{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"nginx:1","Privileges":{"Seccomp":{"Mode":"unconfined"}}}}}`)}, request.Options{}, []any{"containers", 0, "security", "seccomp"}, "unconfined"},
		{"service ports publish on every interface", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/services/create", RequestBody: []byte(`{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"nginx:1"}},"EndpointSpec":{"Ports":[{"TargetPort":80,"PublishedPort":8080}]}}`)}, request.Options{}, []any{"containers", 0, "ports", 0, "host_port"}, "8080"},
		{"legacy start with a HostConfig", request.Request{RequestMethod: "POST", RequestURI: "/v1.23/containers/web/start", RequestBody: []byte(`{"Privileged":true}`)}, request.Options{}, []any{"containers", 0, "privileged"}, true},
		{"plain start reads no body", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/containers/web/start"}, request.Options{}, []any{"request", "body", "required"}, false},
		{"pull with a tag", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromImage=ghcr.io%2Fx%2Fy&tag=2"}, request.Options{}, []any{"request", "image", "ref"}, "ghcr.io/x/y:2"},
		{"pull by digest", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromImage=nginx&tag=sha256:" + strings.Repeat("a", 64)}, request.Options{}, []any{"request", "image", "digest"}, "sha256:" + strings.Repeat("a", 64)},
		{"import is not a pull", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromSrc=-&repo=x"}, request.Options{}, []any{"request", "endpoint"}, "image.import"},
		{"plugin name from the query", request.Request{RequestMethod: "POST", RequestURI: "/v1.47/plugins/pull?remote=vieux/sshfs&name=sshfs"}, request.Options{}, []any{"request", "plugin", "name"}, "sshfs"},
		{"user and method", request.Request{User: "alice", UserAuthNMethod: "TLS", RequestMethod: "get", RequestURI: "/v1.47/info"}, request.Options{}, []any{"request", "method"}, "GET"},
		{"unreadable URI", request.Request{RequestMethod: "POST", RequestURI: "::"}, request.Options{}, []any{"request", "endpoint"}, "unknown"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := request.Document(tt.req, tt.opts)
			if diff := cmp.Diff(tt.want, at(t, doc.Value, tt.path...)); diff != "" {
				t.Errorf("%v (-want +got)\n%s", tt.path, diff)
			}
		})
	}
}

// TestDocumentKeepsSecretsOut plants credentials in every place a request
// carries them.
func TestDocumentKeepsSecretsOut(t *testing.T) {
	secrets := []string{"hunter2-s3cret", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "pa55w0rd-in-url", "registry-auth-token", "cifs-pass-77"}
	reqs := []request.Request{
		create("/v1.47/containers/create?name=db", `{"Image":"postgres:16","Env":["POSTGRES_PASSWORD=hunter2-s3cret","TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789","DATABASE_URL=postgres://u:pa55w0rd-in-url@db/x"],"Cmd":["--password","hunter2-s3cret"],"Labels":{"api_key":"hunter2-s3cret"}}`),
		{RequestMethod: "POST", RequestURI: "/v1.47/containers/db/exec", RequestBody: []byte(`{"Env":["PGPASSWORD=hunter2-s3cret"],"Cmd":["psql","--password=hunter2-s3cret"]}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/images/create?fromImage=x", RequestHeaders: map[string]string{"X-Registry-Auth": "registry-auth-token", "Authorization": "Bearer registry-auth-token"}},
		{RequestMethod: "POST", RequestURI: "/v1.47/volumes/create", RequestBody: []byte(`{"Name":"share","DriverOpts":{"type":"cifs","o":"addr=fs,username=u,password=cifs-pass-77","device":"//fs/share"}}`)},
		{RequestMethod: "POST", RequestURI: "/v1.47/services/create", RequestBody: []byte(`{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"x:1","Env":["API_TOKEN=hunter2-s3cret"]}}}`)},
		// an error message must not quote the body
		create("/v1.47/containers/create", `{"Env":"hunter2-s3cret"}`),
		create("/v1.47/containers/create", `{"Image":"hunter2-s3cret`),
	}
	for _, req := range reqs {
		doc := request.Document(req, request.Options{})
		out, err := json.Marshal(doc.Value)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if strings.Contains(string(out), s) || strings.Contains(doc.Path, s) {
				t.Errorf("%s %s: secret %q in the document: %s", req.RequestMethod, req.RequestURI, s, out)
			}
		}
	}
}
