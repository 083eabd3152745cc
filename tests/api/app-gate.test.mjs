// The app gate (RULES.md rows 8, 9; Abiko §9(3)-(5)): records of an app that is not in use
// cannot be read or written through ANY path. With the lifecycle rule on (abiko preset) a
// deployed app stays a draft until approved and published; with it off (a fresh install)
// deploying publishes, as in kintone. A closed app refuses on every install; an app past
// its planned end date refuses under the rule. The approval route itself is exercised in
// lifecycle.test.mjs; here the state is set in the database to reach every state quickly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, sql } from './lib/util.mjs';

let abiko, plain;
before(async () => {
  [abiko, plain] = await Promise.all([startServer({ preset: 'abiko' }), startServer()]);
});
after(async () => {
  await Promise.all([abiko?.stop(), plain?.stop()]);
});

// Moves an app to a state behind the API's back (bumping gov_revision as the store does).
function setState(srv, app, state, endDate = '') {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'),
    `PRAGMA busy_timeout=5000; UPDATE apps SET state = '${state}', end_date = '${endDate}', gov_revision = gov_revision + 1 WHERE id = ${Number(app)}`]);
}

const props = {
  name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' },
  doc: { type: 'FILE', code: 'doc', label: '書類' },
};

// A raw call's refusal as a rejected promise carrying the kintone error code.
async function refusal(pending) {
  const r = await pending;
  if (r.status < 400) return r;
  throw Object.assign(new Error(r.json?.message ?? r.text), { code: r.json?.code, status: r.status });
}

// Every path that reads or writes records, as [label, promise factory]; each must refuse.
function dataPaths(srv, client, app, fileKey, cursorId) {
  const get = (path) => call(srv, 'GET', path);
  return [
    ['record.get', () => client.record.getRecord({ app, id: 1 })],
    ['records.get', () => client.record.getRecords({ app })],
    ['record.add', () => client.record.addRecord({ app, record: { name: { value: 'x' } } })],
    ['record.update', () => client.record.updateRecord({ app, id: 1, record: { name: { value: 'y' } } })],
    ['records.delete', () => client.record.deleteRecords({ app, ids: [1] })],
    ['cursor.create', () => client.record.createCursor({ app })],
    ['cursor.read', () => client.record.getRecordsByCursor({ id: cursorId })],
    ['bulk', () => client.bulkRequest({ requests: [{ method: 'POST', api: '/k/v1/record.json', payload: { app, record: {} } }] })],
    ['comments.read', () => client.record.getRecordComments({ app, record: 1 })],
    ['comment.add', () => client.record.addRecordComment({ app, record: 1, comment: { text: 'hi' } })],
    // The client reads file bodies as bytes, so its error has no code: ask directly.
    ['file.download', () => refusal(get(`/k/v1/file.json?fileKey=${fileKey}`))],
    ['export', () => refusal(get(`/api/records/export.csv?app=${app}`))],
    ['import', () => refusal(call(srv, 'POST', '/api/records/import.json', { body: { app, records: [] } }))],
    ['history', () => refusal(get(`/api/record/history.json?app=${app}&id=1`))],
    ['aggregate', () => refusal(get(`/api/records/aggregate.json?app=${app}&group=name`))],
  ];
}

// An app with one record holding a file, and an open cursor, made while published.
async function prepared(srv) {
  const client = clientFor(srv);
  const app = await makeApp(client, '住民名簿', props);
  setState(srv, app, 'published');
  const { fileKey: up } = await client.file.uploadFile({ file: { name: 'a.txt', data: 'hello' } });
  await client.record.addRecord({ app, record: { name: { value: '山田' }, doc: { value: [{ fileKey: up }] } } });
  const rec = await client.record.getRecord({ app, id: 1 });
  const { id: cursorId } = await client.record.createCursor({ app });
  return { client, app, fileKey: rec.record.doc.value[0].fileKey, cursorId };
}

test('lifecycle on: a deployed app is a draft, and every record path refuses it with DC_AP01 naming the state', async () => {
  const client = clientFor(abiko);
  const app = await makeApp(client, '下書きのアプリ', props);
  assert.equal(sql(abiko, `SELECT state FROM apps WHERE id = ${app}`)[0].state, 'draft');
  const err = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01', status: 403 });
  assert.match(err.message, /下書き/);
  assert.match(err.message, /§9/);
  // The form stays readable: people design the app before it is approved.
  const { properties } = await client.app.getFormFields({ app });
  assert.ok(properties.name);
});

for (const state of ['draft', 'requested', 'approved', 'closed']) {
  test(`lifecycle on: ${state}: every data path refuses`, async () => {
    const p = await prepared(abiko);
    setState(abiko, p.app, state);
    for (const [label, run] of dataPaths(abiko, p.client, p.app, p.fileKey, p.cursorId)) {
      await rejects(run(), { code: 'DC_AP01', message: undefined }).catch((e) => {
        throw new Error(`${label}: ${e.message}`);
      });
    }
  });
}

test('lifecycle on: end requested is still in use; past the planned end date every path refuses with DC_AP02', async () => {
  const p = await prepared(abiko);
  setState(abiko, p.app, 'end_requested');
  assert.equal((await p.client.record.getRecords({ app: p.app })).records.length, 1);
  setState(abiko, p.app, 'published', '2020-03-31');
  for (const [label, run] of dataPaths(abiko, p.client, p.app, p.fileKey, p.cursorId)) {
    const err = await rejects(run(), {}).catch((e) => { throw new Error(`${label}: ${e.message}`); });
    assert.equal(err.code, 'DC_AP02', `${label}: ${err.message}`);
  }
  const r = await call(abiko, 'GET', `/k/v1/records.json?app=${p.app}`, { headers: { 'Accept-Language': 'en' } });
  assert.match(r.json.message, /past its planned end date \(2020-03-31\)/);
});

test('lifecycle off (fresh install): deploying publishes at once, as in kintone; a closed app still refuses', async () => {
  const client = clientFor(plain);
  const app = await makeApp(client, 'kintone の流儀', props);
  assert.equal(sql(plain, `SELECT state FROM apps WHERE id = ${app}`)[0].state, 'published');
  await client.record.addRecord({ app, record: { name: { value: '佐藤' } } });
  setState(plain, app, 'draft', '2020-01-01');
  assert.equal((await client.record.getRecords({ app })).records.length, 1, 'draft and end date do not matter without the rule');
  setState(plain, app, 'closed');
  const err = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01' });
  assert.match(err.message, /利用終了/);
});
