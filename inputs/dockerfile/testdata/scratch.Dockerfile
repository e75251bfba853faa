# A static binary in scratch: the builder uses --platform with an automatic
# platform ARG and a base whose tag comes from an ARG without a value (so
# it stays as written, unresolved), the final stage is FROM scratch (no
# base image in the container view), has no USER and no HEALTHCHECK (null:
# the image default applies), and ENTRYPOINT in a stage built FROM another
# resets the inherited CMD.
ARG GO_VERSION
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build
ENV CGO_ENABLED=0
WORKDIR /src
COPY . .
RUN go build -trimpath -o /out/app .
CMD ["/out/app", "--help"]

FROM build AS debug
ENTRYPOINT ["/out/app"]

FROM scratch
COPY --from=build /out/app /app
EXPOSE 8080/tcp 8080/tcp
ENTRYPOINT ["/app"]
