package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f32_consecutive_warned if {
	findings := dockerfile.warn with input as testing.one([
		testing.run("apt-get update"),
		testing.run("apt-get install -y curl"),
		testing.run("rm -rf /var/lib/apt/lists/*"),
	])
	lt.with_id(findings, "DKR-F32") == {{
		"id": "DKR-F32",
		"msg": "RUN at line 3 follows the RUN at line 2 in stage 0: combine consecutive RUNs into one layer.",
		"path": testing.path(0, 1),
	}}
}

test_f32_separated_or_different_flags_pass if {
	findings := dockerfile.warn with input as testing.one([
		testing.run("a"),
		testing.copy("COPY", ["x"], "/x"),
		testing.run("b"),
		object.union(testing.run("c"), {"flags": ["--mount=type=cache,target=/root/.cache"]}),
		testing.copy("COPY", ["y"], "/y"),
		testing.copy("COPY", ["z"], "/z"),
	])
	count(lt.with_id(findings, "DKR-F32")) == 0
}

test_f32_builder_stage_passes if {
	findings := dockerfile.warn with input as testing.doc([
		testing.stage("build", [testing.run("a"), testing.run("b")]),
		testing.stage(null, [testing.run("c")]),
	])
	count(lt.with_id(findings, "DKR-F32")) == 0
}
