package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f08_no_yes_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("apt-get update && apt-get install --no-install-recommends curl")])
	lt.with_id(findings, "DKR-F08") == {{
		"id": "DKR-F08",
		"msg": "RUN in stage 0 runs apt-get install without -y: the build stops at the confirmation prompt.",
		"path": testing.path(0, 0),
	}}
}

test_f08_other_managers_warned[s] if {
	some s in ["yum install httpd", "dnf install curl", "zypper install curl", "apt install git"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F08")) == 1
}

test_f08_non_interactive_passes[s] if {
	some s in [
		"apt-get install -y curl",
		"apt-get -qy install curl",
		"apt-get install --yes curl",
		"apt-get -qq install curl",
		"apt-get -o APT::Get::Assume-Yes=true install curl",
		"yum install -y httpd",
		"dnf --assumeyes install curl",
		"zypper -n install curl",
		"zypper --non-interactive in curl",
		"zypper install -y curl",
		"microdnf install curl",
		"apk add curl",
		"apt-get update",
	]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F08")) == 0
}
