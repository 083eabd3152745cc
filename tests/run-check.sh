#!/bin/sh
# `make check`: the unit and API tests against the AddressSanitizer/UndefinedBehavior-
# Sanitizer build in build/san, then every fuzz target replaying its corpus.
# Ends with "N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
total_pass=0; total_fail=0
count() {
	p=$(echo "$1" | sed -n 's/.*: \([0-9]*\) passed.*/\1/p' | tail -n1)
	f=$(echo "$1" | sed -n 's/.* \([0-9]*\) failed.*/\1/p' | tail -n1)
	[ -z "$p$f" ] && f=1
	total_pass=$((total_pass + ${p:-0})); total_fail=$((total_fail + ${f:-1}))
}
out=$(tests/run-unit.sh $(find build/san/tests -type f -perm -u+x | sort) 2>&1); echo "$out"
count "$(echo "$out" | grep -E '^unit: ')"
tests/run-api.sh build/san > build/san/api.log 2>&1; tail -n 40 build/san/api.log
count "$(grep -E '^api: ' build/san/api.log)"
out=$(make -s -f fuzz/fuzz.mk replay 2>&1); rc=$?
echo "$out" | tail -n 20
n=$(echo "$out" | grep -c '^fuzz: replaying')
if [ $rc -eq 0 ]; then total_pass=$((total_pass + n)); else total_fail=$((total_fail + 1)); fi
echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
