package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f10_apt_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt update && apt install -y curl")])
	lt.with_id(findings, "DKR-F10") == {{
		"id": "DKR-F10",
		"msg": "RUN in stage 0 calls apt (update, install): use apt-get, whose command line is stable for scripts.",
		"path": testing.path(0, 0),
	}}
}

test_f10_apt_get_passes[s] if {
	some s in ["apt-get install -y curl", "apt-cache policy curl", "echo apt", "/usr/bin/apt-get update"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F10")) == 0
}
