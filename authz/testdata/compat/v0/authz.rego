# The policy of ../v1/authz.rego in Rego v0, as opa-docker-authz users
# wrote it before OPA 1.0: loaded with --rego-version v0.
package docker.authz

default allow = false

allow {
	not deny
}

deny {
	seccomp_unconfined
}

deny {
	privileged
}

deny {
	host_root_bind
}

deny {
	read_only_user_writes
}

seccomp_unconfined {
	input.Body.HostConfig.SecurityOpt[_] == "seccomp:unconfined"
}

seccomp_unconfined {
	input.Body.HostConfig.SecurityOpt[_] == "seccomp=unconfined"
}

privileged {
	input.Body.HostConfig.Privileged == true
}

host_root_bind {
	input.BindMounts[_].Resolved == "/"
}

host_root_bind {
	input.BindMounts[_].Source == "/"
}

read_only_user_writes {
	users[input.Headers["Authz-User"]].readOnly
	input.Method != "GET"
}

users = {
	"bob": {"readOnly": true},
	"alice": {"readOnly": false},
}
