package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f30_constant_platform_warned if {
	findings := dockerfile.warn with input as testing.doc([object.union(testing.stage("build", []), {"platform": "linux/amd64"})])
	lt.with_id(findings, "DKR-F30") == {{
		"id": "DKR-F30",
		"msg": "FROM in stage \"build\" fixes the platform to linux/amd64: let the build choose it or use $BUILDPLATFORM/$TARGETPLATFORM.",
		"path": ["dockerfile", "stages", 0],
	}}
}

test_f30_variable_or_none_passes[p] if {
	some p in ["$BUILDPLATFORM", "${TARGETPLATFORM}", null]
	findings := dockerfile.warn with input as testing.doc([object.union(testing.stage("build", []), {"platform": p})])
	count(lt.with_id(findings, "DKR-F30")) == 0
}
