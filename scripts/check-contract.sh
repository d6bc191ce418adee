#!/usr/bin/env bash
# Fails when schema.graphql or the generated client code differs from what the code produces.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=(schema.graphql client/src/app/core/graphql/generated.ts)
node api/dist/src/scripts/emit-schema.js >/dev/null
npx graphql-codegen --config codegen.yml --silent >/dev/null
if ! git diff --exit-code --stat -- "${generated[@]}"; then
  echo "The GraphQL contract drifted from the code: run 'npm run codegen' and commit ${generated[*]}." >&2
  git diff -- "${generated[@]}" | head -60 >&2
  exit 1
fi
echo "contract: schema.graphql and generated client code match the code"
