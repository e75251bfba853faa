package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

_copy_from(from) := object.union(testing.copy("COPY", ["/out/app"], "/app"), {"from": from, "flags": [sprintf("--from=%s", [from])]})

test_f22_own_alias_warned if {
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", [_copy_from("Build")])])
	lt.with_id(findings, "DKR-F22") == {{
		"id": "DKR-F22",
		"msg": "COPY --from=Build in stage \"build\" copies from the stage it is in.",
		"path": testing.path(0, 0),
	}}
}

test_f22_own_index_warned if {
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", []), testing.stage(null, [_copy_from("1")])])
	count(lt.with_id(findings, "DKR-F22")) == 1
}

test_f22_other_stage_passes if {
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", []), testing.stage(null, [_copy_from("build")])])
	count(lt.with_id(findings, "DKR-F22")) == 0
}
