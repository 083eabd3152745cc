// Records through the official client: add, read, update (by id and by updateKey),
// delete, the 100-record limits, strings for numbers, subtable semantics, revisions and
// GAIA_CO02, upsert, system fields on add, and daicho's record history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, isError, addUser } from './lib/util.mjs';

let srv, client, app, tapp;
const count = async (a = app) => Number((await client.record.getRecords({ app: a, totalCount: true, query: 'limit 1' })).totalCount);

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  app = await makeApp(client, 'レコード', {
    code: { type: 'SINGLE_LINE_TEXT', code: 'code', label: 'code', unique: true },
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' },
    num: { type: 'NUMBER', code: 'num', label: 'num', unique: true },
    amount: { type: 'NUMBER', code: 'amount', label: 'amount' },
  });
  tapp = await makeApp(client, '明細', {
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' },
    rows: {
      type: 'SUBTABLE', code: 'rows', label: 'rows',
      fields: {
        item: { type: 'SINGLE_LINE_TEXT', code: 'item', label: 'item' },
        qty: { type: 'NUMBER', code: 'qty', label: 'qty' },
        note: { type: 'MULTI_LINE_TEXT', code: 'note', label: 'note' },
      },
    },
  });
});
after(async () => { await srv.stop(); });

test('add, get, update by id and by updateKey, delete', async () => {
  const { id, revision } = await client.record.addRecord({ app, record: { code: { value: 'A-1' }, title: { value: 'first' }, amount: { value: 10 } } });
  assert.match(id, /^\d+$/);
  assert.equal(revision, '1');
  let { record } = await client.record.getRecord({ app, id });
  assert.deepEqual(record.$id, { type: '__ID__', value: id });
  assert.deepEqual(record.$revision, { type: '__REVISION__', value: '1' });
  assert.deepEqual(record.amount, { type: 'NUMBER', value: '10' });
  assert.equal(record['レコード番号'].value, id);
  assert.equal(record['作成者'].value.code, 'admin');

  const u1 = await client.record.updateRecord({ app, id, record: { title: { value: 'second' } } });
  assert.equal(u1.revision, '2');
  const u2 = await client.record.updateRecord({ app, updateKey: { field: 'code', value: 'A-1' }, record: { amount: { value: '11' } } });
  assert.equal(u2.revision, '3');
  ({ record } = await client.record.getRecord({ app, id }));
  assert.equal(record.title.value, 'second');
  assert.equal(record.amount.value, '11');
  assert.equal(record.code.value, 'A-1');

  // updateKey: unknown value, non-unique field, both id and key.
  await rejects(client.record.updateRecord({ app, updateKey: { field: 'code', value: 'nope' }, record: {} }), { code: 'GAIA_RE01', status: 404 });
  await rejects(client.record.updateRecord({ app, updateKey: { field: 'title', value: 'second' }, record: {} }), { code: 'CB_VA01' });
  const both = await call(srv, 'PUT', '/k/v1/record.json', { body: { app, id, updateKey: { field: 'code', value: 'A-1' }, record: {} } });
  isError(both, 400, 'CB_VA01');
  // A NUMBER updateKey matches by value, whatever its spelling.
  const { id: nid } = await client.record.addRecord({ app, record: { num: { value: '12.50' } } });
  await client.record.updateRecord({ app, updateKey: { field: 'num', value: '1.25e1' }, record: { title: { value: 'by number' } } });
  assert.equal((await client.record.getRecord({ app, id: nid })).record.title.value, 'by number');

  await client.record.deleteRecords({ app, ids: [id, nid] });
  await rejects(client.record.getRecord({ app, id }), { code: 'GAIA_RE01', status: 404 });
  await rejects(client.record.getRecord({ app, id: 999999 }), { code: 'GAIA_RE01', status: 404 });
  await rejects(client.record.updateRecord({ app, id, record: {} }), { code: 'GAIA_RE01', status: 404 });
  isError(await call(srv, 'GET', `/k/v1/record.json?app=${app}`), 400, 'CB_VA01', ['id']);
});

