package dockpol.lib

# root_user says whether a Container.user value means the process runs as
# root: "explicit" for root or UID 0, with or without a group ("0", "0:0",
# "root:wheel", "00"), "unset" for null or "" (the image's USER applies,
# root unless the image sets one). Undefined for any other user.
root_user(user) := "explicit" if {
	is_string(user)
	regex.match(`^(root|0+)(:.*)?$`, user)
} else := "unset" if {
	user in {null, ""}
}
