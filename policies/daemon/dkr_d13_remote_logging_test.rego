package dockpol.daemon_test

import data.dockpol.daemon
import data.dockpol.daemon.testing
import data.dockpol.lib.testing as lt

test_d13_unset_warned if {
	findings := daemon.warn with input as testing.json_doc({"log_driver": null})
	lt.with_id(findings, "DKR-D13") == {{
		"id": "DKR-D13",
		"msg": "daemon.json sets no log-driver, so containers log to json-file files on the host only.",
		"path": ["daemon", "log_driver"],
	}}
}

test_d13_local_drivers_warned[driver] if {
	some driver in ["json-file", "local", "none"]
	findings := daemon.warn with input as testing.info_doc({"log_driver": driver})
	some f in lt.with_id(findings, "DKR-D13")
	f.msg == sprintf("The daemon's default log driver is %q (docker info): container logs stay on the host, or are dropped.", [driver])
}

test_d13_remote_drivers_pass[driver] if {
	some driver in ["syslog", "journald", "fluentd", "gelf", "awslogs", "splunk"]
	findings := daemon.warn with input as testing.json_doc({"log_driver": driver})
	count(lt.with_id(findings, "DKR-D13")) == 0
}
