// bulkRequest: several record writes over several apps in one transaction; a failure
// anywhere rolls everything back and is reported in its sub-request's results slot
// (bulkRequestIndex in the client's error); at most 20 sub-requests; API tokens must
// cover every app touched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addToken, isError } from './lib/util.mjs';

let srv, client, a1, a2;
const all = async (app) => (await client.record.getRecords({ app, query: 'order by $id asc limit 500' })).records;
const snapshot = async () => JSON.stringify([await all(a1), await all(a2)]);

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  const props = {
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title', unique: true },
    n: { type: 'NUMBER', code: 'n', label: 'n', maxValue: '100' },
  };
  a1 = await makeApp(client, 'bulk 1', props);
  a2 = await makeApp(client, 'bulk 2', props);
  await client.record.addRecords({ app: a1, records: [{ title: { value: 'a1-1' } }, { title: { value: 'a1-2' } }, { title: { value: 'a1-3' } }] });
  await client.record.addRecords({ app: a2, records: [{ title: { value: 'a2-1' } }] });
});
after(async () => { await srv.stop(); });

test('several sub-requests over two apps succeed together, results in request order', async () => {
  const { results } = await client.bulkRequest({
    requests: [
      { method: 'POST', api: '/k/v1/records.json', payload: { app: a1, records: [{ title: { value: 'b1' } }, { title: { value: 'b2' } }] } },
      { method: 'POST', api: '/k/v1/record.json', payload: { app: a2, record: { title: { value: 'b3' }, n: { value: 5 } } } },
      { method: 'PUT', api: '/k/v1/record.json', payload: { app: a1, id: 1, revision: 1, record: { n: { value: '7' } } } },
      { method: 'PUT', api: '/k/v1/records.json', payload: { app: a2, upsert: true, records: [{ updateKey: { field: 'title', value: 'a2-1' }, record: { n: { value: 1 } } }, { updateKey: { field: 'title', value: 'b4' }, record: {} }] } },
      { method: 'DELETE', api: '/k/v1/records.json', payload: { app: a1, ids: [2], revisions: [null] } },
    ],
  });
  assert.equal(results.length, 5);
  assert.equal(results[0].ids.length, 2);
  assert.deepEqual(results[0].revisions, ['1', '1']);
  assert.match(results[1].id, /^\d+$/);
  assert.equal(results[1].revision, '1');
  assert.deepEqual(results[2], { revision: '2' });
  assert.deepEqual(results[3].records.map((r) => r.operation), ['UPDATE', 'INSERT']);
  assert.deepEqual(results[4], {});
  const r1 = await all(a1);
  assert.deepEqual(r1.map((r) => r.title.value), ['a1-1', 'a1-3', 'b1', 'b2']);
  assert.equal(r1[0].n.value, '7');
  const r2 = await all(a2);
  assert.deepEqual(r2.map((r) => r.title.value), ['a2-1', 'b3', 'b4']);
  assert.equal(r2[0].n.value, '1');
});

test('a failing sub-request rolls back everything before it; the error sits in its slot', async () => {
  const before = await snapshot();
  const requests = [
    { method: 'POST', api: '/k/v1/records.json', payload: { app: a1, records: [{ title: { value: 'rolled-back-1' } }] } },
    { method: 'PUT', api: '/k/v1/record.json', payload: { app: a2, id: 1, record: { n: { value: '50' } } } },
    { method: 'DELETE', api: '/k/v1/records.json', payload: { app: a1, ids: [1] } },
    { method: 'POST', api: '/k/v1/record.json', payload: { app: a2, record: { n: { value: '1000' } } } },
    { method: 'POST', api: '/k/v1/record.json', payload: { app: a2, record: { title: { value: 'never-run' } } } },
  ];
  const e = await rejects(client.bulkRequest({ requests }), { code: 'CB_VA01', status: 400 });
  assert.equal(e.bulkRequestIndex, 3);
  assert.ok(e.errors['record.n.value'], JSON.stringify(e.errors));
  assert.equal(await snapshot(), before, 'nothing from the earlier sub-requests was written');
  // The raw body: one error object in slot 3, {} everywhere else.
  const raw = await call(srv, 'POST', '/k/v1/bulkRequest.json', { body: { requests } });
  assert.equal(raw.status, 400);
  assert.equal(raw.json.results.length, 5);
  assert.deepEqual(raw.json.results.map((r) => Object.keys(r).length === 0), [true, true, true, false, true]);
  assert.equal(raw.json.results[3].code, 'CB_VA01');
  assert.equal(typeof raw.json.results[3].message, 'string');

  // Other failures: a revision conflict, an unknown record, a unique clash inside the bulk.
  const conflict = await rejects(client.bulkRequest({ requests: [requests[0], { method: 'PUT', api: '/k/v1/record.json', payload: { app: a1, id: 1, revision: 1, record: {} } }] }), { code: 'GAIA_CO02', status: 409 });
  assert.equal(conflict.bulkRequestIndex, 1);
  const missing = await rejects(client.bulkRequest({ requests: [requests[0], requests[1], { method: 'DELETE', api: '/k/v1/records.json', payload: { app: a2, ids: [424242] } }] }), { code: 'GAIA_RE01', status: 404 });
  assert.equal(missing.bulkRequestIndex, 2);
  const clash = await rejects(client.bulkRequest({ requests: [requests[0], { method: 'POST', api: '/k/v1/record.json', payload: { app: a1, record: { title: { value: 'rolled-back-1' } } } }] }), { code: 'CB_VA01' });
  assert.equal(clash.bulkRequestIndex, 1);
  const noapp = await rejects(client.bulkRequest({ requests: [requests[0], { method: 'POST', api: '/k/v1/record.json', payload: { app: 9999, record: {} } }] }), { code: 'GAIA_AP01', status: 404 });
  assert.equal(noapp.bulkRequestIndex, 1);
  assert.equal(await snapshot(), before);
});

