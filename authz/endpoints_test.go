package authz_test

import (
	"context"
	"strings"
	"testing"

	"github.com/dockpol/dockpol/inputs/request"
)

// TestEndpointTable gives every entry of the endpoint table (docs/authz.md)
// its default decision with the shipped rules: the endpoint it is
// classified as, whether it is allowed, and the rule that refuses or
// warns. Bodies are the smallest a client sends.
func TestEndpointTable(t *testing.T) {
	d := decider(t, false, shippedPolicy(t))
	tests := []struct {
		method, uri, body string
		endpoint          string
		allow             bool
		rule              string // refusing rule, or a warning's when allowed
	}{
		{"POST", "/v1.47/containers/create", hardened, request.EndpointContainerCreate, true, ""},
		{"POST", "/v1.47/containers/web/start", "", request.EndpointContainerStart, true, ""},
		{"POST", "/v1.47/containers/web/update", `{"Memory":536870912}`, request.EndpointContainerUpdate, true, ""},
		{"POST", "/v1.47/containers/web/exec", `{"Cmd":["sh"]}`, request.EndpointExecCreate, true, ""},
		{"POST", "/v1.47/exec/abc/start", `{"Detach":false}`, request.EndpointExecStart, true, ""},
		{"POST", "/v1.47/exec/abc/resize?h=40&w=80", "", request.EndpointExecStart, true, ""},
		{"POST", "/v1.47/containers/web/stop", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/restart", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/kill", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/pause", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/unpause", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/wait", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/resize", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/attach?stream=1", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/web/rename?name=api", "", request.EndpointContainerLifecycle, true, ""},
		{"DELETE", "/v1.47/containers/web", "", request.EndpointContainerLifecycle, true, ""},
		{"POST", "/v1.47/containers/prune", "", request.EndpointContainerLifecycle, true, ""},
		{"PUT", "/v1.47/containers/web/archive?path=/etc", "", request.EndpointContainerArchive, true, "DKR-A06"},
		{"POST", "/v1.47/containers/web/checkpoints", "", request.EndpointCheckpoint, true, ""},
		{"DELETE", "/v1.47/containers/web/checkpoints/c1", "", request.EndpointCheckpoint, true, ""},
		{"POST", "/v1.47/images/create?fromImage=nginx&tag=1.27", "", request.EndpointImagePull, true, ""},
		{"POST", "/v1.47/images/create?fromSrc=-&repo=x", "", request.EndpointImageImport, true, "DKR-A05"},
		{"POST", "/v1.47/images/load", "", request.EndpointImageLoad, true, "DKR-A05"},
		{"POST", "/v1.47/commit?container=web&repo=x", "", request.EndpointImageCommit, true, "DKR-A05"},
		{"POST", "/v1.47/build?t=x", "", request.EndpointImageBuild, true, "DKR-A05"},
		{"POST", "/v1.47/images/nginx:1.27/tag?repo=x", "", request.EndpointImageManage, true, ""},
		{"POST", "/v1.47/images/x/push", "", request.EndpointImageManage, true, ""},
		{"DELETE", "/v1.47/images/x", "", request.EndpointImageManage, true, ""},
		{"POST", "/v1.47/images/prune", "", request.EndpointImageManage, true, ""},
		{"POST", "/v1.47/build/prune", "", request.EndpointImageManage, true, ""},
		{"POST", "/v1.47/build/cancel?id=x", "", request.EndpointImageManage, true, ""},
		{"POST", "/v1.47/volumes/create", `{"Name":"data"}`, request.EndpointVolumeCreate, true, ""},
		{"POST", "/v1.47/volumes/prune", "", request.EndpointVolumeManage, true, ""},
		{"PUT", "/v1.47/volumes/data?version=1", `{}`, request.EndpointVolumeManage, true, ""},
		{"DELETE", "/v1.47/volumes/data", "", request.EndpointVolumeManage, true, ""},
		{"POST", "/v1.47/networks/create", `{"Name":"appnet"}`, request.EndpointNetworkCreate, true, ""},
		{"POST", "/v1.47/networks/prune", "", request.EndpointNetworkManage, true, ""},
		{"POST", "/v1.47/networks/appnet/connect", `{"Container":"web"}`, request.EndpointNetworkManage, true, ""},
		{"POST", "/v1.47/networks/appnet/disconnect", `{"Container":"web"}`, request.EndpointNetworkManage, true, ""},
		{"DELETE", "/v1.47/networks/appnet", "", request.EndpointNetworkManage, true, ""},
		{"POST", "/v1.47/plugins/pull?remote=vieux/sshfs", "", request.EndpointPluginPull, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/create?name=x", "", request.EndpointPluginCreate, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/vieux/sshfs/enable", "", request.EndpointPluginEnable, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/vieux/sshfs/disable", "", request.EndpointPluginDisable, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/vieux/sshfs/set", `["DEBUG=1"]`, request.EndpointPluginSet, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/vieux/sshfs/upgrade?remote=vieux/sshfs:2", "", request.EndpointPluginUpgrade, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/vieux/sshfs/push", "", request.EndpointPluginPush, false, "DKR-A02"},
		{"DELETE", "/v1.47/plugins/vieux/sshfs", "", request.EndpointPluginRemove, false, "DKR-A02"},
		{"POST", "/v1.47/plugins/dockpol/disable", "", request.EndpointPluginDisable, false, "DKR-A03"},
		{"POST", "/v1.47/swarm/init", `{}`, request.EndpointSwarmInit, false, "DKR-A04"},
		{"POST", "/v1.47/swarm/join", `{}`, request.EndpointSwarmJoin, false, "DKR-A04"},
		{"POST", "/v1.47/swarm/leave?force=1", "", request.EndpointSwarmLeave, false, "DKR-A04"},
		{"POST", "/v1.47/swarm/update?version=1", `{}`, request.EndpointSwarmUpdate, false, "DKR-A04"},
		{"POST", "/v1.47/swarm/unlock", `{"UnlockKey":"x"}`, request.EndpointSwarmUnlock, true, ""},
		{"POST", "/v1.47/nodes/n1/update?version=1", `{"Role":"manager"}`, request.EndpointNodeUpdate, false, "DKR-A04"},
		{"DELETE", "/v1.47/nodes/n1", "", request.EndpointNodeRemove, false, "DKR-A04"},
		{"POST", "/v1.47/services/create", `{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"registry.example.com/api:1","User":"1000","ReadOnly":true,"CapabilityDrop":["ALL"],"Privileges":{"NoNewPrivileges":true}}}}`, request.EndpointServiceCreate, true, ""},
		{"POST", "/v1.47/services/api/update?version=2", `{"Name":"api","TaskTemplate":{"ContainerSpec":{"Image":"registry.example.com/api:1","CapabilityAdd":["SYS_ADMIN"]}}}`, request.EndpointServiceUpdate, false, "DKR-C10"},
		{"DELETE", "/v1.47/services/api", "", request.EndpointServiceRemove, true, ""},
		{"POST", "/v1.47/secrets/create", `{"Name":"s","Data":"c2VjcmV0"}`, request.EndpointSecretManage, true, ""},
		{"POST", "/v1.47/secrets/s/update?version=1", `{}`, request.EndpointSecretManage, true, ""},
		{"DELETE", "/v1.47/secrets/s", "", request.EndpointSecretManage, true, ""},
		{"POST", "/v1.47/configs/create", `{"Name":"c"}`, request.EndpointConfigManage, true, ""},
		{"POST", "/v1.47/configs/c/update?version=1", `{}`, request.EndpointConfigManage, true, ""},
		{"DELETE", "/v1.47/configs/c", "", request.EndpointConfigManage, true, ""},
		{"POST", "/v1.47/session", "", request.EndpointSession, true, "DKR-A07"},
		{"POST", "/v1.47/grpc", "", request.EndpointGRPC, true, "DKR-A07"},
		{"POST", "/v1.47/auth", "", request.EndpointAuth, true, ""},
		{"GET", "/_ping", "", request.EndpointRead, true, ""},
		{"HEAD", "/_ping", "", request.EndpointRead, true, ""},
		{"GET", "/v1.47/containers/json", "", request.EndpointRead, true, ""},
		{"GET", "/v1.47/containers/web/archive?path=/etc", "", request.EndpointRead, true, ""},
		{"POST", "/v1.47/containers/web/copy", `{}`, request.EndpointUnknown, false, "DKR-A01"},
		{"PATCH", "/v1.47/containers/web", "", request.EndpointUnknown, false, "DKR-A01"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.endpoint] = true
		t.Run(tt.method+" "+tt.uri, func(t *testing.T) {
			dec, rec := d.Decide(context.Background(), jsonReq(tt.method, tt.uri, tt.body))
			if rec.Endpoint != tt.endpoint {
				t.Errorf("endpoint %q, want %q", rec.Endpoint, tt.endpoint)
			}
			if dec.Allow != tt.allow {
				t.Fatalf("Allow = %v, want %v: %s %s", dec.Allow, tt.allow, dec.Msg, rec.Reason)
			}
			if !tt.allow && !strings.Contains(dec.Msg, tt.rule+": ") {
				t.Errorf("refused by %q, want %s", dec.Msg, tt.rule)
			}
			var rules []string
			for _, f := range rec.Findings {
				if strings.HasPrefix(f.ID, "DKR-A") || f.ID == "DKR-C36" {
					rules = append(rules, f.ID)
				}
			}
			if tt.allow && tt.rule != "" && (len(rules) != 1 || rules[0] != tt.rule) {
				t.Errorf("endpoint rules %v, want a %s warning", rules, tt.rule)
			}
			if tt.allow && tt.rule == "" && len(rules) > 0 {
				t.Errorf("endpoint rules %v, want none", rules)
			}
		})
	}
	for _, ep := range request.Endpoints() {
		if !seen[ep] {
			t.Errorf("endpoint %s has no case in this table", ep)
		}
	}
}
