// The access log: every read, write and refusal of records leaves an entry in table
// access_log of the data directory's daicho.db (read here with the sqlite3 tool, read
// only), with user, app, record ids, action, result and client address; the table
// refuses UPDATE and DELETE.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser, addToken, sql } from './lib/util.mjs';

let srv, client, app, sato;
const LOOPBACK = /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/;
const since = (id) => sql(srv, `SELECT * FROM access_log WHERE id > ${Number(id)} ORDER BY id`);
const lastId = () => sql(srv, 'SELECT coalesce(max(id), 0) AS m FROM access_log')[0].m;
const ids = (e) => JSON.parse(e.record_ids);

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  sato = await addUser(srv, 'sato');
  app = await makeApp(client, '監査', {
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' },
    n: { type: 'NUMBER', code: 'n', label: 'n', maxValue: '10' },
    f: { type: 'FILE', code: 'f', label: 'f' },
  });
});
after(async () => { await srv.stop(); });

test('the table exists with the documented columns', () => {
  const cols = sql(srv, 'PRAGMA table_info(access_log)').map((c) => c.name);
  for (const c of ['at', 'user_id', 'user_code', 'auth', 'token_id', 'app_id', 'action', 'record_ids', 'result', 'status', 'code', 'client', 'request_id']) {
    assert.ok(cols.includes(c), `column ${c} in ${cols.join()}`);
  }
});

test('reads and writes are logged with user, app, record ids, action, result and client', async () => {
  const start = lastId();
  const { ids: added } = await client.record.addRecords({ app, records: [{ title: { value: 'a' } }, { title: { value: 'b' } }, { title: { value: 'c' } }] });
  await client.record.getRecord({ app, id: added[1] });
  await client.record.getRecords({ app, query: `$id in (${added[0]}, ${added[2]}) order by $id asc` });
  await client.record.updateRecord({ app, id: added[0], record: { title: { value: 'a2' } } });
  await client.record.deleteRecords({ app, ids: [added[2]] });
  const log = since(start);
  const find = (action) => log.filter((e) => e.action === action);
  const add = find('records.add');
  assert.equal(add.length, 1, JSON.stringify(log, null, 1));
  assert.deepEqual(ids(add[0]), added.map(Number));
  const byAction = {
    'record.read': [Number(added[1])],
    'records.read': [Number(added[0]), Number(added[2])],
    'record.update': [Number(added[0])],
    'records.delete': [Number(added[2])],
  };
  for (const [action, want] of Object.entries(byAction)) {
    const e = find(action);
    assert.equal(e.length, 1, `${action}: ${JSON.stringify(log)}`);
    assert.deepEqual(ids(e[0]).sort(), want.sort(), action);
  }
  for (const e of log) {
    assert.equal(e.user_code, 'admin');
    assert.equal(e.auth, 'password');
    assert.equal(e.app_id, Number(app));
    assert.equal(e.result, 'ok');
    assert.equal(e.status, 200);
    assert.match(e.client, LOOPBACK);
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    assert.ok(e.request_id.length > 0);
  }
  // The request id is the one the client sees in error bodies: unique per request.
  assert.equal(new Set(log.map((e) => e.request_id)).size, log.length);
});

test('refusals are logged as denied or failed, with the error code', async () => {
  const start = lastId();
  const satoC = clientFor(srv, sato.auth);
  await rejects(satoC.record.getRecords({ app }), { code: 'CB_NO02' });
  await rejects(client.record.getRecord({ app, id: 99999 }), { code: 'GAIA_RE01' });
  await rejects(client.record.addRecord({ app, record: { n: { value: '11' } } }), { code: 'CB_VA01' });
  const bad = await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { username: 'admin', password: 'wrong' } });
  assert.equal(bad.status, 401);
  const log = since(start);
  const denied = log.find((e) => e.user_code === 'sato');
  assert.ok(denied, JSON.stringify(log));
  assert.equal(denied.result, 'denied');
  assert.equal(denied.status, 403);
  assert.equal(denied.code, 'CB_NO02');
  assert.equal(denied.app_id, Number(app));
  assert.equal(denied.action, 'records.read');
  const notFound = log.find((e) => e.code === 'GAIA_RE01');
  assert.ok(notFound);
  assert.equal(notFound.result, 'failed');
  assert.equal(notFound.action, 'record.read');
  const invalid = log.find((e) => e.code === 'CB_VA01');
  assert.ok(invalid);
  assert.equal(invalid.action, 'record.add');
  assert.equal(invalid.result, 'failed');
  const unauth = log.find((e) => e.code === 'CB_WA01');
  assert.ok(unauth, 'a failed sign-in is logged');
  assert.equal(unauth.result, 'denied');
  assert.equal(unauth.status, 401);
  for (const e of log) assert.match(e.client, LOOPBACK);
});

