#!/bin/sh
# Runs every test suite against the build in BUILD_DIR (default build) and ends with
# one line "N passed, N failed" summing them all.
# usage: tests/run-all.sh [BUILD_DIR]
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
total_pass=0; total_fail=0; log=$(mktemp)
run() {
	"$@" 2>&1 | tee -a "$log"
	line=$(grep -E '^[a-z0-9-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)
	p=$(echo "$line" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p')
	f=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
	if [ -z "$line" ]; then f=1; p=0; echo "$1: no summary (counted as a failure)"; fi
	total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
	: > "$log"
}
run "$here/../scripts/lint.sh"
units=$(find "$build/tests" -type f -perm -u+x 2>/dev/null | sort)
run "$here/run-unit.sh" $units
run "$here/run-api.sh" "$build"
[ -x "$here/run-e2e.sh" ] && [ -d "$here/e2e" ] && run "$here/run-e2e.sh" "$build"
rm -f "$log"
echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
