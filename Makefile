# The two commands a new user needs: `make demo` and `make test`. Both install what
# this machine lacks first (scripts/setup.sh), so they work on a fresh clone.
SHELL := /bin/bash
PORT ?= 8080

.PHONY: demo test pkg clean

## Build the package and serve the demo page on http://127.0.0.1:$(PORT)
demo: pkg
	node www/serve.mjs --port $(PORT)

## Build pkg/ and pack target/npm/zendesk-auth-VERSION.tgz
pkg:
	scripts/setup.sh build
	scripts/build-pkg.sh

## Every test layer: native, wasm in Node and Chromium, the fake Zendesk, the packed package
test:
	scripts/setup.sh test
	scripts/test.sh

clean:
	rm -rf target pkg tests/node_modules
