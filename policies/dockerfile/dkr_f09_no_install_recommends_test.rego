package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f09_recommends_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt-get update && apt-get install -y curl")])
	lt.with_id(findings, "DKR-F09") == {{
		"id": "DKR-F09",
		"msg": "RUN in stage 0 runs apt-get install without --no-install-recommends: recommended packages enlarge the image.",
		"path": testing.path(0, 0),
	}}
}

test_f09_passes[s] if {
	some s in [
		"apt-get install -y --no-install-recommends curl",
		"apt-get -o APT::Install-Recommends=false install -y curl",
		"apk add curl",
		"apt-get update",
	]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F09")) == 0
}

test_f09_config_passes if {
	findings := dockerfile.warn with input as testing.one([
		testing.run("echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends"),
		testing.run("apt-get install -y curl"),
	])
	count(lt.with_id(findings, "DKR-F09")) == 0
}
