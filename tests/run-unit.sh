#!/bin/sh
# Runs the C unit test binaries given as arguments; prints "N passed, N failed" at the end.
# cmocka's summary lines ("[  PASSED  ] n test(s)." / "[  FAILED  ] n test(s)") are summed.
pass=0; fail=0; broken=0
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^\[ *(PASSED|FAILED|  OK|ERROR) *\]|^\[==========\]' | grep -v '^\[       OK \]' || true
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n1)
	pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
	if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
		printf '%s\n' "$out" | tail -n 20
		echo "unit: $t exited with status $rc"; broken=$((broken + 1))
	fi
done
fail=$((fail + broken))
echo "unit: $pass passed, $fail failed"
[ $fail -eq 0 ]
