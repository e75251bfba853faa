package dockpol.dockerfile_test

import data.dockpol.dockerfile
import data.dockpol.dockerfile.testing
import data.dockpol.lib.testing as lt

test_f03_sudo_warned[script] if {
	some script in [
		"sudo apt-get install -y curl",
		"apt-get update && sudo -E make install",
		"echo x | sudo tee /etc/x",
	]
	findings := dockerfile.warn with input as testing.doc([testing.stage("build", [testing.run(script)])])
	lt.with_id(findings, "DKR-F03") == {{
		"id": "DKR-F03",
		"msg": "RUN in stage \"build\" uses sudo: switch users with USER instead.",
		"path": testing.path(0, 0),
	}}
}

test_f03_no_sudo_passes[script] if {
	some script in ["apt-get install -y sudoku", "echo pseudo", "useradd -G sudoers app"]
	findings := dockerfile.warn with input as testing.one([testing.run(script)])
	count(lt.with_id(findings, "DKR-F03")) == 0
}
