# opa-docker-authz's example policy, in the shape its README and OPA's
# Docker authorization tutorial publish (package docker.authz, decision
# allow, deny rules over input.Body, input.Headers and input.BindMounts),
# written in Rego v1. It must run unchanged under
# `dockpol authz serve --input-compat opa-docker-authz`; ../v0 holds the
# same policy in Rego v0.
package docker.authz

default allow := false

allow if not deny

deny if seccomp_unconfined

deny if privileged

deny if host_root_bind

deny if read_only_user_writes

# docker run --security-opt seccomp:unconfined
seccomp_unconfined if input.Body.HostConfig.SecurityOpt[_] == "seccomp:unconfined"

seccomp_unconfined if input.Body.HostConfig.SecurityOpt[_] == "seccomp=unconfined"

# docker run --privileged
privileged if input.Body.HostConfig.Privileged == true

# docker run -v /:/host, also through a symbolic link to /
host_root_bind if input.BindMounts[_].Resolved == "/"

host_root_bind if input.BindMounts[_].Source == "/"

# users who may only read: the tutorial's Authz-User header
read_only_user_writes if {
	users[input.Headers["Authz-User"]].readOnly
	input.Method != "GET"
}

users := {
	"bob": {"readOnly": true},
	"alice": {"readOnly": false},
}
