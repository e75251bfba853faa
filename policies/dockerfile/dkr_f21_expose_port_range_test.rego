package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f21_out_of_range_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("EXPOSE", {"args": ["80", "70000"], "ports": ["70000/tcp", "80/tcp"]})])
	lt.with_id(findings, "DKR-F21") == {{
		"id": "DKR-F21",
		"msg": "EXPOSE 70000/tcp in stage 0 is outside the port range 0-65535.",
		"path": testing.path(0, 0),
	}}
}

test_f21_range_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("EXPOSE", {"args": ["65000-65536/udp"], "ports": ["65000-65536/udp"]})])
	count(lt.with_id(findings, "DKR-F21")) == 1
}

test_f21_valid_passes if {
	findings := dockerfile.warn with input as testing.one([testing.ins("EXPOSE", {"args": ["0", "65535", "$PORT", "1000-2000"], "ports": ["0/tcp", "65535/tcp", "$PORT/tcp", "1000-2000/tcp"]})])
	count(lt.with_id(findings, "DKR-F21")) == 0
}
