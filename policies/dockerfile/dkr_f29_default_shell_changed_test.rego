package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f29_ln_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("ln -sf /bin/bash /bin/sh")])
	lt.with_id(findings, "DKR-F29") == {{
		"id": "DKR-F29",
		"msg": "RUN in stage 0 replaces the default shell with ln -sf /bin/bash /bin/sh: use the SHELL instruction instead.",
		"path": testing.path(0, 0),
	}}
}

test_f29_spellings_warned[s] if {
	some s in ["rm /bin/sh && ln -s /bin/bash /usr/bin/sh", "dpkg-reconfigure -p critical dash"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F29")) == 1
}

test_f29_other_links_pass[s] if {
	some s in ["ln -s /bin/sh /usr/local/bin/sh2", "/busybox/ln -s /busybox/sh /bin/sh", "ln -sf /usr/bin/python3 /usr/bin/python", "echo /bin/sh"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F29")) == 0
}
