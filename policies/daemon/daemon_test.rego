package dockpol.daemon_test

import data.dockpol.daemon

test_version_parts[v] if {
	some v, want in {
		"20.10.24+dfsg1": [20, 10, 24],
		"v27.1": [27, 1, 0],
		"28": [28, 0, 0],
		"29.0.0-rc.1": [29, 0, 0],
		" 1.13.1 ": [1, 13, 1],
	}
	daemon.version_parts(v) == want
}

test_version_parts_undefined_without_a_number if {
	not daemon.version_parts("dev")
	not daemon.version_parts(null)
}

test_version_less if {
	daemon.version_less("20.10.24+dfsg1", "28.0.0")
	daemon.version_less("9.0", "10.0")
	not daemon.version_less("28.0.1", "28.0.0")
	not daemon.version_less("28.0.0", "28.0.0")
}

test_source if {
	daemon.source("icc") == "daemon.json" with input as {"daemon": {"from": {"icc": "daemon.json"}}}
	daemon.source("debug") == "docker info" with input as {"daemon": {"from": {"debug": "info"}}}
}
