package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f24_duplicate_warned if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", []),
		testing.stage("BUILD", []),
	])
	lt.with_id(findings, "DKR-F24") == {{
		"id": "DKR-F24",
		"msg": "Stage 1 is named \"BUILD\" like stage 0: give each stage its own name.",
		"path": ["dockerfile", "stages", 1],
	}}
}

test_f24_distinct_passes if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", []), testing.stage(null, []), testing.stage(null, []),
		testing.stage("runtime", []),
	])
	count(lt.with_id(findings, "DKR-F24")) == 0
}
