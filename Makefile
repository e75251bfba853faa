# dockpol — `make` lists the targets.
GO        ?= go
PKGS      ?= ./...
BENCHTIME ?= 1x
FUZZTIME  ?= 15s
# how long the fuzzer may spend minimising one new input (go's default, 60s, outlasts a short FUZZTIME)
FUZZMINIMIZE ?= 5s
BIN       ?= bin/dockpol
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse HEAD 2>/dev/null)
# the commit's date, not the clock's: the same commit builds the same binary
DATE      ?= $(shell TZ=UTC git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ 2>/dev/null)
LDFLAGS   := -s -w -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)

# GoReleaser v2.16.0: the newest that builds with Go 1.26 (v2.18 needs Go 1.27)
GORELEASER ?= $(shell command -v goreleaser 2>/dev/null || echo "$(GO) run github.com/goreleaser/goreleaser/v2@v2.16.0")
comma := ,

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-17s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: build
build: ## build bin/dockpol (version, commit and date stamped; dockpol version prints them)
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/dockpol

.PHONY: release-snapshot
release-snapshot: ## build the release (binaries, archives, checksums, SBOMs) into dist/ without publishing
	@command -v syft >/dev/null || echo "syft not on PATH: no SBOMs (go install github.com/anchore/syft/cmd/syft@latest)"
	$(GORELEASER) release --snapshot --clean --skip=docker,sign$(if $(shell command -v syft 2>/dev/null),,$(comma)sbom)

.PHONY: test
test: ## run every test: go vet, Go tests with the race detector, Rego tests (opa test and dockpol verify)
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) test -race -count=1 $(PKGS)
	$(GO) tool opa check --strict policies/
	$(GO) tool opa test --timeout 60s policies/ # 5 s per test is too short on a loaded 2-core machine
	$(GO) run ./cmd/dockpol verify --test-timeout 60s

.PHONY: lint
lint: ## gofmt, go vet and golangci-lint (the linters in .golangci.yml)
	@test -z "$$(gofmt -l .)" || { gofmt -l .; exit 1; }
	$(GO) vet $(PKGS)
	$(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.6.2 run $(PKGS)

COUNT     ?= 5
BENCHOUT  ?= bench.txt

.PHONY: bench
bench: ## run the performance suite COUNT times into bench.txt (BENCHOUT); compare runs with benchstat (docs/performance.md)
	@{ echo "# $$(date -u +%FT%TZ) $$(git describe --always --dirty 2>/dev/null) $$(nproc) cores, load $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"; \
	  $(GO) test -run '^$$' -bench . -benchmem -count $(COUNT) ./engine ./authz ./inputs/request ./inputs/engineapi; \
	  $(GO) test -run '^$$' -bench . -benchmem -count $(COUNT) -benchtime 1x ./runner ./inputs/compose; \
	  echo "# load after: $$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"; } 2>&1 | tee $(BENCHOUT)

.PHONY: bench-all
bench-all: ## run every benchmark of every package once (BENCHTIME, default 1x)
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) $(PKGS)

.PHONY: fuzz
fuzz: ## run each fuzz target for FUZZTIME (a crasher is written to the package's testdata/fuzz: fix it, keep it)
	GO=$(GO) FUZZTIME=$(FUZZTIME) FUZZMINIMIZE=$(FUZZMINIMIZE) scripts/fuzz.sh

.PHONY: fmt
fmt: ## format Go and Rego sources
	gofmt -w $$(git ls-files '*.go')
	$(GO) tool opa fmt -w policies/

.PHONY: golden
golden: ## rewrite golden files after an intended output change (review the diff!)
	$(GO) test ./... -run 'Golden' -update

PLUGIN ?= dockpol/authz:$(VERSION)

.PHONY: plugin
plugin: ## build the managed authorization plugin (docker plugin create) as $(PLUGIN)
	rm -rf bin/plugin && mkdir -p bin/plugin/rootfs/run/docker/plugins bin/plugin/rootfs/etc/dockpol bin/plugin/rootfs/var/log/dockpol bin/plugin/rootfs/tmp
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w -X main.version=$(VERSION)" -o bin/plugin/rootfs/dockpol ./cmd/dockpol
	cp packaging/plugin/config.json bin/plugin/config.json
	docker plugin create $(PLUGIN) bin/plugin

.PHONY: authz-load
authz-load: ## load-test dockpol authz serve beside the transport floor (../shared/tools; DURATION, ROUNDS)
	scripts/authz-load.sh
