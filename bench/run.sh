#!/usr/bin/env bash
# bench/run.sh: daicho against the floor server (bench/floor), in the same run, on this machine.
#
#   make bench                      (installs wrk, node, sqlite3, curl; builds; runs this)
#   bench/run.sh                    (after `make all`)
#
# Steps: build and start the floor (WAL, synchronous=NORMAL) with ROWS rows; start daicho in a
# temporary data directory, create the app (title, amount, status, due, note) through the REST
# API, make an API token and load the same ROWS rows through POST /k/v1/records.json (100 per
# request, timed); then run every wrk workload (workload.lua) DURATION seconds against both
# servers, ROUNDS times, alternating which server goes first, and report medians, the ratio
# daicho/floor, RSS, and PASS/MISS for the targets. The table goes to stdout and, with the date,
# the machine and daicho's commit, to bench/out/ (not committed). Every process and temporary
# file is removed on exit, also on Ctrl-C. docs/PERFORMANCE.md explains the figures.
#
# Settings (environment):
#   ROWS=100000       rows loaded into both servers
#   DURATION=10       seconds per wrk run
#   ROUNDS=3          rounds per workload (medians are taken over the rounds)
#   READ_CONNS="2 16" wrk connections for get/list (2 threads each)
#   WRITE_CONNS="2"   wrk connections for update/create/bulk
#   FLOOR_THREADS=2   floor worker threads (its default)
#   FLOOR_KEEPALIVE=0 1: the floor keeps GET connections open (by default it answers every GET
#                     with "Connection: close", as the reference figures were measured)
#   DAICHO_THREADS    daicho worker threads per listen address (unset: daicho's default)
#   DAICHO_BIN        the daicho binary (default build/daicho)
#   DAICHO_COMMIT     the commit to name in the report (default: this tree's HEAD, "+modified-src"
#                     when src/ has uncommitted changes)
#   PASSWORD_RUN=1    one extra daicho get run with X-Cybozu-Authorization (0 to skip)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
ROWS=${ROWS:-100000}
DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
READ_CONNS=${READ_CONNS:-"2 16"}
WRITE_CONNS=${WRITE_CONNS:-"2"}
FLOOR_THREADS=${FLOOR_THREADS:-2}
FLOOR_KEEPALIVE=${FLOOR_KEEPALIVE:-0}
PASSWORD_RUN=${PASSWORD_RUN:-1}
DAICHO_BIN=${DAICHO_BIN:-$root/build/daicho}

for t in wrk node sqlite3 curl make cc; do
	command -v "$t" >/dev/null 2>&1 || { echo "bench: $t is missing (make bench installs it)" >&2; exit 1; }
done
[ -x "$DAICHO_BIN" ] || { echo "bench: $DAICHO_BIN is missing; run make all first" >&2; exit 1; }

