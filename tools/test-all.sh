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

echo "== all test steps passed in $(( $(date +%s) - start )) s"
