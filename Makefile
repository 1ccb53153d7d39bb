# flowmock — see README.md.
GO       ?= go
ADDR     ?= 127.0.0.1:8080
ARGS     ?=

.PHONY: run test test-go test-sdk test-console generate check-generate tidy-check bench lint build fuzz

## run: serve the embedded contract, fixtures and scenarios on $(ADDR).
run:
	$(GO) run ./cmd/flowmock serve --addr $(ADDR) $(ARGS)

## test: everything CI runs — generated-code drift, go vet, the race-enabled tests, the SDK suite.
test: check-generate tidy-check lint test-go test-sdk test-console

test-go: build
	$(GO) test -race -count=1 ./...

# The binary the Node suites (sdktest/node, console/e2e) start: built once, by build.
FLOWMOCK_BIN := $(CURDIR)/bin/flowmock

## test-sdk: the official Alibaba SDKs against the mock (separate module, sdktest/).
test-sdk: build
	@if [ -f sdktest/Makefile ]; then $(MAKE) -C sdktest test FLOWMOCK_BIN=$(FLOWMOCK_BIN); else echo "sdktest: no Makefile, skipped"; fi

## test-console: the web console (/_mock/ui) in headless Chromium against `flowmock serve`
## (console/e2e; skipped, saying so, without /usr/bin/chromium).
test-console: build
	$(MAKE) -C console/e2e test FLOWMOCK_BIN=$(FLOWMOCK_BIN)

## generate: regenerate gen/ from openapi/cloudflow.yaml and openapi/control.yaml (and other go:generate outputs),
## and the console's control-plane types and vendored scripts (console/e2e, npm packages pinned there).
generate:
	$(GO) generate ./...
	$(MAKE) -C console/e2e generate

## check-generate: fail when the committed generated code differs from a fresh generation.
check-generate: generate
	@git diff --exit-code --stat -- gen/ scenarios/ openapi/cloudflow.json openapi/cloudflow_gen.go fixtures/default_gen.go openapi/control.json mockfile/mockfile.schema.json console/types/ console/assets/vendor/ || (echo "generated files are stale: run 'make generate' and commit" >&2; exit 1)

tidy-check:
	$(GO) mod tidy -diff

## bench: in-process benchmarks of the hot path.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count=3 ./...

FUZZTIME ?= 30s

## fuzz: every fuzz target of the module for $(FUZZTIME) each (`make test` runs their seed corpora).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg; \
	  done; \
	done

STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

## lint: gofmt, go vet and staticcheck (pinned; fetched by go run).
lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))" || (gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'); echo "gofmt: files above need formatting" >&2; exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

## build: bin/flowmock, the binary test-sdk and test-console run.
build:
	$(GO) build -o $(FLOWMOCK_BIN) ./cmd/flowmock

## soak: bin/flowmock under a million mixed requests on loopback, reporting memory, latency and
## errors (tools/soak; flags in SOAK_ARGS, e.g. SOAK_ARGS='-n 200000 -sessions 20000').
.PHONY: soak
SOAK_ARGS ?=
soak:
	$(MAKE) build
	$(GO) run ./tools/soak -bin $(FLOWMOCK_BIN) $(SOAK_ARGS)

# Release builds: static (no cgo), -trimpath, the version and commit stamped by -ldflags, and
# an empty build ID, so two builds of one commit are byte-identical.
ifndef VERSION
VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
endif
ifndef COMMIT
COMMIT  := $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
endif
LDFLAGS  := -s -w -buildid= -X main.version=$(VERSION) -X main.commit=$(COMMIT)
GOBUILD_STATIC = CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=false -ldflags '$(LDFLAGS)'

## image: the container image $(IMAGE) (FROM scratch; linux/$(IMAGE_ARCH) static binary copied in).
.PHONY: image dist dist-verify
IMAGE         ?= flowmock:latest
IMAGE_ARCH    ?= $(shell $(GO) env GOARCH)
IMAGE_CONTEXT ?= $(CURDIR)/build/image
image:
	rm -rf $(IMAGE_CONTEXT) && mkdir -p $(IMAGE_CONTEXT)
	GOOS=linux GOARCH=$(IMAGE_ARCH) $(GOBUILD_STATIC) -o $(IMAGE_CONTEXT)/flowmock ./cmd/flowmock
	docker build -f $(CURDIR)/Dockerfile --build-arg VERSION=$(VERSION) --build-arg REVISION=$(COMMIT) -t $(IMAGE) $(IMAGE_CONTEXT)

## dist: release binaries for linux, darwin and windows on amd64 and arm64 in $(DIST), with SHA256SUMS.
DIST      ?= $(CURDIR)/dist
PLATFORMS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
dist:
	rm -rf $(DIST) && mkdir -p $(DIST)
	@set -e; for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  echo "== $$os/$$arch"; \
	  GOOS=$$os GOARCH=$$arch $(GOBUILD_STATIC) -o $(DIST)/flowmock_$(VERSION)_$${os}_$${arch}$$ext ./cmd/flowmock; \
	done
	cd $(DIST) && sha256sum flowmock_* > SHA256SUMS && cat SHA256SUMS

## dist-verify: make dist twice (the second time with an empty build cache) and compare the sums.
dist-verify:
	$(MAKE) dist DIST=$(CURDIR)/build/dist-a VERSION=$(VERSION) COMMIT=$(COMMIT)
	GOCACHE=$$(mktemp -d) $(MAKE) dist DIST=$(CURDIR)/build/dist-b VERSION=$(VERSION) COMMIT=$(COMMIT)
	diff $(CURDIR)/build/dist-a/SHA256SUMS $(CURDIR)/build/dist-b/SHA256SUMS && echo "dist-verify: identical"