test('a failed bulk write leaves no records but a failed entry; token access names the token', async () => {
  const before = (await client.record.getRecords({ app, totalCount: true })).totalCount;
  const start = lastId();
  const e = await rejects(client.bulkRequest({ requests: [
    { method: 'POST', api: '/k/v1/records.json', payload: { app, records: [{ title: { value: 'bulk-1' } }, { title: { value: 'bulk-2' } }] } },
    { method: 'POST', api: '/k/v1/record.json', payload: { app, record: { n: { value: '99' } } } },
  ] }), { code: 'CB_VA01' });
  assert.equal(e.bulkRequestIndex, 1);
  assert.equal((await client.record.getRecords({ app, totalCount: true })).totalCount, before);
  assert.equal((await client.record.getRecords({ app, query: 'title = "bulk-1"' })).records.length, 0);
  const log = since(start).filter((x) => x.action !== 'records.read');
  assert.ok(log.length >= 1, JSON.stringify(log));
  assert.ok(log.every((x) => x.result === 'failed'), JSON.stringify(log));
  assert.ok(log.some((x) => x.action === 'record.add' && x.code === 'CB_VA01'), JSON.stringify(log));
  assert.ok(!log.some((x) => x.result === 'ok'));

  const t = await addToken(srv, app, ['view', 'add']);
  const tc = clientFor(srv, { apiToken: t.token });
  const start2 = lastId();
  const { id } = await tc.record.addRecord({ app, record: { title: { value: 'via token' } } });
  const entry = since(start2).find((x) => x.action === 'record.add');
  assert.equal(entry.auth, 'token');
  assert.equal(entry.token_id, Number(t.id));
  assert.deepEqual(ids(entry), [Number(id)]);
});

test('file downloads and cursor reads are logged with their record ids', async () => {
  const { fileKey } = await client.file.uploadFile({ file: { name: 'log.txt', data: 'x' } });
  const { id } = await client.record.addRecord({ app, record: { f: { value: [{ fileKey }] } } });
  const key = (await client.record.getRecord({ app, id })).record.f.value[0].fileKey;
  const start = lastId();
  await client.file.downloadFile({ fileKey: key });
  const c = await client.record.createCursor({ app, query: `$id = ${id}` });
  await client.record.getRecordsByCursor({ id: c.id });
  const log = since(start);
  const dl = log.find((x) => x.action === 'file.download');
  assert.ok(dl, JSON.stringify(log));
  assert.equal(dl.app_id, Number(app));
  assert.deepEqual(ids(dl), [Number(id)]);
  const cr = log.find((x) => x.action === 'cursor.read');
  assert.ok(cr, JSON.stringify(log));
  assert.deepEqual(ids(cr), [Number(id)]);
});

test('the database refuses UPDATE and DELETE on access_log', () => {
  const db = join(srv.dataDir, 'daicho.db');
  const n = lastId();
  const rows = sql(srv, 'SELECT count(*) AS c FROM access_log')[0].c;
  assert.ok(n > 0);
  const run = (stmt) => {
    try {
      execFileSync('sqlite3', ['-bail', '-cmd', '.timeout 5000', db, stmt], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      return null;
    } catch (e) {
      return String(e.stderr);
    }
  };
  const u = run("UPDATE access_log SET result = 'ok', user_code = 'someone' WHERE id = 1");
  assert.ok(u && /append-only/.test(u), `UPDATE: ${u}`);
  const d = run('DELETE FROM access_log');
  assert.ok(d && /append-only/.test(d), `DELETE: ${d}`);
  assert.equal(lastId(), n);
  assert.equal(sql(srv, 'SELECT count(*) AS c FROM access_log')[0].c, rows);
  assert.equal(sql(srv, "SELECT count(*) AS c FROM access_log WHERE user_code = 'someone'")[0].c, 0);
});

test('sign-ins are logged, and a refused one keeps the login that was tried (never the password)', async () => {
  const from = lastId();
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { username: 'admin', password: 'not-the-password-9' } });
  await call(srv, 'POST', '/api/session.json', { auth: null, body: { login: 'sato', password: 'wrong-password-123' } });
  const ok = await call(srv, 'POST', '/api/session.json', { auth: null, body: { login: 'admin', password: srv.auth.password } });
  assert.equal(ok.status, 200);
  const e = since(from);
  const header = e.find((x) => x.action === 'records.read');
  assert.equal(header.result, 'denied');
  assert.equal(header.user_code, 'admin');
  assert.equal(header.user_id, null);
  assert.equal(header.code, 'CB_WA01');
  const logins = e.filter((x) => x.action === 'session.login');
  assert.deepEqual(logins.map((x) => [x.user_code, x.result, x.code]), [['sato', 'denied', 'DC_AU01'], ['admin', 'ok', '']]);
  const all = JSON.stringify(sql(srv, 'SELECT * FROM access_log'));
  assert.ok(!all.includes('not-the-password-9') && !all.includes('wrong-password-123') && !all.includes(srv.auth.password));
});