say() { printf '%s bench: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---- processes and temporary files, removed on every exit ---------------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/daicho-bench.XXXXXX")
floor_pid=
daicho_pid=
stop_pid() {	# stop_pid PID: SIGTERM, up to 10 s, then SIGKILL
	local p=$1 i
	kill "$p" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$p" 2>/dev/null || true
	wait "$p" 2>/dev/null || true
}
cleanup() {
	trap - EXIT INT TERM
	[ -n "$daicho_pid" ] && stop_pid "$daicho_pid"
	[ -n "$floor_pid" ] && stop_pid "$floor_pid"
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT
trap 'say terminated; exit 143' TERM
# A private copy: a rebuild of build/daicho during the run must not change what is measured.
cp "$DAICHO_BIN" "$tmp/daicho-bin"
bin=$tmp/daicho-bin

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_http() {	# wait_http URL PID WHAT: until URL answers 200, or the process died, or 60 s
	local i
	for i in $(seq 600); do
		kill -0 "$2" 2>/dev/null || { echo "bench: $3 exited at start:" >&2; cat "$tmp/$3.log" >&2; exit 1; }
		curl -sf -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "bench: $3 did not answer at $1" >&2
	exit 1
}
results=$tmp/results.jsonl
: >"$results"
rss() {	# rss TARGET PID WHEN: one line {"kind":"rss",...}: VmRSS, VmHWM, RssAnon/File/Shmem in kB
	awk -v t="$1" -v w="$3" '/^VmRSS:/{r=$2} /^VmHWM:/{h=$2} /^Threads:/{n=$2} /^RssAnon:/{an=$2}
		/^RssFile:/{fi=$2} /^RssShmem:/{sh=$2}
		END{printf "{\"kind\":\"rss\",\"target\":\"%s\",\"when\":\"%s\",\"rss_kb\":%d,\"hwm_kb\":%d,\"anon_kb\":%d,\"file_kb\":%d,\"shmem_kb\":%d,\"threads\":%d}\n", t, w, r, h, an, fi, sh, n}' \
		"/proc/$2/status" >>"$results"
}

# ---- the machine ---------------------------------------------------------------------------
if [ -n "${DAICHO_COMMIT:-}" ]; then
	commit=$DAICHO_COMMIT
else
	commit=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
	git -C "$root" diff --quiet HEAD -- src 2>/dev/null || commit="$commit+modified-src"
fi
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
mem_kb=$(awk '/^MemTotal:/{print $2}' /proc/meminfo)
node -e '
const [date, nproc, model, memKb, kernel, commit, rows, dur, rounds, fth, dth, sqlite, mhd, wrk, fka] = process.argv.slice(1);
const loadavg = require("fs").readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(JSON.stringify({ kind: "meta", date, nproc: +nproc, model, mem_kb: +memKb, kernel, commit, loadavg,
  rows: +rows, duration_s: +dur, rounds: +rounds, floor_threads: +fth, daicho_threads: dth, sqlite, mhd, wrk,
  floor_keepalive: fka === "1" }));
' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$model" "$mem_kb" "$(uname -r)" "$commit" \
	"$ROWS" "$DURATION" "$ROUNDS" "$FLOOR_THREADS" "${DAICHO_THREADS:-default}" \
	"$(sqlite3 --version | cut -d' ' -f1)" "$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?')" \
	"$(wrk -v 2>&1 | head -n1 | cut -d' ' -f2)" "$FLOOR_KEEPALIVE" >>"$results"

# ---- the floor -----------------------------------------------------------------------------
say "building the floor"
env -u MAKEFLAGS -u MFLAGS -u CFLAGS make -s -C "$here/floor" floor >/dev/null
mkdir "$tmp/floor"
fdb=$tmp/floor/floor.db
say "loading $ROWS rows into the floor"
sqlite3 "$fdb" "PRAGMA journal_mode=wal; CREATE TABLE cases(id INTEGER PRIMARY KEY, title TEXT, amount INTEGER, status TEXT, due TEXT, note TEXT); CREATE INDEX cases_status ON cases(status);" >/dev/null
node "$here/gen.mjs" sql "$ROWS" | sqlite3 "$fdb"
sqlite3 "$fdb" "ANALYZE;"
floor_port=$(free_port)
FLOOR_JOURNAL=wal FLOOR_SYNC=normal FLOOR_KEEPALIVE=$FLOOR_KEEPALIVE "$here/floor/floor" "$fdb" "$floor_port" "$FLOOR_THREADS" >"$tmp/floor.log" 2>&1 &
floor_pid=$!
wait_http "http://127.0.0.1:$floor_port/hello" "$floor_pid" floor
sleep 1
rss floor "$floor_pid" idle_start

# ---- daicho --------------------------------------------------------------------------------
daicho_port=$(free_port)
password="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
say "starting daicho"
DAICHO_DATA=$tmp/daicho DAICHO_PORT=$daicho_port DAICHO_ADMIN_PASSWORD=$password \
	"$bin" serve >"$tmp/daicho.log" 2>&1 &
daicho_pid=$!
D=http://127.0.0.1:$daicho_port
wait_http "$D/api/health.json" "$daicho_pid" daicho
sleep 1
rss daicho "$daicho_pid" idle_start

basic="X-Cybozu-Authorization: $(printf 'admin:%s' "$password" | base64 -w0)"
api() {	# api METHOD PATH [JSON]: a REST call as the administrator; fails on a non-2xx answer
	local out
	if ! out=$(curl -sS -g --fail-with-body -X "$1" -H "$basic" -H 'Content-Type: application/json' \
		${3:+--data-binary "$3"} "$D$2" 2>&1); then
		echo "bench: $1 $2 failed: $out" >&2
		exit 1
	fi
	printf '%s' "$out"
}
app=$(api POST /k/v1/preview/app.json '{"name":"bench"}' | sed -n 's/.*"app":"\([0-9]*\)".*/\1/p')
[ -n "$app" ] || { echo "bench: no app id from POST /k/v1/preview/app.json" >&2; exit 1; }
opts='"new":{"label":"new","index":"0"},"open":{"label":"open","index":"1"},"waiting":{"label":"waiting","index":"2"},"done":{"label":"done","index":"3"},"closed":{"label":"closed","index":"4"}'
api POST /k/v1/preview/app/form/fields.json "{\"app\":$app,\"properties\":{
 \"title\":{\"type\":\"SINGLE_LINE_TEXT\",\"code\":\"title\",\"label\":\"Title\"},
 \"amount\":{\"type\":\"NUMBER\",\"code\":\"amount\",\"label\":\"Amount\"},
 \"status\":{\"type\":\"DROP_DOWN\",\"code\":\"status\",\"label\":\"Status\",\"options\":{$opts}},
 \"due\":{\"type\":\"DATE\",\"code\":\"due\",\"label\":\"Due\"},
 \"note\":{\"type\":\"MULTI_LINE_TEXT\",\"code\":\"note\",\"label\":\"Note\"}}}" >/dev/null
api POST /k/v1/preview/app/deploy.json "{\"apps\":[{\"app\":$app}]}" >/dev/null
for i in $(seq 100); do
	api GET "/k/v1/preview/app/deploy.json?apps[0]=$app" | grep -q '"SUCCESS"' && break
	[ "$i" = 100 ] && { echo "bench: the app was not deployed" >&2; exit 1; }
	sleep 0.1
done
token=$("$bin" token create --app "$app" --rights view,add,edit,delete --data "$tmp/daicho" 2>/dev/null)
[ -n "$token" ] || { echo "bench: daicho token create printed no token" >&2; exit 1; }
tauth="X-Cybozu-API-Token: $token"
rss daicho "$daicho_pid" idle_app

say "loading $ROWS rows into daicho (POST /k/v1/records.json, 100 per request, 2 in flight)"
AUTH=$tauth node "$here/load.mjs" "$D" "$app" "$ROWS" 100 2 records |
	sed 's/^{/{"kind":"load","target":"daicho",/' >>"$results"
tail -n1 "$results" >&2
rss daicho "$daicho_pid" after_load
sleep 2

# ---- the workloads -------------------------------------------------------------------------
cpu_snap() {	# cpu_snap WHEN: CPU jiffies of the machine and of this run (servers, wrk, node, curl)
	local busy total ours=0 p
	read -r busy total < <(awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, b+$5+$6}' /proc/stat)
	for p in $$ "$floor_pid" "$daicho_pid"; do
		ours=$((ours + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat")))
	done
	printf '{"kind":"cpu","when":"%s","busy":%s,"total":%s,"ours":%s}\n' "$1" "$busy" "$total" "$ours" >>"$results"
}
cpu_snap start
wrk_run() {	# wrk_run TARGET WL CONNS ROUND [AUTHKIND]
	local target=$1 wl=$2 c=$3 round=$4 kind=${5:-token} url auth line
	local label=
	for p in "$floor_pid" "$daicho_pid"; do
		kill -0 "$p" 2>/dev/null && continue
		echo "bench: a server is not running any more (Ctrl-C, or stopped from outside); no report" >&2
		exit 1
	done
	if [ "$target" = floor ]; then
		url=http://127.0.0.1:$floor_port auth=
	else
		url=$D
		if [ "$kind" = password ]; then auth=$basic; else auth=$tauth; fi
		label=" ($kind)"
	fi
	line=$(WL=$wl FLAVOR=kintone APP=$app AUTH=$auth MAXID=$ROWS LIST_OP=in \
		wrk -t2 -c"$c" -d"${DURATION}s" -s "$here/workload.lua" "$url" | grep '^{"wl"' || true)
	if [ -z "$line" ]; then
		echo "bench: wrk printed no result for $wl against $target" >&2
		exit 1
	fi
	printf '%s\n' "$line" |
		sed "s/^{/{\"kind\":\"wrk\",\"target\":\"$target\",\"conns\":$c,\"round\":$round,\"auth\":\"$kind\",/" >>"$results"
	printf '%s\n' "$line" | node -e '
		const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
		const errs = r.err_connect + r.err_read + r.err_write + r.err_status + r.err_timeout;
		const unit = r.bulk_n > 1 ? "records/s" : "req/s";
		process.stderr.write(`${Math.round(r.rps * r.bulk_n)} ${unit}, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms` +
			(errs ? `, ${errs} ERRORS` : "") + "\n");' 2>&1 | sed "s/^/$(date +%H:%M:%S) bench:   $wl c$c $target$label round $round: /" >&2
}
pair() {	# pair WL CONNS ROUND: both servers, the first one alternating by round
	if [ $(($3 % 2)) = 1 ]; then
		wrk_run floor "$1" "$2" "$3"; wrk_run daicho "$1" "$2" "$3"
	else
		wrk_run daicho "$1" "$2" "$3"; wrk_run floor "$1" "$2" "$3"
	fi
}
# Reads first, on exactly ROWS rows; the writes then grow both tables.
for r in $(seq "$ROUNDS"); do
	say "round $r/$ROUNDS: reads"
	for c in $READ_CONNS; do
		for wl in get list; do pair "$wl" "$c" "$r"; done
	done
done
if [ "$PASSWORD_RUN" = 1 ]; then
	say "daicho get with X-Cybozu-Authorization (password; cached after the first check)"
	wrk_run daicho get 2 1 password
fi
for r in $(seq "$ROUNDS"); do
	say "round $r/$ROUNDS: writes"
	for c in $WRITE_CONNS; do
		for wl in update create bulk; do pair "$wl" "$c" "$r"; done
	done
done
sleep 3
rss floor "$floor_pid" after_bench
cpu_snap end
rss daicho "$daicho_pid" after_bench
printf '{"kind":"size","target":"daicho","bytes":%s}\n' "$(du -sb "$tmp/daicho" | cut -f1)" >>"$results"
printf '{"kind":"size","target":"floor","bytes":%s}\n' "$(du -sb "$tmp/floor" | cut -f1)" >>"$results"

# ---- the report ----------------------------------------------------------------------------
mkdir -p "$here/out"
stamp=$(date +%Y%m%d-%H%M%S)
node "$here/report.mjs" "$results" >"$tmp/report.md"
cp "$results" "$here/out/bench-$stamp.jsonl"
cp "$tmp/report.md" "$here/out/bench-$stamp.md"
cat "$tmp/report.md"
say "written to bench/out/bench-$stamp.md (raw runs: bench-$stamp.jsonl)"
