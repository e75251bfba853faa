package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f16_run_cd_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("cd /src && make && cd - && cd /x")])
	lt.with_id(findings, "DKR-F16") == {{
		"id": "DKR-F16",
		"msg": "RUN in stage 0 changes directory with cd /src: use WORKDIR instead.",
		"path": testing.path(0, 0),
	}}
}

test_f16_no_cd_passes[s] if {
	some s in ["make -C /src", "echo cd /x", "apt-get install -y cdrkit"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F16")) == 0
}
