#!/usr/bin/env bash
# Builds every workspace in dependency order: testing, media-server, api (tsc) and the Angular client.
set -euo pipefail
cd "$(dirname "$0")/.."
# testing -> media-server -> api are TypeScript project references: `tsc -b api` builds each one
# that is out of date, in that order.
echo "building testing, media-server, api"
npx tsc -b api
echo "building client"
npm run build -w client --silent
