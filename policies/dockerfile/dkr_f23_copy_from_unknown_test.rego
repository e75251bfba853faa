package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

_f23_copy(from) := object.union(testing.copy("COPY", ["/out/app"], "/app"), {"from": from, "flags": [sprintf("--from=%s", [from])]})

test_f23_unknown_alias_warned if {
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", []), testing.stage(null, [_f23_copy("buidl")])])
	lt.with_id(findings, "DKR-F23") == {{
		"id": "DKR-F23",
		"msg": "COPY --from=buidl in stage 1 names no stage of this Dockerfile: it is pulled as an image; fix the alias or give the image a tag.",
		"path": testing.path(1, 0),
	}}
}

test_f23_numbered_stage_warned if {
	findings := dockerfile.warn with input as testing.doc([testing.stage(null, []), testing.stage(null, [_f23_copy("0")])])
	some f in lt.with_id(findings, "DKR-F23")
	contains(f.msg, "by number")
}

test_f23_alias_or_image_passes[from] if {
	some from in ["build", "BUILD", "nginx:1.27", "ghcr.io/x/y", "alpine@sha256:abc", "${BASE}"]
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", []), testing.stage(null, [_f23_copy(from)])])
	count(lt.with_id(findings, "DKR-F23")) == 0
}