test('unknown field codes are ignored, RECORD_NUMBER is ignored, system fields settable on add by a manager', async () => {
  const { id } = await client.record.addRecord({
    app,
    record: {
      title: { value: 'sys' }, nosuchfield: { value: 'x' }, 'レコード番号': { value: '999' },
      '作成者': { value: { code: 'admin' } }, '作成日時': { value: '2020-01-02T03:04:00Z' },
      '更新者': { value: { code: 'admin' } }, '更新日時': { value: '2020-01-03T03:04:00Z' },
    },
  });
  assert.notEqual(id, '999');
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record['レコード番号'].value, id);
  assert.equal(record['作成日時'].value, '2020-01-02T03:04:00Z');
  assert.equal(record['更新日時'].value, '2020-01-03T03:04:00Z');
  assert.equal(record.nosuchfield, undefined);
  // Future creation times are refused.
  await rejects(client.record.addRecord({ app, record: { '作成日時': { value: '2999-01-01T00:00:00Z' } } }), { code: 'CB_VA01' });
  // On update the system fields are not writable: they are ignored.
  await client.record.updateRecord({ app, id, record: { '作成日時': { value: '2019-01-01T00:00:00Z' } } });
  const again = (await client.record.getRecord({ app, id })).record;
  assert.equal(again['作成日時'].value, '2020-01-02T03:04:00Z');
  assert.notEqual(again['更新日時'].value, '2020-01-03T03:04:00Z');
});

