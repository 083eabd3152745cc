// Reading many records: the client's getAllRecords helpers (by cursor, by id, by offset)
// over more than one page, and the cursor API itself (size, paging, deletion, the limit
// of ten live cursors, cursors are private to their creator).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser, isError } from './lib/util.mjs';

const N = 1234;
let srv, client, sato, app;
const expected = (pred, cmp) => Array.from({ length: N }, (_, i) => i + 1).filter(pred).sort(cmp);
// Record i (1-based, id i) has num = (i * 7919) % 1000 and text = "t" + (i % 10).
const numOf = (i) => (i * 7919) % 1000;

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  const s = await addUser(srv, 'sato');
  sato = clientFor(srv, s.auth);
  app = await makeApp(client, '大量', {
    num: { type: 'NUMBER', code: 'num', label: 'num' },
    text: { type: 'SINGLE_LINE_TEXT', code: 'text', label: 'text' },
    memo: { type: 'MULTI_LINE_TEXT', code: 'memo', label: 'memo' },
  }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
    ],
  });
  const recs = Array.from({ length: N }, (_, k) => ({ num: { value: String(numOf(k + 1)) }, text: { value: `t${(k + 1) % 10}` }, memo: { value: 'x'.repeat(50) } }));
  // addAllRecords chunks into bulk requests of 20 x 100 records.
  const res = await client.record.addAllRecords({ app, records: recs });
  assert.equal(res.records.length, N);
  assert.equal(res.records[N - 1].id, String(N));
});
after(async () => { await srv.stop(); });

test('getAllRecords with a cursor (orderBy given): every record, in order', async () => {
  const got = await client.record.getAllRecords({ app, condition: 'num >= 500', orderBy: 'num asc, $id desc', fields: ['$id', 'num'] });
  const want = expected((i) => numOf(i) >= 500, (a, b) => numOf(a) - numOf(b) || b - a);
  assert.deepEqual(got.map((r) => Number(r.$id.value)), want);
  assert.deepEqual(Object.keys(got[0]).sort(), ['$id', 'num']);
  // Whole-app read with getAllRecordsWithCursor and a query.
  const all = await client.record.getAllRecordsWithCursor({ app, query: 'order by $id asc' });
  assert.equal(all.length, N);
  assert.equal(all[N - 1].$id.value, String(N));
  assert.equal(all[0].memo.value, 'x'.repeat(50));
});

test('getAllRecordsWithId and getAllRecordsWithOffset page through more than 500 records', async () => {
  const byId = await client.record.getAllRecordsWithId({ app, condition: 'text in ("t1", "t2") or num < 100', fields: ['num'] });
  const want = expected((i) => i % 10 === 1 || i % 10 === 2 || numOf(i) < 100, (a, b) => a - b);
  assert.deepEqual(byId.map((r) => Number(r.$id.value)), want);
  assert.ok(want.length > 300);
  const all = await client.record.getAllRecordsWithId({ app });
  assert.equal(all.length, N);
  const off = await client.record.getAllRecordsWithOffset({ app, orderBy: 'num desc', condition: 'num != 3' });
  const wantOff = expected((i) => numOf(i) !== 3, (a, b) => numOf(b) - numOf(a) || b - a);
  assert.deepEqual(off.map((r) => Number(r.$id.value)), wantOff);
  assert.ok(wantOff.length > 1000);
  // getAllRecords without orderBy pages by id.
  const plain = await client.record.getAllRecords({ app, condition: 'text = "t0"' });
  assert.deepEqual(plain.map((r) => Number(r.$id.value)), expected((i) => i % 10 === 0, (a, b) => a - b));
});

