package dockpol.lib_test

import data.dockpol.lib

test_container_default_capabilities_has_fourteen if {
	count(lib.container_default_capabilities) == 14
	"NET_BIND_SERVICE" in lib.container_default_capabilities
	not "SYS_ADMIN" in lib.container_default_capabilities
}

test_container_allowed_capabilities_adds_configured if {
	allowed := lib.container_allowed_capabilities with data.dockpol.config.allowed_capabilities as ["cap_sys_nice", "IPC_LOCK"]
	"SYS_NICE" in allowed
	"IPC_LOCK" in allowed
	"CHOWN" in allowed
}
