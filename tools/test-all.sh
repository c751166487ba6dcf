#!/usr/bin/env bash
# The whole test suite: what `./nflab test` and CI (.ci/run) run.
#  1. the Maven build with every unit, replay and autograder test (core, exercises);
# Steps that need root or extra packages install what they need first (they say so).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
start=$(date +%s)

echo "== [1] Maven: unit, replay and autograder tests"
mvn -B -ntp verify

echo "== [grade] the autograder end to end: ./nflab grade --solutions scores full marks"
out=$(mktemp -d); ./nflab grade --solutions --json "$out/results.json" | tail -1
grep -Eq '"score": ([0-9]+),' "$out/results.json" && [ "$(grep -Eo '"(max_)?score": [0-9]+' "$out/results.json" | head -2 | grep -Eo '[0-9]+' | uniq | wc -l)" = 1 ] \
  || { echo "the reference solutions do not score full marks ($out/results.json)" >&2; exit 1; }
rm -rf "$out"

echo "== all test steps passed in $(( $(date +%s) - start )) s"
