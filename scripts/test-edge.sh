#!/usr/bin/env bash
# The Cloudflare Worker example (examples/edge-worker) under workerd, through Miniflare:
# installs the packed tarball by name into a fresh scratch project, copies the example and
# tests/edge/*.test.mjs there, and runs them with node --test. The Worker is bundled with
# esbuild the way wrangler does (conditions workerd, worker, browser; the .wasm as a
# CompiledWasm module); its outbound fetches reach the fake Zendesk on 127.0.0.1.
# Miniflare and esbuild come from tests/node_modules (scripts/setup.sh test); nothing is
# downloaded here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tarball=$(ls target/npm/zendesk-auth-*.tgz)
for tool in miniflare esbuild; do
  [ -d "tests/node_modules/$tool" ] || { echo "test-edge: tests/node_modules/$tool is missing; run scripts/setup.sh test" >&2; exit 1; }
done
scratch=target/scratch/edge
rm -rf "$scratch"
mkdir -p "$scratch/edge-worker"
cp -R examples/edge-worker/src examples/edge-worker/wrangler.toml "$scratch/edge-worker/"
cp tests/edge/*.mjs "$scratch/"
cd "$scratch"
cat > package.json <<'JSON'
{ "name": "scratch-edge", "private": true, "type": "module" }
JSON
npm install --silent --no-audit --no-fund "$root/$tarball"

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs
