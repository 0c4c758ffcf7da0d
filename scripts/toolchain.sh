# Sourced by the build and test scripts: picks how to compile for wasm32 here and
# defines `wasm_cargo` (cargo with the right toolchain, flags and target).
#
# Route "rustup": the active toolchain has a prebuilt wasm32 standard library
#   (`rustup target add wasm32-unknown-unknown` was run): plain cargo.
# Route "debian": no prebuilt wasm32 std (it cannot be downloaded on some machines).
#   Debian's rustc-web 1.96 and its std sources build std for wasm32 with -Zbuild-std
#   (RUSTC_BOOTSTRAP unlocks the unstable flag on that stable compiler). /usr/bin goes
#   first on PATH so cargo does not pick rustup's older rustc, which cannot compile
#   1.96's std sources.

export PATH="$HOME/.cargo/bin:$PATH"

wasm_std_dir() {
  local dir
  dir=$(rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null) || return 1
  compgen -G "$dir/libstd-*.rlib" >/dev/null
}

if wasm_std_dir; then
  ZA_ROUTE=rustup
  ZA_BUILD_STD=()
  # wasm-opt reads the target features section of the module.
  ZA_WASM_OPT_FEATURES=(--detect-features)
  ZA_EXTRA_RUSTFLAGS=""
else
  ZA_ROUTE=debian
  export PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1
  ZA_BUILD_STD=(-Zbuild-std=std,panic_abort)
  # Compile for the MVP plus the features every runtime we support has (no
  # reference-types opcodes, which rustc 1.96 emits by default), and tell wasm-opt which.
  ZA_WASM_OPT_FEATURES=(--enable-bulk-memory --enable-sign-ext --enable-mutable-globals --enable-nontrapping-float-to-int)
  ZA_EXTRA_RUSTFLAGS="-Ctarget-cpu=mvp -Ctarget-feature=+mutable-globals,+sign-ext,+bulk-memory,+nontrapping-fptoint"
fi
export ZA_ROUTE
# The build tools pinned in tools/ (scripts/setup.sh installs them).
ZA_TOOLS="$PWD/tools/node_modules/.bin"

# Panic locations would carry build-machine paths into the shipped .wasm.
ZA_REMAP="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=$PWD=/zendesk-auth"

# cargo for wasm32. With RELEASE=1, the shipped build: on the debian route also
# immediate-abort panics, no location details and no Debug formatting, which keeps
# formatting code out of the binary (inputs never panic, so nothing is lost), and
# MIR optimization level 3 (all the non-experimental passes) with a MIR inlining
# threshold of 100: together 4% off the core's .wasm after gzip, measured.
wasm_cargo() {
  local flags="$ZA_EXTRA_RUSTFLAGS $ZA_REMAP"
  if [ "${RELEASE:-0}" = 1 ] && [ "$ZA_ROUTE" = debian ]; then
    flags="$flags -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Zmir-opt-level=3 -Zinline-mir-threshold=100"
  fi
  RUSTFLAGS="$flags" cargo "$@" --target wasm32-unknown-unknown "${ZA_BUILD_STD[@]}"
}
