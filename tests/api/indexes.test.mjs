// Indexes follow the queries: a deployed app has indexes for option fields, unique fields
// and the system times; a NUMBER or DATE field gets one once queries filter or sort by it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { startServer } from './lib/server.mjs';
import { sql } from './lib/util.mjs';

let srv, client, app;
const indexes = () => sql(srv, `SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'app_${app}' ORDER BY name`).map((r) => r.name);

before(async () => {
  srv = await startServer();
  client = new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth: srv.auth });
  ({ app } = await client.app.addApp({ name: 'indexes' }));
  await client.app.addFormFields({ app, properties: {
    code: { type: 'SINGLE_LINE_TEXT', code: 'code', label: 'code', unique: true },
    amount: { type: 'NUMBER', code: 'amount', label: 'amount' },
    due: { type: 'DATE', code: 'due', label: 'due' },
    status: { type: 'DROP_DOWN', code: 'status', label: 'status', options: { a: { label: 'a', index: '0' } } },
  } });
  await client.app.deployApp({ apps: [{ app }] });
});
after(async () => { await srv.stop(); });

test('a field gets its index once queries have used it twice', async () => {
  const props = JSON.parse(sql(srv, `SELECT properties FROM app_forms WHERE app_id = ${app} AND stage = 'live'`)[0].properties);
  const ix = (code) => `ix_app_${app}_${props[code]._col}`;
  const wait = async (name) => {
    for (let i = 0; i < 50 && !indexes().includes(name); i++) await new Promise((r) => setTimeout(r, 100));
  };
  const first = indexes();
  assert.deepEqual(first.sort(), [ix('status'), `ix_app_${app}_created_at`, `ix_app_${app}_updated_at`,
    `uq_app_${app}_${props.code._col}`].sort());
  await client.record.getRecords({ app, query: 'amount > 5' });
  await new Promise((r) => setTimeout(r, 400));
  assert.deepEqual(indexes(), first, 'one query is not enough');
  await client.record.getRecords({ app, query: 'due < TODAY() order by amount asc' });
  await wait(ix('amount'));
  assert.ok(indexes().includes(ix('amount')), 'amount was used twice');
  assert.ok(!indexes().includes(ix('due')), 'due only once');
  await client.record.getRecords({ app, query: 'due = TODAY()' });
  await wait(ix('due'));
  assert.ok(indexes().includes(ix('due')));
  // Removing a field removes its index with its column.
  await client.app.deleteFormFields({ app, fields: ['amount', 'due'] });
  await client.app.deployApp({ apps: [{ app }] });
  assert.deepEqual(indexes().sort(), first.sort());
});
