package request

import (
	"regexp"
	"sort"
	"strings"
)

// Endpoint names. Each mutating Engine API endpoint has one; the shipped
// request rules (policies/request) give each its default decision.
const (
	EndpointRead    = "read"    // GET and HEAD: read-only, allowed
	EndpointUnknown = "unknown" // a mutating endpoint not in the table: denied

	EndpointContainerCreate    = "container.create"
	EndpointContainerUpdate    = "container.update"
	EndpointContainerStart     = "container.start"
	EndpointContainerLifecycle = "container.lifecycle" // stop, kill, restart, pause, rename, attach, wait, resize, remove, prune
	EndpointContainerArchive   = "container.archive"   // PUT /containers/{id}/archive: files copied in
	EndpointCheckpoint         = "container.checkpoint"
	EndpointExecCreate         = "exec.create"
	EndpointExecStart          = "exec.start"

	EndpointImagePull   = "image.pull"   // POST /images/create?fromImage=
	EndpointImageImport = "image.import" // POST /images/create?fromSrc=
	EndpointImageLoad   = "image.load"
	EndpointImageCommit = "image.commit"
	EndpointImageBuild  = "image.build"
	EndpointImageManage = "image.manage" // tag, push, remove, prune, build cache prune/cancel

	EndpointVolumeCreate  = "volume.create"
	EndpointVolumeManage  = "volume.manage" // remove, prune, cluster volume update
	EndpointNetworkCreate = "network.create"
	EndpointNetworkManage = "network.manage" // connect, disconnect, remove, prune

	EndpointPluginPull    = "plugin.pull"
	EndpointPluginCreate  = "plugin.create"
	EndpointPluginEnable  = "plugin.enable"
	EndpointPluginDisable = "plugin.disable"
	EndpointPluginSet     = "plugin.set"
	EndpointPluginUpgrade = "plugin.upgrade"
	EndpointPluginPush    = "plugin.push"
	EndpointPluginRemove  = "plugin.remove"

	EndpointSwarmInit   = "swarm.init"
	EndpointSwarmJoin   = "swarm.join"
	EndpointSwarmLeave  = "swarm.leave"
	EndpointSwarmUpdate = "swarm.update"
	EndpointSwarmUnlock = "swarm.unlock"
	EndpointNodeUpdate  = "node.update"
	EndpointNodeRemove  = "node.remove"

	EndpointServiceCreate = "service.create"
	EndpointServiceUpdate = "service.update"
	EndpointServiceRemove = "service.remove"
	EndpointSecretManage  = "secret.manage" // create, update, remove
	EndpointConfigManage  = "config.manage"

	EndpointSession = "session" // POST /session: BuildKit's session tunnel
	EndpointGRPC    = "grpc"    // POST /grpc: BuildKit's gRPC API, unseen by authz once upgraded
	EndpointAuth    = "auth"    // POST /auth: registry login check
)

// Endpoint is a request's place in the endpoint table.
type Endpoint struct {
	// Name is one of the Endpoint constants.
	Name string
	// Target is the object the path names ("web" in
	// /containers/web/exec), "" when none.
	Target string
	// Body says which typed body the endpoint carries, "" when none is
	// read: BodyCreate, BodyExec, BodyUpdate, BodyVolume, BodyService.
	Body string
}

// Typed bodies.
const (
	BodyCreate  = "create"
	BodyExec    = "exec"
	BodyUpdate  = "update"
	BodyVolume  = "volume"
	BodyService = "service"
	// BodyStartConfig is the HostConfig an API < 1.24 client may send
	// with a start: the daemon applies it.
	BodyStartConfig = "start_config"
)

type route struct {
	method string
	// literal is the path a pattern without metacharacters matches,
	// compared as a string rather than run as a regexp.
	literal string
	pattern *regexp.Regexp
	name    string
	body    string
}

// seg matches one path segment: a name or ID. Container names may not
// hold "/", plugin names may ("vieux/sshfs:latest"), image names may too.
const seg = `([^/]+)`

func r(method, pattern, name, body string) route {
	rt := route{method: method, pattern: regexp.MustCompile("^" + pattern + "$"), name: name, body: body}
	if regexp.QuoteMeta(pattern) == pattern {
		rt.literal = pattern
	}
	return rt
}

