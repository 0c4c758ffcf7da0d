# The two commands a new user needs: `make demo` and `make test`. Both install what
# this machine lacks first (scripts/setup.sh), so they work on a fresh clone.
SHELL := /bin/bash
PORT ?= 8080
ZENDESK_PORT ?= 8081
TARGET ?= fake

.PHONY: demo test pkg fuzz bench clean

## Build the package and serve the demo page on http://127.0.0.1:$(PORT), with the fake
## Zendesk on $(ZENDESK_PORT) as its default target (TARGET=zendesk for a real account)
demo: pkg
	node www/serve.mjs --port $(PORT) --zendesk-port $(ZENDESK_PORT) --target $(TARGET)

## Build pkg/ and pack target/npm/zendesk-auth-VERSION.tgz
pkg:
	scripts/setup.sh build
	scripts/build-pkg.sh

## Every test layer: native, wasm in Node and Chromium, the fake Zendesk, the packed package
test:
	scripts/setup.sh test
	scripts/test.sh

## Fuzz every target for FUZZ_SECONDS (default 60) each; prints runs per target
fuzz:
	scripts/fuzz.sh

## Benchmarks side by side with node-zendesk 6 and a hand-written baseline; writes BENCHMARKS.md
bench:
	scripts/setup.sh test
	scripts/bench.sh

clean:
	rm -rf target pkg tests/node_modules tools/node_modules
