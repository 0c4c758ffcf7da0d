#!/usr/bin/env bash
# The hostile layer: the boundary's JavaScript on its own (tests/js: unit tests and
# `tsc --checkJs` over src/js/*.js), then the packed tarball installed by name into a
# scratch project and attacked through every export (tests/hostile): hostile values in
# every argument, a polluted Object.prototype, hostile servers and mocked fetch.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
echo "test-hostile: tsc --checkJs over the boundary's JavaScript"
node tests/node_modules/typescript/bin/tsc --noEmit --strict --checkJs --allowJs --target es2022 --module nodenext \
  --moduleResolution nodenext --lib es2022,dom --types '' \
  src/js/error.js src/js/read.js src/js/core.js src/js/client.js
source scripts/scratch.sh
scratch_project hostile tests/hostile/*.mjs
ZA_REPO="$root" node --test --test-reporter=spec "$root"/tests/js/*.test.mjs *.test.mjs
