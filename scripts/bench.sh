#!/usr/bin/env bash
# make bench: builds the package, installs it from its tarball next to node-zendesk 6
# in a scratch project, and runs bench/bench.mjs, which writes BENCHMARKS.md and
# bench/ratios.svg. Benchmarks report; they never fail on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/build-pkg.sh
# Crossings and allocations per request: a client build that counts its allocations.
source scripts/toolchain.sh
RELEASE=1 wasm_cargo build --release --lib --quiet --features alloc-count
rm -rf target/count
wasm-bindgen --target web --out-dir target/count target/wasm32-unknown-unknown/release/zendesk_auth.wasm
node bench/crossings.mjs target/count > target/bench-crossings.json
scratch=target/scratch/bench
rm -rf "$scratch"
mkdir -p "$scratch"
cp bench/bench.mjs "$scratch/"
cd "$scratch"
echo '{ "name": "bench", "private": true, "type": "module", "dependencies": { "node-zendesk": "6.0.1" } }' > package.json
npm install --silent --no-audit --no-fund "$root"/target/npm/zendesk-auth-*.tgz node-zendesk@6.0.1
# --expose-gc: memory samples are taken after a full collection, so they show what is kept.
ZA_REPO="$root" node --expose-gc bench.mjs