test('the cursor API: size, pages, the last page removes the cursor, a snapshot of the ids', async () => {
  const { id, totalCount } = await client.record.createCursor({ app, fields: ['$id', 'text'], query: 'text = "t3" order by $id desc', size: 50 });
  assert.equal(typeof id, 'string');
  assert.ok(id.length >= 16);
  assert.equal(totalCount, String(expected((i) => i % 10 === 3).length));
  // Records added after creation are not part of the cursor.
  const { id: late } = await client.record.addRecord({ app, record: { text: { value: 't3' } } });
  const seen = [];
  let page, pages = 0;
  do {
    page = await client.record.getRecordsByCursor({ id });
    pages++;
    assert.ok(page.records.length <= 50);
    for (const r of page.records) {
      assert.deepEqual(Object.keys(r).sort(), ['$id', 'text']);
      seen.push(Number(r.$id.value));
    }
  } while (page.next);
  assert.deepEqual(seen, expected((i) => i % 10 === 3, (a, b) => b - a));
  assert.equal(pages, Math.ceil(seen.length / 50));
  assert.ok(!seen.includes(Number(late)));
  // Read to the end: gone.
  await rejects(client.record.getRecordsByCursor({ id }), { status: 404 });
  await client.record.deleteRecords({ app, ids: [late] });

  // Default size is 100; an explicit delete removes it.
  const c2 = await client.record.createCursor({ app, query: 'order by $id asc' });
  const p1 = await client.record.getRecordsByCursor({ id: c2.id });
  assert.equal(p1.records.length, 100);
  assert.equal(p1.next, true);
  await client.record.deleteCursor({ id: c2.id });
  await rejects(client.record.getRecordsByCursor({ id: c2.id }), { status: 404 });
  await rejects(client.record.deleteCursor({ id: c2.id }), { status: 404 });
  // A cursor over nothing.
  const c3 = await client.record.createCursor({ app, query: 'text = "none"' });
  assert.equal(c3.totalCount, '0');
  const p3 = await client.record.getRecordsByCursor({ id: c3.id });
  assert.deepEqual(p3, { records: [], next: false });
});

test('cursor parameters are checked: size 1..500, no limit or offset in the query', async () => {
  await rejects(client.record.createCursor({ app, size: 0 }), { code: 'CB_VA01', keys: ['size'] });
  await rejects(client.record.createCursor({ app, size: 501 }), { code: 'CB_VA01', keys: ['size'] });
  await rejects(client.record.createCursor({ app, query: 'order by $id asc limit 10' }), { code: 'CB_VA01', keys: ['query'] });
  await rejects(client.record.createCursor({ app, query: 'offset 10' }), { code: 'CB_VA01', keys: ['query'] });
  await rejects(client.record.createCursor({ app, query: 'nosuch = 1' }), { code: 'GAIA_IQ11' });
  await rejects(client.record.createCursor({ app: 99999 }), { code: 'GAIA_AP01', status: 404 });
  isError(await call(srv, 'GET', '/k/v1/records/cursor.json'), 400, 'CB_VA01', ['id']);
  const c = await client.record.createCursor({ app, size: 500, query: 'order by $id asc' });
  assert.equal((await client.record.getRecordsByCursor({ id: c.id })).records.length, 500);
  await client.record.deleteCursor({ id: c.id });
});

test('at most ten live cursors (GAIA_TM12), and a cursor is private to its creator', async () => {
  const ids = [];
  for (let i = 0; i < 10; i++) ids.push((await client.record.createCursor({ app, size: 10 })).id);
  const e = await rejects(client.record.createCursor({ app, size: 10 }), { code: 'GAIA_TM12' });
  assert.ok(e.status >= 400 && e.status < 500);
  // The limit holds for every user.
  await rejects(sato.record.createCursor({ app }), { code: 'GAIA_TM12' });
  // Another user (who may view the app) cannot read or delete my cursor.
  await rejects(sato.record.getRecordsByCursor({ id: ids[0] }), { status: 404 });
  await rejects(sato.record.deleteCursor({ id: ids[0] }), { status: 404 });
  assert.equal((await client.record.getRecordsByCursor({ id: ids[0] })).records.length, 10);
  // Deleting one makes room for one.
  await client.record.deleteCursor({ id: ids[9] });
  const c = await sato.record.createCursor({ app, size: 10 });
  await rejects(client.record.createCursor({ app, size: 10 }), { code: 'GAIA_TM12' });
  await rejects(client.record.getRecordsByCursor({ id: c.id }), { status: 404 });
  assert.equal((await sato.record.getRecordsByCursor({ id: c.id })).records.length, 10);
  await sato.record.deleteCursor({ id: c.id });
  for (const id of ids.slice(0, 9)) await client.record.deleteCursor({ id });
  // All gone: getAllRecords with a cursor works again.
  assert.equal((await client.record.getAllRecords({ app, orderBy: '$id asc', fields: ['$id'] })).length, N);
});
