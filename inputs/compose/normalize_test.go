package compose_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dockpol/dockpol/inputs/compose"
)

// TestNormalise checks one normalisation per row: the compose spelling in,
// the dockpol/v1 value out (as JSON, so null and absent keys are explicit).
func TestNormalise(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		yaml string // the whole compose file; the service under test is web (containers[0])
		path string // normalised path under the document
		want string // JSON
	}{
		// capabilities
		{"cap lower case", svc(`cap_add: [sys_admin]`), "containers[0].cap_add", `["SYS_ADMIN"]`},
		{"cap CAP_ prefix", svc(`cap_add: [CAP_SYS_ADMIN]`), "containers[0].cap_add", `["SYS_ADMIN"]`},
		{"cap_drop all", svc(`cap_drop: [all]`), "containers[0].cap_drop", `["ALL"]`},
		{"no caps", svc(``), "containers[0].cap_add", `[]`},

		// security_opt
		{"seccomp colon", svc(`security_opt: ["seccomp:unconfined"]`), "containers[0].security",
			`{"no_new_privileges":null,"seccomp":"unconfined","apparmor":null,"selinux":null,"systempaths":null,"options":["seccomp=unconfined"]}`},
		{"seccomp equals", svc(`security_opt: ["seccomp=unconfined"]`), "containers[0].security.seccomp", `"unconfined"`},
		{"seccomp profile", svc(`security_opt: ["seccomp=profiles/app.json"]`), "containers[0].security.seccomp", `"profiles/app.json"`},
		{"apparmor", svc(`security_opt: ["apparmor=unconfined"]`), "containers[0].security.apparmor", `"unconfined"`},
		{"label disable", svc(`security_opt: ["label:disable"]`), "containers[0].security",
			`{"no_new_privileges":null,"seccomp":null,"apparmor":null,"selinux":["disable"],"systempaths":null,"options":["label=disable"]}`},
		{"label type", svc(`security_opt: ["label=type:spc_t", "label:level:s0"]`), "containers[0].security.selinux", `["type:spc_t","level:s0"]`},
		{"no-new-privileges alone", svc(`security_opt: ["no-new-privileges"]`), "containers[0].security",
			`{"no_new_privileges":true,"seccomp":null,"apparmor":null,"selinux":null,"systempaths":null,"options":["no-new-privileges=true"]}`},
		{"no-new-privileges:true", svc(`security_opt: ["no-new-privileges:true"]`), "containers[0].security.no_new_privileges", `true`},
		{"no-new-privileges=false", svc(`security_opt: ["no-new-privileges=false"]`), "containers[0].security.no_new_privileges", `false`},
		{"systempaths", svc(`security_opt: ["systempaths=unconfined"]`), "containers[0].security.systempaths", `"unconfined"`},
		{"no security_opt", svc(``), "containers[0].security",
			`{"no_new_privileges":null,"seccomp":null,"apparmor":null,"selinux":null,"systempaths":null,"options":null}`},

		// image
		{"image tag from an unset variable", "services:\n  web:\n    image: \"frappe/erpnext:${ERPNEXT_VERSION}\"\n", "containers[0].image",
			`{"ref":"frappe/erpnext:${ERPNEXT_VERSION}","registry":"docker.io","repository":"frappe/erpnext","tag":"${ERPNEXT_VERSION}","digest":null}`},
		{"image and tag from unset variables with defaults", "services:\n  web:\n    image: \"${CUSTOM_IMAGE:-frappe/erpnext}:${CUSTOM_TAG:-$ERPNEXT_VERSION}\"\n", "containers[0].image.tag",
			`"${CUSTOM_TAG:-$ERPNEXT_VERSION}"`},
		{"image tag from a default", "services:\n  web:\n    image: \"redis:${REDIS_TAG:-7.4}\"\n", "containers[0].image.tag", `"7.4"`},
		{"image without a tag", "services:\n  web:\n    image: redis\n", "containers[0].image.tag", `null`},

		// one-shot jobs
		{"one-shot job", "services:\n  web:\n    image: migrate\n  app:\n    image: app\n    depends_on:\n      web: {condition: service_completed_successfully}\n      db: {condition: service_healthy}\n  db:\n    image: postgres:16\n", "containers[0].one_shot", `true`},
		{"waits for a job", "services:\n  web:\n    image: migrate\n  app:\n    image: app\n    depends_on:\n      web: {condition: service_completed_successfully}\n      db: {condition: service_healthy}\n  db:\n    image: postgres:16\n", "containers[1].one_shot", `false`},
		{"waited for while healthy", "services:\n  web:\n    image: migrate\n  app:\n    image: app\n    depends_on:\n      web: {condition: service_completed_successfully}\n      db: {condition: service_healthy}\n  db:\n    image: postgres:16\n", "containers[2].one_shot", `false`},

		// ports, short syntax
		{"port container only", svc(`ports: ["80"]`), "containers[0].ports",
			`[{"host_ip":null,"host_port":null,"container_port":80,"protocol":"tcp"}]`},
		{"port number", svc(`ports: [80]`), "containers[0].ports",
			`[{"host_ip":null,"host_port":null,"container_port":80,"protocol":"tcp"}]`},
		{"port host:container", svc(`ports: ["8080:80"]`), "containers[0].ports",
			`[{"host_ip":null,"host_port":"8080","container_port":80,"protocol":"tcp"}]`},
		{"port ip:host:container", svc(`ports: ["127.0.0.1:8080:80"]`), "containers[0].ports",
			`[{"host_ip":"127.0.0.1","host_port":"8080","container_port":80,"protocol":"tcp"}]`},
		{"port ip::container", svc(`ports: ["127.0.0.1::80"]`), "containers[0].ports",
			`[{"host_ip":"127.0.0.1","host_port":null,"container_port":80,"protocol":"tcp"}]`},
		{"port udp", svc(`ports: ["8080:80/udp"]`), "containers[0].ports",
			`[{"host_ip":null,"host_port":"8080","container_port":80,"protocol":"udp"}]`},
		{"port ipv6", svc(`ports: ["[::1]:8080:80"]`), "containers[0].ports",
			`[{"host_ip":"::1","host_port":"8080","container_port":80,"protocol":"tcp"}]`},
		{"port range", svc(`ports: ["8000-8001:8000-8001"]`), "containers[0].ports",
			`[{"host_ip":null,"host_port":"8000","container_port":8000,"protocol":"tcp"},
			  {"host_ip":null,"host_port":"8001","container_port":8001,"protocol":"tcp"}]`},
		// ports, long syntax
		{"port long target only", svc("ports:\n      - target: 80"), "containers[0].ports",
			`[{"host_ip":null,"host_port":null,"container_port":80,"protocol":"tcp"}]`},
		{"port long full", svc("ports:\n      - {target: 53, published: \"5353\", host_ip: 127.0.0.1, protocol: udp}"), "containers[0].ports",
			`[{"host_ip":"127.0.0.1","host_port":"5353","container_port":53,"protocol":"udp"}]`},
		{"port long published range", svc("ports:\n      - {target: 80, published: \"8080-8081\"}"), "containers[0].ports",
			`[{"host_ip":null,"host_port":"8080-8081","container_port":80,"protocol":"tcp"}]`},
		{"expose", svc(`expose: ["3000", "53/udp"]`), "containers[0].exposed_ports", `["3000/tcp","53/udp"]`},

		// volumes, short syntax
		{"bind absolute read-only", svc(`volumes: ["/etc:/host/etc:ro"]`), "containers[0].mounts",
			`[{"type":"bind","source":"/etc","target":"/host/etc","read_only":true,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":[]}]`},
		{"bind relative", svc(`volumes: ["./data:/data"]`), "containers[0].mounts[0].source", `"./data"`},
		{"bind target with a trailing slash", svc(`volumes: ["../shared:/shared/"]`), "containers[0].mounts[0]",
			`{"type":"bind","source":"../shared","target":"/shared","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":[]}`},
		{"bind relative nested", svc(`volumes: ["./a/b:/data"]`), "containers[0].mounts[0].source", `"./a/b"`},
		{"bind project root", svc(`volumes: [".:/src"]`), "containers[0].mounts[0].source", `"."`},
		{"bind parent of the project", svc(`volumes: ["../shared:/shared"]`), "containers[0].mounts[0].source", `"../shared"`},
		{"bind home", svc(`volumes: ["~/x:/x"]`), "containers[0].mounts[0].source", `"~/x"`},
		{"bind docker socket", svc(`volumes: ["/var/run/docker.sock:/var/run/docker.sock"]`), "containers[0].mounts[0]",
			`{"type":"bind","source":"/var/run/docker.sock","target":"/var/run/docker.sock","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":[]}`},
		{"bind propagation", svc(`volumes: ["/mnt:/mnt:rshared"]`), "containers[0].mounts[0].propagation", `"rshared"`},
		{"named volume", svc(`volumes: ["data:/data"]`) + "volumes:\n  data: {}\n", "containers[0].mounts",
			`[{"type":"volume","source":"data","target":"/data","read_only":false,"propagation":null,"volume_driver":"local","driver_device":null,"shared_with":[]}]`},
		{"volume and bind shared", svc(`volumes: ["data:/data", "./html:/html:ro", "/cache"]`) +
			"  proxy:\n    image: nginx\n    volumes: [\"./html:/usr/share/nginx/html:ro\"]\n" +
			"  backup:\n    image: restic\n    volumes: [\"data:/backup/data:ro\", \"/cache\"]\n" +
			"volumes:\n  data: {}\n", "containers[0].mounts",
			`[{"type":"volume","source":"data","target":"/data","read_only":false,"propagation":null,"volume_driver":"local","driver_device":null,"shared_with":["backup"]},
			  {"type":"bind","source":"./html","target":"/html","read_only":true,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":["proxy"]},
			  {"type":"volume","source":null,"target":"/cache","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null}]`},
		{"anonymous volume", svc(`volumes: ["/cache"]`), "containers[0].mounts",
			`[{"type":"volume","source":null,"target":"/cache","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null}]`},
		{"named volume bind device", svc(`volumes: ["etc:/host"]`) + "volumes:\n  etc:\n    driver_opts: {type: none, o: bind, device: /etc}\n", "containers[0].mounts[0]",
			`{"type":"volume","source":"etc","target":"/host","read_only":false,"propagation":null,"volume_driver":"local","driver_device":"/etc","shared_with":[]}`},
		{"top-level volume bind device", svc(`volumes: ["etc:/host"]`) + "volumes:\n  etc:\n    driver_opts: {type: none, o: bind, device: /etc}\n", "volumes",
			`[{"name":"etc","driver":null,"external":false,"driver_opts":{"type":"none","o":"bind","device":"/etc"},"bind_device":"/etc"}]`},
		{"relative bind device", svc(`volumes: ["devdata:/d"]`) + "volumes:\n  devdata:\n    driver_opts: {type: none, o: bind, device: ./data}\n", "containers[0].mounts[0].driver_device", `"./data"`},
		{"bind device outside the project", svc(`volumes: ["devdata:/d"]`) + "volumes:\n  devdata:\n    driver: local\n    driver_opts: {type: none, o: bind, device: ../shared}\n", "containers[0].mounts[0].driver_device", `"../shared"`},
		{"bind device from a variable", svc(`volumes: ["devdata:/d"]`) + "volumes:\n  devdata:\n    driver_opts: {type: none, o: bind, device: \"${DATA_DIR:-/srv/data}\"}\n", "containers[0].mounts[0].driver_device", `"/srv/data"`},
		{"bind from a variable", svc(`volumes: ["${DATA_DIR:-/srv/data}:/data"]`), "containers[0].mounts[0].source", `"/srv/data"`},
		{"bind device of another driver", svc(`volumes: ["devdata:/d"]`) + "volumes:\n  devdata:\n    driver: nfs\n    driver_opts: {type: none, o: bind, device: /etc}\n", "containers[0].mounts[0].driver_device", `null`},
		{"tmpfs key", svc(`tmpfs: ["/run:size=64m", /tmp]`), "containers[0].mounts",
			`[{"type":"tmpfs","source":null,"target":"/run","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null},
			  {"type":"tmpfs","source":null,"target":"/tmp","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null}]`},
		{"tmpfs scalar", svc(`tmpfs: /run`), "containers[0].mounts[0].target", `"/run"`},
		// volumes, long syntax
		{"long bind read-only", svc("volumes:\n      - {type: bind, source: ./conf, target: /conf, read_only: true}"), "containers[0].mounts",
			`[{"type":"bind","source":"./conf","target":"/conf","read_only":true,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":[]}]`},
		{"long bind propagation", svc("volumes:\n      - {type: bind, source: /mnt, target: /mnt, bind: {propagation: rslave}}"), "containers[0].mounts[0].propagation", `"rslave"`},
		{"long volume", svc("volumes:\n      - {type: volume, source: data, target: /data}") + "volumes:\n  data:\n    driver: rexray\n", "containers[0].mounts[0]",
			`{"type":"volume","source":"data","target":"/data","read_only":false,"propagation":null,"volume_driver":"rexray","driver_device":null,"shared_with":[]}`},
		{"long tmpfs", svc("volumes:\n      - {type: tmpfs, target: /scratch}"), "containers[0].mounts",
			`[{"type":"tmpfs","source":null,"target":"/scratch","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null}]`},
		{"use_api_socket", svc(`use_api_socket: true`), "containers[0].mounts",
			`[{"type":"bind","source":"/var/run/docker.sock","target":"/var/run/docker.sock","read_only":false,"propagation":null,"volume_driver":null,"driver_device":null,"shared_with":[]}]`},

		// resources
		{"mem_limit cpus pids_limit", svc("mem_limit: 512m\n    cpus: 0.5\n    pids_limit: 100"), "containers[0].resources",
			`{"memory":536870912,"memory_swap":null,"memory_reservation":null,"cpus":0.5,"cpu_shares":null,"cpu_quota":null,"pids_limit":100,"oom_kill_disable":null}`},
		{"mem_limit with version 2.4", "version: \"2.4\"\n" + svc("mem_limit: 1g\n    memswap_limit: 2g\n    mem_reservation: 256m\n    cpu_shares: 512\n    cpu_quota: 50000\n    oom_kill_disable: false"), "containers[0].resources",
			`{"memory":1073741824,"memory_swap":2147483648,"memory_reservation":268435456,"cpus":null,"cpu_shares":512,"cpu_quota":50000,"pids_limit":null,"oom_kill_disable":false}`},
		{"deploy limits", svc("deploy:\n      resources:\n        limits: {memory: 1g, cpus: \"1.5\", pids: 50}\n        reservations: {memory: 128m}"), "containers[0].resources",
			`{"memory":1073741824,"memory_swap":null,"memory_reservation":134217728,"cpus":1.5,"cpu_shares":null,"cpu_quota":null,"pids_limit":50,"oom_kill_disable":null}`},
		{"deploy limits with version 3.8", "version: \"3.8\"\n" + svc("deploy:\n      resources:\n        limits: {memory: 64m}"), "containers[0].resources.memory", `67108864`},
		{"deploy and service keys agree", svc("mem_limit: 1g\n    deploy:\n      resources:\n        limits: {memory: 1g}"), "containers[0].resources.memory", `1073741824`},
		{"deploy wins over service keys", svc("mem_limit: 512m\n    cpus: 0.5\n    pids_limit: 100\n    deploy:\n      resources:\n        limits: {memory: 1g, cpus: \"2\", pids: 50}"), "containers[0].resources",
			`{"memory":1073741824,"memory_swap":null,"memory_reservation":null,"cpus":2,"cpu_shares":null,"cpu_quota":null,"pids_limit":50,"oom_kill_disable":null}`},
		{"no resources", svc(``), "containers[0].resources",
			`{"memory":null,"memory_swap":null,"memory_reservation":null,"cpus":null,"cpu_shares":null,"cpu_quota":null,"pids_limit":null,"oom_kill_disable":null}`},

		// user, booleans
		{"user uid:gid", svc(`user: "1000:1000"`), "containers[0].user", `"1000:1000"`},
		{"user root", svc(`user: root`), "containers[0].user", `"root"`},
		{"user unset", svc(``), "containers[0].user", `null`},
		{"privileged true", svc(`privileged: true`), "containers[0].privileged", `true`},
		{"privileged false", svc(`privileged: false`), "containers[0].privileged", `false`},
		{"privileged unset", svc(``), "containers[0].privileged", `null`},
		{"read_only false", svc(`read_only: false`), "containers[0].read_only_rootfs", `false`},
		{"init", svc(`init: true`), "containers[0].init", `true`},
		{"init unset", svc(``), "containers[0].init", `null`},

		// namespaces
		{"pid host", svc(`pid: host`), "containers[0].namespaces.pid", `"host"`},
		{"network_mode host", svc(`network_mode: host`), "containers[0].namespaces.network", `"host"`},
		{"network_mode host has no networks", svc(`network_mode: host`), "containers[0].networks", `[]`},
		{"network_mode service", svc(`network_mode: "service:db"`) + "  db:\n    image: postgres:16\n", "containers[0].namespaces.network", `"container:db"`},
		{"ipc shareable", svc(`ipc: shareable`), "containers[0].namespaces.ipc", `"shareable"`},
		{"ipc service", svc(`ipc: "service:db"`) + "  db:\n    image: postgres:16\n", "containers[0].namespaces.ipc", `"container:db"`},
		{"userns host", svc(`userns_mode: host`), "containers[0].namespaces.userns", `"host"`},
		{"namespaces unset", svc(``), "containers[0].namespaces",
			`{"pid":null,"ipc":null,"uts":null,"network":null,"cgroup":null,"userns":null}`},
		{"default network", svc(``), "containers[0].networks", `["default"]`},

		// healthcheck
		{"healthcheck disable", svc("healthcheck:\n      disable: true"), "containers[0].healthcheck", `{"test":null,"disabled":true}`},
		{"healthcheck NONE", svc("healthcheck:\n      test: [\"NONE\"]"), "containers[0].healthcheck", `{"test":["NONE"],"disabled":true}`},
		{"healthcheck cmd", svc("healthcheck:\n      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]"), "containers[0].healthcheck",
			`{"test":["CMD","curl","-f","http://localhost"],"disabled":false}`},
		{"healthcheck unset", svc(``), "containers[0].healthcheck", `null`},

		// restart
		{"restart on-failure:3", svc(`restart: "on-failure:3"`), "containers[0].restart", `{"policy":"on-failure","max_retries":3}`},
		{"restart no", svc(`restart: "no"`), "containers[0].restart", `{"policy":"no","max_retries":null}`},
		{"restart unless-stopped", svc(`restart: unless-stopped`), "containers[0].restart", `{"policy":"unless-stopped","max_retries":null}`},
		{"deploy restart_policy", svc("deploy:\n      restart_policy: {condition: on-failure, max_attempts: 5}"), "containers[0].restart", `{"policy":"on-failure","max_retries":5}`},
		{"deploy restart_policy any", svc("deploy:\n      restart_policy: {condition: any}"), "containers[0].restart", `{"policy":"always","max_retries":null}`},
		{"deploy restart_policy none", svc("deploy:\n      restart_policy: {condition: none}"), "containers[0].restart", `{"policy":"no","max_retries":null}`},
		{"restart unset", svc(``), "containers[0].restart", `null`},

		// logging
		{"logging", svc("logging:\n      driver: json-file\n      options: {max-size: 10m, max-file: \"3\"}"), "containers[0].logging",
			`{"driver":"json-file","options":{"max-size":"10m","max-file":"3"}}`},
		{"logging driver only", svc("logging:\n      driver: none"), "containers[0].logging", `{"driver":"none","options":{}}`},
		{"logging unset", svc(``), "containers[0].logging", `null`},

		// image
		{"image tag", svc(``), "containers[0].image",
			`{"ref":"nginx:1.27","registry":"docker.io","repository":"library/nginx","tag":"1.27","digest":null}`},
		{"image digest", "services:\n  web:\n    image: ghcr.io/acme/app@sha256:0123456789012345678901234567890123456789012345678901234567890123\n", "containers[0].image",
			`{"ref":"ghcr.io/acme/app@sha256:0123456789012345678901234567890123456789012345678901234567890123","registry":"ghcr.io","repository":"acme/app","tag":null,"digest":"sha256:0123456789012345678901234567890123456789012345678901234567890123"}`},
		{"image from an unset variable", "services:\n  web:\n    image: ${REGISTRY}/app:${TAG:-1.0}\n", "containers[0].image",
			`{"ref":"/app:1.0","registry":"docker.io","repository":"/app","tag":"1.0","digest":null}`},
		{"image with a tag from an unset variable", "services:\n  web:\n    image: nginx:${TAG}\n", "containers[0].image",
			`{"ref":"nginx:${TAG}","registry":"docker.io","repository":"library/nginx","tag":"${TAG}","digest":null}`},
		{"image private registry", "services:\n  web:\n    image: registry.example.com:5000/team/app:2\n", "containers[0].image",
			`{"ref":"registry.example.com:5000/team/app:2","registry":"registry.example.com:5000","repository":"team/app","tag":"2","digest":null}`},
		{"build only", "services:\n  web:\n    build: ./app\n", "containers[0]",
			`{"image":null,"build":{"context":"./app","dockerfile":"Dockerfile"}}`},
		{"build parent dir", "services:\n  web:\n    build: {context: .., dockerfile: app.Dockerfile}\n", "containers[0].build",
			`{"context":"..","dockerfile":"app.Dockerfile"}`},

		// misc
		{"devices", svc(`devices: ["/dev/fuse", "/dev/sda:/dev/xvda:r"]`), "containers[0].devices",
			`[{"host_path":"/dev/fuse","container_path":"/dev/fuse","permissions":"rwm"},{"host_path":"/dev/sda","container_path":"/dev/xvda","permissions":"r"}]`},
		{"ulimits", svc("ulimits:\n      nproc: 65535\n      nofile: {soft: 1024, hard: 2048}"), "containers[0].ulimits",
			`{"nproc":{"soft":65535,"hard":65535},"nofile":{"soft":1024,"hard":2048}}`},
		{"sysctls", svc(`sysctls: {net.core.somaxconn: 1024}`), "containers[0].sysctls", `{"net.core.somaxconn":"1024"}`},
		{"command string", svc(`command: echo hello`), "containers[0].command", `["echo","hello"]`},
		{"command unset", svc(``), "containers[0].command", `null`},
		{"labels", svc(`labels: {com.example.team: web}`), "containers[0].labels", `{"com.example.team":"web"}`},
		{"service secrets", svc(`secrets: [db, {source: api, target: /run/api}]`) + "secrets:\n  db:\n    file: ./db.txt\n  api:\n    environment: API_TOKEN\n", "containers[0].secrets",
			`[{"source":"db","target":null},{"source":"api","target":"/run/api"}]`},
		{"top-level secrets", svc(`secrets: [db, api]`) + "secrets:\n  db:\n    file: ./db.txt\n  api:\n    environment: API_TOKEN\n", "secrets",
			`[{"name":"api","file":null,"environment":"API_TOKEN","external":false},{"name":"db","file":"db.txt","environment":null,"external":false}]`},
		{"secret file outside the project", svc(`secrets: [db]`) + "secrets:\n  db:\n    file: ../shared/db.txt\n", "secrets[0].file", `"../shared/db.txt"`},
		{"top-level configs", svc(`configs: [nginx]`) + "configs:\n  nginx:\n    file: ./conf/nginx.conf\n", "configs",
			`[{"name":"nginx","file":"conf/nginx.conf","environment":null,"external":false}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			doc := loadYAML(t, tt.yaml, compose.Options{})
			v := jsonValue(t, doc.Value)
			want := mustJSON(t, tt.want)
			got := get(v, tt.path)
			if tt.path == "containers[0]" {
				// compare only the keys the row names
				m, _ := got.(map[string]any)
				sub := map[string]any{}
				for k := range want.(map[string]any) {
					sub[k] = m[k]
				}
				got = sub
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.path, diff)
			}
		})
	}
}

// svc returns a compose file with one service, web, holding the given
// extra keys (indented for the service mapping).
func svc(keys string) string {
	out := "services:\n  web:\n    image: nginx:1.27\n"
	if keys != "" {
		out += "    " + keys + "\n"
	}
	return out
}
