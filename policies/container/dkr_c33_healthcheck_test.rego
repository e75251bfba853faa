package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c33_missing_healthcheck_warned if {
	findings := container.warn with input as testing.compose({"healthcheck": null})
	testing.with_id(findings, "DKR-C33") == {{
		"id": "DKR-C33",
		"msg": `service "web" sets no healthcheck, so it has none unless its image defines one.`,
		"path": ["healthcheck"],
	}}
}

test_c33_missing_judged_per_kind[kind] if {
	some kind, msg in {
		"container": `container "web" has no healthcheck, in its configuration or its image.`,
		"request": `container "web" sets no healthcheck, so it has none unless its image defines one.`,
		"image": `container "web" defines no HEALTHCHECK, so it has none unless its base image defines one.`,
	}
	findings := container.warn with input as testing.input_for(kind, {"healthcheck": null})
	{f.msg | some f in testing.with_id(findings, "DKR-C33")} == {msg}
}

test_c33_missing_not_judged_for_unlisted_kind if {
	findings := container.warn with input as testing.input_for("dockerfile", {"healthcheck": null})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_disabled_warned[note] if {
	some note, hc in {
		"disable: true": {"test": ["NONE"], "disabled": true},
		"disabled without test": {"test": null, "disabled": true},
		"test NONE": {"test": ["NONE"], "disabled": false},
		"test none lower case": {"test": ["none"], "disabled": false},
	}
	some kind in ["compose", "container", "request", "image"]
	findings := container.warn with input as testing.input_for(kind, {"healthcheck": hc})
	count(testing.with_id(findings, "DKR-C33")) == 1
	some f in testing.with_id(findings, "DKR-C33")
	endswith(f.msg, "disables its healthcheck.")
}

test_c33_build_without_image_info_not_judged if {
	build := {"context": "./app", "dockerfile": "Dockerfile"}
	findings := container.warn with input as testing.compose({"healthcheck": null, "build": build, "image": null})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_build_with_image_tag_not_judged if {
	findings := container.warn with input as testing.compose({"healthcheck": null, "build": {"context": ".", "dockerfile": "Dockerfile"}})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_build_disabled_still_warned if {
	build := {"context": "./app", "dockerfile": "Dockerfile"}
	findings := container.warn with input as testing.compose({"healthcheck": {"test": ["NONE"], "disabled": true}, "build": build, "image": null})
	count(testing.with_id(findings, "DKR-C33")) == 1
}

test_c33_healthcheck_passes[note] if {
	some note, hc in {
		"CMD": {"test": ["CMD", "curl", "-f", "http://localhost/"], "disabled": false},
		"CMD-SHELL": {"test": ["CMD-SHELL", "pg_isready"], "disabled": false},
		"timing only, image test applies": {"test": null, "disabled": false},
	}
	findings := container.warn with input as testing.compose({"healthcheck": hc})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["healthcheck"]),
		"document": {"kind": "compose"},
	}
	count(testing.with_id(findings, "DKR-C33")) == 0
}

# A compose service with build: takes its HEALTHCHECK from its Dockerfile.

_c33_build := {"context": "./app", "dockerfile": "Dockerfile"}

_c33_ic(hc) := {"dockerfile": "app/Dockerfile", "inline": false, "stage": 0, "user": "10001", "healthcheck": hc}

test_c33_dockerfile_healthcheck_passes if {
	hc := {"test": ["CMD", "/app", "health"], "disabled": false}
	findings := container.warn with input as testing.compose({"healthcheck": null, "build": _c33_build, "image_config": _c33_ic(hc)})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_dockerfile_without_healthcheck_warned if {
	findings := container.warn with input as testing.compose({"healthcheck": null, "build": _c33_build, "image_config": _c33_ic(null)})
	testing.with_id(findings, "DKR-C33") == {{
		"id": "DKR-C33",
		"msg": `service "web" sets no healthcheck, and its Dockerfile app/Dockerfile defines no HEALTHCHECK, so it has none unless its base image defines one.`,
		"path": ["image_config", "healthcheck"],
	}}
}

test_c33_dockerfile_healthcheck_none_warned if {
	ic := object.union(_c33_ic({"test": ["NONE"], "disabled": true}), {"dockerfile": null, "inline": true})
	findings := container.warn with input as testing.compose({"healthcheck": null, "build": _c33_build, "image_config": ic})
	testing.with_id(findings, "DKR-C33") == {{
		"id": "DKR-C33",
		"msg": `service "web" sets no healthcheck, and its inline Dockerfile disables it (HEALTHCHECK NONE).`,
		"path": ["image_config", "healthcheck"],
	}}
}

test_c33_compose_healthcheck_wins_over_dockerfile[note] if {
	some note, c in {
		"compose check over no HEALTHCHECK": {"hc": {"test": ["CMD", "true"], "disabled": false}, "ic": null, "n": 0},
		"compose disable over a HEALTHCHECK": {"hc": {"test": null, "disabled": true}, "ic": {"test": ["CMD", "true"], "disabled": false}, "n": 1},
	}
	findings := container.warn with input as testing.compose({"healthcheck": c.hc, "build": _c33_build, "image_config": _c33_ic(c.ic)})
	fs := testing.with_id(findings, "DKR-C33")
	count(fs) == c.n
	every f in fs {
		f.path == ["healthcheck"]
	}
}

test_c33_one_shot_job_not_judged[note] if {
	# airflow-init, frappe's configurator, n8n's initContainer: others wait
	# for them with condition service_completed_successfully
	some note, hc in {"none": null, "disabled": {"test": null, "disabled": true}}
	findings := container.warn with input as testing.compose({"healthcheck": hc, "one_shot": true})
	count(testing.with_id(findings, "DKR-C33")) == 0
}

test_c33_long_running_service_judged if {
	findings := container.warn with input as testing.compose({"healthcheck": null, "one_shot": false})
	count(testing.with_id(findings, "DKR-C33")) == 1
}
