# The dockpol container image: the static binary on an empty base, for
# checking files in CI (docker run --rm -v "$PWD:/src" dockpol check .).
# GoReleaser builds it (dockers_v2 in .goreleaser.yaml), with each
# platform's binary at $TARGETPLATFORM/dockpol in the build context.
#
# No CA certificates: checks read local files and need none. A team
# policy calling http.send over HTTPS, or a live audit of an engine whose
# certificate a public CA signed, needs them: mount the host's
# (-v /etc/ssl/certs:/etc/ssl/certs:ro).
FROM scratch
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/dockpol /dockpol
# not root; files mounted at /src must be readable by others, or run with
# --user "$(id -u):$(id -g)"
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["/dockpol"]
CMD ["--help"]
