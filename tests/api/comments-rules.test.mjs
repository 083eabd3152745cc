// Comments under the rules (RULES.md row 13; Abiko §11 "comments only within business
// scope, nothing unbecoming", Kumamoto 第16条(1)): kintone's per-app switch enableComments
// (off -> every comment path refused with DC_CM01, through the official client); deleted
// comments kept with who deleted them and when (policy comments.history), readable by the
// app's managers and auditors only; the reminder of the rules before a person's first
// comment (policy comments.reminder); "report to the manager" opens an inbox item for the
// app's owner and the protection managers of the owner's section. The policy keys are
// switched one by one on a plain install (off by default, kintone behaviour), and the
// abiko preset is checked to turn them on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { addUser, clientFor, deploy, isError, makeApp, rejects, sql } from './lib/util.mjs';

let srv, owner, ownerClient, sato, satoClient, kiko, aud, app, rec;

const setPolicy = async (rules) => {
  const r = await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules } });
  assert.equal(r.status, 200, r.text);
};

before(async () => {
  srv = await startServer();
  for (const unit of [
    { kind: 'department', code: 'soumu', name: '総務部' },
    { kind: 'section', code: 'jinji', name: '人事課', parent: 'soumu' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  owner = await addUser(srv, 'owner', { section: 'jinji', canCreateApps: true });
  sato = await addUser(srv, 'sato', { section: 'jinji' });
  kiko = await addUser(srv, 'kiko', { section: 'jinji' });
  aud = await addUser(srv, 'aud', { section: 'jinji' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'aud', roles: ['auditor'] } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'jinji', managers: ['kiko'] } })).status, 200);
  ownerClient = clientFor(srv, owner.auth);
  satoClient = clientFor(srv, sato.auth);
  app = await makeApp(ownerClient, '相談記録', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
    ],
  });
  rec = (await ownerClient.record.addRecord({ app, record: { title: { value: '窓口' } } })).id;
});
after(async () => { await srv.stop(); });

test('the app setting enableComments: on by default; off refuses reading, posting and deleting (DC_CM01)', async () => {
  const settings = await ownerClient.app.getAppSettings({ app });
  assert.equal(settings.enableComments, true);
  const { id } = await satoClient.record.addRecordComment({ app, record: rec, comment: { text: '確認しました' } });
  await ownerClient.app.updateAppSettings({ app, enableComments: false });
  await rejects(ownerClient.app.updateAppSettings({ app, enableComments: 'no' }), { code: 'CB_VA01', keys: ['enableComments'] });
  // Only the deployed setting counts: still on until the change is deployed.
  assert.equal((await satoClient.record.getRecordComments({ app, record: rec })).comments.length, 1);
  await deploy(ownerClient, app);
  assert.equal((await ownerClient.app.getAppSettings({ app })).enableComments, false);
  assert.equal((await ownerClient.app.getAppSettings({ app, preview: true })).enableComments, false);
  const err = await rejects(satoClient.record.addRecordComment({ app, record: rec, comment: { text: 'x' } }), { code: 'DC_CM01', status: 403 });
  assert.match(err.message, /我孫子市 §11/);
  await rejects(satoClient.record.getRecordComments({ app, record: rec }), { code: 'DC_CM01' });
  await rejects(satoClient.record.deleteRecordComment({ app, record: rec, comment: id }), { code: 'DC_CM01' });
  const en = await call(srv, 'GET', `/k/v1/record/comments.json?app=${app}&record=${rec}`, { auth: sato.auth, headers: { 'Accept-Language': 'en' } });
  assert.match(isError(en, 403, 'DC_CM01').message, /Comments are switched off in this app \(Abiko §11/);
  await ownerClient.app.updateAppSettings({ app, enableComments: true });
  await deploy(ownerClient, app);
  assert.equal((await satoClient.record.getRecordComments({ app, record: rec })).comments.length, 1);
});

test('policy off (kintone behaviour): a deleted comment is gone, nothing kept', async () => {
  const { id } = await satoClient.record.addRecordComment({ app, record: rec, comment: { text: '消す予定' } });
  await satoClient.record.deleteRecordComment({ app, record: rec, comment: id });
  assert.equal(sql(srv, 'SELECT count(*) AS n FROM comment_history')[0].n, 0);
  const r = await call(srv, 'GET', `/api/comment/reminder.json`, { auth: sato.auth });
  assert.equal(r.json.show, false);
});

test('comments.history: the deleted comment is kept with who and when; managers and auditors read it, others are refused', async () => {
  await setPolicy({ 'comments.history': true });
  const { id } = await satoClient.record.addRecordComment({ app, record: rec, comment: { text: '不適切な書き込み', mentions: [{ code: 'owner', type: 'USER' }] } });
  await satoClient.record.deleteRecordComment({ app, record: rec, comment: id });
  const gone = await satoClient.record.getRecordComments({ app, record: rec });
  assert.ok(gone.comments.every((c) => c.id !== id));
  // A new comment never takes the deleted one's id.
  const next = await satoClient.record.addRecordComment({ app, record: rec, comment: { text: '次' } });
  assert.ok(Number(next.id) > Number(id));
  for (const who of [owner, aud]) {
    const h = await call(srv, 'GET', `/api/record/comment/history.json?app=${app}&record=${rec}`, { auth: who.auth });
    assert.equal(h.status, 200, h.text);
    const kept = h.json.comments.find((c) => c.id === String(id));
    assert.ok(kept, h.text);
    assert.equal(kept.text, '@owner \n不適切な書き込み');
    assert.equal(kept.creator, 'sato');
    assert.equal(kept.deletedBy, 'sato');
    assert.match(kept.deletedAt, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(kept.mentions, [{ code: 'owner', type: 'USER' }]);
  }
  const refused = isError(await call(srv, 'GET', `/api/record/comment/history.json?app=${app}`, { auth: sato.auth }), 403, 'DC_CM02');
  assert.match(refused.message, /我孫子市 §11/);
  // Deleting and reading the history are both in the access log.
  const log = sql(srv, `SELECT action, user_code FROM access_log WHERE action IN ('comment.delete', 'comment.history.read') AND app_id = ${app} ORDER BY id`);
  assert.ok(log.some((l) => l.action === 'comment.delete' && l.user_code === 'sato'), JSON.stringify(log));
  assert.ok(log.some((l) => l.action === 'comment.history.read' && l.user_code === 'aud'), JSON.stringify(log));
  await setPolicy({ 'comments.history': false });
});

test('comments.reminder: shown until the person acknowledges it, once', async () => {
  await setPolicy({ 'comments.reminder': true });
  const before1 = await call(srv, 'GET', '/api/comment/reminder.json', { auth: sato.auth });
  assert.deepEqual(before1.json, { show: true, acknowledgedAt: null });
  const ack = await call(srv, 'POST', '/api/comment/reminder.json', { auth: sato.auth, body: {} });
  assert.equal(ack.status, 200, ack.text);
  const after1 = await call(srv, 'GET', '/api/comment/reminder.json', { auth: sato.auth });
  assert.equal(after1.json.show, false);
  assert.match(after1.json.acknowledgedAt, /^\d{4}-/);
  assert.equal((await call(srv, 'GET', '/api/comment/reminder.json', { auth: kiko.auth })).json.show, true);
  assert.equal(sql(srv, "SELECT count(*) AS n FROM access_log WHERE action = 'comment.reminder.ack' AND user_code = 'sato'")[0].n, 1);
  await setPolicy({ 'comments.reminder': false });
});

test('report to the manager: an inbox item for the app owner and the protection managers of the owner\'s section', async () => {
  const { id } = await satoClient.record.addRecordComment({ app, record: rec, comment: { text: 'x'.repeat(700) } });
  const r = await call(srv, 'POST', '/api/record/comment/report.json', { auth: kiko.auth, body: { app, record: rec, comment: id, reason: '業務と関係のない内容' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.notified, '2');
  const items = sql(srv, `SELECT u.code, i.detail FROM inbox i JOIN users u ON u.id = i.user_id WHERE i.kind = 'comment.report' ORDER BY u.code`);
  assert.deepEqual(items.map((i) => i.code), ['kiko', 'owner']);
  const d = JSON.parse(items[0].detail);
  assert.equal(d.reason, '業務と関係のない内容');
  assert.equal(d.reporter, 'kiko');
  assert.equal(d.comment.creator, 'sato');
  assert.equal([...d.comment.text].length, 501);
  assert.equal(d.actions[0].href, `/apps/${app}/records/${rec}`);
  isError(await call(srv, 'POST', '/api/record/comment/report.json', { auth: kiko.auth, body: { app, record: rec, comment: 999 } }), 400, 'GAIA_RE02');
});

test('the abiko preset turns the comment rules on', async () => {
  const abiko = await startServer({ preset: 'abiko' });
  try {
    const p = await call(abiko, 'GET', '/api/admin/policy.json');
    const rules = Object.fromEntries((p.json.rules || []).map((k) => [k.key, k.value]));
    assert.equal(String(rules['comments.history']), 'true', p.text.slice(0, 300));
    assert.equal(String(rules['comments.reminder']), 'true');
    const u = await addUser(abiko, 'u1');
    assert.equal((await call(abiko, 'GET', '/api/comment/reminder.json', { auth: u.auth })).json.show, true);
  } finally {
    await abiko.stop();
  }
});
