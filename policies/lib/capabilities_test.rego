package dockpol.lib_test

import data.dockpol.lib

test_cap_name[note] if {
	some note, tc in {
		"normalised": ["SYS_ADMIN", "SYS_ADMIN"],
		"lower case": ["sys_admin", "SYS_ADMIN"],
		"CAP_ prefix": ["CAP_SYS_ADMIN", "SYS_ADMIN"],
		"lower cap_ prefix": ["cap_net_admin", "NET_ADMIN"],
		"spaces": [" all ", "ALL"],
	}
	lib.cap_name(tc[0]) == tc[1]
}

test_cap_names if {
	lib.cap_names(["cap_chown", "CHOWN", "Kill"]) == {"CHOWN", "KILL"}
}

test_dangerous_capabilities_default if {
	"SYS_ADMIN" in lib.dangerous_capabilities
	"ALL" in lib.dangerous_capabilities
	not "CHOWN" in lib.dangerous_capabilities
}

test_dangerous_capabilities_configured if {
	lib.dangerous_capabilities == {"NET_RAW", "SYS_ADMIN"} with data.dockpol.config as {"dangerous_capabilities": ["cap_net_raw", "sys_admin"]}
}
