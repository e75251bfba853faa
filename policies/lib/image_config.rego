package dockpol.lib

# dockerfile_of names, for messages, the Dockerfile a compose service with
# build: is built from (Container.image_config): `its Dockerfile
# app/Dockerfile`, or `its inline Dockerfile` for build.dockerfile_inline.
dockerfile_of(ic) := "its inline Dockerfile" if {
	ic.inline == true
} else := sprintf("its Dockerfile %s", [ic.dockerfile])

# has_image_config is true when the container being judged carries the
# facts of its Dockerfile (a compose service with build: whose Dockerfile
# was read). A rule that judges an unset user or healthcheck uses them
# instead of assuming the image's defaults.
has_image_config if is_object(input.container.image_config)

# healthcheck_disabled is true for a healthcheck object that turns the
# check off: disable: true, test ["NONE"], HEALTHCHECK NONE.
healthcheck_disabled(hc) if hc.disabled == true

healthcheck_disabled(hc) if upper(hc.test[0]) == "NONE"
