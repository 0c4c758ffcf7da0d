#!/usr/bin/env bash
# The demo page (www/) in headless Chromium through playwright-core: diagnostics as you
# type, the masked header and snippets, the inspector, Test connection against the fake
# Zendesk on another origin (so CORS is the browser's own; 403, 429 and offline included),
# the OAuth (PKCE) sign-in, Clear, keyboard, contrast, 1280x900 and 360px.
# Screenshots of the main states go to test-results/demo/ (gitignored).
#
# Needs pkg/ (scripts/build-pkg.sh) and tests/node_modules (scripts/setup.sh test).
# Ends with node's "ℹ pass N" / "ℹ fail N" lines; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/browser.mjs ] && [ -f pkg/node.mjs ] || { echo "test-demo: pkg/ is missing: run scripts/build-pkg.sh first" >&2; exit 1; }
[ -f tests/node_modules/playwright-core/index.mjs ] || { echo "test-demo: playwright-core is missing: run scripts/setup.sh test first" >&2; exit 1; }
ZA_REPO="$PWD" node --test --test-reporter=spec --test-concurrency=1 tests/demo/demo.test.mjs
