#!/usr/bin/env bash
# Builds pkg/ (the npm package) and packs it into target/npm/zendesk-auth-VERSION.tgz.
#
# The crate is built twice: the core alone (no `client` feature) for "zendesk-auth",
# and with the client for "zendesk-auth/client", so a page that only validates and
# builds headers does not download the client. Each build's folder holds:
#   zendesk_auth_bg.wasm   the crate, built for wasm32 and shrunk with wasm-opt -Oz
#   zendesk_auth.js        wasm-bindgen's glue (--target web: plain ES module, no bundler needed)
#   zendesk_auth.d.ts      types: src/js/types.d.ts (+ src/js/client.d.ts) and the glue's init/initSync
#   zendesk_auth.d.cts     the types again, for require() under TypeScript's node16/nodenext
#   snippets/              small JS helpers the boundary builds result objects with
#   browser.mjs            entry for browsers and bundlers: `await init()` first
#   node.mjs               entry for Node (import) and Deno: loads the .wasm synchronously
#   node.cjs               entry for Node's require(): wasm-bindgen's nodejs glue, same .wasm
#   workerd.mjs            entry for Cloudflare Workers: imports the .wasm as a module
# pkg/ is the core's folder and pkg/client/ the client's; next to them:
#   guard.mjs              init() and the NOT_INITIALIZED guard, shared by both browser entries
#   package.json           pkg-template/package.json with the crate's version
#   README.md, LICENSE     the npm page and the license
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
echo "build-pkg: zendesk-auth $version (wasm32 route: $ZA_ROUTE)"

# minify IN OUT: esbuild's minifier; a file with a class keeps its names, so that
# ZendeskClient.name is "ZendeskClient" (that costs 10% more bytes elsewhere).
minify() {
  local keep=()
  grep -q '\bclass ' "$1" && keep=(--keep-names)
  "$ZA_TOOLS/esbuild" --minify "${keep[@]}" --format=esm --log-level=warning "$1" --outfile="$2" --allow-overwrite
}

# build_variant OUT_DIR [cargo feature flags...]: one build of the crate into OUT_DIR.
build_variant() {
  local out=$1
  shift
  RELEASE=1 wasm_cargo build --release --lib --quiet "$@"
  local wasm=target/wasm32-unknown-unknown/release/zendesk_auth.wasm
  mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" "$wasm"
  # The raw export list of the .wasm is not part of the API.
  rm -f "$out/zendesk_auth_bg.wasm.d.ts"
  # CommonJS uses wasm-bindgen's nodejs glue; both entries share one .wasm, which only
  # works while wasm-bindgen emits the same bytes for both targets: check it.
  rm -rf target/cjs-glue
  wasm-bindgen --target nodejs --out-dir target/cjs-glue "$wasm"
  cmp target/cjs-glue/zendesk_auth_bg.wasm "$out/zendesk_auth_bg.wasm"
  "$ZA_TOOLS/wasm-opt" -Oz "${ZA_WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers --strip-target-features \
    "$out/zendesk_auth_bg.wasm" -o "$out/zendesk_auth_bg.wasm"
  node scripts/make-cjs.mjs target/cjs-glue "$out"
  # What a browser loads is minified: the glue and its snippets (after make-cjs, which
  # reads the snippets' source). Names of exports and import paths stay as they are.
  local js
  for js in "$out/zendesk_auth.js" "$out"/snippets/*/*.js; do
    minify "$js" "$js"
  done
  cp "$out/zendesk_auth.d.ts" "$out/zendesk_auth.d.cts"
  cp pkg-template/node.mjs pkg-template/workerd.mjs "$out/"
}

rm -rf pkg
mkdir -p target/npm
build_variant pkg --no-default-features
build_variant pkg/client
cp pkg-template/README.md pkg/
# The browser entries are minified like the glue; their source is pkg-template/.
for js in browser.mjs guard.mjs client/browser.mjs; do
  minify "pkg-template/$js" "pkg/$js"
done
cp LICENSE pkg/
node -e '
  const fs = require("fs");
  const p = JSON.parse(fs.readFileSync("pkg-template/package.json", "utf8"));
  p.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(p, null, 2) + "\n");
' "$version"

rm -f target/npm/zendesk-auth-*.tgz
(cd pkg && npm pack --silent --pack-destination ../target/npm >/dev/null)
tarball="target/npm/zendesk-auth-$version.tgz"
test -f "$tarball"
echo "build-pkg: $tarball ($(wc -c <"$tarball") bytes)"
