package dockpol.lib

# ports_discarded is true when the container's network mode leaves its
# published ports without effect: with the host's network the Engine
# discards them (the container binds host interfaces itself, judged by
# DKR-C04); a container joining another's network namespace, or with no
# network, publishes nothing of its own.
ports_discarded if input.container.namespaces.network in {"host", "none"}

ports_discarded if startswith(input.container.namespaces.network, "container:")
