package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f05_upgrade_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt-get update && DEBIAN_FRONTEND=noninteractive apt-get -y dist-upgrade")])
	lt.with_id(findings, "DKR-F05") == {{
		"id": "DKR-F05",
		"msg": "RUN in stage 0 upgrades all packages with apt-get dist-upgrade: use a newer base image instead.",
		"path": testing.path(0, 0),
	}}
}

test_f05_other_managers_warned[s] if {
	some s in ["apk upgrade --no-cache", "yum -y update && yum clean all", "dnf upgrade -y", "zypper -n dup", "microdnf update"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F05")) == 1
}

test_f05_targeted_or_install_passes[s] if {
	some s in [
		"apt-get update && apt-get install -y curl",
		"apk upgrade --no-cache openssl",
		"dnf -y update openssl libcurl",
		"apk update",
		"echo upgrade",
	]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F05")) == 0
}
