#!/usr/bin/env bash
# "zendesk-auth/webhook" in the three runtimes it is for, from the packed tarball installed
# by name into a fresh scratch project: `tsc --noEmit --strict` over its types, then
# node --test over tests/webhook/: Node (ESM and CommonJS, the fake Zendesk sending signed
# webhooks), headless Chromium (playwright-core, Debian's /usr/bin/chromium) and workerd
# (Miniflare). playwright-core, Miniflare, esbuild and TypeScript come from tests/node_modules
# (scripts/setup.sh test); nothing is downloaded here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/scratch.sh
need_tools webhook playwright-core miniflare esbuild typescript
scratch_project webhook tests/webhook/*.mjs tests/webhook/*.ts tests/webhook/*.cts tests/browser/harness.mjs

echo "test-webhook: tsc --noEmit --strict over consumer.ts (ESM) and consumer-cjs.cts (CommonJS)"
node "$root/tests/node_modules/typescript/bin/tsc" --noEmit --strict --target es2022 --module nodenext \
  --moduleResolution nodenext --skipLibCheck false --types '' consumer.ts consumer-cjs.cts
echo "test-webhook: types ok"

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs
