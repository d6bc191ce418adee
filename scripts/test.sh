#!/usr/bin/env bash
# Sets up what the tests need on a fresh machine and runs every test:
#   Debian packages (MariaDB, Redis, Chromium, ffmpeg) when missing, npm ci, build,
#   contract drift check, then the api and media-server suites, the client's unit tests (Vitest,
#   jsdom) and the browser suite.
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
# The browser suites save screenshots of the pages they check (desktop and phone; Chinese where a
# suite switches language) here; the summary prints where.
if [ -z "${E2E_SCREENSHOTS:-}" ]; then
  E2E_SCREENSHOTS="$PWD/artifacts/screenshots"
  rm -rf "$E2E_SCREENSHOTS" # this run's only
fi
export E2E_SCREENSHOTS
mkdir -p "$E2E_SCREENSHOTS"
bash scripts/check-contract.sh || status=1
# suite = workspace[:kind]; kind "unit" runs `npm run test:unit`, otherwise `npm test`.
suites="api media-server client:unit client:e2e"
for suite in $suites; do
  ws=${suite%%:*}
  echo "=== tests: ${suite/:/ }"
  if [ "${suite#*:}" = unit ]; then
    npm run test:unit -w "$ws" --silent 2>&1 | tee "$logs/$suite.log"
  else
    npm test -w "$ws" --silent 2>&1 | tee "$logs/$suite.log"
  fi
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
done

# Every suite ends with TAP-style totals: node --test's own, and the client unit tests' reporter
# (client/unit-test-totals.mjs) prints the same `# pass N` / `# fail N` lines.
count() { grep -E "^# $1 [0-9]+" "$logs/$2.log" | tail -1 | awk '{print $3}'; }
echo
echo "=== summary"
passed=0; failed=0
for ws in api media-server client; do
  p=0; f=0; detail=""
  for suite in $suites; do
    [ "${suite%%:*}" = "$ws" ] || continue
    sp=$(count pass "$suite"); sf=$(count fail "$suite")
    [ -n "$sp" ] || { echo "${suite/:/ }: no test ran" >&2; status=1; }
    p=$((p + ${sp:-0})); f=$((f + ${sf:-0}))
    [ "$suite" = "$ws" ] || detail+="${detail:+; }${suite#*:} ${sp:-0} passed, ${sf:-0} failed"
  done
  echo "$ws: $p passed, $f failed${detail:+ ($detail)}"
  passed=$((passed + p)); failed=$((failed + f))
done
rm -rf "$logs"
echo "screenshots: $E2E_SCREENSHOTS ($(find "$E2E_SCREENSHOTS" -name '*.png' | wc -l) PNG files)"
echo "total: $passed passed, $failed failed"
exit "$status"
