#!/usr/bin/env bash
# Installs the packed tarball by name into a fresh scratch project and runs, there:
# the Node tests (tests/package/*.test.mjs), and the types: consumer files that use every
# export (tests/types/) compiled by `tsc --noEmit --strict --exactOptionalPropertyTypes
# --noUncheckedIndexedAccess` under each moduleResolution a project may use.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tarball=$(ls target/npm/zendesk-auth-*.tgz)
scratch=target/scratch/node
rm -rf "$scratch"
mkdir -p "$scratch"
cp tests/package/*.mjs tests/package/*.test.cjs tests/types/*.ts tests/types/*.cts "$scratch/"
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "scratch-consumer", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund "$root/$tarball"

# types MODE TSC [FLAGS...]: the consumer files under one moduleResolution mode.
# node10 (what `module: commonjs` picks by default) exists only up to TypeScript 5.x, so
# it is checked with TypeScript 5.9; the other modes with the current TypeScript. No
# @types packages are in scope (TypeScript 5 refuses an empty --types).
types() {
  local mode=$1 tsc=$2
  shift 2
  echo "test-package: types under moduleResolution $mode ($(node "$tsc" --version))"
  node "$tsc" --noEmit --strict --exactOptionalPropertyTypes --noUncheckedIndexedAccess \
    --skipLibCheck false --target es2022 --moduleResolution "$mode" "$@"
}
ts7="$root/tests/node_modules/typescript/bin/tsc"
ts5="$root/tests/node_modules/typescript-5/bin/tsc"
types node10 "$ts5" --module commonjs consumer.ts strict.ts
types node16 "$ts7" --types '' --module node16 consumer.ts strict.ts consumer-cjs.cts
types nodenext "$ts7" --types '' --module nodenext consumer.ts strict.ts consumer-cjs.cts
types bundler "$ts7" --types '' --module esnext consumer.ts strict.ts
echo "test-package: types ok"

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs *.test.cjs
