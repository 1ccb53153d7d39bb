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

test-go:
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

## generate: regenerate gen/ from openapi/cloudflow.yaml (and other go:generate outputs).
generate:
	$(GO) generate ./...

## check-generate: fail when the committed generated code differs from a fresh generation.
check-generate: generate
	@git diff --exit-code --stat -- gen/ scenarios/ openapi/cloudflow.json mockfile/mockfile.schema.json || (echo "generated files are stale: run 'make generate' and commit" >&2; exit 1)

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
