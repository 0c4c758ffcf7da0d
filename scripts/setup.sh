#!/usr/bin/env bash
# Installs whatever this machine lacks to build (and, with `test`, to test) the
# package, and says which route it took. Safe to run again: each step checks first.
#
#   scripts/setup.sh build   wasm32 toolchain, wasm-bindgen CLI, Node, build tools (wasm-opt, esbuild)
#   scripts/setup.sh test    the above, plus Chromium + ChromeDriver and the test tools
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

apt_updated=0
apt_install() {
  command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] ||
    die "need Debian packages ($*) but cannot install them here (no apt-get or not root); install them by hand"
  if [ "$apt_updated" = 0 ]; then
    say "apt-get update"
    apt-get update -qq >/dev/null
    apt_updated=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Rust for wasm32 ---------------------------------------------------------
command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs)"
source scripts/toolchain.sh
if [ "$ZA_ROUTE" = rustup ]; then
  say "wasm32: using the wasm32-unknown-unknown standard library installed in the active toolchain"
else
  if ! { [ -x /usr/bin/rustc ] && [ -d /usr/lib/rustlib/src/rust/library ] && command -v rust-lld >/dev/null; }; then
    say "wasm32: no prebuilt wasm32 std in the active toolchain; installing Debian's rustc-web and std sources to build std with -Zbuild-std"
    apt_install rustc-web cargo-web rust-web-src lld-22
  fi
  say "wasm32: building std from source with $(/usr/bin/rustc --version) (-Zbuild-std)"
fi

# --- wasm-bindgen CLI, same version as the crate in Cargo.lock -----------------
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "wasm-bindgen CLI: installing $want (have: ${have:-none}); this takes a few minutes"
  # No --locked: the CLI's lockfile names a crate version some registry mirrors lack.
  cargo install --quiet wasm-bindgen-cli --version "=$want"
fi
say "wasm-bindgen CLI: $(wasm-bindgen --version)"

# --- Node ----------------------------------------------------------------------
command -v node >/dev/null || apt_install nodejs npm
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node $node_major found; Node 20 or newer is needed"
say "node: $(node --version), npm $(npm --version 2>/dev/null)"

# --- build tools: wasm-opt (binaryen) and esbuild, pinned in tools/ ------------
# Distributions ship an older binaryen (Debian: 108) that leaves the .wasm about 4% bigger.
if [ ! -f tools/node_modules/.package-lock.json ] || [ tools/package-lock.json -nt tools/node_modules/.package-lock.json ]; then
  say "npm install (tools/: wasm-opt and esbuild for the build, pinned)"
  (cd tools && npm install --no-audit --no-fund --loglevel=error)
fi
say "wasm-opt: $(tools/node_modules/.bin/wasm-opt --version), esbuild $(tools/node_modules/.bin/esbuild --version)"

[ "$mode" = test ] || exit 0

# --- test tools ----------------------------------------------------------------
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt_install chromium chromium-driver
fi
say "browser: $(chromium --version 2>/dev/null | head -n 1), $(chromedriver --version | awk '{print $1, $2}')"

# Reinstall the pinned test tools when the lockfile changed since the last install.
# `npm install` rather than `npm ci`: npm 11 leaves the deno package's per-platform
# optional dependencies out of any lockfile and then refuses `npm ci` as out of sync.
if [ ! -f tests/node_modules/.package-lock.json ] || [ tests/package-lock.json -nt tests/node_modules/.package-lock.json ]; then
  say "npm install (tests/, versions pinned in package.json and package-lock.json)"
  (cd tests && npm install --no-audit --no-fund --loglevel=error)
fi
say "test tools: typescript $(node tests/node_modules/typescript/bin/tsc --version | awk '{print $2}'), and $(node tests/node_modules/typescript-5/bin/tsc --version | awk '{print $2}') for moduleResolution node10 (removed in 7)"
