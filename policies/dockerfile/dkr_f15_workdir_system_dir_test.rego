package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f15_system_workdir_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("WORKDIR", {"args": ["/proc/self"], "path": "/proc/self"})])
	lt.with_id(findings, "DKR-F15") == {{
		"id": "DKR-F15",
		"msg": "WORKDIR /proc/self in stage 0 is in the system directory /proc: use an application directory.",
		"path": testing.path(0, 0),
	}}
}

test_f15_spellings_warned[p] if {
	some p in ["/boot", "/dev/", "//lost+found", "/initrd/x"]
	findings := dockerfile.warn with input as testing.one([testing.ins("WORKDIR", {"args": [p], "path": p})])
	count(lt.with_id(findings, "DKR-F15")) == 1
}

test_f15_app_dirs_pass[p] if {
	some p in ["/app", "/devices", "/srv/proc", "/bootstrap"]
	findings := dockerfile.warn with input as testing.one([testing.ins("WORKDIR", {"args": [p], "path": p})])
	count(lt.with_id(findings, "DKR-F15")) == 0
}