test('addAllRecords over several bulk requests: a bad record stops it, the client finds its index', async () => {
  const recs = Array.from({ length: 250 }, (_, i) => ({ title: { value: `many-${i}` }, n: { value: i === 230 ? '101' : '1' } }));
  const before = await snapshot();
  let err;
  try { await client.record.addAllRecords({ app: a1, records: recs }); } catch (e) { err = e; }
  assert.ok(err, 'addAllRecords must fail');
  assert.equal(err.name, 'KintoneAllRecordsError');
  assert.equal(err.errorIndex, 230, err.message);
  assert.equal(err.numOfProcessedRecords, 0);
  assert.equal(err.error.bulkRequestIndex, 2);
  assert.equal(await snapshot(), before);
});

test('limits and shapes: 20 sub-requests at most, record APIs only, a payload object', async () => {
  const before = await snapshot();
  const one = (i) => ({ method: 'POST', api: '/k/v1/record.json', payload: { app: a1, record: { title: { value: `lim-${i}` } } } });
  const e = await rejects(client.bulkRequest({ requests: Array.from({ length: 21 }, (_, i) => one(i)) }), { code: 'CB_VA01', status: 400, keys: ['requests'] });
  assert.equal(e.bulkRequestIndex, undefined);
  assert.equal(await snapshot(), before);
  const ok = await client.bulkRequest({ requests: Array.from({ length: 20 }, (_, i) => one(i)) });
  assert.equal(ok.results.length, 20);
  await client.record.deleteRecords({ app: a1, ids: ok.results.map((r) => r.id) });

  isError(await call(srv, 'POST', '/k/v1/bulkRequest.json', { body: { requests: [] } }), 400, 'CB_VA01', ['requests']);
  isError(await call(srv, 'POST', '/k/v1/bulkRequest.json', { body: {} }), 400, 'CB_VA01', ['requests']);
  // Reads, app changes and bulk inside bulk are not allowed as sub-requests.
  for (const [method, api] of [['GET', '/k/v1/records.json'], ['POST', '/k/v1/preview/app/deploy.json'], ['POST', '/k/v1/bulkRequest.json'], ['POST', '/k/v1/file.json'], ['PATCH', '/k/v1/record.json'], ['POST', '/k/v1/nothing.json']]) {
    const r = await call(srv, 'POST', '/k/v1/bulkRequest.json', { body: { requests: [one(99), { method, api, payload: { app: a1 } }] } });
    assert.equal(r.status, 400, `${method} ${api}: ${r.text}`);
    assert.ok(r.json && (r.json.code === 'CB_VA01' || r.json.results), r.text);
  }
  const nopayload = await call(srv, 'POST', '/k/v1/bulkRequest.json', { body: { requests: [{ method: 'POST', api: '/k/v1/record.json', payload: 'x' }] } });
  assert.equal(nopayload.status, 400);
  assert.equal(await snapshot(), before);
});

test('API tokens: every app touched needs its token with the right', async () => {
  const t1 = await addToken(srv, a1, ['view', 'add', 'edit', 'delete']);
  const t2 = await addToken(srv, a2, ['view']);
  const t2add = await addToken(srv, a2, ['add']);
  const before = await snapshot();
  const reqs = [
    { method: 'POST', api: '/k/v1/record.json', payload: { app: a1, record: { title: { value: 'tok-1' } } } },
    { method: 'POST', api: '/k/v1/record.json', payload: { app: a2, record: { title: { value: 'tok-2' } } } },
  ];
  const only1 = clientFor(srv, { apiToken: t1.token });
  const e1 = await rejects(only1.bulkRequest({ requests: reqs }), { code: 'GAIA_NO01', status: 403 });
  assert.equal(e1.bulkRequestIndex, 1);
  const viewOnly = clientFor(srv, { apiToken: [t1.token, t2.token] });
  const e2 = await rejects(viewOnly.bulkRequest({ requests: reqs }), { code: 'GAIA_NO01', status: 403 });
  assert.equal(e2.bulkRequestIndex, 1);
  assert.equal(await snapshot(), before);
  const both = clientFor(srv, { apiToken: [t1.token, t2add.token] });
  const { results } = await both.bulkRequest({ requests: reqs });
  assert.equal(results.length, 2);
  assert.equal((await client.record.getRecord({ app: a2, id: results[1].id })).record.title.value, 'tok-2');
});
