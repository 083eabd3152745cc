// API tokens and webhooks reviewed before use (RULES.md row 12, Abiko §10). With the abiko
// preset ("extensions.review" on) a new token opens nothing (DC_XT01) until a system or
// security administrator other than its author approves it; the author cannot approve
// their own (DC_XT03); a token never carries or uses more than its owner's rights on the
// app (DC_XT04 at creation, the owner's current rights at each request); webhooks go only
// to allow-listed destinations (DC_XT02, checked again at send time), wait for review, and
// deliver kintone's notification to a local receiver. With the rules off tokens and
// webhooks work at once, as in kintone.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { call, startServer } from './lib/server.mjs';
import { addUser, clientFor, deploy, isError, makeApp, sql } from './lib/util.mjs';

let abiko, plain, receiver, received = [], hookUrl, sec, owner, appId, flakyFailed = false;

const acl = (ownerRights) => [
  { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true,
    recordDeletable: true, recordImportable: true, recordExportable: true },
  { entity: { type: 'USER', code: 'owner1' }, appEditable: false, recordImportable: false, recordExportable: false,
    recordViewable: true, recordAddable: ownerRights.includes('add'), recordEditable: ownerRights.includes('edit'),
    recordDeletable: false },
];
const props = { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'Title' } };

// Waits until the receiver holds n notifications (or fails after ms).
async function receivedCount(n, ms = 8000) {
  const deadline = Date.now() + ms;
  while (received.length < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} webhook deliveries, got ${received.length}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      // "/flaky" fails its first call: the sender tries again.
      if (req.url === '/flaky' && !flakyFailed) {
        flakyFailed = true;
        res.writeHead(503);
        res.end();
        return;
      }
      received.push({ method: req.method, path: req.url, type: req.headers['content-type'], body: JSON.parse(body) });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${receiver.address().port}/hook`;
  [abiko, plain] = await Promise.all([startServer({ preset: 'abiko' }), startServer()]);
  sec = await addUser(abiko, 'sec');
  assert.equal((await call(abiko, 'PUT', '/api/admin/users.json', { body: { code: 'sec', roles: ['security_admin'] } })).status, 200);
  owner = await addUser(abiko, 'owner1');
  // This file is about row 12: the app lifecycle (row 8) is another file's subject.
  const off = await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'apps.lifecycle': false } } });
  assert.equal(off.status, 200, off.text);
  appId = await makeApp(clientFor(abiko), 'hooks', props, { acl: acl(['view', 'add']) });
});
after(async () => {
  await Promise.all([abiko.stop(), plain.stop()]);
  receiver.close();
});

const tokenBody = (extra) => ({ app: appId, owner: 'owner1', viewRecord: true, addRecord: true, purpose: '住民票交付の集計連携', ...extra });

test('preset on: a new token is refused with DC_XT01 until another administrator approves it', async () => {
  const made = await call(abiko, 'POST', '/api/admin/tokens.json', { body: tokenBody() });
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.state, 'pending');
  const token = made.json.token;
  const use = (lang = 'ja') => call(abiko, 'GET', `/k/v1/records.json?app=${appId}`, { auth: { apiToken: token }, headers: { 'Accept-Language': lang } });
  const err = isError(await use(), 401, 'DC_XT01');
  assert.match(err.message, /我孫子市 §10/);
  assert.match(isError(await use('en'), 401, 'DC_XT01').message, /Abiko §10.*must approve|must approve.*Abiko §10/s);
  // The reviewers (system and security administrators but the author) get an inbox item.
  const inbox = sql(abiko, `SELECT u.code, i.detail FROM inbox i JOIN users u ON u.id = i.user_id
    WHERE i.kind = 'token.review' AND i.ref_id = ${made.json.id}`);
  assert.deepEqual(inbox.map((i) => i.code), ['sec']);
  const actions = JSON.parse(inbox[0].detail).actions;
  assert.equal(actions[0].path, '/api/admin/token/review.json');
  // The author cannot approve their own token.
  isError(await call(abiko, 'POST', '/api/admin/token/review.json', { body: { id: made.json.id, approve: true } }), 403, 'DC_XT03');
  isError(await use(), 401, 'DC_XT01');
  // The list shows the review state; only another reviewer may decide.
  const mine = (await call(abiko, 'GET', `/api/admin/tokens.json?app=${appId}`)).json.tokens.find((t) => t.id === made.json.id);
  assert.equal(mine.state, 'pending');
  assert.equal(mine.purpose, '住民票交付の集計連携');
  assert.equal(mine.createdBy, 'admin');
  assert.equal(mine.canReview, false);
  const theirs = (await call(abiko, 'GET', `/api/admin/tokens.json?app=${appId}`, { auth: sec.auth })).json.tokens.find((t) => t.id === made.json.id);
  assert.equal(theirs.canReview, true);
  // The inbox action, as the security administrator.
  const ok = await call(abiko, actions[0].method, actions[0].path, { auth: sec.auth, body: actions[0].body });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'active');
  isError(await call(abiko, 'POST', '/api/admin/token/review.json', { auth: sec.auth, body: { id: made.json.id, approve: false } }), 409, 'DC_XT06');
  assert.equal((await use()).status, 200);
  const add = await call(abiko, 'POST', '/k/v1/record.json', { auth: { apiToken: token }, body: { app: appId, record: { title: { value: 'by token' } } } });
  assert.equal(add.status, 200, add.text);
  // Logged as the owner, with the token's id.
  const log = sql(abiko, `SELECT user_code, auth, token_id FROM access_log WHERE action = 'record.add' ORDER BY id DESC LIMIT 1`);
  assert.deepEqual(log[0], { user_code: 'owner1', auth: 'token', token_id: Number(made.json.id) });
  const done = sql(abiko, `SELECT count(*) AS n FROM inbox WHERE kind = 'token.review' AND ref_id = ${made.json.id} AND done_at = 0`);
  assert.equal(done[0].n, 0);
});

test('preset on: a refused token stays unusable; a token needs a purpose', async () => {
  const made = await call(abiko, 'POST', '/api/admin/tokens.json', { body: tokenBody() });
  const no = await call(abiko, 'POST', '/api/admin/token/review.json', { auth: sec.auth, body: { id: made.json.id, approve: false, comment: 'no test report' } });
  assert.equal(no.json.state, 'refused');
  const err = isError(await call(abiko, 'GET', `/k/v1/records.json?app=${appId}`, { auth: { apiToken: made.json.token }, headers: { 'Accept-Language': 'en' } }), 401, 'DC_XT01');
  assert.match(err.message, /refused/);
  isError(await call(abiko, 'POST', '/api/admin/tokens.json', { body: tokenBody({ purpose: undefined }) }), 400, 'CB_VA01', ['purpose']);
});

test('preset on: token rights are capped by the owner\'s, at creation and at each request', async () => {
  // Creation above the owner's rights (owner1 may view and add, not edit or delete).
  const err = isError(await call(abiko, 'POST', '/api/admin/tokens.json', { body: tokenBody({ editRecord: true, deleteRecord: true }), headers: { 'Accept-Language': 'en' } }), 400, 'DC_XT04');
  assert.match(err.message, /editRecord, deleteRecord/);
  // A token within the owner's rights, approved.
  const made = await call(abiko, 'POST', '/api/admin/tokens.json', { body: tokenBody() });
  assert.equal((await call(abiko, 'POST', '/api/admin/token/review.json', { auth: sec.auth, body: { id: made.json.id, approve: true } })).status, 200);
  const add = () => call(abiko, 'POST', '/k/v1/record.json', { auth: { apiToken: made.json.token }, body: { app: appId, record: { title: { value: 'x' } } } });
  assert.equal((await add()).status, 200);
  // The owner loses the add right: so does the token, at the next request.
  const client = clientFor(abiko);
  await client.app.updateAppAcl({ app: appId, rights: acl(['view']) });
  await deploy(client, appId);
  isError(await add(), 403, 'GAIA_NO01');
  assert.equal((await call(abiko, 'GET', `/k/v1/records.json?app=${appId}`, { auth: { apiToken: made.json.token } })).status, 200);
  await client.app.updateAppAcl({ app: appId, rights: acl(['view', 'add']) });
  await deploy(client, appId);
  assert.equal((await add()).status, 200);
});

test('preset on: webhooks to a destination off the allow-list are refused with DC_XT02', async () => {
  const body = { app: appId, url: hookUrl, events: ['ADD_RECORD'] };
  // The list is empty: nothing is allowed.
  const err = isError(await call(abiko, 'POST', '/api/app/webhooks.json', { body }), 400, 'DC_XT02');
  assert.match(err.message, /我孫子市 §10/);
  assert.match(err.message, /127\.0\.0\.1/);
  const set = await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'extensions.webhook_allow': 'hooks.example.jp, 127.0.0.1' } } });
  assert.equal(set.status, 200, set.text);
  for (const url of ['https://evil.example/hook', 'https://hooks.example.jp.evil.example/', 'https://x@evil.example/']) {
    const r = await call(abiko, 'POST', '/api/app/webhooks.json', { body: { ...body, url } });
    assert.ok(r.json.code === 'DC_XT02' || (r.json.code === 'CB_VA01' && r.json.errors.url), `${url}: ${r.text}`);
  }
  isError(await call(abiko, 'POST', '/api/app/webhooks.json', { body: { ...body, url: 'ftp://127.0.0.1/x' } }), 400, 'CB_VA01', ['url']);
  isError(await call(abiko, 'POST', '/api/app/webhooks.json', { body: { ...body, events: ['NOPE'] } }), 400, 'CB_VA01', ['events[0]']);
  // Policy values themselves are checked.
  assert.equal((await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'extensions.webhook_allow': 'ftp://x/' } } })).status, 400);
  // Only app managers: owner1 cannot list or add.
  isError(await call(abiko, 'GET', `/api/app/webhooks.json?app=${appId}`, { auth: owner.auth }), 403, 'CB_NO02');
});

test('preset on: an approved webhook delivers kintone\'s notification; an allow-list change stops it at send time', async () => {
  const made = await call(abiko, 'POST', '/api/app/webhooks.json', { body: { app: appId, url: hookUrl, events: ['ADD_RECORD', 'UPDATE_RECORD', 'DELETE_RECORD'], description: '集計サーバーへ通知' } });
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.state, 'pending');
  const client = clientFor(abiko);
  // Pending: a write queues nothing.
  await client.record.addRecord({ app: appId, record: { title: { value: 'before approval' } } });
  // The author cannot approve it.
  isError(await call(abiko, 'POST', '/api/admin/webhook/review.json', { body: { id: made.json.id, approve: true } }), 403, 'DC_XT03');
  const pending = await call(abiko, 'GET', '/api/admin/webhooks.json?state=pending', { auth: sec.auth });
  assert.equal(pending.json.webhooks.length, 1);
  assert.equal(pending.json.webhooks[0].canReview, true);
  const inbox = sql(abiko, `SELECT u.code FROM inbox i JOIN users u ON u.id = i.user_id WHERE i.kind = 'webhook.review' AND i.ref_id = ${made.json.id}`);
  assert.deepEqual(inbox.map((i) => i.code), ['sec']);
  assert.equal((await call(abiko, 'POST', '/api/admin/webhook/review.json', { auth: sec.auth, body: { id: made.json.id, approve: true } })).json.state, 'active');
  await new Promise((r) => setTimeout(r, 700));
  assert.equal(received.length, 0, 'nothing was sent for the write made before approval');

  const { id, revision } = await client.record.addRecord({ app: appId, record: { title: { value: '転入届 1' } } });
  await receivedCount(1);
  const add = received[0];
  assert.equal(add.method, 'POST');
  assert.equal(add.path, '/hook');
  assert.match(add.type, /^application\/json/);
  assert.match(add.body.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(add.body.type, 'ADD_RECORD');
  assert.deepEqual(add.body.app, { id: String(appId), name: 'hooks' });
  assert.equal(add.body.record.title.value, '転入届 1');
  assert.equal(add.body.record.$id.value, String(id));
  assert.equal(add.body.recordTitle, '転入届 1');
  assert.match(add.body.url, new RegExp(`/apps/${appId}/records/${id}$`));

  await client.record.updateRecord({ app: appId, id, revision, record: { title: { value: '転入届 1（訂正）' } } });
  await receivedCount(2);
  assert.equal(received[1].body.type, 'UPDATE_RECORD');
  assert.equal(received[1].body.record.title.value, '転入届 1（訂正）');

  await client.record.addRecordComment({ app: appId, record: id, comment: { text: '転出先を確認', mentions: [{ code: 'owner1', type: 'USER' }] } });
  // Comments are not among this webhook's events: nothing is sent for it.
  await client.record.deleteRecords({ app: appId, ids: [id] });
  await receivedCount(3);
  const del = received[2].body;
  assert.equal(del.type, 'DELETE_RECORD');
  assert.equal(del.recordId, String(id));
  assert.equal(del.deleteBy.code, 'admin');
  assert.ok(del.deleteAt);

  const list = await call(abiko, 'GET', `/api/app/webhooks.json?app=${appId}`);
  const h = list.json.webhooks.find((w) => w.id === made.json.id);
  assert.equal(h.state, 'active');
  assert.equal(h.reviewedBy, 'sec');
  assert.deepEqual(h.lastDelivery && [h.lastDelivery.status, h.lastDelivery.result], [200, 'delivered']);

  // The allow-list changes after the approval: the host is never contacted again.
  const set = await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'extensions.webhook_allow': 'hooks.example.jp' } } });
  assert.equal(set.status, 200, set.text);
  await client.record.addRecord({ app: appId, record: { title: { value: 'after the list changed' } } });
  const deadline = Date.now() + 5000;
  let row;
  do {
    await new Promise((r) => setTimeout(r, 100));
    row = sql(abiko, `SELECT status, result FROM webhook_deliveries WHERE webhook_id = ${made.json.id} ORDER BY id DESC LIMIT 1`)[0];
  } while (row.status === 'pending' && Date.now() < deadline);
  assert.equal(row.status, 'refused');
  assert.match(row.result, /extensions\.webhook_allow/);
  assert.equal(received.length, 3);

  // Changing the URL sends it back to review.
  await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'extensions.webhook_allow': '127.0.0.1' } } });
  const upd = await call(abiko, 'PUT', '/api/app/webhooks.json', { body: { app: appId, id: made.json.id, url: `${hookUrl}/v2` } });
  assert.equal(upd.json.state, 'pending');
  // Turning it off and on is the manager's own switch, no review.
  const del2 = await call(abiko, 'DELETE', '/api/app/webhooks.json', { body: { app: appId, id: made.json.id } });
  assert.equal(del2.status, 200, del2.text);
  assert.equal((await call(abiko, 'GET', `/api/app/webhooks.json?app=${appId}`)).json.webhooks.length, 0);
});

test('class Ⅰ: notifications carry no record values (encrypted at rest, read through the API instead)', async () => {
  const client = clientFor(plain);
  const app = await makeApp(client, 'class one', props);
  const cls = await call(plain, 'PUT', '/api/app/governance.json', { body: { app, infoClass: 1 } });
  assert.equal(cls.status, 200, cls.text);
  await call(plain, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.webhook_allow': `http://127.0.0.1:${receiver.address().port}/` } } });
  const hook = await call(plain, 'POST', '/api/app/webhooks.json', { body: { app, url: hookUrl, events: ['ADD_RECORD', 'ADD_RECORD_COMMENT'] } });
  assert.equal(hook.json.state, 'active', hook.text);
  const before = received.length;
  const { id } = await client.record.addRecord({ app, record: { title: { value: '生活保護の相談' } } });
  await client.record.addRecordComment({ app, record: id, comment: { text: '面談の記録' } });
  await receivedCount(before + 2);
  const [add, comment] = received.slice(before).map((x) => x.body);
  assert.equal(add.type, 'ADD_RECORD');
  assert.equal(add.contentsWithheld, true);
  assert.equal(add.recordId, String(id));
  assert.equal(add.record, undefined);
  assert.equal(comment.comment.text, undefined);
  const stored = sql(plain, `SELECT payload FROM webhook_deliveries WHERE webhook_id = ${hook.json.id}`).map((x) => x.payload).join('');
  assert.ok(!stored.includes('生活保護') && !stored.includes('面談'), 'no value in the delivery queue');
  await call(plain, 'DELETE', '/api/app/webhooks.json', { body: { app, id: hook.json.id } });
  await call(plain, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.webhook_allow': '' } } });
});

test('preset off: tokens and webhooks work at once (kintone behaviour)', async () => {
  const client = clientFor(plain);
  const app = await makeApp(client, 'plain', props);
  const made = await call(plain, 'POST', '/api/admin/tokens.json', { body: { app, viewRecord: true, addRecord: true, editRecord: true } });
  assert.equal(made.json.state, 'active');
  assert.equal((await call(plain, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: made.json.token } })).status, 200);
  // An expiry ends a token, with or without the review.
  const at = new Date(Date.now() + 2000).toISOString().replace(/\.\d+Z$/, 'Z');
  const soon = await call(plain, 'POST', '/api/admin/tokens.json', { body: { app, viewRecord: true, expiresAt: at } });
  assert.equal(soon.status, 200, soon.text);
  const withSoon = () => call(plain, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: soon.json.token } });
  assert.equal((await withSoon()).status, 200);
  await new Promise((r) => setTimeout(r, 2600));
  isError(await withSoon(), 401, 'DC_XT05');
  isError(await call(plain, 'POST', '/api/admin/tokens.json', { body: { app, viewRecord: true, expiresAt: '2001-01-01T00:00:00Z' } }), 400, 'CB_VA01', ['expiresAt']);
  // Before its first deploy an app has no webhooks yet: the builder's panel says so.
  const draft = await call(plain, 'POST', '/k/v1/preview/app.json', { body: { name: 'draft' } });
  const none = await call(plain, 'GET', `/api/app/webhooks.json?app=${draft.json.app}`);
  assert.equal(none.status, 200, none.text);
  assert.deepEqual([none.json.deployed, none.json.webhooks], [false, []]);
  isError(await call(plain, 'POST', '/api/app/webhooks.json', { body: { app: draft.json.app, url: hookUrl, events: ['ADD_RECORD'] } }), 404, 'GAIA_AP01');
  // The allow-list still binds webhooks (empty: none).
  isError(await call(plain, 'POST', '/api/app/webhooks.json', { body: { app, url: hookUrl, events: ['ADD_RECORD'] } }), 400, 'DC_XT02');
  assert.equal((await call(plain, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.webhook_allow': `http://127.0.0.1:${receiver.address().port}/` } } })).status, 200);
  const hook = await call(plain, 'POST', '/api/app/webhooks.json', { body: { app, url: hookUrl, events: ['ADD_RECORD'] } });
  assert.equal(hook.json.state, 'active');
  let before = received.length;
  await client.record.addRecord({ app, record: { title: { value: 'plain' } } });
  await receivedCount(before + 1);
  assert.equal(received[before].body.type, 'ADD_RECORD');
  assert.equal(received[before].body.app.id, String(app));

  // Comments, when asked for.
  const talk = await call(plain, 'POST', '/api/app/webhooks.json', { body: { app, url: hookUrl, events: ['ADD_RECORD_COMMENT'] } });
  assert.equal(talk.json.state, 'active');
  const first = (await client.record.getRecords({ app })).records[0];
  const { id: cid } = await client.record.addRecordComment({ app, record: first.$id.value, comment: { text: '確認しました' } });
  await receivedCount(before + 2);
  const c = received[before + 1].body;
  assert.equal(c.type, 'ADD_RECORD_COMMENT');
  assert.equal(c.recordId, first.$id.value);
  assert.equal(c.recordTitle, 'plain');
  assert.deepEqual([c.comment.id, c.comment.text, c.comment.creator.code, c.comment.mentions], [String(cid), '確認しました', 'admin', []]);
  await call(plain, 'DELETE', '/api/app/webhooks.json', { body: { app, id: talk.json.id } });
  before += 1;

  // A failed delivery is tried again and then recorded as delivered.
  const flaky = await call(plain, 'POST', '/api/app/webhooks.json', { body: { app, url: hookUrl.replace('/hook', '/flaky'), events: ['UPDATE_RECORD'] } });
  assert.equal(flaky.status, 200, flaky.text);
  const recs = await client.record.getRecords({ app });
  await client.record.updateRecord({ app, id: recs.records[0].$id.value, record: { title: { value: 'again' } } });
  await receivedCount(before + 2);
  assert.equal(received[before + 1].path, '/flaky');
  assert.equal(received[before + 1].body.type, 'UPDATE_RECORD');
  const d = sql(plain, `SELECT status, attempts, http_status FROM webhook_deliveries WHERE webhook_id = ${flaky.json.id}`);
  assert.deepEqual(d, [{ status: 'delivered', attempts: 2, http_status: 200 }]);
});
