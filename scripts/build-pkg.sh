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
#   snippets/              the boundary's JavaScript (src/js/*.js), as wasm-bindgen copies it
#   browser.mjs            entry for browsers and bundlers: `await init()` first; one module
#                          bundled from pkg-template/browser.mjs, guard.mjs, the glue and snippets
#   node.mjs               entry for Node (import) and Deno: loads the .wasm synchronously
#   node.cjs               entry for Node's require(): wasm-bindgen's nodejs glue, same .wasm
#   workerd.mjs            entry for Cloudflare Workers: imports the .wasm as a module
# pkg/ is the core's folder and pkg/client/ the client's; next to them:
#   edge/                  zendesk-auth/edge (workerd only): the Worker handler and its two
#                          Durable Object classes, from pkg-template/edge/
#   webhook/               "zendesk-auth/webhook", plain JavaScript over WebCrypto (no .wasm):
#                          index.mjs (minified), index.cjs (the same for require()), and
#                          index.d.ts / index.d.cts
#   error.js, error.cjs    ZendeskAuthError (src/js/error.js), which every entry exports
#   client/protect.js      the client entries' ZendeskClient: CLIENT_FREED after free()
#   package.json           pkg-template/package.json with the crate's version
#   README.md, LICENSE     the npm page and the license
#   cli/                   the `zendesk-auth` bin (pkg-template/cli/), on Node's built-ins only
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
  local out=$1 template=$2
  shift 2
  RELEASE=1 wasm_cargo build --release --lib --quiet "$@"
  local wasm=target/wasm32-unknown-unknown/release/zendesk_auth.wasm
  mkdir -p "$out"
  wasm-bindgen --target web --out-dir "$out" "$wasm"
  # The raw export list of the .wasm is not part of the API, and neither is the glue's
  # typing of init()/initSync() as returning it (InitOutput): src/js/types.d.ts declares
  # them as users need them. The glue's declarations are its last block, from its one-line
  # InitInput (ours spans two lines).
  rm -f "$out/zendesk_auth_bg.wasm.d.ts"
  sed -i '/^export type InitInput = /,$d' "$out/zendesk_auth.d.ts"
  if grep -q 'InitOutput\|__wbg_init' "$out/zendesk_auth.d.ts" || ! grep -q '^export default function init(' "$out/zendesk_auth.d.ts"; then
    echo "build-pkg: the glue's init declarations changed shape; update the cut above" >&2
    exit 1
  fi
  # CommonJS uses wasm-bindgen's nodejs glue; both entries share one .wasm, which only
  # works while wasm-bindgen emits the same bytes for both targets: check it.
  rm -rf target/cjs-glue
  wasm-bindgen --target nodejs --out-dir target/cjs-glue "$wasm"
  cmp target/cjs-glue/zendesk_auth_bg.wasm "$out/zendesk_auth_bg.wasm"
  # Flattening and re-looping before -Oz, and -Oz twice, lets the second pass merge the
  # control flow the long scanning functions (redact) leave: 249 bytes gzip off the core;
  # --converge repeats the passes while they still shrink the module: 26 more.
  # --low-memory-unused: the linker puts Rust's 1 MiB stack first, growing down towards
  # address 0, and the data above it, so the first KiB is never touched; wasm-opt may
  # then fold small constant offsets into loads and stores: about 50 bytes off each entry.
  "$ZA_TOOLS/wasm-opt" --flatten --rereloop -Oz -Oz --converge --low-memory-unused "${ZA_WASM_OPT_FEATURES[@]}" --strip-debug --strip-producers --strip-target-features \
    "$out/zendesk_auth_bg.wasm" -o "$out/zendesk_auth_bg.wasm"
  # Short import and export names in the .wasm and both glues (see the script).
  node scripts/short-names.mjs "$out/zendesk_auth_bg.wasm" "$out/zendesk_auth.js" target/cjs-glue/zendesk_auth.js
  cp "$template"/node.mjs "$template"/workerd.mjs "$out/"
  [ ! -f "$template/protect.js" ] || cp "$template/protect.js" "$out/"
  node scripts/make-cjs.mjs target/cjs-glue "$out"
  # What a browser loads is minified: the glue, its snippets and the entries' own
  # modules (after make-cjs, which reads their source). Names of exports and import
  # paths stay as they are.
  local js
  minify "$out/zendesk_auth.js" "$out/zendesk_auth.js"
  # The boundary's own modules name what needs a name themselves (ZendeskAuthError).
  for js in $(find "$out/snippets" "$out/protect.js" -name '*.js' 2>/dev/null); do
    "$ZA_TOOLS/esbuild" --minify --format=esm --log-level=warning "$js" --outfile="$js" --allow-overwrite
  done
  cp "$out/zendesk_auth.d.ts" "$out/zendesk_auth.d.cts"
}

