#!/usr/bin/env bash
# Runs tests/deno/ in Deno 2 (from the `deno` npm package in tests/node_modules) inside
# the scratch project scripts/test-package.sh made, with the fake Zendesk running in Node.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scratch=target/scratch/node
[ -d "$scratch/node_modules/zendesk-auth" ] || { echo "run scripts/test-package.sh first" >&2; exit 1; }
mkdir -p "$scratch/deno"
cp tests/deno/*.test.mjs "$scratch/deno/"

fifo=$(mktemp -u)
mkfifo "$fifo"
node tests/fake-zendesk/server.mjs --port 0 --quiet >"$fifo" 2>/dev/null &
fake=$!
trap 'kill $fake 2>/dev/null || true; rm -f "$fifo"' EXIT
read -r line <"$fifo"
url=$(node -p 'JSON.parse(process.argv[1]).fakeZendesk' "$line")

cd "$scratch"
DENO_NO_UPDATE_CHECK=1 ZA_REPO="$root" FAKE_ZENDESK_URL="$url" "$root/tests/node_modules/.bin/deno" test \
  --allow-read --allow-write=deno --allow-run --allow-env --allow-net=127.0.0.1 --no-prompt deno/
