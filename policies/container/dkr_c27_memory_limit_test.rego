package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c27_no_memory_limit_warned[note] if {
	some note, memory in {"not set": null, "zero means unlimited": 0}
	findings := container.warn with input as testing.compose({"resources": {"memory": memory}})
	testing.with_id(findings, "DKR-C27") == {{
		"id": "DKR-C27",
		"msg": `service "web" has no memory limit, so it can exhaust the host's memory.`,
		"path": ["resources", "memory"],
	}}
}

test_c27_unset_judged_for_listed_kinds[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"resources": {"memory": null}})
	count(testing.with_id(findings, "DKR-C27")) == 1
}

test_c27_unset_not_judged_for_unlisted_kind if {
	findings := container.warn with input as testing.input_for("image", {"resources": {"memory": null}})
	count(testing.with_id(findings, "DKR-C27")) == 0
}

test_c27_memory_limit_passes if {
	findings := container.warn with input as testing.compose({"resources": {"memory": 536870912}})
	count(testing.with_id(findings, "DKR-C27")) == 0
}

test_c27_resources_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["resources"]),
		"document": {"kind": "compose"},
	}
	count(testing.with_id(findings, "DKR-C27")) == 0
}
