package dockpol.image_test

import data.dockpol.image
import data.dockpol.lib.testing

anon(target) := {
	"type": "volume", "source": null, "target": target, "read_only": false,
	"propagation": null, "volume_driver": null, "driver_device": null,
}

dockerfile_with_volumes := {
	"container": {"name": "Dockerfile", "image": img("alpine:3.20", "library/alpine", "3.20", null).image, "user": "10001"},
	"document": {"kind": "image", "dockerfile": {
		"stages": [
			{"index": 0, "name": "base", "line": 1, "base": {"stage_index": null}, "instructions": [{"cmd": "VOLUME", "line": 2, "args": ["/sys/fs/cgroup"]}]},
			{"index": 1, "name": "build", "line": 3, "base": {"stage_index": null}, "instructions": [{"cmd": "VOLUME", "line": 4, "args": ["/dev"]}]},
			{"index": 2, "name": null, "line": 5, "base": {"stage_index": 0}, "instructions": [{"cmd": "VOLUME", "line": 6, "args": ["/data", "/proc"]}]},
		],
		"final": {"stage": 2},
	}},
}

test_i08_sensitive_volume_warned[kind] if {
	some kind in ["compose", "container", "request", "image"]
	findings := image.warn with input as testing.input_for(kind, {"mounts": [anon("/var/lib/app"), anon("/sys")]})
	noun := {true: "service", false: "container"}[kind == "compose"]
	testing.with_id(findings, "DKR-I08") == {{
		"id": "DKR-I08",
		"msg": sprintf(`%s "web" declares a volume over the system directory /sys.`, [noun]),
		"path": ["mounts", 1],
	}}
}

test_i08_dockerfile_chain_warned if {
	findings := image.warn with input as dockerfile_with_volumes
	{f.msg | some f in testing.with_id(findings, "DKR-I08")} == {
		`container "Dockerfile" declares a volume over the system directory /sys/fs/cgroup (VOLUME at line 2).`,
		`container "Dockerfile" declares a volume over the system directory /proc (VOLUME at line 6).`,
	}
}

test_i08_spellings[target] if {
	some target in ["/dev/", "//proc", "/sys/./kernel", "/"]
	findings := image.warn with input as testing.input_for("container", {"mounts": [anon(target)]})
	count(testing.with_id(findings, "DKR-I08")) == 1
}

test_i08_passes[target] if {
	some target in ["/data", "/var/lib/mysql", "/devices", "/system", "/srv/proc"]
	findings := image.warn with input as testing.input_for("container", {"mounts": [anon(target)]})
	count(testing.with_id(findings, "DKR-I08")) == 0
}

test_i08_binds_not_judged if {
	# Bind mounts of host paths are DKR-C19's.
	findings := image.warn with input as testing.compose({"mounts": [testing.bind("/sys", true)]})
	count(testing.with_id(findings, "DKR-I08")) == 0
}

test_i08_configured_targets if {
	findings := image.warn with input as testing.input_for("container", {"mounts": [anon("/etc/ssl")]})
		with data.dockpol.config as {"sensitive_volume_targets": ["/etc"]}
	count(testing.with_id(findings, "DKR-I08")) == 1
}

test_i08_default_targets_are_prepared if {
	image._i08_prepare(image._i08_default_list) == image._i08_default_targets
}
