package dockpol.dockerfile

# METADATA
# title: CMD/ENTRYPOINT not in exec (JSON) form
# description: >-
#   A CMD or ENTRYPOINT of the final image is in shell form: the process
#   runs as a child of /bin/sh -c, which does not forward SIGTERM, so the
#   container cannot shut down cleanly and is killed after the stop
#   timeout. Only the stages the final image is built from are judged
#   (a builder stage's CMD never runs).
# related_resources:
#   - https://docs.docker.com/reference/dockerfile/#shell-and-exec-form
#   - https://github.com/hadolint/hadolint/wiki/DL3025
# custom:
#   id: DKR-F27
#   severity: low
#   action: warn
#   kinds: [dockerfile]
#   remediation: |-
#     Use the exec form (a JSON array):
#       ENTRYPOINT ["/usr/local/bin/app"]
#       CMD ["--port", "8080"]
#     When a shell is needed, end with exec: CMD ["sh", "-c", "exec app --port \"$PORT\""]
warn contains finding if {
	some x in f_instructions
	x.ins.cmd in {"CMD", "ENTRYPOINT"}
	x.ins.json_form == false
	x.stage in final_stages
	finding := {
		"id": rego.metadata.rule().custom.id,
		"msg": sprintf("%s in %s is in shell form: use the exec (JSON array) form so the process receives signals.", [x.ins.cmd, stage_label(x.stage)]),
		"path": x.path,
	}
}
