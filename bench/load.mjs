// Loads rows 1..N of gen.mjs into a kintone-compatible server through the REST API and prints
// one JSON line: {"records":N,"seconds":S,"records_per_s":R,"requests":Q,"mode":...}.
// usage: node load.mjs BASE_URL APP N [BATCH=100] [CONCURRENCY=2] [MODE=records|bulk]
//   env AUTH='Header: value' (an API token with the add right)
//   MODE=records: POST /k/v1/records.json with BATCH records per request
//   MODE=bulk:    POST /k/v1/bulkRequest.json with 20 requests of BATCH records each
// Request bodies are built before the clock starts; CONCURRENCY requests are in flight at once.
import { row } from './gen.mjs';

const [base, app, nArg, batchArg, concArg, modeArg] = process.argv.slice(2);
if (!base || !app || !nArg) {
  console.error('usage: node load.mjs BASE_URL APP N [BATCH] [CONCURRENCY] [records|bulk]');
  process.exit(2);
}
const n = Number(nArg);
const batch = Number(batchArg || 100);
const conc = Number(concArg || 2);
const mode = modeArg || 'records';
const headers = { 'Content-Type': 'application/json' };
const auth = process.env.AUTH || '';
if (auth) {
  const m = auth.match(/^\s*([^:]+):\s*(.*)$/);
  headers[m[1]] = m[2];
}

const rec = (i) => {
  const r = row(i);
  return {
    title: { value: r.title },
    amount: { value: String(r.amount) },
    status: { value: r.status },
    due: { value: r.due },
    note: { value: r.note },
  };
};
const chunk = (from, to) => {
  const out = [];
  for (let i = from; i <= to; i++) out.push(rec(i));
  return out;
};

const bodies = [];
const perRequest = mode === 'bulk' ? batch * 20 : batch;
for (let i = 1; i <= n; i += perRequest) {
  const last = Math.min(i + perRequest - 1, n);
  if (mode === 'bulk') {
    const requests = [];
    for (let j = i; j <= last; j += batch)
      requests.push({ method: 'POST', api: '/k/v1/records.json',
        payload: { app: Number(app), records: chunk(j, Math.min(j + batch - 1, last)) } });
    bodies.push({ url: '/k/v1/bulkRequest.json', body: JSON.stringify({ requests }), count: last - i + 1 });
  } else {
    bodies.push({ url: '/k/v1/records.json', body: JSON.stringify({ app: Number(app), records: chunk(i, last) }),
      count: last - i + 1 });
  }
}

// Requests must go in id order so that record i gets id i: each worker takes the next body,
// and with CONCURRENCY > 1 two bodies may commit out of order. Ids are then still 1..N, only
// not row(i) at id i; the workloads draw random ids and statuses, so that does not matter.
let next = 0;
let loaded = 0;
async function worker() {
  while (next < bodies.length) {
    const b = bodies[next++];
    const r = await fetch(base + b.url, { method: 'POST', headers, body: b.body });
    const text = await r.text();
    if (r.status !== 200) {
      console.error(`load: ${b.url} answered ${r.status}: ${text.slice(0, 300)}`);
      process.exit(1);
    }
    loaded += b.count;
  }
}
const t0 = process.hrtime.bigint();
await Promise.all(Array.from({ length: conc }, worker));
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(JSON.stringify({ mode, batch, concurrency: conc, records: loaded, requests: bodies.length,
  seconds: Number(secs.toFixed(3)), records_per_s: Math.round(loaded / secs) }) + '\n');
