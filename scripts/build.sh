#!/usr/bin/env bash
# Builds every workspace in dependency order: testing, media-server, api (tsc) and the Angular client.
set -euo pipefail
cd "$(dirname "$0")/.."
for ws in testing media-server api; do
  echo "building $ws"
  npx tsc -p "$ws/tsconfig.json"
done
echo "building client"
npm run build -w client --silent
