package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c24_writable_rootfs_warned[note] if {
	some note, value in {"not set": null, "false": false}
	findings := container.warn with input as testing.compose({"read_only_rootfs": value})
	testing.with_id(findings, "DKR-C24") == {{
		"id": "DKR-C24",
		"msg": `service "web" has a writable root filesystem (read_only is not true).`,
		"path": ["read_only_rootfs"],
	}}
}

test_c24_unset_judged_for_listed_kinds[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"read_only_rootfs": null})
	count(testing.with_id(findings, "DKR-C24")) == 1
}

test_c24_unset_not_judged_for_image if {
	findings := container.warn with input as testing.input_for("image", {"read_only_rootfs": null})
	count(testing.with_id(findings, "DKR-C24")) == 0
}

test_c24_read_only_passes[kind] if {
	some kind in ["compose", "container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"read_only_rootfs": true})
	count(testing.with_id(findings, "DKR-C24")) == 0
}

test_c24_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["read_only_rootfs"]),
		"document": {"kind": "image"},
	}
	count(testing.with_id(findings, "DKR-C24")) == 0
}
