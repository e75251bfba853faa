package dockpol.lib

# trusted_image_name is true when the full image name (registry/repository,
# "docker.io/library/nginx") lies within an entry of trusted, a list of
# registries or registry/namespace prefixes ("ghcr.io/acme", with or
# without a trailing "/*"), compared case-insensitively by path segment.
trusted_image_name(name, trusted) if {
	some entry in trusted
	prefix := trim_suffix(trim_suffix(lower(trim_space(entry)), "/*"), "/")
	prefix != ""
	_name_within(lower(name), prefix)
}

_name_within(name, prefix) if name == prefix

_name_within(name, prefix) if startswith(name, concat("", [prefix, "/"]))
