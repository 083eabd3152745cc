// The web UI's data tools, through daicho's own endpoints: saved views (kintone's
// app/views.json), graph aggregates, CSV export (its own right, UTF-8 with BOM or
// Shift_JIS) and CSV import (dry run with every row's problems, then all or nothing).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { startServer, call } from './lib/server.mjs';

let srv, client, app;
const sato = { username: 'sato', password: 'sato-password-1' };

before(async () => {
  srv = await startServer();
  client = new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth: srv.auth });
  await call(srv, 'POST', '/api/admin/users.json', { body: { code: 'sato', name: '佐藤', password: sato.password } });
  ({ app } = await client.app.addApp({ name: '備品' }));
  await client.app.addFormFields({
    app,
    properties: {
      title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: '件名', unique: true },
      amount: { type: 'NUMBER', code: 'amount', label: '金額' },
      status: { type: 'DROP_DOWN', code: 'status', label: '状態',
        options: { 新規: { label: '新規', index: '0' }, 完了: { label: '完了', index: '1' } } },
      due: { type: 'DATE', code: 'due', label: '期限' },
      tags: { type: 'CHECK_BOX', code: 'tags', label: 'タグ',
        options: { a: { label: 'a', index: '0' }, b: { label: 'b', index: '1' } } },
    },
  });
  // sato may view and add, but not export.
  await call(srv, 'PUT', '/k/v1/preview/app/acl.json', { body: { app, rights: [
    { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true,
      recordEditable: true, recordDeletable: true, recordExportable: true },
    { entity: { type: 'USER', code: 'sato' }, recordViewable: true, recordAddable: true },
  ] } });
  await client.app.deployApp({ apps: [{ app }] });
});
after(async () => { await srv.stop(); });

test('views are saved in preview, checked against the form, and deployed', async () => {
  const put = await client.app.updateViews({ app, views: {
    一覧: { type: 'LIST', name: '一覧', index: 0, fields: ['title', 'amount'], filterCond: 'amount > 5', sort: 'amount desc' },
    予定: { type: 'CALENDAR', name: '予定', index: 1, date: 'due', title: 'title' },
  } });
  assert.ok(put.views.一覧.id);
  const bad = await call(srv, 'PUT', '/k/v1/preview/app/views.json', {
    body: { app, views: { x: { type: 'LIST', filterCond: 'no_such = 1' } } }, headers: { 'Accept-Language': 'en' } });
  assert.equal(bad.status, 400);
  assert.match(bad.json.errors['views.x.filterCond'].messages[0], /no_such/);
  const wrongField = await call(srv, 'PUT', '/k/v1/preview/app/views.json', {
    body: { app, views: { x: { type: 'CALENDAR', date: 'title', title: 'title' } } } });
  assert.ok(wrongField.json.errors['views.x.date']);
  await client.app.deployApp({ apps: [{ app }] });
  const { views } = await client.app.getViews({ app });
  assert.deepEqual(views.一覧.fields, ['title', 'amount']);
  assert.equal(views.一覧.filterCond, 'amount > 5');
  assert.equal(views.予定.date, 'due');
  // Saving again keeps each view's id.
  const again = await client.app.updateViews({ app, views: { 一覧: { type: 'LIST', name: '一覧', index: 0 } } });
  assert.equal(again.views.一覧.id, put.views.一覧.id);
});

