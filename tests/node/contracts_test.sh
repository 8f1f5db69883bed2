#!/usr/bin/env bash
# Builds the generated TypeScript with tsc and checks it with zod in node:
#  1. the DSL fixtures: Zod and C++ give the same verdicts on the same payloads;
#  2. `crest contracts --out DIR`: the package compiles (strict) and validates real responses.
set -euo pipefail
tools="$1" crest="$2" fixtures="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$fixtures" "$work/fixtures"
ln -s "$tools/node_modules" "$work/fixtures/node_modules"
"$tools/node_modules/.bin/tsc" -p "$work/fixtures"
node "$tools/check_schema_fixtures.mjs" "$work/fixtures"

"$crest" contracts --out "$work/contracts"
ln -s "$tools/node_modules" "$work/contracts/node_modules"
"$tools/node_modules/.bin/tsc" -p "$work/contracts"
test -f "$work/contracts/dist/index.d.ts"
node "$tools/check_contracts.mjs" "$crest" "$work/contracts"
