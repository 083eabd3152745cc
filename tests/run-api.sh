#!/bin/sh
# Runs the API tests (node's test runner, the official kintone clients) against a built
# daicho binary; each test file starts its own server. Prints "api: N passed, N failed".
# usage: tests/run-api.sh BUILD_DIR [test files...]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")/daicho
shift
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/api" || exit 1
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
	npm ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "api: npm ci failed"; exit 1; }
fi
files=${*:-$(ls *.test.mjs)}
out=$(mktemp)
DAICHO_BIN="$bin" node --test --test-concurrency=2 --test-reporter=spec $files 2>&1 | tee "$out"
pass=$(sed -n 's/^ℹ pass \([0-9]*\)/\1/p' "$out" | tail -n1)
fail=$(sed -n 's/^ℹ fail \([0-9]*\)/\1/p' "$out" | tail -n1)
rm -f "$out"
echo "api: ${pass:-0} passed, ${fail:-1} failed"
[ "${fail:-1}" = 0 ]
