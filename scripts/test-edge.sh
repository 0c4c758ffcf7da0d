#!/usr/bin/env bash
# zendesk-auth/edge and the Cloudflare Worker example (examples/edge-worker) under workerd:
# installs the packed tarball by name into a fresh scratch project, copies the example and
# tests/edge/ there, and runs them with node --test:
#   bff.test.mjs       the example bundled as wrangler bundles it (conditions workerd, worker,
#                      browser; the .wasm as a CompiledWasm module), several Workers in one
#                      Miniflare with Durable Objects, against the fake Zendesk on 127.0.0.1
#   chromium.test.mjs  the sign-in flow in headless Chromium (playwright-core)
#   wrangler.test.mjs  the example under `wrangler dev`, and `wrangler deploy --dry-run`
#   readme-worker.test.mjs  the npm page's Workers examples
# Miniflare, esbuild, playwright-core and wrangler come from tests/node_modules
# (scripts/setup.sh test); nothing is downloaded here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source scripts/scratch.sh
need_tools edge miniflare esbuild playwright-core wrangler
# The example Worker as users have it: its src/ and wrangler.toml, in edge-worker/.
mkdir -p target/scratch/edge-worker-copy
rm -rf target/scratch/edge-worker-copy/edge-worker
mkdir -p target/scratch/edge-worker-copy/edge-worker
cp -R examples/edge-worker/src examples/edge-worker/wrangler.toml target/scratch/edge-worker-copy/edge-worker/
scratch_project edge tests/edge/*.mjs target/scratch/edge-worker-copy/edge-worker

ZA_REPO="$root" node --test --test-reporter=spec *.test.mjs
