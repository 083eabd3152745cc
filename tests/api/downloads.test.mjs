// Download warnings (RULES.md row 28, Kuki 第20条; row 22 for the export path): with the
// abiko preset every read of records is counted per person and app over a rolling window;
// above the app's threshold a read needs a stated reason (X-Daicho-Download-Reason), which
// is recorded and alerts the protection managers; above the hard cap it is refused even
// with a reason. Aggregates do not count; API tokens count for their owner.
// The app lifecycle (apps.lifecycle) is off here: this test is about download warnings.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { call, startServer } from './lib/server.mjs';
import { addToken, clientFor, isError, makeApp, rejects, sql } from './lib/util.mjs';

let srv, plain, app, reader, sec, pm, chief, fileKey;
const PW = 'a-Long-passphrase-42';

// Writes to the server's database (the organisation API is another area's: set up the
// section and its protection manager directly).
function sqlWrite(s, query) {
  execFileSync('sqlite3', [join(s.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${query}`]);
}

async function user(code, roles = []) {
  const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code, name: `User ${code}`, password: PW, roles } });
  assert.equal(r.status, 200, r.text);
  return { code, id: Number(r.json.id), auth: { username: code, password: PW } };
}

const records = (auth, limit, headers = {}) =>
  call(srv, 'GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent(`order by $id asc limit ${limit}`)}`, { auth, headers });
const counted = (u) => sql(srv, `SELECT COALESCE(SUM(n),0) AS n FROM download_counts WHERE user_id=${u.id} AND app_id=${app}`)[0].n;

before(async () => {
  [srv, plain] = await Promise.all([startServer({ preset: 'abiko', policy: { 'apps.lifecycle': 'false' } }), startServer()]);
  const admin = clientFor(srv);
  app = await makeApp(admin, 'Residents', {
    name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: 'Name' },
    doc: { type: 'FILE', code: 'doc', label: 'Doc' },
  }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordImportable: true, recordExportable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true, recordExportable: true },
    ],
  });
  const up = await admin.file.uploadFile({ file: { name: 'a.txt', data: 'hello' } });
  await admin.record.addRecords({
    app,
    records: Array.from({ length: 40 }, (_, i) => ({ name: { value: `person ${i}` }, ...(i === 0 ? { doc: { value: [{ fileKey: up.fileKey }] } } : {}) })),
  });
  const rec = await admin.record.getRecord({ app, id: 1 });
  fileKey = rec.record.doc.value[0].fileKey;
  reader = await user('reader');
  sec = await user('sec', ['security_admin']);
  pm = await user('pm');
  chief = await user('chief', ['chief_protection_manager']);
  const now = Math.floor(Date.now() / 1000);
  sqlWrite(srv, `INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (1, NULL, 'department', 'civic', '市民部', ${now}, ${now}), (2, 1, 'section', 'residents', '市民課', ${now}, ${now});
    INSERT INTO org_protection_managers(unit_id, user_id) VALUES (2, ${pm.id});
    UPDATE users SET section_id = 2 WHERE id = ${reader.id};`);
  // The security administrator sets the app's threshold (10) and hard cap (25).
  const put = await call(srv, 'PUT', '/api/admin/downloads.json', { auth: sec.auth, body: { app, threshold: 10, hardCap: 25 } });
  assert.equal(put.status, 200, put.text);
});
after(async () => {
  await srv.stop();
  await plain.stop();
});

test('settings: the security administrator sets them, with who and when; others may only read', async () => {
  const g = await call(srv, 'GET', '/api/admin/downloads.json', { auth: sec.auth });
  assert.equal(g.status, 200, g.text);
  assert.equal(g.json.enabled, true);
  assert.equal(g.json.defaultThreshold, '1000');
  assert.equal(g.json.windowHours, '24');
  const a = g.json.apps.find((x) => x.app === String(app));
  assert.equal(a.threshold, '10');
  assert.equal(a.hardCap, '25');
  assert.equal(a.usesDefault, false);
  assert.equal(a.setBy, 'sec');
  assert.match(a.setAt, /^\d{4}-\d\d-\d\dT/);
  assert.equal(a.reviewedBy, 'sec');
  assert.equal(a.reviewDue, false);
  // The chief protection manager reads; the system administrator and plain users do not.
  assert.equal((await call(srv, 'GET', '/api/admin/downloads.json', { auth: chief.auth })).status, 200);
  isError(await call(srv, 'GET', '/api/admin/downloads.json'), 403, 'CB_NO02');
  isError(await call(srv, 'PUT', '/api/admin/downloads.json', { body: { app, threshold: 5 } }), 403, 'CB_NO02');
  isError(await call(srv, 'PUT', '/api/admin/downloads.json', { auth: chief.auth, body: { app, threshold: 5 } }), 403, 'CB_NO02');
  // A cap below the threshold, a zero threshold: refused.
  isError(await call(srv, 'PUT', '/api/admin/downloads.json', { auth: sec.auth, body: { app, threshold: 10, hardCap: 5 } }), 400, 'CB_VA01', ['hardCap']);
  isError(await call(srv, 'PUT', '/api/admin/downloads.json', { auth: sec.auth, body: { app, threshold: 0 } }), 400, 'CB_VA01', ['threshold']);
  // Mark reviewed.
  const rv = await call(srv, 'POST', '/api/admin/downloads/review.json', { auth: sec.auth, body: { app } });
  assert.equal(rv.status, 200, rv.text);
  const log = sql(srv, "SELECT user_code FROM access_log WHERE action = 'admin.downloads.review'");
  assert.deepEqual(log.map((r) => r.user_code), ['sec']);
});

test('below the threshold reads are fine and counted; aggregates do not count', async () => {
  const r = await records(reader.auth, 6);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.records.length, 6);
  const one = await call(srv, 'GET', `/k/v1/record.json?app=${app}&id=7`, { auth: reader.auth });
  assert.equal(one.status, 200, one.text);
  const agg = await call(srv, 'GET', `/api/records/aggregate.json?app=${app}&group=name`, { auth: reader.auth });
  assert.equal(agg.status, 200, agg.text);
  assert.equal(counted(reader), 7);
});

test('above the threshold: DC_DL01 saying how many, the threshold and the rule; nothing counted', async () => {
  const r = await records(reader.auth, 5);
  const body = isError(r, 403, 'DC_DL01');
  assert.match(body.message, /久喜市 第20条/);
  assert.match(body.message, /7 件 \+ 今回 5 件 = 12 件がしきい値 10 件/);
  assert.match(body.message, /X-Daicho-Download-Reason/);
  const en = await records(reader.auth, 5, { 'Accept-Language': 'en' });
  assert.match(en.json.message, /Kuki art\. 20.*7 \+ this request: 5 = 12, above the threshold of 10/);
  assert.equal(counted(reader), 7);
  const denied = sql(srv, `SELECT result, code FROM access_log WHERE user_code = 'reader' AND code = 'DC_DL01'`);
  assert.ok(denied.length >= 2 && denied.every((d) => d.result === 'denied'));
  // The official client surfaces the warning as a KintoneRestAPIError.
  const client = new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth: reader.auth });
  await rejects(client.record.getRecords({ app, query: 'limit 5' }), { code: 'DC_DL01', status: 403, message: /久喜市 第20条/ });
  // A reason too short, or with control characters: DC_DL03.
  isError(await records(reader.auth, 5, { 'X-Daicho-Download-Reason': 'ab' }), 400, 'DC_DL03');
  isError(await records(reader.auth, 5, { 'X-Daicho-Download-Reason': 'abc%0Adef' }), 400, 'DC_DL03');
});

