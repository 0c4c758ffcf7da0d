#!/usr/bin/env bash
# Runs every test layer and ends with one summary line per layer and a total.
# Logs go to target/test-logs/. Assumes scripts/setup.sh test has run (make test does).
#
#   native    the Rust core and the case table, natively            (cargo test)
#   wasm-node the case table through the JS boundary, wasm in Node  (wasm-bindgen-test)
#   wasm-web  the same in headless Chromium                         (wasm-bindgen-test)
#   fake      the fake Zendesk's own conformance tests              (node --test)
#   package   the packed tarball installed by name: core and client
#             against the fake Zendesk, README examples, the browser
#             download's gzip size; tsc --strict                   (node --test)
#   hostile   the boundary's JavaScript on its own (unit tests, tsc --checkJs), then
#             every export of the tarball against hostile values, a polluted
#             Object.prototype, hostile servers and mocked fetch   (node --test)
#   webhook   zendesk-auth/webhook from the tarball in Node, headless
#             Chromium and workerd; the fake Zendesk sends signed
#             webhooks; tsc --strict over its types                 (node --test)
#   browser   the package in headless Chromium, page and fake on
#             different origins, so CORS is the browser's own; and an
#             esbuild production bundle of an app using it           (node --test + playwright-core)
#   demo      the demo page in headless Chromium: diagnostics, header,
#             inspector, connection tests; screenshots in test-results/demo/
#   deno      the package imported by name in Deno 2                  (deno test)
#   edge      the edge-worker example under workerd (Miniflare),
#             proxying to the fake Zendesk                            (node --test)
set -euo pipefail
cd "$(dirname "$0")/.."
logs=target/test-logs
mkdir -p "$logs"
summary=()
total_pass=0
total_fail=0

record() { # layer pass fail
  summary+=("$(printf '%-10s %4d passed, %d failed' "$1" "$2" "$3")")
  total_pass=$((total_pass + $2))
  total_fail=$((total_fail + $3))
}

cargo_counts() { # log -> "pass fail" summed over every "test result:" line
  awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
       END { print p + 0, f + 0 }' "$1"
}

node_counts() { # log -> "pass fail" from node --test's closing lines
  awk '/^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 } END { print p + 0, f + 0 }' "$1"
}

deno_counts() { # log -> "pass fail" from deno test's closing line
  sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '/passed \| [0-9]+ failed/ { for (i = 1; i <= NF; i++) { if ($(i+1) == "passed") p += $i; if ($(i+1) == "failed") f += $i } }
       END { print p + 0, f + 0 }'
}

run_layer() { # name counter command...
  local name=$1 counter=$2 log="$logs/$1.log"
  shift 2
  echo "=== $name"
  if ! "$@" 2>&1 | tee "$log"; then
    read -r p f < <($counter "$log")
    record "$name" "$p" "$((f > 0 ? f : 1))"
    printf '%s\n' "${summary[@]}"
    echo "test: layer '$name' failed (log: $log)" >&2
    exit 1
  fi
  read -r p f < <($counter "$log")
  [ "$p" -gt 0 ] || { echo "test: layer '$name' ran no test" >&2; exit 1; }
  record "$name" "$p" "$f"
}

run_layer native cargo_counts cargo test --quiet

source scripts/toolchain.sh
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=${CHROMEDRIVER:-$(command -v chromedriver)}
run_layer wasm-node cargo_counts wasm_cargo test --test node
run_layer wasm-web cargo_counts wasm_cargo test --test browser

run_layer fake node_counts node --test --test-reporter=spec tests/fake-zendesk/

scripts/build-pkg.sh
run_layer package node_counts scripts/test-package.sh
run_layer cli node_counts scripts/test-cli.sh
run_layer hostile node_counts scripts/test-hostile.sh
run_layer webhook node_counts scripts/test-webhook.sh
run_layer browser node_counts scripts/test-browser.sh
run_layer demo node_counts scripts/test-demo.sh
run_layer deno deno_counts scripts/test-deno.sh
run_layer edge node_counts scripts/test-edge.sh

echo
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "tarball: $(ls target/npm/*.tgz) $(wc -c < target/npm/*.tgz) bytes"
# The sizes as the package layer's size test measured and checked them.
grep -h '^zendesk-auth.*: browser download' "$logs/package.log" || true
echo "$total_pass passed, $total_fail failed"
