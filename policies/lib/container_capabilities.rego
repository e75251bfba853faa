package dockpol.lib

# container_default_capabilities is Docker's default capability set (moby
# daemon/pkg/oci/caps/defaults.go, docker-bench 5.4's allow-list): what a
# container has without cap_add. DKR-C09 reports capabilities added beyond it.
container_default_capabilities := {
	"CHOWN",
	"DAC_OVERRIDE",
	"FSETID",
	"FOWNER",
	"MKNOD",
	"NET_RAW",
	"SETGID",
	"SETUID",
	"SETFCAP",
	"SETPCAP",
	"NET_BIND_SERVICE",
	"SYS_CHROOT",
	"KILL",
	"AUDIT_WRITE",
}

# container_allowed_capabilities are the capabilities DKR-C09 accepts: the
# default set plus data.dockpol.config.allowed_capabilities (any case, CAP_
# prefix optional; default none).
container_allowed_capabilities := container_default_capabilities | cap_names(configured) if {
	configured := object.get(config, "allowed_capabilities", [])
	count(configured) > 0
} # unconfigured: no set to build per evaluation

else := container_default_capabilities
