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

# A compose service with build: takes its USER from its Dockerfile.

_ic(user) := {"dockerfile": "app/Dockerfile", "inline": false, "stage": 1, "user": user, "healthcheck": null}

test_c25_dockerfile_non_root_user_passes[user] if {
	some user in ["10001", "app", "1000:1000"]
	findings := container.warn with input as testing.compose({"user": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}, "image_config": _ic(user)})
	count(testing.with_id(findings, "DKR-C25")) == 0
}

test_c25_dockerfile_root_user_warned if {
	findings := container.warn with input as testing.compose({"user": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}, "image_config": _ic("root")})
	testing.with_id(findings, "DKR-C25") == {{
		"id": "DKR-C25",
		"msg": `service "web" sets no user, and its Dockerfile app/Dockerfile sets USER "root", so it runs as root.`,
		"path": ["image_config", "user"],
	}}
}

test_c25_dockerfile_without_user_warned if {
	findings := container.warn with input as testing.compose({"user": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}, "image_config": _ic(null)})
	testing.with_id(findings, "DKR-C25") == {{
		"id": "DKR-C25",
		"msg": `service "web" sets no user, and its Dockerfile app/Dockerfile sets no USER, so it runs as root unless its base image sets one.`,
		"path": ["image_config", "user"],
	}}
}

test_c25_inline_dockerfile_named if {
	ic := object.union(_ic("0"), {"dockerfile": null, "inline": true})
	findings := container.warn with input as testing.compose({"user": null, "image_config": ic})
	some f in testing.with_id(findings, "DKR-C25")
	f.msg == `service "web" sets no user, and its inline Dockerfile sets USER "0", so it runs as root.`
}

test_c25_compose_user_wins_over_dockerfile[case] if {
	some case, want in {
		"non-root over root": {"user": "1000", "ic": "root", "n": 0},
		"root over non-root": {"user": "0", "ic": "10001", "n": 1},
	}
	findings := container.warn with input as testing.compose({"user": want.user, "image_config": _ic(want.ic)})
	fs := testing.with_id(findings, "DKR-C25")
	count(fs) == want.n
	every f in fs {
		f.path == ["user"]
	}
}

test_c25_unreadable_dockerfile_judged_as_before if {
	findings := container.warn with input as testing.compose({"user": null, "build": {"context": "./app", "dockerfile": "Dockerfile"}, "image_config": null})
	some f in testing.with_id(findings, "DKR-C25")
	f.path == ["user"]
	endswith(f.msg, "sets no user, so it runs as the image's USER, which is root unless the image sets one.")
}
