package dockpol.lib_test

import data.dockpol.lib
import data.dockpol.lib.testing

test_finding_shape if {
	lib.finding({"custom": {"id": "DKR-X99", "severity": "low"}, "title": "t"}, "it is wrong.", ["a", 0]) == {
		"id": "DKR-X99",
		"msg": "it is wrong.",
		"path": ["a", 0],
	}
}

test_subject[note] if {
	some note, tc in {
		"compose service": {"kind": "compose", "name": "web", "want": `service "web"`},
		"inspected container": {"kind": "container", "name": "shop-web-1", "want": `container "shop-web-1"`},
		"create request": {"kind": "request", "name": "web", "want": `container "web"`},
		"request without a name": {"kind": "request", "name": null, "want": "an unnamed container"},
		"empty name": {"kind": "container", "name": "", "want": "an unnamed container"},
		"quotes are escaped": {"kind": "compose", "name": `a"b`, "want": `service "a\"b"`},
	}
	lib.subject == tc.want with input as testing.input_for(tc.kind, {"name": tc.name})
}

test_config_value_default_when_config_absent if {
	lib.config_value("engine_sockets", ["x"]) == ["x"]
}

test_config_value_default_when_key_absent if {
	lib.config_value("engine_sockets", ["x"]) == ["x"] with data.dockpol.config as {"other": 1}
}

test_config_value_from_config if {
	lib.config_value("engine_sockets", ["x"]) == ["y"] with data.dockpol.config as {"engine_sockets": ["y"]}
}

test_config_value_empty_list_is_a_value if {
	lib.config_value("allowed_public_ports", ["443"]) == [] with data.dockpol.config as {"allowed_public_ports": []}
}

meta := {"custom": {"id": "DKR-X99", "kinds": ["compose", "request"]}}

test_judged_set_value_any_kind[kind] if {
	some kind in ["compose", "container", "image", "request"]
	lib.judged(meta, 0) with input as testing.input_for(kind, {})
}

test_judged_null_for_listed_kinds[kind] if {
	some kind in ["compose", "request"]
	lib.judged(meta, null) with input as testing.input_for(kind, {})
}

test_not_judged_null_for_other_kinds[kind] if {
	some kind in ["container", "image"]
	not lib.judged(meta, null) with input as testing.input_for(kind, {})
}

test_or_default if {
	lib.or_default("udp", "tcp") == "udp"
	lib.or_default(null, "tcp") == "tcp"
	lib.or_default(false, true) == false
}