test('with a reason the read proceeds, the reason is recorded and the protection managers are alerted', async () => {
  const reason = '住民税の照会に回答するため';
  const r = await records(reader.auth, 5, { 'X-Daicho-Download-Reason': encodeURIComponent(reason) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.records.length, 5);
  assert.equal(counted(reader), 12);
  const w = sql(srv, 'SELECT * FROM download_warnings');
  assert.equal(w.length, 1);
  assert.equal(w[0].reason, reason);
  assert.equal(w[0].outcome, 'reason');
  assert.equal(w[0].count, 5);
  assert.equal(w[0].prior, 7);
  assert.equal(w[0].threshold, 10);
  // The access-log entry of the same request (by its id) shows what was read.
  const log = sql(srv, `SELECT user_code, action, record_ids, result FROM access_log WHERE request_id = '${w[0].request_id}'`);
  assert.deepEqual(log.map((l) => [l.user_code, l.action, l.result]), [['reader', 'records.read', 'ok']]);
  assert.equal(JSON.parse(log[0].record_ids).length, 5);
  // Alerts: the section's protection manager and the chief protection manager(s).
  const inbox = sql(srv, `SELECT user_id, kind, ref_id, subject, detail FROM inbox WHERE kind = 'download.alert' ORDER BY user_id`);
  const to = inbox.map((i) => i.user_id);
  assert.ok(to.includes(pm.id), 'protection manager alerted');
  assert.ok(to.includes(chief.id), 'chief protection manager alerted');
  assert.ok(!to.includes(reader.id));
  const d = JSON.parse(inbox[0].detail);
  assert.equal(d.reason, reason);
  assert.equal(d.user, 'reader');
  assert.equal(d.count, 5);
  assert.equal(d.requestId, w[0].request_id);
  assert.match(inbox[0].subject, /reader/);
  // The admin page lists it.
  const g = await call(srv, 'GET', '/api/admin/downloads.json', { auth: chief.auth });
  assert.equal(g.json.warnings[0].reason, reason);
  assert.equal(g.json.warnings[0].user, 'reader');
  assert.equal(g.json.warnings[0].appName, 'Residents');
});

test('above the hard cap: DC_DL02 even with a reason', async () => {
  const r = await records(reader.auth, 14, { 'X-Daicho-Download-Reason': 'urgent audit request' });
  const body = isError(r, 403, 'DC_DL02');
  assert.match(body.message, /久喜市 第20条/);
  assert.match(body.message, /上限 25 件/);
  assert.equal(counted(reader), 12);
  const w = sql(srv, "SELECT outcome, reason FROM download_warnings WHERE outcome = 'capped'");
  assert.deepEqual(w, [{ outcome: 'capped', reason: 'urgent audit request' }]);
});

test('exports, cursors, files and API tokens count too (tokens for their owner)', async () => {
  // Export of 3 records: 15, above 10, needs a reason.
  const q = encodeURIComponent('$id <= 3 order by $id asc');
  isError(await call(srv, 'GET', `/api/records/export.csv?app=${app}&query=${q}`, { auth: reader.auth }), 403, 'DC_DL01');
  const ex = await call(srv, 'GET', `/api/records/export.csv?app=${app}&query=${q}`, { auth: reader.auth, headers: { 'X-Daicho-Download-Reason': 'export for the ledger' } });
  assert.equal(ex.status, 200, ex.text);
  assert.equal(counted(reader), 15);
  // A file: one.
  isError(await call(srv, 'GET', `/k/v1/file.json?fileKey=${fileKey}`, { auth: reader.auth }), 403, 'DC_DL01');
  const f = await call(srv, 'GET', `/k/v1/file.json?fileKey=${fileKey}`, { auth: reader.auth, headers: { 'X-Daicho-Download-Reason': 'need the document' } });
  assert.equal(f.status, 200);
  assert.equal(counted(reader), 16);
  // A cursor read.
  const cur = await call(srv, 'POST', '/k/v1/records/cursor.json', { auth: reader.auth, body: { app, size: 2 } });
  assert.equal(cur.status, 200, cur.text);
  isError(await call(srv, 'GET', `/k/v1/records/cursor.json?id=${cur.json.id}`, { auth: reader.auth }), 403, 'DC_DL01');
  const c2 = await call(srv, 'GET', `/k/v1/records/cursor.json?id=${cur.json.id}`, { auth: reader.auth, headers: { 'X-Daicho-Download-Reason': 'batch job' } });
  assert.equal(c2.status, 200, c2.text);
  assert.equal(c2.json.records.length, 2, 'the refused read did not advance the cursor');
  assert.equal(counted(reader), 18);
  // An API token owned by reader counts for reader.
  const { token } = await addToken(srv, app, ['view'], { owner: 'reader' });
  const t = await call(srv, 'GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent('limit 1')}`, { auth: { apiToken: token } });
  isError(t, 403, 'DC_DL01');
  const t2 = await call(srv, 'GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent('limit 1')}`, { auth: { apiToken: token }, headers: { 'X-Daicho-Download-Reason': 'nightly sync' } });
  assert.equal(t2.status, 200, t2.text);
  assert.equal(counted(reader), 19);
});

test('the policy off (a fresh install): no warnings, nothing counted', async () => {
  const admin = clientFor(plain);
  const a = await makeApp(admin, 'Plain', { name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: 'Name' } });
  await admin.record.addRecords({ app: a, records: Array.from({ length: 20 }, () => ({ name: { value: 'x' } })) });
  const p = await call(plain, 'PUT', '/api/admin/downloads.json', { body: { app: a, threshold: 1 } });
  assert.equal(p.status, 200, p.text);
  const r = await call(plain, 'GET', `/k/v1/records.json?app=${a}`);
  assert.equal(r.status, 200);
  assert.equal(r.json.records.length, 20);
  assert.equal(sql(plain, 'SELECT count(*) AS n FROM download_counts')[0].n, 0);
});