test('numbers go out as strings and come in as numbers or strings', async () => {
  // The cli sends everything as strings; the JS client sends numbers.
  const add = await call(srv, 'POST', '/k/v1/record.json', { body: { app: String(app), record: { amount: { value: '1.5e1' }, title: { value: 'str' } } } });
  assert.equal(add.status, 200, add.text);
  assert.equal(typeof add.json.id, 'string');
  assert.equal(add.json.revision, '1');
  const add2 = await call(srv, 'POST', '/k/v1/record.json', { body: { app: Number(app), record: { amount: { value: 42 } } } });
  assert.equal(add2.status, 200, add2.text);
  const get = await call(srv, 'GET', `/k/v1/record.json?app=${app}&id=${add.json.id}`);
  assert.deepEqual(get.json.record.amount, { type: 'NUMBER', value: '15' });
  assert.equal(typeof get.json.record.$id.value, 'string');
  const upd = await call(srv, 'PUT', '/k/v1/record.json', { body: { app: Number(app), id: Number(add.json.id), revision: 1, record: { amount: { value: ' 42 ' } } } });
  assert.equal(upd.status, 200, upd.text);
  assert.deepEqual(upd.json, { revision: '2' });
  const many = await call(srv, 'POST', '/k/v1/records.json', { body: { app, records: [{ amount: { value: -0.5 } }, { amount: { value: '' } }] } });
  assert.equal(many.status, 200, many.text);
  assert.ok(many.json.ids.every((x) => typeof x === 'string'));
  assert.deepEqual(many.json.revisions, ['1', '1']);
  const list = await call(srv, 'GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent(`$id >= ${add.json.id} order by $id asc`)}&totalCount=true`);
  assert.equal(list.status, 200, list.text);
  assert.equal(typeof list.json.totalCount, 'string');
  assert.deepEqual(list.json.records.map((r) => r.amount.value), ['42', '42', '-0.5', '']);
  const none = await call(srv, 'GET', `/k/v1/records.json?app=${app}&query=limit%201`);
  assert.equal(none.json.totalCount, null);
  // Empty records array: empty answer.
  const empty = await call(srv, 'POST', '/k/v1/records.json', { body: { app, records: [] } });
  assert.deepEqual(empty.json, { ids: [], revisions: [] });
});

test('at most 100 records per call: 101 is refused with kintone\'s message and nothing is written', async () => {
  const before = await count();
  const recs = (n, p) => Array.from({ length: n }, (_, i) => ({ title: { value: `${p}${i}` } }));
  const e = await rejects(client.record.addRecords({ app, records: recs(101, 'x') }), { code: 'CB_VA01', status: 400, keys: ['records'] });
  assert.deepEqual(e.errors.records.messages, ['一度に追加できるレコードは100件までです。']);
  assert.equal(await count(), before);
  const { ids } = await client.record.addRecords({ app, records: recs(100, 'lim') });
  assert.equal(ids.length, 100);
  assert.equal(await count(), before + 100);
  const e2 = await rejects(client.record.updateRecords({ app, records: [...ids, ids[0]].map((id) => ({ id, record: { title: { value: 'u' } } })) }), { code: 'CB_VA01', keys: ['records'] });
  assert.deepEqual(e2.errors.records.messages, ['一度に更新できるレコードは100件までです。']);
  const upd = await client.record.updateRecords({ app, records: ids.map((id) => ({ id, record: { title: { value: 'u' } } })) });
  assert.equal(upd.records.length, 100);
  assert.ok(upd.records.every((r) => r.revision === '2'));
  const e3 = await rejects(client.record.deleteRecords({ app, ids: [...ids, '999999'] }), { code: 'CB_VA01', keys: ['ids'] });
  assert.deepEqual(e3.errors.ids.messages, ['一度に削除できるレコードは1件以上100件以下です。']);
  isError(await call(srv, 'DELETE', `/k/v1/records.json?app=${app}`), 400, 'CB_VA01', ['ids']);
  assert.equal(await count(), before + 100);
  await client.record.deleteRecords({ app, ids });
  assert.equal(await count(), before);
});

test('one bad record or unknown id in a batch writes nothing', async () => {
  const { ids } = await client.record.addRecords({ app, records: [{ title: { value: 'b1' } }, { title: { value: 'b2' } }] });
  const before = await count();
  await rejects(client.record.addRecords({ app, records: [{ title: { value: 'ok' } }, { amount: { value: 'NaN?' } }] }), { code: 'CB_VA01', keys: ['records[1][amount].value'] });
  assert.equal(await count(), before);
  await rejects(client.record.updateRecords({ app, records: [{ id: ids[0], record: { title: { value: 'changed' } } }, { id: 999999, record: {} }] }), { code: 'GAIA_RE01', status: 404 });
  assert.equal((await client.record.getRecord({ app, id: ids[0] })).record.title.value, 'b1');
  await rejects(client.record.deleteRecords({ app, ids: [ids[0], 999999] }), { code: 'GAIA_RE01', status: 404 });
  assert.equal(await count(), before);
  await client.record.deleteRecords({ app, ids });
});

test('revisions: each write adds one, a stale revision is GAIA_CO02 and writes nothing', async () => {
  const { id } = await client.record.addRecord({ app, record: { title: { value: 'r1' } } });
  const { id: id2 } = await client.record.addRecord({ app, record: { title: { value: 'other' } } });
  assert.equal((await client.record.updateRecord({ app, id, revision: 1, record: { title: { value: 'r2' } } })).revision, '2');
  const e = await rejects(client.record.updateRecord({ app, id, revision: 1, record: { title: { value: 'lost' } } }), { code: 'GAIA_CO02', status: 409 });
  assert.match(e.message, /revision/);
  assert.equal((await client.record.getRecord({ app, id })).record.title.value, 'r2');
  // -1 means no check.
  assert.equal((await client.record.updateRecord({ app, id, revision: -1, record: { title: { value: 'r3' } } })).revision, '3');
  // In a batch: one stale revision, nothing written at all.
  await rejects(client.record.updateRecords({ app, records: [{ id: id2, revision: 1, record: { title: { value: 'x' } } }, { id, revision: 2, record: { title: { value: 'x' } } }] }), { code: 'GAIA_CO02', status: 409 });
  assert.equal((await client.record.getRecord({ app, id: id2 })).record.title.value, 'other');
  assert.equal((await client.record.getRecord({ app, id: id2 })).record.$revision.value, '1');
  // Deleting with a stale revision deletes nothing; null and -1 mean no check.
  await rejects(client.record.deleteRecords({ app, ids: [id2, id], revisions: [1, 1] }), { code: 'GAIA_CO02', status: 409 });
  assert.equal((await client.record.getRecord({ app, id: id2 })).record.title.value, 'other');
  const del = await call(srv, 'DELETE', '/k/v1/records.json', { body: { app, ids: [id, id2], revisions: [null, -1] } });
  assert.equal(del.status, 200, del.text);
  await rejects(client.record.getRecord({ app, id }), { code: 'GAIA_RE01' });
});

test('subtable rows: keep when omitted, replace in order, merge by row id, new ids for unknown rows, clear with []', async () => {
  const { id } = await client.record.addRecord({
    app: tapp,
    record: { title: { value: 't' }, rows: { value: [{ value: { item: { value: 'a' }, qty: { value: '1' }, note: { value: 'na' } } }, { value: { item: { value: 'b' }, qty: { value: 2 } } }, { id: '777777', value: { item: { value: 'c' } } }] } },
  });
  let { record } = await client.record.getRecord({ app: tapp, id });
  const [ra, rb, rc] = record.rows.value;
  assert.deepEqual(record.rows.value.map((r) => r.value.item.value), ['a', 'b', 'c']);
  assert.notEqual(rc.id, '777777', 'a row id sent on add is only a hint');
  assert.equal(new Set([ra.id, rb.id, rc.id]).size, 3);
  assert.equal(ra.value.qty.value, '1');

  // Omitting the table leaves its rows untouched.
  await client.record.updateRecord({ app: tapp, id, record: { title: { value: 't2' } } });
  ({ record } = await client.record.getRecord({ app: tapp, id }));
  assert.deepEqual(record.rows.value.map((r) => r.id), [ra.id, rb.id, rc.id]);

  // Sent rows become the list, in the order sent; a row with a known id is merged
  // (fields not sent keep their values); unknown ids and rows without ids are new.
  await client.record.updateRecord({
    app: tapp, id,
    record: { rows: { value: [{ id: rc.id, value: { qty: { value: '30' } } }, { id: ra.id, value: { item: { value: 'A' } } }, { id: '123456789', value: { item: { value: 'new1' } } }, { value: { item: { value: 'new2' } } }] } },
  });
  ({ record } = await client.record.getRecord({ app: tapp, id }));
  const rows = record.rows.value;
  assert.deepEqual(rows.map((r) => r.value.item.value), ['c', 'A', 'new1', 'new2']);
  assert.equal(rows[0].id, rc.id);
  assert.equal(rows[0].value.qty.value, '30');
  assert.equal(rows[1].id, ra.id);
  assert.equal(rows[1].value.qty.value, '1', 'merged: qty kept');
  assert.equal(rows[1].value.note.value, 'na', 'merged: note kept');
  assert.notEqual(rows[2].id, '123456789');
  assert.ok(![ra.id, rb.id, rc.id].includes(rows[2].id) && ![ra.id, rb.id, rc.id].includes(rows[3].id));
  assert.equal(rows[3].value.qty.value, '');
  assert.ok(!rows.some((r) => r.id === rb.id), 'row b was not sent: deleted');

  // Row ids of another record are not this record's rows.
  const { id: other } = await client.record.addRecord({ app: tapp, record: { rows: { value: [{ value: { item: { value: 'o' } } }] } } });
  const orow = (await client.record.getRecord({ app: tapp, id: other })).record.rows.value[0];
  await client.record.updateRecord({ app: tapp, id, record: { rows: { value: [{ id: orow.id, value: { item: { value: 'stolen?' } } }] } } });
  assert.equal((await client.record.getRecord({ app: tapp, id: other })).record.rows.value[0].value.item.value, 'o');
  const mine = (await client.record.getRecord({ app: tapp, id })).record.rows.value;
  assert.equal(mine.length, 1);
  assert.notEqual(mine[0].id, orow.id);

  // Invalid inner values are keyed record.<table>.value[<row>].value.<inner>.value.
  await rejects(client.record.updateRecord({ app: tapp, id, record: { rows: { value: [{ value: { item: { value: 'ok' } } }, { value: { qty: { value: 'abc' } } }] } } }), { code: 'CB_VA01', keys: ['record.rows.value[1].value.qty.value'] });
  await rejects(client.record.updateRecord({ app: tapp, id, record: { rows: { value: 'not rows' } } }), { code: 'CB_VA01' });

  await client.record.updateRecord({ app: tapp, id, record: { rows: { value: [] } } });
  ({ record } = await client.record.getRecord({ app: tapp, id }));
  assert.deepEqual(record.rows, { type: 'SUBTABLE', value: [] });
});

test('upsert: updateRecords with upsert:true by updateKey and by id, and the client\'s upsertRecord', async () => {
  const { id } = await client.record.addRecord({ app, record: { code: { value: 'UP-1' }, title: { value: 'old' } } });
  const res = await client.record.updateRecords({
    app, upsert: true,
    records: [
      { updateKey: { field: 'code', value: 'UP-1' }, record: { title: { value: 'updated' } } },
      { updateKey: { field: 'code', value: 'UP-2' }, record: { title: { value: 'inserted' } } },
      { id: 9007199254740991, record: { title: { value: 'by dummy id' } } },
      { id, record: { amount: { value: '5' } } },
    ],
  });
  assert.equal(res.records.length, 4);
  assert.deepEqual(res.records.map((r) => r.operation), ['UPDATE', 'INSERT', 'INSERT', 'UPDATE']);
  assert.equal(res.records[0].id, id);
  assert.equal(res.records[0].revision, '2');
  assert.equal(res.records[1].revision, '1');
  assert.notEqual(res.records[2].id, '9007199254740991');
  assert.equal(res.records[3].revision, '3');
  const ins = (await client.record.getRecord({ app, id: res.records[1].id })).record;
  assert.equal(ins.code.value, 'UP-2', 'the key field takes the updateKey value');
  assert.equal(ins.title.value, 'inserted');
  const upd = (await client.record.getRecord({ app, id })).record;
  assert.equal(upd.title.value, 'updated');
  assert.equal(upd.amount.value, '5');
  // Without upsert the unknown key is an error and nothing is written.
  await rejects(client.record.updateRecords({ app, records: [{ updateKey: { field: 'code', value: 'UP-1' }, record: { title: { value: 'no' } } }, { updateKey: { field: 'code', value: 'UP-3' }, record: {} }] }), { code: 'GAIA_RE01' });
  assert.equal((await client.record.getRecord({ app, id })).record.title.value, 'updated');

  // upsertRecord: the client looks the key up with a query, then updates or adds.
  const u1 = await client.record.upsertRecord({ app, updateKey: { field: 'code', value: 'UP-1' }, record: { title: { value: 'via upsertRecord' } } });
  assert.equal(u1.id, id);
  const u2 = await client.record.upsertRecord({ app, updateKey: { field: 'code', value: 'UP-"9"' }, record: { title: { value: 'new via upsertRecord' } } }).catch((e) => e);
  // The client does not escape the value in its query: a quote makes a query error.
  assert.equal(u2.code, 'CB_VA01');
  const u3 = await client.record.upsertRecord({ app, updateKey: { field: 'code', value: 'UP-9' }, record: { title: { value: 'new via upsertRecord' } } });
  assert.equal(u3.revision, '1');
  assert.equal((await client.record.getRecord({ app, id: u3.id })).record.code.value, 'UP-9');
  assert.equal((await client.record.getRecord({ app, id })).record.title.value, 'via upsertRecord');
});

test('record history lists every revision, newest first, and survives deletion', async () => {
  const { id } = await client.record.addRecord({ app, record: { title: { value: 'h1' } } });
  await client.record.updateRecord({ app, id, record: { title: { value: 'h2' } } });
  await client.record.updateRecord({ app, id, record: { title: { value: 'h3' } } });
  let h = await call(srv, 'GET', `/api/record/history.json?app=${app}&id=${id}`);
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.history.map((x) => x.revision), ['3', '2', '1']);
  assert.deepEqual(h.json.history.map((x) => x.action), ['update', 'update', 'add']);
  assert.deepEqual(h.json.history.map((x) => x.record.title.value), ['h3', 'h2', 'h1']);
  assert.equal(h.json.history[0].user.code, 'admin');
  assert.match(h.json.history[0].at, /Z$/);
  await client.record.deleteRecords({ app, ids: [id] });
  h = await call(srv, 'GET', `/api/record/history.json?app=${app}&id=${id}`);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.history[0].action, 'delete');
  assert.equal(h.json.history.length, 4);
  isError(await call(srv, 'GET', `/api/record/history.json?app=${app}&id=987654`), 404, 'GAIA_RE01');
  isError(await call(srv, 'GET', `/api/record/history.json?app=${app}`), 400, 'CB_VA01', ['id']);
});