test('import: a dry run reports every row problem and writes nothing; the commit is all or nothing', async () => {
  const rows = [
    { title: { value: '机' }, amount: { value: '10' }, status: { value: '新規' }, due: { value: '2024-03-05' }, tags: { value: ['a', 'b'] } },
    { title: { value: '机' }, amount: { value: 'x' } },
    { title: { value: '椅子' }, status: { value: 'どれでもない' } },
  ];
  const dry = await call(srv, 'POST', '/api/records/import.json', { body: { app, dryRun: true, records: rows } });
  assert.equal(dry.status, 400);
  assert.deepEqual(Object.keys(dry.json.errors).sort(),
    ['records[1].title.value', 'records[1][amount].value', 'records[2].status.value'].sort());
  assert.equal((await client.record.getRecords({ app })).records.length, 0);
  const good = rows.slice(0, 1).concat([
    { title: { value: '椅子, "木製"\n2脚' }, amount: { value: '7' }, status: { value: '完了' }, due: { value: '2024-04-01' }, tags: { value: ['b'] } },
  ]);
  const check = await call(srv, 'POST', '/api/records/import.json', { body: { app, dryRun: true, records: good } });
  assert.deepEqual(check.json, { dryRun: true, added: '2', updated: '0' });
  assert.equal((await client.record.getRecords({ app })).records.length, 0);
  const done = await call(srv, 'POST', '/api/records/import.json', { body: { app, records: good } });
  assert.deepEqual(done.json, { dryRun: false, added: '2', updated: '0' });
  // With an update key, existing rows are updated and new ones added.
  const upd = await call(srv, 'POST', '/api/records/import.json', { body: { app, updateKey: 'title', records: [
    { title: { value: '机' }, amount: { value: '11' } },
    { title: { value: '棚' }, amount: { value: '3' }, status: { value: '新規' } },
  ] } });
  assert.deepEqual(upd.json, { dryRun: false, added: '1', updated: '1' });
  const { records } = await client.record.getRecords({ app, query: 'title = "机"' });
  assert.equal(records[0].amount.value, '11');
  // Adding needs the add right; updating by key the edit right too.
  const noEdit = await call(srv, 'POST', '/api/records/import.json', { auth: sato, body: { app, updateKey: 'title', records: [] } });
  assert.equal(noEdit.json.code, 'CB_NO02');
});

test('aggregates group by option, list value and month, with sums', async () => {
  const agg = (q) => call(srv, 'GET', `/api/records/aggregate.json?app=${app}&${q}`);
  const byStatus = await agg('group=status&func=SUM&field=amount');
  assert.deepEqual(byStatus.json.groups, [
    { key: '完了', count: '1', value: '7' }, { key: '新規', count: '2', value: '14' }]);
  const byTag = await agg('group=tags');
  assert.deepEqual(byTag.json.groups.map((g) => [g.key, g.count]), [['a', '1'], ['b', '2']]);
  const byMonth = await agg('group=due&period=MONTH&query=' + encodeURIComponent('amount >= 7'));
  assert.deepEqual(byMonth.json.groups.map((g) => [g.key, g.count]), [['2024-03', '1'], ['2024-04', '1']]);
  assert.equal((await agg('group=nothing')).json.errors.group.messages.length, 1);
  assert.equal((await agg('group=status&func=SUM&field=title')).status, 400);
});

test('export: UTF-8 with BOM or Shift_JIS, quoted, in the view order; only with the export right', async () => {
  const q = encodeURIComponent('order by amount desc');
  const r = await fetch(`${srv.baseUrl}/api/records/export.csv?app=${app}&query=${q}&fields[0]=title&fields[1]=amount&fields[2]=tags`, {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`admin:${srv.auth.password}`).toString('base64') } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv; charset=utf-8/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  assert.equal(text, '"件名","金額","タグ"\r\n"机","11","a\nb"\r\n"椅子, ""木製""\n2脚","7","b"\r\n"棚","3",\r\n');
  const sj = await fetch(`${srv.baseUrl}/api/records/export.csv?app=${app}&encoding=Shift_JIS&fields[0]=title`, {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`admin:${srv.auth.password}`).toString('base64') } });
  const decoded = new TextDecoder('shift_jis').decode(await sj.arrayBuffer());
  assert.match(decoded, /^"件名"\r\n/);
  assert.match(decoded, /"椅子, ""木製""\n2脚"/);
  const denied = await call(srv, 'GET', `/api/records/export.csv?app=${app}`, { auth: sato });
  assert.equal(denied.status, 403);
  assert.equal(denied.json.code, 'CB_NO02');
});
