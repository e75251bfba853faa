package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f12_apk_allow_untrusted_denied if {
	findings := dockerfile.deny with input as testing.one([testing.run("apk add --no-cache --allow-untrusted /tmp/pkg.apk")])
	lt.with_id(findings, "DKR-F12") == {{
		"id": "DKR-F12",
		"msg": "RUN in stage 0 installs packages without verifying their signatures (apk --allow-untrusted).",
		"path": testing.path(0, 0),
	}}
}

test_f12_variants_denied[script] if {
	some script in [
		"apt-get install -y --allow-unauthenticated curl",
		"apt-get install -y --force-yes curl",
		"apt-get -o APT::Get::AllowUnauthenticated=true install -y curl",
		"echo 'deb [trusted=yes] http://repo.internal/ stable main' > /etc/apt/sources.list.d/x.list",
		"yum install -y --nogpgcheck https://example.com/x.rpm",
		"tdnf install -y --nogpgcheck git",
		"rpm -ivh --nosignature /tmp/x.rpm",
		"rpm -Uvh --nodigest --nofiledigest /tmp/x.rpm",
		"printf '[x]\\nbaseurl=http://r/\\ngpgcheck=0\\n' > /etc/yum.repos.d/x.repo",
	]
	findings := dockerfile.deny with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F12")) >= 1
}

test_f12_verified_installs_pass[script] if {
	some script in [
		"apk add --no-cache git",
		"apt-get install -y --no-install-recommends curl",
		"echo 'deb [signed-by=/etc/apt/keyrings/x.asc] https://repo/ stable main' > /etc/apt/sources.list.d/x.list",
		"dnf install -y httpd",
		"rpm --import https://repo/key.asc && rpm -ivh /tmp/x.rpm",
		"echo gpgcheck=1 >> /etc/yum.repos.d/x.repo",
	]
	findings := dockerfile.deny with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F12")) == 0
}
