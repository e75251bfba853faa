package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f19_two_warned if {
	findings := dockerfile.warn with input as testing.one([
		testing.ins("ENTRYPOINT", {"args": ["a"], "json_form": true}),
		testing.run("true"),
		testing.ins("ENTRYPOINT", {"args": ["b"], "json_form": true}),
	])
	lt.with_id(findings, "DKR-F19") == {{
		"id": "DKR-F19",
		"msg": "ENTRYPOINT at line 2 in stage 0 has no effect: the ENTRYPOINT at line 4 replaces it.",
		"path": testing.path(0, 0),
	}}
}

test_f19_one_per_stage_passes if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", [testing.ins("ENTRYPOINT", {"args": ["a"], "json_form": true})]),
		testing.stage(null, [testing.ins("ENTRYPOINT", {"args": ["b"], "json_form": true})]),
	])
	count(lt.with_id(findings, "DKR-F19")) == 0
}
