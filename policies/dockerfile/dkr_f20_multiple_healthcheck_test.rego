package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f20_two_warned if {
	findings := dockerfile.warn with input as testing.one([
		testing.ins("HEALTHCHECK", {"args": ["a"], "json_form": true}),
		testing.run("true"),
		testing.ins("HEALTHCHECK", {"args": ["b"], "json_form": true}),
	])
	lt.with_id(findings, "DKR-F20") == {{
		"id": "DKR-F20",
		"msg": "HEALTHCHECK at line 2 in stage 0 has no effect: the HEALTHCHECK at line 4 replaces it.",
		"path": testing.path(0, 0),
	}}
}

test_f20_one_per_stage_passes if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", [testing.ins("HEALTHCHECK", {"args": ["a"], "json_form": true})]),
		testing.stage(null, [testing.ins("HEALTHCHECK", {"args": ["b"], "json_form": true})]),
	])
	count(lt.with_id(findings, "DKR-F20")) == 0
}
