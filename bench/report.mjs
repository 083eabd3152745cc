// Turns bench/run.sh's results (one JSON object per line) into the markdown report:
// medians over the rounds, the same-run ratio daicho/floor, RSS, and PASS/MISS per target.
// usage: node report.mjs RESULTS.jsonl > report.md
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const meta = lines.find((l) => l.kind === 'meta') || {};
const runs = lines.filter((l) => l.kind === 'wrk');
const load = lines.find((l) => l.kind === 'load');
const rss = (target, when) => lines.find((l) => l.kind === 'rss' && l.target === target && l.when === when);
const size = (target) => lines.find((l) => l.kind === 'size' && l.target === target);
const cpu = (when) => lines.find((l) => l.kind === 'cpu' && l.when === when);

const median = (xs) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const int = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–');
const ms = (x) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x.toFixed(1)) : '–');
const mib = (kb) => (kb ? (kb / 1024).toFixed(1) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) + '×' : '–');

// A group is every round of one (workload, connections, target, auth).
function group(wl, conns, target, auth = 'token') {
  const rs = runs.filter((r) => r.wl === wl && r.conns === conns && r.target === target &&
    (target === 'floor' || r.auth === auth));
  const errors = rs.reduce((n, r) => n + r.err_connect + r.err_read + r.err_write + r.err_status + r.err_timeout, 0);
  return {
    n: rs.length,
    rate: median(rs.map((r) => r.rps * r.bulk_n)),
    min: Math.min(...rs.map((r) => r.rps * r.bulk_n)),
    max: Math.max(...rs.map((r) => r.rps * r.bulk_n)),
    p50: median(rs.map((r) => r.p50_ms)),
    p99: median(rs.map((r) => r.p99_ms)),
    errors,
  };
}
const NAMES = {
  get: 'get one record by id',
  list: 'list 100, filter + sort + offset',
  update: 'update one record',
  create: 'create one record',
  bulk: 'create 100 per request',
};
const out = [];
const p = (s = '') => out.push(s);

