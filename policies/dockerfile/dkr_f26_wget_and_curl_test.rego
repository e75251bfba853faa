package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f26_both_warned if {
	findings := dockerfile.warn with input as testing.one([
		testing.run("curl -fsSLo /a https://example.com/a"),
		testing.run("wget -q https://example.com/b && curl -o /c https://example.com/c"),
	])
	lt.with_id(findings, "DKR-F26") == {{
		"id": "DKR-F26",
		"msg": "RUN in stage 0 uses wget, but the image already uses curl: use one download tool.",
		"path": testing.path(0, 1),
	}}
}

test_f26_one_tool_or_builder_passes if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("fetch", [testing.run("wget -q https://example.com/b")]),
		testing.stage(null, [testing.run("curl -fsSLo /a https://example.com/a"), testing.run("apt-get install -y wget")]),
	])
	count(lt.with_id(findings, "DKR-F26")) == 0
}
