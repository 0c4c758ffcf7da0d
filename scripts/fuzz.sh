#!/usr/bin/env bash
# Fuzzes each target (fuzz/fuzz_targets/) for FUZZ_SECONDS (default 60) with libFuzzer
# on a host build of the core, and prints the runs per target. A crash, a panic or an
# input slower than 10 s (a hang or a quadratic blow-up) fails the run; libFuzzer saves
# the input under fuzz/artifacts/. The committed seeds (fuzz/corpus/) are only read;
# what the fuzzer finds goes to target/fuzz-corpus/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${FUZZ_SECONDS:-60}

rustup run nightly rustc --version >/dev/null 2>&1 || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

targets=$(cd fuzz && cargo +nightly fuzz list)
report=()
for t in $targets; do
  mkdir -p "target/fuzz-corpus/$t"
  log="target/fuzz-corpus/$t.log"
  echo "=== fuzz $t (${seconds}s)"
  (cd fuzz && cargo +nightly fuzz run -O "$t" "../target/fuzz-corpus/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1 || {
    tail -n 30 "$log"
    echo "fuzz: $t failed (log: $log)" >&2
    exit 1
  }
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  report+=("$(printf '%-16s %10s runs  %8s exec/s' "$t" "$runs" "$rate")")
done
echo "=== fuzz summary (${seconds}s each)"
printf '%s\n' "${report[@]}"