// routes is the table of mutating endpoints (moby api/server/router/*).
// Order matters where patterns overlap: specific ones first.
var routes = []route{
	r("POST", `/containers/create`, EndpointContainerCreate, BodyCreate),
	r("POST", `/containers/prune`, EndpointContainerLifecycle, ""),
	r("POST", `/containers/`+seg+`/update`, EndpointContainerUpdate, BodyUpdate),
	r("POST", `/containers/`+seg+`/start`, EndpointContainerStart, ""),
	r("POST", `/containers/`+seg+`/(stop|restart|kill|pause|unpause|wait|resize|attach|rename)`, EndpointContainerLifecycle, ""),
	r("POST", `/containers/`+seg+`/exec`, EndpointExecCreate, BodyExec),
	r("POST", `/containers/`+seg+`/checkpoints`, EndpointCheckpoint, ""),
	r("DELETE", `/containers/`+seg+`/checkpoints/`+seg, EndpointCheckpoint, ""),
	r("PUT", `/containers/`+seg+`/archive`, EndpointContainerArchive, ""),
	r("DELETE", `/containers/`+seg, EndpointContainerLifecycle, ""),
	r("POST", `/exec/`+seg+`/(start|resize)`, EndpointExecStart, ""),

	r("POST", `/images/create`, EndpointImagePull, ""), // fromSrc makes it an import
	r("POST", `/images/load`, EndpointImageLoad, ""),
	r("POST", `/images/prune`, EndpointImageManage, ""),
	r("POST", `/images/(.+)/(tag|push)`, EndpointImageManage, ""),
	r("DELETE", `/images/(.+)`, EndpointImageManage, ""),
	r("POST", `/commit`, EndpointImageCommit, ""),
	r("POST", `/build`, EndpointImageBuild, ""),
	r("POST", `/build/(prune|cancel)`, EndpointImageManage, ""),

	r("POST", `/volumes/create`, EndpointVolumeCreate, BodyVolume),
	r("POST", `/volumes/prune`, EndpointVolumeManage, ""),
	r("PUT", `/volumes/`+seg, EndpointVolumeManage, ""),
	r("DELETE", `/volumes/`+seg, EndpointVolumeManage, ""),
	r("POST", `/networks/create`, EndpointNetworkCreate, ""),
	r("POST", `/networks/prune`, EndpointNetworkManage, ""),
	r("POST", `/networks/`+seg+`/(connect|disconnect)`, EndpointNetworkManage, ""),
	r("DELETE", `/networks/`+seg, EndpointNetworkManage, ""),

	r("POST", `/plugins/pull`, EndpointPluginPull, ""),
	r("POST", `/plugins/create`, EndpointPluginCreate, ""),
	r("POST", `/plugins/(.+)/enable`, EndpointPluginEnable, ""),
	r("POST", `/plugins/(.+)/disable`, EndpointPluginDisable, ""),
	r("POST", `/plugins/(.+)/set`, EndpointPluginSet, ""),
	r("POST", `/plugins/(.+)/upgrade`, EndpointPluginUpgrade, ""),
	r("POST", `/plugins/(.+)/push`, EndpointPluginPush, ""),
	r("DELETE", `/plugins/(.+)`, EndpointPluginRemove, ""),

	r("POST", `/swarm/init`, EndpointSwarmInit, ""),
	r("POST", `/swarm/join`, EndpointSwarmJoin, ""),
	r("POST", `/swarm/leave`, EndpointSwarmLeave, ""),
	r("POST", `/swarm/update`, EndpointSwarmUpdate, ""),
	r("POST", `/swarm/unlock`, EndpointSwarmUnlock, ""),
	r("POST", `/nodes/`+seg+`/update`, EndpointNodeUpdate, ""),
	r("DELETE", `/nodes/`+seg, EndpointNodeRemove, ""),
	r("POST", `/services/create`, EndpointServiceCreate, BodyService),
	r("POST", `/services/`+seg+`/update`, EndpointServiceUpdate, BodyService),
	r("DELETE", `/services/`+seg, EndpointServiceRemove, ""),
	r("POST", `/secrets/create`, EndpointSecretManage, ""),
	r("POST", `/secrets/`+seg+`/update`, EndpointSecretManage, ""),
	r("DELETE", `/secrets/`+seg, EndpointSecretManage, ""),
	r("POST", `/configs/create`, EndpointConfigManage, ""),
	r("POST", `/configs/`+seg+`/update`, EndpointConfigManage, ""),
	r("DELETE", `/configs/`+seg, EndpointConfigManage, ""),

	r("POST", `/session`, EndpointSession, ""),
	r("POST", `/grpc`, EndpointGRPC, ""),
	r("POST", `/auth`, EndpointAuth, ""),
}

// Classify finds the endpoint of a request: method and a cleaned path
// without the version prefix. GET and HEAD are read-only whatever the
// path; every other method on a path not in the table is unknown.
func Classify(method, path string) Endpoint {
	if method == "GET" || method == "HEAD" {
		return Endpoint{Name: EndpointRead}
	}
	for _, rt := range routes {
		if rt.method != method {
			continue
		}
		if rt.literal != "" {
			if path == rt.literal {
				return Endpoint{Name: rt.name, Body: rt.body}
			}
			continue
		}
		m := rt.pattern.FindStringSubmatch(path)
		if m == nil {
			continue
		}
		ep := Endpoint{Name: rt.name, Body: rt.body}
		if len(m) > 1 {
			ep.Target = m[1]
		}
		return ep
	}
	return Endpoint{Name: EndpointUnknown}
}

// Endpoints lists every endpoint name Classify can return, read-only and
// unknown included, sorted.
func Endpoints() []string {
	set := map[string]bool{EndpointRead: true, EndpointUnknown: true, EndpointImageImport: true}
	for _, rt := range routes {
		set[rt.name] = true
	}
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Mutating reports whether a request with method may change the engine.
func Mutating(method string) bool {
	return method != "GET" && method != "HEAD"
}

// plugin names the plugin an endpoint acts on, from the path or query.
func pluginName(ep Endpoint, query map[string]string) string {
	switch ep.Name {
	case EndpointPluginPull:
		if n := query["name"]; n != "" {
			return n
		}
		return query["remote"]
	case EndpointPluginCreate:
		return query["name"]
	}
	return strings.TrimSuffix(ep.Target, "/")
}
