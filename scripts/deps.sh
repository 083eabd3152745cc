#!/bin/sh
# Installs the Debian packages a make target needs, or says exactly what to run.
# usage: scripts/deps.sh build|test|check|bench|e2e
# As root it runs apt-get; otherwise it prints the apt-get command and fails, so that
# `make run` never asks for a password behind the user's back.
set -eu
build="build-essential pkg-config libmicrohttpd-dev libsqlite3-dev libsodium-dev libjansson-dev libcsv-dev liboath-dev libcurl4-openssl-dev nodejs npm"
test="$build libcmocka-dev sqlite3 curl chromium fonts-noto-cjk"
check="$test clang libclang-rt-14-dev"
bench="$build wrk sqlite3 curl"
case "${1:-build}" in
build) want=$build ;;
test) want=$test ;;
check) want=$check ;;
bench) want=$bench ;;
*) echo "usage: $0 build|test|check|bench" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	# node and npm may come from another Debian repository under the same names
	case $p in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "daicho: installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get install -y -q $missing >/dev/null 2>&1 || {
		apt-get update -q >/dev/null
		apt-get install -y -q $missing
	}
else
	echo "daicho needs these Debian packages:$missing"
	echo "Install them with:"
	echo "  sudo apt-get install -y$missing"
	exit 1
fi
