// The auditor's API over the access log (Kuki 第19条, 第21条): search with filters and
// paging, CSV with a byte-order mark, verification, signed checkpoints and the daily
// analysis; only auditors and security administrators may read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, call, daichoBin } from './lib/server.mjs';
import { clientFor, makeApp, isError, logSettled } from './lib/util.mjs';

let srv, app, auditor, sysadmin, chief, plain;

async function addWithRoles(code, roles) {
  const password = `pw-${code}-Zq7x!long-9`;
  const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code, name: code, password, roles } });
  assert.equal(r.status, 200, r.text);
  return { username: code, password };
}

before(async () => {
  srv = await startServer();
  auditor = await addWithRoles('kansa', ['auditor']);
  sysadmin = await addWithRoles('sysad', ['system_admin']);
  chief = await addWithRoles('chief', ['chief_protection_manager']);
  plain = await addWithRoles('tanaka', []);
  const client = clientFor(srv);
  app = await makeApp(client, '監査API', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } });
  await client.record.addRecord({ app, record: { title: { value: 'x' } } });
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`);
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: plain });
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { username: 'admin', password: 'wrong-password-2' } });
  logSettled(srv);
});
after(async () => { await srv.stop(); });

test('the chief protection manager reads the daily analysis (Kuki 第19条), not the log itself', async () => {
  const r = await call(srv, 'GET', '/api/audit/report.json', { auth: chief });
  assert.equal(r.status, 200, r.text);
  assert.ok(Array.isArray(r.json.days));
  for (const path of ['/api/audit/log.json', '/api/audit/log.csv', '/api/audit/verify.json'])
    isError(await call(srv, 'GET', path, { auth: chief }), 403, 'CB_NO02');
});

test('only auditors and security administrators read the access log', async () => {
  for (const path of ['/api/audit/log.json', '/api/audit/log.csv', '/api/audit/verify.json',
    '/api/audit/report.json', '/api/audit/checkpoints.json']) {
    const ok = await call(srv, 'GET', path, { auth: auditor });
    assert.equal(ok.status, 200, `${path}: ${ok.text.slice(0, 200)}`);
    isError(await call(srv, 'GET', path, { auth: sysadmin }), 403, 'CB_NO02');
    isError(await call(srv, 'GET', path, { auth: plain }), 403, 'CB_NO02');
  }
});

test('log.json filters by user, app, action and result, newest first, with paging', async () => {
  const all = (await call(srv, 'GET', '/api/audit/log.json?limit=500', { auth: auditor })).json;
  assert.ok(Number(all.totalCount) >= 5);
  const idsDesc = all.entries.map((e) => Number(e.id));
  assert.deepEqual(idsDesc, [...idsDesc].sort((a, b) => b - a));
  const reads = (await call(srv, 'GET', `/api/audit/log.json?app=${app}&action=records.read&result=ok`, { auth: auditor })).json;
  assert.ok(reads.entries.length >= 1);
  for (const e of reads.entries) {
    assert.equal(e.action, 'records.read');
    assert.equal(e.app, String(app));
    assert.equal(e.result, 'ok');
    assert.match(e.hash, /^[0-9a-f]{64}$/);
  }
  const denied = (await call(srv, 'GET', '/api/audit/log.json?result=denied&user=tanaka', { auth: auditor })).json;
  assert.ok(denied.entries.length >= 1);
  assert.ok(denied.entries.every((e) => e.user === 'tanaka' && e.result === 'denied'));
  const admin = (await call(srv, 'GET', '/api/audit/log.json?action=admin.*', { auth: auditor })).json;
  assert.ok(admin.entries.some((e) => e.action === 'admin.user.add'));
  // Paging over a stable set (the auditor's own reads keep adding entries).
  const mine = (await call(srv, 'GET', '/api/audit/log.json?user=admin', { auth: auditor })).json;
  const page = (await call(srv, 'GET', '/api/audit/log.json?user=admin&limit=2&offset=1', { auth: auditor })).json;
  assert.equal(page.entries.length, 2);
  assert.equal(page.entries[0].id, mine.entries[1].id);
  assert.equal(page.totalCount, mine.totalCount);
  const today = new Date().toISOString().slice(0, 10);
  const day = (await call(srv, 'GET', `/api/audit/log.json?from=${today}&to=${today}`, { auth: auditor })).json;
  assert.ok(Number(day.totalCount) >= 5);
  const none = (await call(srv, 'GET', '/api/audit/log.json?to=2000-01-01', { auth: auditor })).json;
  assert.equal(none.totalCount, '0');
});

test('bad filters are refused with DC_LG01 naming the filter; a bad period with DC_LG02', async () => {
  const r = isError(await call(srv, 'GET', '/api/audit/log.json?from=yesterday', { auth: auditor, headers: { 'Accept-Language': 'en' } }), 400, 'DC_LG01');
  assert.match(r.message, /from/);
  assert.match(r.message, /Kuki 第19条/);
  isError(await call(srv, 'GET', '/api/audit/log.json?result=maybe', { auth: auditor }), 400, 'DC_LG01');
  isError(await call(srv, 'GET', '/api/audit/log.json?limit=501', { auth: auditor }), 400, 'DC_LG01');
  isError(await call(srv, 'GET', '/api/audit/report.json?from=2026-01-01&to=2025-01-01', { auth: auditor }), 400, 'DC_LG02');
  isError(await call(srv, 'GET', '/api/audit/report.json?from=2024-01-01&to=2026-01-01', { auth: auditor }), 400, 'DC_LG02');
});

test('log.csv is UTF-8 with a byte-order mark, a header and one row per entry', async () => {
  // A login chosen to be a spreadsheet formula stays text.
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { username: '=HYPERLINK("http://x")', password: 'nope-nope-1' } });
  logSettled(srv);
  const f = await fetch(`${srv.baseUrl}/api/audit/log.csv?result=denied`, {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`${auditor.username}:${auditor.password}`).toString('base64') },
  });
  const text = Buffer.from(await f.arrayBuffer()).toString('utf8');
  assert.match(text, /'=HYPERLINK/);
  assert.doesNotMatch(text, /[,\n]"?=HYPERLINK/);
  const r = await fetch(`${srv.baseUrl}/api/audit/log.csv?user=tanaka`, {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`${auditor.username}:${auditor.password}`).toString('base64') },
  });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.match(r.headers.get('content-disposition'), /accesslog-/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = bytes.subarray(3).toString('utf8').trim().split(/\r?\n/);
  assert.match(lines[0], /"?id"?,"?at"?,"?user"?/);
  assert.ok(lines.length >= 2);
  assert.ok(lines.slice(1).every((l) => l.includes('tanaka')));
});

test('verify.json: intact; checkpoints.json: signed checkpoints with the server key', async () => {
  const cp = spawnSync(daichoBin(), ['audit', 'checkpoint'], { env: { ...process.env, DAICHO_DATA: srv.dataDir }, encoding: 'utf8' });
  assert.equal(cp.status, 0, cp.stderr);
  const v = (await call(srv, 'GET', '/api/audit/verify.json', { auth: auditor })).json;
  assert.equal(v.ok, true, JSON.stringify(v));
  assert.deepEqual(v.problems, []);
  assert.ok(Number(v.entries) >= 5);
  const c = (await call(srv, 'GET', '/api/audit/checkpoints.json', { auth: auditor })).json;
  assert.ok(c.checkpoints.length >= 1);
  assert.equal(c.checkpoints[0].reason, 'manual');
  assert.equal(c.checkpoints[0].signatureValid, true);
  assert.equal(c.checkpoints[0].publicKey, c.publicKey);
  assert.equal(c.publicKey, JSON.parse(cp.stdout).public_key);
});

test('report.json counts refusals, off-hours attempts, administrator actions and first reads by day', async () => {
  // tanaka's calendar has no window: with the hours rule on, a read is refused (DC_HR01).
  const closed = { sun: '', mon: '', tue: '', wed: '', thu: '', fri: '', sat: '' };
  const on = await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'hours.enforced': true } } });
  assert.equal(on.status, 200, on.text);
  const cal = await call(srv, 'POST', '/api/admin/hours/calendars.json',
    { body: { name: 'closed', always: false, holidaysClosed: true, week: closed, closings: [] } });
  assert.equal(cal.status, 200, cal.text);
  await call(srv, 'PUT', '/api/admin/hours/assignments.json', { body: { kind: 'user', code: 'tanaka', calendar: cal.json.id } });
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: plain }), 403, 'DC_HR01');
  await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'hours.enforced': false } } });
  logSettled(srv);
  const r = (await call(srv, 'GET', '/api/audit/report.json', { auth: auditor })).json;
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(r.to, today);
  const d = r.days.find((x) => x.day === today);
  assert.ok(d, JSON.stringify(r));
  assert.ok(Number(d.entries) >= 5);
  assert.ok(Number(d.refusals) >= 2, JSON.stringify(d));
  assert.ok(Number(d.adminActions) >= 3, JSON.stringify(d));
  assert.ok(Number(d.unusualReads) >= 1, JSON.stringify(d)); // nobody read the new app before
  assert.equal(d.bulkReads, '0');
  assert.equal(d.offHours, '1', JSON.stringify(d));
});

test('the auditor\'s reads are logged too', async () => {
  await call(srv, 'GET', '/api/audit/verify.json', { auth: auditor });
  logSettled(srv);
  const r = (await call(srv, 'GET', '/api/audit/log.json?user=kansa&action=audit.*', { auth: auditor })).json;
  const actions = new Set(r.entries.map((e) => e.action));
  assert.ok(actions.has('audit.verify'), [...actions].join());
});
