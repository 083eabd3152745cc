// Record comments through the client: adding with mentions, listing with order, offset,
// limit and the older/newer flags, deleting (only by the author), and the errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser, isError } from './lib/util.mjs';

let srv, client, sato, app, rec, rec2, privateApp;

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  sato = clientFor(srv, (await addUser(srv, 'sato', { name: '佐藤 花子' })).auth);
  await addUser(srv, 'tanaka', { name: '田中' });
  app = await makeApp(client, 'コメント', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
    ],
  });
  privateApp = await makeApp(client, '非公開', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } });
  rec = (await client.record.addRecord({ app, record: { title: { value: 'with comments' } } })).id;
  rec2 = (await client.record.addRecord({ app, record: { title: { value: 'other' } } })).id;
});
after(async () => { await srv.stop(); });

test('add with mentions, read back with creator, time and mentions', async () => {
  const { id } = await client.record.addRecordComment({ app, record: rec, comment: { text: '確認お願いします。\n二行目', mentions: [{ code: 'sato', type: 'USER' }, { code: 'tanaka', type: 'USER' }] } });
  assert.match(id, /^\d+$/);
  const { comments, older, newer } = await client.record.getRecordComments({ app, record: rec });
  assert.equal(comments.length, 1);
  const c = comments[0];
  assert.equal(c.id, id);
  assert.ok(c.text.includes('確認お願いします。\n二行目'));
  assert.ok(c.text.includes('sato') && c.text.includes('tanaka'), `mentioned users are put in front: ${c.text}`);
  assert.deepEqual(c.creator, { code: 'admin', name: 'Administrator' });
  assert.match(c.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(c.mentions, [{ code: 'sato', type: 'USER' }, { code: 'tanaka', type: 'USER' }]);
  assert.equal(older, false);
  assert.equal(newer, false);
  // Another user who may view the record comments too.
  const s = await sato.record.addRecordComment({ app, record: rec, comment: { text: 'はい' } });
  const again = await client.record.getRecordComments({ app, record: rec });
  assert.deepEqual(again.comments.map((x) => x.id), [s.id, id], 'newest first by default');
  assert.deepEqual(again.comments[0].creator, { code: 'sato', name: '佐藤 花子' });
  assert.deepEqual(again.comments[0].mentions, []);
  // Comments belong to their record.
  assert.deepEqual((await client.record.getRecordComments({ app, record: rec2 })).comments, []);
});

test('order, offset, limit and the older / newer flags', async () => {
  const ids = [];
  for (let i = 0; i < 13; i++) ids.push(Number((await client.record.addRecordComment({ app, record: rec2, comment: { text: `c${i}` } })).id));
  const desc = [...ids].reverse();
  const page = async (o) => {
    const r = await client.record.getRecordComments({ app, record: rec2, ...o });
    return { ids: r.comments.map((c) => Number(c.id)), older: r.older, newer: r.newer };
  };
  assert.deepEqual(await page({}), { ids: desc.slice(0, 10), older: true, newer: false });
  assert.deepEqual(await page({ order: 'desc', limit: 3 }), { ids: desc.slice(0, 3), older: true, newer: false });
  assert.deepEqual(await page({ order: 'desc', limit: 3, offset: 3 }), { ids: desc.slice(3, 6), older: true, newer: true });
  assert.deepEqual(await page({ order: 'desc', offset: 10 }), { ids: desc.slice(10), older: false, newer: true });
  assert.deepEqual(await page({ order: 'asc', limit: 4 }), { ids: ids.slice(0, 4), older: false, newer: true });
  assert.deepEqual(await page({ order: 'asc', limit: 4, offset: 4 }), { ids: ids.slice(4, 8), older: true, newer: true });
  assert.deepEqual(await page({ order: 'asc', offset: 12 }), { ids: ids.slice(12), older: true, newer: false });
  assert.deepEqual(await page({ order: 'asc', offset: 50 }), { ids: [], older: true, newer: false });
  await rejects(client.record.getRecordComments({ app, record: rec2, limit: 11 }), { code: 'CB_VA01', keys: ['limit'] });
  await rejects(client.record.getRecordComments({ app, record: rec2, limit: 0 }), { code: 'CB_VA01', keys: ['limit'] });
  await rejects(client.record.getRecordComments({ app, record: rec2, order: 'newest' }), { code: 'CB_VA01', keys: ['order'] });
  await rejects(client.record.getRecordComments({ app, record: rec2, offset: -1 }), { code: 'CB_VA01', keys: ['offset'] });
});

test('only the author deletes a comment; unknown comments are GAIA_RE02 (400)', async () => {
  const mine = (await client.record.addRecordComment({ app, record: rec, comment: { text: 'admin says' } })).id;
  const theirs = (await sato.record.addRecordComment({ app, record: rec, comment: { text: 'sato says' } })).id;
  await rejects(sato.record.deleteRecordComment({ app, record: rec, comment: mine }), { code: 'CB_NO02', status: 403 });
  await rejects(client.record.deleteRecordComment({ app, record: rec, comment: theirs }), { code: 'CB_NO02', status: 403 });
  await sato.record.deleteRecordComment({ app, record: rec, comment: theirs });
  await client.record.deleteRecordComment({ app, record: rec, comment: mine });
  const left = (await client.record.getRecordComments({ app, record: rec })).comments.map((c) => c.id);
  assert.ok(!left.includes(mine) && !left.includes(theirs));
  const e = await rejects(client.record.deleteRecordComment({ app, record: rec, comment: mine }), { code: 'GAIA_RE02', status: 400 });
  assert.ok(e.message.length > 0);
  await rejects(client.record.deleteRecordComment({ app, record: rec, comment: 987654 }), { code: 'GAIA_RE02', status: 400 });
  // A comment id of another record is unknown on this one.
  const elsewhere = (await client.record.addRecordComment({ app, record: rec2, comment: { text: 'x' } })).id;
  await rejects(client.record.deleteRecordComment({ app, record: rec, comment: elsewhere }), { code: 'GAIA_RE02', status: 400 });
  // DELETE with the parameters in the query string, as the client sends them.
  const r = await call(srv, 'DELETE', `/k/v1/record/comment.json?app=${app}&record=${rec2}&comment=${elsewhere}`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, {});
});

test('bad comments are refused: empty, too long, too many or unknown mentions, unknown records, no right', async () => {
  await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: '' } }), { code: 'CB_VA01', keys: ['comment.text'] });
  await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: 'x'.repeat(65536) } }), { code: 'CB_VA01', keys: ['comment.text'] });
  await client.record.addRecordComment({ app, record: rec, comment: { text: 'あ'.repeat(65535) } });
  const eleven = Array.from({ length: 11 }, () => ({ code: 'sato', type: 'USER' }));
  await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: 'x', mentions: eleven } }), { code: 'CB_VA01', keys: ['comment.mentions'] });
  await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: 'x', mentions: [{ code: 'nobody', type: 'USER' }] } }), { code: 'CB_VA01', keys: ['comment.mentions[0]'] });
  await rejects(client.record.addRecordComment({ app, record: 424242, comment: { text: 'x' } }), { code: 'GAIA_RE01', status: 404 });
  await rejects(client.record.getRecordComments({ app, record: 424242 }), { code: 'GAIA_RE01', status: 404 });
  isError(await call(srv, 'POST', '/k/v1/record/comment.json', { body: { app, record: rec } }), 400, 'CB_VA01', ['comment']);
  // sato may not view the private app: no reading, no commenting.
  const prec = (await client.record.addRecord({ app: privateApp, record: {} })).id;
  await rejects(sato.record.addRecordComment({ app: privateApp, record: prec, comment: { text: 'x' } }), { code: 'CB_NO02', status: 403 });
  await rejects(sato.record.getRecordComments({ app: privateApp, record: prec }), { code: 'CB_NO02', status: 403 });
});