test('query-string arrays as hand-written clients send them: out of order, [] and repeated names', async () => {
  const { ids } = await client.record.addRecords({ app, records: Array.from({ length: 4 }, (_, i) => ({ title: { value: `qs${i}` } })) });
  await client.record.updateRecord({ app, id: ids[1], record: {} }); // revision 2
  // Indices out of order keep their positions: ids and revisions stay paired.
  const stale = await call(srv, 'DELETE', `/k/v1/records.json?app=${app}&revisions[1]=1&ids[1]=${ids[1]}&ids[0]=${ids[0]}&revisions[0]=1`);
  isError(stale, 409, 'GAIA_CO02');
  assert.equal((await client.record.getRecords({ app, query: `$id in (${ids.join(', ')})` })).records.length, 4);
  const del = await call(srv, 'DELETE', `/k/v1/records.json?app=${app}&ids%5B1%5D=${ids[1]}&ids%5B0%5D=${ids[0]}&revisions%5B1%5D=2&revisions%5B0%5D=1`);
  assert.equal(del.status, 200, del.text);
  const left = (await client.record.getRecords({ app, query: `$id in (${ids.join(', ')}) order by $id asc` })).records.map((r) => r.$id.value);
  assert.deepEqual(left, ids.slice(2), 'both records deleted');
  // ids[]= and repeated ids= are arrays too.
  const r2 = await call(srv, 'GET', `/k/v1/records.json?app=${app}&fields[]=title&fields[]=%24id&query=${encodeURIComponent(`$id = ${ids[2]}`)}`);
  assert.deepEqual(Object.keys(r2.json.records[0]).sort(), ['$id', 'title']);
  const r3 = await call(srv, 'DELETE', `/k/v1/records.json?app=${app}&ids=${ids[2]}&ids=${ids[3]}`);
  assert.equal(r3.status, 200, r3.text);
  assert.equal((await client.record.getRecords({ app, query: `$id in (${ids.join(', ')})` })).records.length, 0);
});

test('value formats are normalised as documented (NUMBER, DATE, TIME, DATETIME, RADIO default)', async () => {
  const vapp = await makeApp(client, '値の形式', {
    n: { type: 'NUMBER', code: 'n', label: 'n' }, d: { type: 'DATE', code: 'd', label: 'd' }, t: { type: 'TIME', code: 't', label: 't' },
    dt: { type: 'DATETIME', code: 'dt', label: 'dt' }, r: { type: 'RADIO_BUTTON', code: 'r', label: 'r', options: { a: { label: 'a', index: '0' }, b: { label: 'b', index: '1' } }, defaultValue: 'b' },
    c: { type: 'CHECK_BOX', code: 'c', label: 'c', options: { a: { label: 'a', index: '0' }, b: { label: 'b', index: '1' } } },
  });
  const roundTrip = async (code, value) => {
    const r = await call(srv, 'POST', '/k/v1/record.json', { body: { app: vapp, record: { [code]: { value } } } });
    if (r.status !== 200) return { error: r.json.code, keys: Object.keys(r.json.errors || {}) };
    return (await client.record.getRecord({ app: vapp, id: r.json.id })).record[code].value;
  };
  const ok = [
    ['n', '1.5e1', '15'], ['n', ' 42 ', '42'], ['n', '+5', '5'], ['n', '-0', '0'], ['n', '0.10', '0.1'], ['n', '.5', '0.5'], ['n', 7, '7'], ['n', -2.25, '-2.25'],
    ['n', '1234567890123456789012345678901234567890', '1234567890123456789012345678901234567890'], ['n', '', ''], ['n', null, ''],
    ['d', '2015', '2015-01-01'], ['d', '2015-07', '2015-07-01'], ['d', '2015-7-5', '2015-07-05'], ['d', '2024-02-29', '2024-02-29'], ['d', null, null], ['d', '', null],
    ['t', '11:30', '11:30'], ['t', '11:30:45', '11:30'], ['t', '9:05', '09:05'], ['t', null, null],
    ['dt', '2024-04-01T09:30:00Z', '2024-04-01T09:30:00Z'], ['dt', '2024-04-01T09:30+09:00', '2024-04-01T00:30:00Z'],
    ['dt', '2024-04-01T09:30:00-05:30', '2024-04-01T15:00:00Z'], ['dt', '2024-04-01T09:30Z', '2024-04-01T09:30:00Z'], ['dt', '', ''],
    ['r', '', 'b'], ['r', 'a', 'a'], ['c', ['b', 'a', 'b'], ['b', 'a']], ['c', [], []],
  ];
  for (const [code, value, want] of ok) assert.deepEqual(await roundTrip(code, value), want, `${code} ${JSON.stringify(value)}`);
  const bad = [
    ['n', '1,000'], ['n', '1e400'], ['n', '0x10'], ['n', 'NaN'], ['n', 'Infinity'], ['n', '１２'], ['n', '12345678901234567890123456789012345678901'],
    ['d', '2023-02-29'], ['d', '2024/01/02'], ['d', '20240102'], ['d', '2024-01-02T00:00:00Z'],
    ['t', '24:00'], ['t', '11:60'], ['t', '1130'], ['dt', '2024-04-01T25:00:00Z'], ['dt', 'yesterday'],
  ];
  for (const [code, value] of bad) {
    const got = await roundTrip(code, value);
    assert.equal(got.error, 'CB_VA01', `${code} ${JSON.stringify(value)}: ${JSON.stringify(got)}`);
    assert.deepEqual(got.keys, [code === 'n' ? `record[${code}].value` : `record.${code}.value`], `${code} ${JSON.stringify(value)}`);
  }
});

