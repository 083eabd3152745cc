#!/usr/bin/env bash
# Build the floor server, load ROWS deterministic rows (gen.mjs), and serve them on PORT in the
# foreground. The floor is the reference a real server is compared with in the same run.
# usage: run.sh PORT [ROWS=100000] [THREADS=2]     needs: libmicrohttpd-dev libsqlite3-dev sqlite3 node
#
# Copied from the shared benchmark references (shared/bench/floor/run.sh). Changed: the server
# is no longer exec'd, so that the EXIT trap still removes the temporary database when it stops
# (Ctrl-C or SIGTERM). bench/run.sh does the same steps itself inside its own temporary directory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${1:?port}; rows=${2:-100000}; threads=${3:-2}
make -s -C "$here" floor >/dev/null
dir=$(mktemp -d); db=$dir/floor.db
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
trap 'exit 130' INT TERM
sqlite3 "$db" "PRAGMA journal_mode=wal; CREATE TABLE cases(id INTEGER PRIMARY KEY, title TEXT, amount INTEGER, status TEXT, due TEXT, note TEXT); CREATE INDEX cases_status ON cases(status);" >/dev/null
node "$here/../gen.mjs" sql "$rows" | sqlite3 "$db"
sqlite3 "$db" "ANALYZE;"
"$here/floor" "$db" "$port" "$threads" &
pid=$!
wait "$pid"
