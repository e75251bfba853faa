package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c12_seccomp_unconfined_denied if {
	findings := container.deny with input as testing.compose({"security": {
		"seccomp": "unconfined",
		"options": ["seccomp=unconfined"],
	}})
	testing.with_id(findings, "DKR-C12") == {{
		"id": "DKR-C12",
		"msg": `service "web" runs with seccomp disabled (seccomp=unconfined), so every system call reaches the host kernel.`,
		"path": ["security", "seccomp"],
	}}
}

test_c12_seccomp_profiles_pass[note] if {
	some note, profile in {
		"not set": null,
		"default": "default",
		"custom profile": "./seccomp/app.json",
	}
	findings := container.deny with input as testing.compose({"security": {"seccomp": profile}})
	count(testing.with_id(findings, "DKR-C12")) == 0
}
