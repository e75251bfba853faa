package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c21_volumes_from_warned if {
	findings := container.warn with input as testing.compose({"volumes_from": ["db"]})
	testing.with_id(findings, "DKR-C21") == {{
		"id": "DKR-C21",
		"msg": `service "web" mounts the volumes of "db" (volumes_from "db"), sharing its data with it.`,
		"path": ["volumes_from", 0],
	}}
}

test_c21_spellings_warned[entry] if {
	some entry in ["db:ro", "db:rw", "container:db", "container:db:ro"]
	findings := container.warn with input as testing.compose({"volumes_from": ["other", entry]})
	some f in testing.with_id(findings, "DKR-C21")
	f.path == ["volumes_from", 1]
	startswith(f.msg, `service "web" mounts the volumes of "db"`)
}

test_c21_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"volumes_from": ["db:ro"]})
	count(testing.with_id(findings, "DKR-C21")) == 1
}

test_c21_allowed_source_passes if {
	findings := container.warn with input as testing.compose({"volumes_from": ["container:db:ro"]})
		with data.dockpol.config as {"allowed_volumes_from": ["db"]}
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_none_passes if {
	findings := container.warn with input as testing.compose({"volumes_from": []})
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["volumes_from"]),
		"document": {"kind": "image"},
	}
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_shared_volume_warned if {
	findings := container.warn with input as testing.compose({"mounts": [
		{"type": "tmpfs", "source": null, "target": "/tmp", "read_only": false},
		{"type": "volume", "source": "uploads", "target": "/app/uploads", "read_only": false, "shared_with": ["checker"]},
	]})
	testing.with_id(findings, "DKR-C21") == {{
		"id": "DKR-C21",
		"msg": `service "web" mounts the volume "uploads" read-write, and "checker" mounts it too, so they can tamper with each other's data.`,
		"path": ["mounts", 1],
	}}
}

test_c21_shared_bind_warned if {
	findings := container.warn with input as testing.compose({"mounts": [{"type": "bind", "source": "./logic", "target": "/app", "read_only": false, "shared_with": ["api", "worker"]}]})
	some f in testing.with_id(findings, "DKR-C21")
	f.msg == `service "web" mounts the host path "./logic" read-write, and "api", "worker" mount it too, so they can tamper with each other's data.`
}

test_c21_shared_read_only_passes if {
	findings := container.warn with input as testing.compose({"mounts": [{"type": "bind", "source": "/etc/localtime", "target": "/etc/localtime", "read_only": true, "shared_with": ["api"]}]})
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_unshared_passes[name] if {
	some name, mount in {
		"alone": {"type": "volume", "source": "data", "target": "/data", "read_only": false, "shared_with": []},
		"unknown": {"type": "volume", "source": "data", "target": "/data", "read_only": false},
	}
	findings := container.warn with input as testing.compose({"mounts": [mount]})
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_shared_engine_socket_left_to_c18 if {
	findings := container.warn with input as testing.compose({"mounts": [{"type": "bind", "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "read_only": false, "shared_with": ["agent"]}]})
	count(testing.with_id(findings, "DKR-C21")) == 0
}

test_c21_allowed_shared_mount_passes if {
	findings := container.warn with input as testing.compose({"mounts": [{"type": "volume", "source": "html", "target": "/html", "read_only": false, "shared_with": ["nginx"]}]})
		with data.dockpol.config as {"allowed_shared_mounts": ["html"]}
	count(testing.with_id(findings, "DKR-C21")) == 0
}
