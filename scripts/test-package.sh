#!/usr/bin/env bash
# Installs the packed tarball by name into a fresh scratch project and runs, there:
# the Node tests (tests/package/*.test.mjs) and `tsc --noEmit --strict` over a consumer
# file that uses every export (tests/types/consumer.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tarball=$(ls target/npm/zendesk-auth-*.tgz)
scratch=target/scratch/node
rm -rf "$scratch"
mkdir -p "$scratch"
cp tests/package/*.test.mjs tests/package/*.test.cjs tests/types/consumer.ts tests/types/consumer-cjs.cts "$scratch/"
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "scratch-consumer", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund "$root/$tarball"

echo "test-package: tsc --noEmit --strict over consumer.ts (ESM) and consumer-cjs.cts (CommonJS)"
"$root/tests/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext \
  --moduleResolution nodenext --skipLibCheck false --types '' consumer.ts consumer-cjs.cts
echo "test-package: types ok"

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs *.test.cjs
