package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

c28_unlimited := {"cpus": null, "cpu_shares": null, "cpu_quota": null}

test_c28_no_cpu_limit_warned[note] if {
	some note, res in {
		"not set": c28_unlimited,
		"zero": {"cpus": 0, "cpu_shares": 0, "cpu_quota": 0},
		"quota -1": {"cpus": null, "cpu_shares": null, "cpu_quota": -1},
	}
	findings := container.warn with input as testing.compose({"resources": res})
	testing.with_id(findings, "DKR-C28") == {{
		"id": "DKR-C28",
		"msg": `service "web" has no CPU limit or share weight, so it can starve the host and other containers of CPU.`,
		"path": ["resources", "cpus"],
	}}
}

test_c28_unset_judged_for_listed_kinds[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"resources": c28_unlimited})
	count(testing.with_id(findings, "DKR-C28")) == 1
}

test_c28_unset_not_judged_for_image if {
	findings := container.warn with input as testing.input_for("image", {"resources": c28_unlimited})
	count(testing.with_id(findings, "DKR-C28")) == 0
}

test_c28_any_cpu_setting_passes[note] if {
	some note, res in {
		"cpus": {"cpus": 1.5},
		"fractional cpus": {"cpus": 0.25},
		"cpu_shares": {"cpus": null, "cpu_shares": 512},
		"cpu_quota": {"cpus": null, "cpu_quota": 50000},
	}
	findings := container.warn with input as testing.compose({"resources": object.union(c28_unlimited, res)})
	count(testing.with_id(findings, "DKR-C28")) == 0
}

test_c28_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["resources"]),
		"document": {"kind": "compose"},
	}
	count(testing.with_id(findings, "DKR-C28")) == 0
}
