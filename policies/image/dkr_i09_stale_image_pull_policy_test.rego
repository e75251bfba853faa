package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

test_i09_cached_policy_warned[policy] if {
	some policy in ["never", "missing", "if_not_present"]
	findings := image.warn with input as testing.compose({"pull_policy": policy})
	testing.with_id(findings, "DKR-I09") == {{
		"id": "DKR-I09",
		"msg": sprintf(`service "web" sets pull_policy %q, so a cached image is used without checking for updates.`, [policy]),
		"path": ["pull_policy"],
	}}
}

test_i09_passes[note] if {
	some note, overrides in {
		"always": {"pull_policy": "always"},
		"daily": {"pull_policy": "daily"},
		"every": {"pull_policy": "every_12h"},
		"build": {"pull_policy": "build"},
		"unset": {"pull_policy": null},
		"never with build": {"pull_policy": "never", "build": {"context": ".", "dockerfile": "Dockerfile"}},
	}
	findings := image.warn with input as testing.compose(overrides)
	count(testing.with_id(findings, "DKR-I09")) == 0
}

test_i09_other_kinds_absent if {
	findings := image.warn with input as {
		"container": object.remove(testing.container({}), ["pull_policy", "build"]),
		"document": {"kind": "container"},
	}
	count(testing.with_id(findings, "DKR-I09")) == 0
}
