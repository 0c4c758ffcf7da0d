#!/usr/bin/env bash
# Installs the packed tarball by name into a fresh scratch project and runs the command
# line's tests there (tests/cli/*.test.mjs): each test runs the installed `zendesk-auth`
# bin as a child process against the fake Zendesk.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/scratch.sh
scratch_project cli tests/cli/*.mjs
test -x node_modules/.bin/zendesk-auth || { echo "test-cli: npm linked no zendesk-auth bin" >&2; exit 1; }

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs
