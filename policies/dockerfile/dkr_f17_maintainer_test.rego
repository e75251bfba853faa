package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f17_maintainer_warned if {
	findings := dockerfile.warn with input as testing.one([testing.ins("MAINTAINER", {"args": ["me@example.com"]})])
	lt.with_id(findings, "DKR-F17") == {{
		"id": "DKR-F17",
		"msg": "MAINTAINER in stage 0 is deprecated: use LABEL org.opencontainers.image.authors.",
		"path": testing.path(0, 0),
	}}
}

test_f17_label_passes if {
	findings := dockerfile.warn with input as testing.one([testing.ins("LABEL", {"args": ["maintainer=me"], "labels": {"maintainer": "me"}})])
	count(lt.with_id(findings, "DKR-F17")) == 0
}
