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
