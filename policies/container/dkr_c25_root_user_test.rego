package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c25_explicit_root_warned[user] if {
	some user in ["root", "0", "0:0", "root:root", "0:1000"]
	findings := container.warn with input as testing.compose({"user": user})
	testing.with_id(findings, "DKR-C25") == {{
		"id": "DKR-C25",
		"msg": sprintf(`service "web" runs as root (user %q).`, [user]),
		"path": ["user"],
	}}
}

test_c25_unset_user_warned[kind] if {
	some kind in ["compose", "container", "request", "image"]
	findings := container.warn with input as testing.input_for(kind, {"user": null})
	some f in testing.with_id(findings, "DKR-C25")
	f.path == ["user"]
	endswith(f.msg, "sets no user, so it runs as the image's USER, which is root unless the image sets one.")
}

test_c25_unset_user_not_judged_for_unlisted_kind if {
	findings := container.warn with input as testing.input_for("dockerfile", {"user": null})
	count(testing.with_id(findings, "DKR-C25")) == 0
}

test_c25_explicit_root_judged_for_any_kind if {
	findings := container.warn with input as testing.input_for("image", {"user": "0"})
	count(testing.with_id(findings, "DKR-C25")) == 1
}

test_c25_non_root_users_pass[user] if {
	some user in ["1000", "1000:1000", "app", "nobody", "10001:0"]
	findings := container.warn with input as testing.compose({"user": user})
	count(testing.with_id(findings, "DKR-C25")) == 0
}

test_c25_user_not_expressible_passes if {
	findings := container.warn with input as {
		"container": object.remove(testing.hardened, ["user"]),
		"document": {"kind": "compose"},
	}
	count(testing.with_id(findings, "DKR-C25")) == 0
}