test('system fields sent by a caller who may not manage the app are ignored', async () => {
  const u = await addUser(srv, 'adder');
  const aapp = await makeApp(client, '追加のみ', { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'USER', code: 'adder' }, recordViewable: true, recordAddable: true },
    ],
  });
  const { id } = await clientFor(srv, u.auth).record.addRecord({ app: aapp, record: { t: { value: 'x' }, '作成者': { value: { code: 'admin' } }, '作成日時': { value: '2001-01-01T00:00:00Z' } } });
  const { record } = await client.record.getRecord({ app: aapp, id });
  assert.equal(record['作成者'].value.code, 'adder');
  assert.notEqual(record['作成日時'].value, '2001-01-01T00:00:00Z');
});

test('concurrent writers: one stale-revision winner, one unique-value winner, no lost revisions', async () => {
  const capp = await makeApp(client, '同時', { k: { type: 'SINGLE_LINE_TEXT', code: 'k', label: 'k', unique: true }, n: { type: 'NUMBER', code: 'n', label: 'n' } });
  const { id } = await client.record.addRecord({ app: capp, record: { n: { value: 0 } } });
  const res = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => client.record.updateRecord({ app: capp, id, revision: 1, record: { n: { value: i + 1 } } })));
  assert.equal(res.filter((r) => r.status === 'fulfilled').length, 1);
  assert.deepEqual([...new Set(res.filter((r) => r.status === 'rejected').map((r) => r.reason.code))], ['GAIA_CO02']);
  assert.equal((await client.record.getRecord({ app: capp, id })).record.$revision.value, '2');
  const res2 = await Promise.allSettled(Array.from({ length: 20 }, () => client.record.addRecord({ app: capp, record: { k: { value: 'same' } } })));
  assert.equal(res2.filter((r) => r.status === 'fulfilled').length, 1);
  assert.equal((await client.record.getRecords({ app: capp, query: 'k = "same"' })).records.length, 1);
  const { id: id2 } = await client.record.addRecord({ app: capp, record: {} });
  await Promise.all(Array.from({ length: 20 }, (_, i) => client.record.updateRecord({ app: capp, id: id2, record: { n: { value: i } } })));
  assert.equal((await client.record.getRecord({ app: capp, id: id2 })).record.$revision.value, '21');
  const h = await call(srv, 'GET', `/api/record/history.json?app=${capp}&id=${id2}`);
  assert.equal(h.json.history.length, 21, 'every revision is in the history');
});
