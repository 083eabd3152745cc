#!/bin/sh
# Runs the browser tests (playwright-core + Debian's chromium) against a built daicho;
# each test file starts its own server. Screenshots land in tests/out/screenshots.
# Prints "e2e: N passed, N failed".
# usage: tests/run-e2e.sh BUILD_DIR [test files...]
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")/daicho
shift
here=$(cd "$(dirname "$0")" && pwd)
for d in api e2e; do
	cd "$here/$d" || exit 1
	if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
		npm ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "e2e: npm ci failed in tests/$d"; exit 1; }
	fi
done
cd "$here/e2e"
files=${*:-$(ls *.test.mjs)}
out=$(mktemp)
DAICHO_BIN="$bin" node --test --test-concurrency=1 --test-reporter=spec $files 2>&1 | tee "$out"
pass=$(sed -n 's/^ℹ pass \([0-9]*\)/\1/p' "$out" | tail -n1)
fail=$(sed -n 's/^ℹ fail \([0-9]*\)/\1/p' "$out" | tail -n1)
rm -f "$out"
echo "e2e: ${pass:-0} passed, ${fail:-1} failed"
[ "${fail:-1}" = 0 ]
