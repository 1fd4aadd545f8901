# The project's vocabulary. `make run` serves, `make test` tests everything.
SHELL := /bin/bash
GO ?= go
export CGO_ENABLED ?= 1

.PHONY: run test generate check lint bench fuzz build tools contract

## run: serve on :5000 with the configured database, or a private PostgreSQL under .localdb/
run:
	$(GO) run ./cmd/skatetrax run

## build: the server binary in bin/
build:
	$(GO) build -o bin/skatetrax ./cmd/skatetrax

## test: every Go test against throwaway real PostgreSQL databases (installs contract/node_modules for the browser tests)
test:
	@bash contract/npm-deps.sh
	$(GO) test -race -count=1 -timeout 45m ./...

## generate: gen/api from api/openapi.yaml, gen/db from sql/ (never edit gen/ by hand)
generate:
	$(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.yaml api/openapi.yaml
	$(GO) run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config oapi-codegen.client.yaml api/openapi.yaml
	$(GO) run github.com/sqlc-dev/sqlc/cmd/sqlc generate -f sqlc.yaml

## lint: go vet, gofmt, spec lint (Redocly, Spectral, strict YAML 1.2 with two parsers)
lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '^gen/'); echo "gofmt needed"; exit 1; }
	cd contract && npm run --silent lint && npm run --silent lint:spectral && npm run --silent yaml
	$(GO) test ./api/ -count=1 -run 'TestSpecIsStrictYAML12|TestToJSON'

## contract: the three TypeScript clients generated and compiled with tsc --strict, breaking-change check
contract:
	cd contract && npm run --silent client
	bash contract/breaking.sh

## check: everything CI checks besides the tests, one line per step (contract/check.sh); installs
## contract/node_modules from the lockfile itself when it is missing or stale
check:
	@bash contract/check.sh

## bench: load benchmark per endpoint (req/s, p50, p99, ratio to a bare Echo handler, server RSS and
## VmHWM, logins/s against the pure hash rate), the validator's cost per request, then the
## history-size ratios (100 vs 100,000 sessions, sparse and dense) of the member reads. All three
## always run; it fails at the end when any target of issue 13 was missed (docs/performance.md)
bench:
	@failed=0; \
	echo '$(GO) run ./cmd/loadbench'; $(GO) run ./cmd/loadbench || failed=1; \
	echo "$(GO) test ./internal/server/ -run '^$$' -bench Validator -benchmem -benchtime 20000x"; \
	$(GO) test ./internal/server/ -run '^$$' -bench Validator -benchmem -benchtime 20000x || failed=1; \
	echo "SKATETRAX_BENCH=1 $(GO) test ./internal/handlers/ -run 'LatencyRatio' -v -count=1 -timeout 30m"; \
	SKATETRAX_BENCH=1 $(GO) test ./internal/handlers/ -run 'LatencyRatio' -v -count=1 -timeout 30m || failed=1; \
	if [ $$failed = 1 ]; then echo 'make bench: a target was missed (see above)'; exit 1; fi

## fuzz: coverage-guided fuzzing of the HTTP surface, the results parsers, audio probing, Range headers and password hashes
fuzz:
	$(GO) test ./internal/server/ -run '^$$' -fuzz FuzzRequests -fuzztime 60s
	$(GO) test ./internal/results/ -run '^$$' -fuzz FuzzParse -fuzztime 30s -fuzzminimizetime 50x
	$(GO) test ./internal/audio/ -run '^$$' -fuzz FuzzDetectDuration -fuzztime 30s -fuzzminimizetime 3s
	$(GO) test ./internal/music/ -run '^$$' -fuzz FuzzParseRange -fuzztime 20s
	$(GO) test ./internal/auth/password/ -run '^$$' -fuzz FuzzVerify -fuzztime 30s
