package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f33_service_warned if {
	findings := dockerfile.warn with input as testing.one([testing.run("service mysql start && mysql < /init.sql")])
	lt.with_id(findings, "DKR-F33") == {{
		"id": "DKR-F33",
		"msg": "RUN in stage 0 calls service, which makes no sense in an image build.",
		"path": testing.path(0, 0),
	}}
}

test_f33_spellings_warned[s] if {
	some s in ["sudo vim /etc/hosts", "kill -9 $(cat /run/x.pid)", "/sbin/ifconfig eth0"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F33")) == 1
}

test_f33_installs_pass[s] if {
	some s in ["apt-get install -y vim openssh-client procps", "echo ps", "pkill -f x || true"]
	findings := dockerfile.warn with input as testing.one([testing.run(s)])
	count(lt.with_id(findings, "DKR-F33")) == 0
}

test_f33_configured_list if {
	findings := dockerfile.warn with input as testing.one([testing.run("ps aux")])
		with data.dockpol.config.dockerfile_admin_commands as ["vim"]
	count(lt.with_id(findings, "DKR-F33")) == 0
}
