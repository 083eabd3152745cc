#!/bin/sh
# `make lint`: the house rules a compiler does not check.
# - each library in one room: sqlite3.h only in store/, microhttpd.h only in
#   http/server.c, sodium.h only in auth/crypto.c, curl.h only in hooks/deliver.c,
#   jansson only in http/ and fields/;
# - layers point one way: core <- query, rules, fields <- store, auth, audit, hooks <- ops <- http <- cli;
# - banned functions: strcpy, strcat, sprintf, vsprintf, gets, strtok, atoi, atol, atof.
# Prints each violation and "lint: N passed, N failed".
cd "$(dirname "$0")/.." || exit 1
fail=0; checks=0
check() { # description, command printing offending lines
	checks=$((checks + 1))
	out=$(sh -c "$2")
	if [ -n "$out" ]; then
		echo "lint: $1:"; echo "$out" | sed 's/^/  /'; fail=$((fail + 1))
	fi
}
check "a message key defined by two catalogues (the later one silently wins)" "for f in web/src/i18n/messages/*.ts; do grep -ohE \"^[[:space:]]*'[A-Za-z0-9_.-]+':\" \"\$f\" | tr -d \" ':\" | sort -u | sed \"s|\$| \$f|\"; done | sort | awk '{ if (\$1 == k) print k\": \"f\" and \"\$2; k = \$1; f = \$2 }'"
check "sqlite3.h outside store/" "grep -rn --include='*.[ch]' '#include <sqlite3.h>' src | grep -v '^src/store/'"
check "microhttpd.h outside http/server.c" "grep -rn --include='*.[ch]' '#include <microhttpd.h>' src | grep -v '^src/http/server.c'"
check "sodium.h outside auth/crypto.c" "grep -rn --include='*.[ch]' '#include <sodium.h>' src | grep -v '^src/auth/crypto.c'"
check "curl.h outside hooks/deliver.c" "grep -rn --include='*.[ch]' '#include <curl/' src | grep -v '^src/hooks/deliver.c'"
check "hooks/ never reaches http or cli" "grep -rn --include='*.[ch]' -E '#include \"(http|cli)/' src/hooks"
check "csv.h and iconv.h outside export/csv.c" "grep -rn --include='*.[ch]' -E '#include <(csv|iconv).h>' src | grep -v '^src/export/csv.c'"
check "jansson.h outside http/ and fields/" "grep -rln --include='*.[ch]' -E '#include [<\"](jansson.h|http/|fields/property.h|fields/record.h)' src/core src/query src/rules src/store src/audit src/auth 2>/dev/null | xargs -r grep -n 'jansson.h'"
check "export/ stays pure" "grep -rn --include='*.[ch]' -E '#include \"(store|auth|audit|http|cli)/' src/export"
check "core/ depends only on libc" "grep -rn --include='*.[ch]' -E '#include \"(query|rules|fields|store|auth|audit|http|cli)/' src/core"
check "query/ and rules/ are pure" "grep -rn --include='*.[ch]' -E '#include \"(store|auth|audit|http|cli|rules|query)/' src/query src/rules | grep -v -E 'src/query/.*#include \"query/|src/rules/.*#include \"rules/'"
check "fields/ stays below store, auth and http" "grep -rn --include='*.[ch]' -E '#include \"(store|auth|audit|http|cli)/' src/fields"
check "store/ never reaches up" "grep -rn --include='*.[ch]' -E '#include \"(auth|audit|http|cli)/' src/store"
check "auth/ and audit/ never reach http or cli" "grep -rn --include='*.[ch]' -E '#include \"(http|cli)/' src/auth src/audit"
check "ops/ never reaches http or cli" "grep -rn --include='*.[ch]' -E '#include \"(http|cli)/' src/ops"
check "nothing below ops/ uses it" "grep -rln --include='*.[ch]' -E '#include \"ops/' src/core src/query src/rules src/fields src/store src/auth src/audit src/export"
check "handlers never write SQL" "grep -rn -E '\"(SELECT .* FROM|INSERT INTO|DELETE FROM|UPDATE [a-z_\\\"]+ SET)' src/http src/cli"
check "banned functions" "grep -rn --include='*.[ch]' -E '(^|[^_a-z])(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atof)\(' src tests/unit fuzz"
check "every source file opens with a comment saying what it owns" "for f in \$(find src -name '*.[ch]'); do head -c 2 \"\$f\" | grep -q '/\*' || echo \"\$f\"; done"
check "no paths of a developer's machine" "git grep -n -E '/(work|home|root)/[a-z]' -- src tests docs README.md Makefile scripts bench ':!tests/api/package-lock.json' | grep -v 'lint.sh'"
echo "lint: $((checks - fail)) passed, $fail failed"
[ $fail -eq 0 ]
