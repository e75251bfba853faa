package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d03_other_levels_warned[level] if {
	some level in ["debug", "warn", "error", "fatal"]
	findings := daemon.warn with input as testing.json_doc({"log_level": level})
	lt.with_id(findings, "DKR-D03") == {{
		"id": "DKR-D03",
		"msg": sprintf("daemon.json sets the daemon log level to %q instead of \"info\".", [level]),
		"path": ["daemon", "log_level"],
	}}
}

test_d03_debug_in_daemon_json_warned if {
	findings := daemon.warn with input as testing.json_doc({"debug": true})
	some f in lt.with_id(findings, "DKR-D03")
	f.msg == "The daemon runs in debug mode (daemon.json), which logs at debug level."
	f.path == ["daemon", "debug"]
}

test_d03_debug_in_docker_info_warned if {
	findings := daemon.warn with input as testing.info_doc({"debug": true})
	some f in lt.with_id(findings, "DKR-D03")
	f.msg == "The daemon runs in debug mode (docker info), which logs at debug level."
}

test_d03_info_or_unset_passes[note] if {
	some note, level in {"info": "info", "INFO": "INFO", "unset": null}
	findings := daemon.warn with input as testing.json_doc({"log_level": level, "debug": false})
	count(lt.with_id(findings, "DKR-D03")) == 0
}
