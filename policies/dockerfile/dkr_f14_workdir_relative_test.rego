package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f14_relative_workdir_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("WORKDIR", {"args": ["app"], "path": "app"})])
	lt.with_id(findings, "DKR-F14") == {{
		"id": "DKR-F14",
		"msg": "WORKDIR app in stage 0 is a relative path: use an absolute one.",
		"path": testing.path(0, 0),
	}}
}

test_f14_absolute_passes[p] if {
	some p in ["/app", "$HOME/app", "${APP_DIR}", "C:\\app", "C:/app"]
	findings := dockerfile.warn with input as testing.one([testing.ins("WORKDIR", {"args": [p], "path": p})])
	count(lt.with_id(findings, "DKR-F14")) == 0
}
