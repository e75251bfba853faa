package dockpol.lib

# cap_name normalises a Linux capability name as Docker does: case-insensitive,
# with an optional CAP_ prefix ("cap_sys_admin" and "SYS_ADMIN" are the same).
# The adapters already normalise cap_add/cap_drop; rules still pass names from
# user configuration through here.
cap_name(x) := trim_prefix(upper(trim_space(x)), "CAP_")

# cap_names normalises a collection of capability names into a set.
cap_names(xs) := {cap_name(x) | some x in xs}

# dangerous_capabilities are the capabilities DKR-C10 denies: direct escape or
# kernel-control primitives. From data.dockpol.config.dangerous_capabilities
# when set (any case, CAP_ prefix optional).
dangerous_capabilities := cap_names(configured) if {
	configured := object.get(config, "dangerous_capabilities", null)
	configured != null
} else := {
	"ALL",
	"SYS_ADMIN",
	"SYS_MODULE",
	"SYS_PTRACE",
	"DAC_READ_SEARCH",
	"SYS_RAWIO",
	"NET_ADMIN",
	"BPF",
	"PERFMON",
	"SYS_BOOT",
	"SYS_TIME",
	"MAC_ADMIN",
	"MAC_OVERRIDE",
	"SYSLOG",
}
