package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f04_update_alone_warned if {
	findings := dockerfile.warn with input as testing.one([
		testing.run("apt-get update"),
		testing.run("apt-get install -y curl"),
	])
	lt.with_id(findings, "DKR-F04") == {{
		"id": "DKR-F04",
		"msg": "RUN in stage 0 refreshes the apt-get package index without installing in the same RUN: a cached layer keeps the index stale.",
		"path": testing.path(0, 0),
	}}
}

test_f04_other_managers_warned[script] if {
	some script in ["apk update", "zypper --non-interactive refresh", "dnf makecache", "apt -q update && echo done"]
	findings := dockerfile.warn with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F04")) == 1
}

test_f04_update_with_install_passes[script] if {
	some script in [
		"apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*",
		"apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y dist-upgrade",
		"apk update && apk add git",
		"<<EOF\napt-get update\napt-get install -y git\nEOF",
		"zypper ref && zypper in -y curl",
		"echo update",
	]
	findings := dockerfile.warn with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F04")) == 0
}
