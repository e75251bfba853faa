package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c29_no_pids_limit_warned[note] if {
	some note, pids in {"not set": null, "zero": 0, "minus one": -1}
	findings := container.warn with input as testing.compose({"resources": {"pids_limit": pids}})
	testing.with_id(findings, "DKR-C29") == {{
		"id": "DKR-C29",
		"msg": `service "web" has no PIDs limit, so a fork bomb can exhaust the host's processes.`,
		"path": ["resources", "pids_limit"],
	}}
}

test_c29_unset_judged_for_listed_kinds[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"resources": {"pids_limit": null}})
	count(testing.with_id(findings, "DKR-C29")) == 1
}

test_c29_unset_not_judged_for_image if {
	findings := container.warn with input as testing.input_for("image", {"resources": {"pids_limit": null}})
	count(testing.with_id(findings, "DKR-C29")) == 0
}

test_c29_pids_limit_passes if {
	findings := container.warn with input as testing.compose({"resources": {"pids_limit": 200}})
	count(testing.with_id(findings, "DKR-C29")) == 0
}

test_c29_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["resources"]),
		"document": {"kind": "compose"},
	}
	count(testing.with_id(findings, "DKR-C29")) == 0
}
