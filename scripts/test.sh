#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine and runs every test:
#   Debian packages (MariaDB, Redis, Chromium, ffmpeg) when missing, npm ci, build,
#   contract drift check, then the api, media-server and browser suites.
# Each suite starts its own servers on 127.0.0.1 in temporary folders and stops them.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh || { echo "could not install the test dependencies" >&2; exit 1; }
if [ "${CI:-}" = "true" ] || [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund || exit 1
fi
bash scripts/build.sh || { echo "build failed" >&2; exit 1; }

logs=$(mktemp -d)
status=0
bash scripts/check-contract.sh || status=1
for ws in api media-server client; do
  echo "=== tests: $ws"
  npm test -w "$ws" --silent 2>&1 | tee "$logs/$ws.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

echo
echo "=== summary"
passed=0; failed=0
for ws in api media-server client; do
  p=$(grep -E '^# pass [0-9]+' "$logs/$ws.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^# fail [0-9]+' "$logs/$ws.log" | tail -1 | awk '{print $3}')
  echo "$ws: ${p:-0} passed, ${f:-0} failed"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  [ -n "$p" ] || { echo "$ws: no test ran" >&2; status=1; }
done
rm -rf "$logs"
echo "total: $passed passed, $failed failed"
exit "$status"
