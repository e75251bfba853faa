package dockpol.container_test

import data.dockpol.container
import data.dockpol.lib.testing

test_c34_logging_none_warned if {
	findings := container.warn with input as testing.compose({"logging": {"driver": "none", "options": {}}})
	testing.with_id(findings, "DKR-C34") == {{
		"id": "DKR-C34",
		"msg": `service "web" disables logging (log driver "none"), so it leaves no log trail.`,
		"path": ["logging", "driver"],
	}}
}

test_c34_inspect_and_request_warned[kind] if {
	some kind in ["container", "request"]
	findings := container.warn with input as testing.input_for(kind, {"logging": {"driver": "none", "options": {}}})
	count(testing.with_id(findings, "DKR-C34")) == 1
}

test_c34_configured_local_drivers_warned if {
	findings := container.warn with input as testing.compose({"logging": {"driver": "json-file", "options": {"max-size": "10m"}}})
		with data.dockpol.config as {"container_log_drivers": ["none", "json-file", "local"]}
	testing.with_id(findings, "DKR-C34") == {{
		"id": "DKR-C34",
		"msg": `service "web" logs only locally (log driver "json-file"), so its logs are lost with the host.`,
		"path": ["logging", "driver"],
	}}
}

test_c34_other_drivers_pass[note] if {
	some note, logging in {
		"not set": null,
		"options only": {"driver": null, "options": {"max-size": "10m"}},
		"json-file by default": {"driver": "json-file", "options": {}},
		"local by default": {"driver": "local", "options": {}},
		"syslog": {"driver": "syslog", "options": {}},
		"fluentd": {"driver": "fluentd", "options": {}},
	}
	findings := container.warn with input as testing.compose({"logging": logging})
	count(testing.with_id(findings, "DKR-C34")) == 0
}
