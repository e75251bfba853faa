# syntax=docker/dockerfile:1.7
# A multi-stage build: global ARGs in FROM, a builder stage with a secret
# mount and a heredoc, a final stage based on an alias that inherits ENV.
ARG GO_VERSION=1.22
ARG BASE=gcr.io/distroless/static-debian12
FROM golang:${GO_VERSION}-alpine AS build
WORKDIR /src
ENV CGO_ENABLED=0 \
    GOFLAGS=-mod=readonly
RUN --mount=type=secret,id=netrc,target=/root/.netrc \
    --mount=type=cache,target=/root/.cache/go-build \
    go build -o /out/app ./cmd/app
RUN <<EOF
apk add --no-cache git
echo done
EOF
COPY --chown=10001:10001 --from=build /out/app /app

FROM build AS test
ENV API_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789
RUN go test ./...

FROM ${BASE}
ARG VERSION
LABEL org.opencontainers.image.version=$VERSION
COPY --from=build /out/app /app
EXPOSE 8080 9090/UDP
USER 10001:10001
HEALTHCHECK --interval=30s CMD ["/app", "health"]
ENTRYPOINT ["/app"]
