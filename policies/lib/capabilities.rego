package dockpol.lib

# cap_name normalises a Linux capability name as Docker does: case-insensitive,
# with an optional CAP_ prefix ("cap_sys_admin" and "SYS_ADMIN" are the same).
# The adapters already normalise cap_add/cap_drop; rules still pass names from
# user configuration through here.
cap_name(x) := trim_prefix(upper(trim_space(x)), "CAP_")

# cap_names normalises a collection of capability names into a set.
cap_names(xs) := {cap_name(x) | some x in xs}
