#!/usr/bin/env bash
# Sets up and runs the whole system on embedded defaults: SQLite in ./data, in-process pub/sub and
# sessions, the embedded media server, and the built browser app, all from one process.
# Installs dependencies and builds only when needed; settings come from the environment (.env.example).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
stale() { # true when any source under $1 is newer than the build stamp $2
  [ ! -e "$2" ] || [ -n "$(find "$1" -newer "$2" -type f -print -quit)" ]
}
if stale api/src api/dist/src/main.js || stale media-server/src api/dist/src/main.js || stale testing/src api/dist/src/main.js \
   || stale client/src client/dist/client/browser/index.html; then
  bash scripts/build.sh
  touch api/dist/src/main.js client/dist/client/browser/index.html
fi
[ -f .env ] && set -a && . ./.env && set +a
exec node api/dist/src/main.js
