package team.gate_test

import data.team.gate

ctr(ref) := {"container": {"name": "web", "image": {"ref": ref}}, "document": {"kind": "request"}}

test_blocked_image_denied if {
	some f in gate.deny with input as ctr("registry.example.com/forbidden:1") with data.team.blocked as ["forbidden"]
	f.id == "TEAM-F01"
}

test_other_image_allowed if {
	count(gate.deny) == 0 with input as ctr("alpine:3") with data.team.blocked as ["forbidden"]
}