rm -rf pkg
mkdir -p target/npm pkg
# ZendeskAuthError: one source, shared by both variants' entries (the wasm side has its
# own copy in snippets/; both hand out the same class, see src/js/error.js).
cp src/js/error.js pkg/error.js
build_variant pkg pkg-template --no-default-features
build_variant pkg/client pkg-template/client
cp pkg-template/README.md pkg/
minify pkg/error.js pkg/error.js
# Each browser entry is one bundled, minified module: entry, init guard, glue and
# snippets together. A browser then makes two requests (this and the .wasm) and gzip
# sees one stream, which is 1.4 KB smaller than the six files it replaces. The glue
# finds the .wasm beside the bundle (new URL(..., import.meta.url)), as before.
bundle_browser_entry() { # TEMPLATE OUT_DIR
  local out=$2 keep=() snippet
  # One ZendeskAuthError in the bundle: the entry's modules import the glue's own copy
  # (the snippet) instead of the package's error.js, which Node and workerd use.
  snippet=$(cd "$out" && find snippets -path '*/src/js/error.js')
  local rewrite=(-e "s#\"\\.\\.\\?/error\\.js\"#\"./$snippet\"#" -e 's#"\.\./guard\.mjs"#"./guard.mjs"#')
  sed "${rewrite[@]}" "$1" >"$out/browser.src.mjs"
  sed "${rewrite[@]}" pkg-template/guard.mjs >"$out/guard.mjs"
  [ ! -f "$out/protect.js" ] || { sed "${rewrite[@]}" "$out/protect.js" >"$out/protect.src.js"; sed -i 's#"\./protect\.js"#"./protect.src.js"#' "$out/browser.src.mjs"; }
  grep -q '\bclass ' "$1" && keep=(--keep-names)
  "$ZA_TOOLS/esbuild" "$out/browser.src.mjs" --bundle --minify "${keep[@]}" --format=esm --log-level=warning --outfile="$out/browser.mjs" --allow-overwrite
  rm -f "$out/browser.src.mjs" "$out/guard.mjs" "$out/protect.src.js"
}
bundle_browser_entry pkg-template/browser.mjs pkg
bundle_browser_entry pkg-template/client/browser.mjs pkg/client
# The webhook entry is its own small module: minified like the browser entries, plus a
# CommonJS build from the same source so require("zendesk-auth/webhook") works on Node 20.
mkdir -p pkg/webhook
minify pkg-template/webhook/index.mjs pkg/webhook/index.mjs
"$ZA_TOOLS/esbuild" --minify --format=cjs --platform=neutral --log-level=warning \
  pkg-template/webhook/index.mjs --outfile=pkg/webhook/index.cjs
cp pkg-template/webhook/index.d.ts pkg/webhook/index.d.ts
cp pkg-template/webhook/index.d.ts pkg/webhook/index.d.cts
cp LICENSE pkg/
# The command line (npx zendesk-auth ...): plain Node modules importing ../client/node.mjs.
mkdir -p pkg/cli
cp pkg-template/cli/*.mjs pkg/cli/
chmod +x pkg/cli/zendesk-auth.mjs
# zendesk-auth/edge: plain ES modules on top of the client's workerd entry, shipped as
# written (a Worker is bundled by wrangler, which minifies if asked).
mkdir -p pkg/edge
cp pkg-template/edge/*.mjs pkg-template/edge/*.d.ts pkg/edge/
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