p(`# daicho benchmark, ${meta.date}`);
p();
p(`- machine: ${meta.nproc} CPUs (${meta.model}), ${(meta.mem_kb / 1048576).toFixed(1)} GiB memory, Linux ${meta.kernel}`);
p(`- daicho commit ${meta.commit}; SQLite ${meta.sqlite} (CLI), libmicrohttpd ${meta.mhd}, wrk ${meta.wrk}`);
p(`- ${meta.rows.toLocaleString('en-US')} rows; wrk 2 threads, ${meta.duration_s} s per run, ` +
  `${meta.rounds} round${meta.rounds === 1 ? "" : "s"} alternating which server goes first; figures are medians over the rounds ` +
  '(range in brackets); floor threads ' + meta.floor_threads +
  (meta.floor_keepalive ? ' (keep-alive GETs, FLOOR_KEEPALIVE=1)' : ' (closes the connection after every GET, as in the reference figures)') +
  ', daicho threads ' + meta.daicho_threads +
  '; daicho uses an API token and writes its access log');
{
  const a = cpu('start'), b = cpu('end');
  if (a && b) {
    const other = Math.max(0, (b.busy - a.busy) - (b.ours - a.ours)) / (b.total - a.total) * 100;
    p(`- other processes on the machine: load average ${meta.loadavg} at the start; they used ` +
      `${other.toFixed(0)}% of the machine's CPU time during the workloads (0% on a quiet machine)`);
  }
}
p();
p('| workload | conns | floor | floor p50 / p99 ms | daicho | daicho p50 / p99 ms | daicho/floor |');
p('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
const combos = [];
for (const r of runs) {
  const key = `${r.wl}/${r.conns}`;
  if (!combos.includes(key)) combos.push(key);
}
const order = ['get', 'list', 'update', 'create', 'bulk'];
combos.sort((a, b) => {
  const [wa, ca] = a.split('/'), [wb, cb] = b.split('/');
  return order.indexOf(wa) - order.indexOf(wb) || ca - cb;
});
const warn = [];
const results = {};
for (const key of combos) {
  const [wl, c] = key.split('/');
  const conns = Number(c);
  const f = group(wl, conns, 'floor');
  const d = group(wl, conns, 'daicho');
  results[key] = { f, d };
  const unit = wl === 'bulk' ? ' rec/s' : '';
  const cell = (g) => (g.n ? `${int(g.rate)}${unit} [${int(g.min)}–${int(g.max)}]` : '–');
  p(`| ${NAMES[wl] || wl} | ${conns} | ${cell(f)} | ${ms(f.p50)} / ${ms(f.p99)} | ${cell(d)} | ` +
    `${ms(d.p50)} / ${ms(d.p99)} | ${ratio(d.rate, f.rate)} |`);
  if (f.errors) warn.push(`floor ${wl} c${conns}: ${f.errors} failed requests`);
  if (d.errors) warn.push(`daicho ${wl} c${conns}: ${d.errors} failed requests`);
}
p();
const pw = group('get', 2, 'daicho', 'password');
if (pw.n) {
  const tok = results['get/2']?.d;
  p(`Password authentication (X-Cybozu-Authorization instead of the API token), get by id, 2 connections, ` +
    `${pw.n} run: ${int(pw.rate)} req/s, p50 ${ms(pw.p50)} ms, p99 ${ms(pw.p99)} ms` +
    (tok ? ` (${ratio(pw.rate, tok.rate)} of the token figure).` : '.'));
  if (pw.errors) warn.push(`daicho get with password: ${pw.errors} failed requests`);
  p();
}
if (load)
  p(`Initial load into daicho: ${load.records.toLocaleString('en-US')} records through POST /k/v1/records.json, ` +
    `${load.batch} per request, ${load.concurrency} in flight: ${load.seconds} s, **${int(load.records_per_s)} records/s**.`);
p();
p('| RSS (MiB) | idle after start | after app + token | after load | after the benchmark (idle) | peak (VmHWM) |');
p('| --- | ---: | ---: | ---: | ---: | ---: |');
// Each cell: VmRSS, then (anonymous + file-backed/shared) when known: the file part is mostly
// SQLite's memory-mapped database pages, which the kernel can drop at any time.
const cellRss = (r) => (r ? mib(r.rss_kb) + (r.anon_kb !== undefined ? ` (${mib(r.anon_kb)} + ${mib(r.file_kb + r.shmem_kb)})` : '') : '–');
for (const t of ['floor', 'daicho']) {
  const s = rss(t, 'idle_start'), a = rss(t, 'idle_app'), l = rss(t, 'after_load'), e = rss(t, 'after_bench');
  p(`| ${t} | ${cellRss(s)} | ${cellRss(a)} | ${cellRss(l)} | ${cellRss(e)} | ${mib(e?.hwm_kb)} |`);
}
p('');
p('RSS cells: VmRSS (anonymous + file-backed and shared pages, mostly the memory-mapped database and its WAL index).');
p();
const fs = size('floor'), ds = size('daicho');
if (fs && ds)
  p(`Data on disk after the benchmark: floor ${(fs.bytes / 1048576).toFixed(0)} MiB, daicho ${(ds.bytes / 1048576).toFixed(0)} MiB ` +
    '(database, WAL; daicho also keeps revisions and the access log).');
p();

// Targets (from the performance issue).
const targets = [];
const g2 = results['get/2'], l2 = results['list/2'], b2 = results['bulk/2'];
const idle = rss('daicho', 'idle_start');
const check = (name, value, ok) => targets.push(`| ${name} | ${value} | ${ok === undefined ? 'n/a' : ok ? 'PASS' : 'MISS'} |`);
check('get one record by id ≥ 0.5× floor (2 connections)', g2 ? ratio(g2.d.rate, g2.f.rate) : '–',
  g2 ? g2.d.rate >= 0.5 * g2.f.rate && !g2.d.errors : undefined);
check('filtered list ≥ 0.5× floor (2 connections)', l2 ? ratio(l2.d.rate, l2.f.rate) : '–',
  l2 ? l2.d.rate >= 0.5 * l2.f.rate && !l2.d.errors : undefined);
check('bulk add ≥ 50,000 records/s', b2 ? `${int(b2.d.rate)} records/s` : '–',
  b2 ? b2.d.rate >= 50000 && !b2.d.errors : undefined);
check('idle RSS < 30 MB', idle ? `${(idle.rss_kb * 1024 / 1e6).toFixed(1)} MB (${mib(idle.rss_kb)} MiB)` : '–',
  idle ? idle.rss_kb * 1024 < 30e6 : undefined);
p('| target | measured | |');
p('| --- | ---: | --- |');
for (const t of targets) p(t);
if (warn.length) {
  p();
  p('**Failed requests** (the figures above are not valid for these):');
  for (const w of warn) p(`- ${w}`);
}
process.stdout.write(out.join('\n') + '\n');
