package dockpol.lib_test

import data.dockpol.lib

test_dockerfile_of_file if {
	lib.dockerfile_of({"dockerfile": "app/Dockerfile", "inline": false}) == "its Dockerfile app/Dockerfile"
}

test_dockerfile_of_inline if {
	lib.dockerfile_of({"dockerfile": null, "inline": true}) == "its inline Dockerfile"
}

test_healthcheck_disabled[name] if {
	some name, hc in {
		"disable": {"test": null, "disabled": true},
		"NONE": {"test": ["NONE"], "disabled": false},
		"none": {"test": ["none"], "disabled": false},
	}
	lib.healthcheck_disabled(hc)
}

test_healthcheck_enabled[name] if {
	some name, hc in {
		"cmd": {"test": ["CMD", "true"], "disabled": false},
		"interval only": {"test": null, "disabled": false},
	}
	not lib.healthcheck_disabled(hc)
}

test_has_image_config if {
	lib.has_image_config with input as {"container": {"image_config": {"user": null, "healthcheck": null}}}
}

test_has_no_image_config[name] if {
	some name, c in {"null": {"image_config": null}, "absent": {}}
	not lib.has_image_config with input as {"container": c}
}
