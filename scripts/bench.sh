#!/usr/bin/env bash
# Runs the benchmarks and prints their figures: media-server forwarding (10, 50, 100 viewers),
# viewer time-to-first-frame in Chromium, call setup in Chromium beside a live viewer's TTFF,
# mutation → subscriber event latency vs bare graphql-ws, the VOD catalog query over 100,000 videos in a
# throw-away MariaDB, and playback throughput vs a bare file server.
# Builds the workspaces first when their output is missing. Loopback only; each bench stops what it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f api/dist/test/support/api.js ] || [ ! -f media-server/dist/src/cli.js ] || [ ! -f testing/dist/index.js ]; then
  bash scripts/build.sh
fi
status=0
run() {
  echo
  echo "== node $*"
  node "$@" || { echo "!! node $* failed ($?)"; status=1; }
}
run bench/media-server/forwarding.js 10 50 100
run bench/live/ttff.js
run bench/call/setup.js
run bench/live/event-latency.js
run bench/vod/catalog.js
run bench/vod/playback.js
exit $status
