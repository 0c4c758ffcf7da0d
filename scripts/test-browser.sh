#!/usr/bin/env bash
# Runs the browser tests (tests/browser/) in real headless Chromium, from the scratch
# project scripts/test-package.sh made (the packed tarball installed by name).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=target/scratch/node
[ -d "$scratch/node_modules/zendesk-auth" ] || { echo "run scripts/test-package.sh first" >&2; exit 1; }
cp tests/browser/*.mjs "$scratch/"
cd "$scratch"
ZA_REPO="$root" node --test --test-reporter=spec $(cd "$root/tests/browser" && ls *.test.mjs)
