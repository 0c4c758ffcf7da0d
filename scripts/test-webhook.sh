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
tarball=$(ls target/npm/zendesk-auth-*.tgz)
for tool in playwright-core miniflare esbuild typescript; do
  [ -d "tests/node_modules/$tool" ] || { echo "test-webhook: tests/node_modules/$tool is missing; run scripts/setup.sh test" >&2; exit 1; }
done
scratch=target/scratch/webhook
rm -rf "$scratch"
mkdir -p "$scratch"
cp tests/webhook/*.mjs tests/webhook/*.ts tests/webhook/*.cts tests/browser/harness.mjs "$scratch/"
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "scratch-webhook", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund "$root/$tarball"

echo "test-webhook: tsc --noEmit --strict over consumer.ts (ESM) and consumer-cjs.cts (CommonJS)"
"$root/tests/node_modules/.bin/tsc" --noEmit --strict --target es2022 --module nodenext \
  --moduleResolution nodenext --skipLibCheck false --types '' consumer.ts consumer-cjs.cts
echo "test-webhook: types ok"

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs
