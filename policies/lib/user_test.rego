package dockpol.lib_test

import data.dockpol.lib

test_root_user[note] if {
	some note, tc in {
		"root": ["root", "explicit"],
		"uid 0": ["0", "explicit"],
		"uid and gid 0": ["0:0", "explicit"],
		"uid 0 other group": ["0:1000", "explicit"],
		"root with group": ["root:root", "explicit"],
		"zero padded": ["00", "explicit"],
		"null": [null, "unset"],
		"empty": ["", "unset"],
	}
	lib.root_user(tc[0]) == tc[1]
}

test_not_root_user[user] if {
	some user in ["1000", "1000:0", "app", "nobody", "10", "rootless", "0x0", "100:root"]
	not lib.root_user(user)
}
