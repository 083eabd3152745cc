// The app lifecycle and its approvals (RULES.md rows 1, 8, 9: Abiko §9(3)–(5)). With the
// abiko preset a deployed app stays a draft: its owner fills in the registration items,
// requests publication, the approvers of the route decide in order from their inbox (the
// section head for classes Ⅱ–Ⅳ; the department head, then the administration section
// for class Ⅰ with sensitive data), the owner publishes and only then records work. The
// requester never approves their own request; a change of class on a published app and
// the end of use go through the route again. Without the rule (a fresh install) deploying
// publishes at once, as in kintone.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { addUser, clientFor, deploy, isError, makeApp, rejects, sql } from './lib/util.mjs';

let srv, plain, owner, kacho, bucho, gyokacho, sato;

const NAMING = { pattern: '^【[^ ]+】', explanation: 'アプリ名は【課名】で始めてください' };

function sqlWrite(q) {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${q}`], { encoding: 'utf8' });
}

const props = {
  shimei: { type: 'SINGLE_LINE_TEXT', code: 'shimei', label: '氏名' },
  shozoku: { type: 'SINGLE_LINE_TEXT', code: 'shozoku', label: '所属' },
  kazoku: {
    type: 'SUBTABLE', code: 'kazoku', label: '家族',
    fields: { zokugara: { type: 'SINGLE_LINE_TEXT', code: 'zokugara', label: '続柄' } },
  },
};

const registration = {
  purpose: '職員の連絡先を管理するため',
  responsible: '人事課長 課長 一郎',
  startDate: '2026-04-01',
  endDate: '2031-03-31',
};

before(async () => {
  srv = await startServer({
    preset: 'abiko',
    policy: {
      'apps.administration_section': 'gyokan',
      'apps.naming_pattern': NAMING.pattern,
      'apps.naming_explanation': NAMING.explanation,
    },
  });
  plain = await startServer();
  owner = await addUser(srv, 'tanaka', { canCreateApps: true, name: '田中 花子' });
  kacho = await addUser(srv, 'kacho', { canCreateApps: true, name: '課長 一郎' });
  bucho = await addUser(srv, 'bucho', { name: '部長 次郎' });
  gyokacho = await addUser(srv, 'gyokacho', { name: '行管 三郎' });
  sato = await addUser(srv, 'sato', { name: '佐藤 四郎' });
  const id = (u) => sql(srv, `SELECT id FROM users WHERE code = '${u.code}'`)[0].id;
  sqlWrite(`INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (10, NULL, 'department', 'soumu', '総務部', ${id(bucho)}, 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (11, 10, 'section', 'jinji', '人事課', ${id(kacho)}, 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (20, NULL, 'department', 'kikaku', '企画部', 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (21, 20, 'section', 'gyokan', '行政管理課', ${id(gyokacho)}, 0, 0);
    UPDATE users SET section_id = 11 WHERE code IN ('tanaka', 'kacho', 'sato');
    UPDATE users SET section_id = 10 WHERE code = 'bucho';
    UPDATE users SET section_id = 21 WHERE code = 'gyokacho';`);
});
after(async () => {
  await Promise.all([srv?.stop(), plain?.stop()]);
});

const gov = async (app, auth = owner.auth, s = srv) => {
  const r = await call(s, 'GET', `/api/app/governance.json?app=${app}`, { auth });
  assert.equal(r.status, 200, r.text);
  return r.json;
};
const put = (app, body, auth = owner.auth, s = srv) => call(s, 'PUT', '/api/app/governance.json', { auth, body: { app, ...body } });
const request = (app, kind, auth = owner.auth, extra = {}) =>
  call(srv, 'POST', '/api/app/request.json', { auth, body: { app, kind, ...extra } });
// The open inbox item of kind about approval id for user u (its detail parsed).
function inboxItem(u, kind, id) {
  const rows = sql(srv, `SELECT i.detail FROM inbox i JOIN users u ON u.id = i.user_id
    WHERE u.code = '${u.code}' AND i.kind = '${kind}' AND i.ref_id = ${Number(id)} AND i.done_at = 0`);
  return rows.length ? JSON.parse(rows[0].detail) : null;
}
// Runs one of an inbox item's actions as user u.
const act = (u, item, which) => {
  const a = item.actions[which === 'approve' ? 0 : 1];
  return call(srv, a.method, a.path, { auth: u.auth, body: a.body });
};

// A deployed draft app of the owner, its name following the naming rule unless told.
async function draftApp(name = '【人事課】職員名簿') {
  const client = clientFor(srv, owner.auth);
  return makeApp(client, name, props);
}

test('class Ⅱ: registration, request, the section head approves from the inbox, the owner publishes, then records work', async () => {
  const client = clientFor(srv, owner.auth);
  const app = await draftApp('職員名簿');
  // Before publication every record path refuses, naming the state (the foundation's gate).
  const refused = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01', status: 403 });
  assert.match(refused.message, /下書き/);

  let g = await gov(app);
  assert.equal(g.state, 'draft');
  assert.equal(g.lifecycle, true);
  assert.equal(g.owner.code, 'tanaka');
  assert.deepEqual(g.registration.items.map((i) => i.code), ['shimei', 'shozoku', 'zokugara']);
  assert.equal(g.registration.items[2].table, 'kazoku');
  assert.deepEqual(g.registration.admins, [{ type: 'CREATOR', code: 'tanaka' }]);
  for (const k of ['purpose', 'startDate', 'endDate', 'responsible']) assert.ok(g.missing.includes(k), k);

  // A request without the registration items is refused, listing what is missing (§9(4)(5)).
  const incomplete = await request(app, 'publish');
  const e1 = isError(incomplete, 400, 'DC_AL01', ['purpose', 'startDate', 'endDate', 'responsible']);
  assert.match(e1.message, /利用目的/);
  assert.match(e1.message, /§9\(4\)\(5\)/);

  // The owner fills them in; the class and flags too, a field flagged personal.
  const saved = await put(app, { ...registration, infoClass: 2, flags: { personal: true }, personalFields: ['shimei'] });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.approval, null);
  g = await gov(app);
  assert.deepEqual(g.missing, []);
  assert.equal(g.infoClass.label, 'Ⅱ');
  assert.equal(g.flags.personal, true);
  assert.equal(g.registration.items.find((i) => i.code === 'shimei').personal, true);
  // Others may read the registration only with the view right, and never change it.
  isError(await call(srv, 'GET', `/api/app/governance.json?app=${app}`, { auth: sato.auth }), 403, 'CB_NO02');
  isError(await put(app, { purpose: 'x' }, sato.auth), 403, 'DC_AL08');

  // The naming rule: the explanation is in the error.
  const badName = await request(app, 'publish');
  const e2 = isError(badName, 400, 'DC_AL02', ['name']);
  assert.ok(e2.message.includes(NAMING.explanation), e2.message);
  await client.app.updateAppSettings({ app, name: '【人事課】職員名簿' });
  await deploy(client, app);

  const req = await request(app, 'publish');
  assert.equal(req.status, 200, req.text);
  assert.equal(req.json.state, 'requested');
  const id = req.json.id;
  isError(await request(app, 'publish'), 409, 'DC_AL04');
  isError(await put(app, { purpose: 'changed while waiting' }), 409, 'DC_AL04');

  // The section head's inbox has the facts and the actions.
  const item = inboxItem(kacho, 'app.approval', id);
  assert.ok(item, 'the section head has an inbox item');
  assert.equal(item.approval.infoClass, 'Ⅱ');
  assert.equal(item.approval.purpose, registration.purpose);
  assert.match(item.approval.items, /氏名 \*/);
  assert.equal(item.actions[0].path, '/api/app/decide.json');
  assert.equal(inboxItem(bucho, 'app.approval', id), null, 'class Ⅱ does not go to the department head');

  // Nobody approves their own request; nobody else decides for the section head.
  isError(await call(srv, 'POST', '/api/app/decide.json', { auth: owner.auth, body: { id, decision: 'approve' } }), 403, 'DC_AL06');
  isError(await act(bucho, item, 'approve'), 403, 'DC_AL05');
  const ok = await act(kacho, item, 'approve');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.equal(ok.json.state, 'approved');
  assert.equal(inboxItem(kacho, 'app.approval', id), null, 'the item is done');
  assert.ok(inboxItem(owner, 'app.decision', id), 'the requester hears the outcome');

  // Approved is not yet in use: records still refuse until the owner publishes.
  await rejects(client.record.getRecords({ app }), { code: 'DC_AP01' });
  isError(await call(srv, 'POST', '/api/app/publish.json', { auth: sato.auth, body: { app } }), 403, 'DC_AL08');
  const pub = await call(srv, 'POST', '/api/app/publish.json', { auth: owner.auth, body: { app } });
  assert.equal(pub.status, 200, pub.text);
  assert.equal(pub.json.state, 'published');
  await client.record.addRecord({ app, record: { shimei: { value: '山田 太郎' } } });
  assert.equal((await client.record.getRecords({ app })).records.length, 1);

  // The decision is recorded with approver, time and the form's revision.
  g = await gov(app);
  const done = g.history.find((a) => a.id === String(id));
  assert.equal(done.status, 'approved');
  assert.equal(done.steps[0].step, 'section_head');
  assert.equal(done.steps[0].approver.code, 'kacho');
  assert.equal(done.steps[0].decision, 'approved');
  assert.match(done.steps[0].decidedAt, /^\d{4}-\d\d-\d\dT/);
  assert.equal(done.steps[0].revision, String(sql(srv, `SELECT live_revision FROM apps WHERE id = ${app}`)[0].live_revision));
  assert.equal(done.request.infoClass, 2);
  const logged = sql(srv, `SELECT action FROM access_log WHERE app_id = ${app} AND action LIKE 'app.%' ORDER BY id`).map((r) => r.action);
  for (const a of ['app.governance', 'app.request', 'app.decide', 'app.publish']) assert.ok(logged.includes(a), `${a} logged: ${logged}`);

  // A change of class on a published app needs approval again; the old class stays meanwhile.
  const ch = await put(app, { infoClass: 1, flags: { personal: true, sensitive: true } });
  assert.equal(ch.status, 200, ch.text);
  assert.ok(ch.json.approval, 'a change request was made');
  g = await gov(app);
  assert.equal(g.infoClass.rank, '2', 'class Ⅱ stays in force until approved');
  assert.equal(g.flags.sensitive, false);
  assert.equal(g.pending.kind, 'change');
  assert.deepEqual(g.pending.steps.map((s) => s.step), ['department_head', 'administration']);
  assert.equal((await client.record.getRecords({ app })).records.length, 1, 'still in use while the change waits');
  const chItem = inboxItem(bucho, 'app.approval', ch.json.approval);
  assert.equal((await act(bucho, chItem, 'approve')).status, 200);
  const chItem2 = inboxItem(gyokacho, 'app.approval', ch.json.approval);
  assert.equal((await act(gyokacho, chItem2, 'approve')).status, 200);
  g = await gov(app);
  assert.equal(g.infoClass.label, 'Ⅰ');
  assert.equal(g.flags.sensitive, true);
  assert.equal(g.pending, null);
  // Class Ⅰ from the approval on: the records are encrypted at rest (docs/ENCRYPTION.md).
  assert.deepEqual(sql(srv, `SELECT sealed FROM apps WHERE id = ${app}`), [{ sealed: 1 }]);
  assert.equal((await client.record.getRecords({ app })).records.length, 1, 'still readable through the API');

  // The period of use was approved too: extending it on a published app is a change
  // request, the old end date in force until approved (Abiko §9(4)).
  const longer = await put(app, { endDate: '2036-03-31' });
  assert.ok(longer.json.approval, 'a change request was made for the new end date');
  g = await gov(app);
  assert.equal(g.registration.endDate, registration.endDate, 'the approved end date stays meanwhile');
  assert.equal(g.pending.request.endDate, '2036-03-31');
  assert.equal((await act(bucho, inboxItem(bucho, 'app.approval', longer.json.approval), 'approve')).status, 200);
  assert.equal((await act(gyokacho, inboxItem(gyokacho, 'app.approval', longer.json.approval), 'approve')).status, 200);
  g = await gov(app);
  assert.equal(g.registration.endDate, '2036-03-31');
  assert.equal(g.infoClass.label, 'Ⅰ', 'a period change keeps the class');

  // End of use: the same route approves; then every record path refuses.
  const end = await request(app, 'end');
  assert.equal(end.status, 200, end.text);
  assert.equal(end.json.state, 'end_requested');
  assert.equal((await client.record.getRecords({ app })).records.length, 1, 'in use until the end is approved');
  assert.equal((await act(bucho, inboxItem(bucho, 'app.approval', end.json.id), 'approve')).status, 200);
  const last = await act(gyokacho, inboxItem(gyokacho, 'app.approval', end.json.id), 'approve');
  assert.equal(last.json.state, 'closed');
  // Closing a class Ⅰ app destroys its keys (crypto-erase), recorded in the disposal register.
  assert.equal(existsSync(join(srv.dataDir, 'keys', `app-${app}`)), false);
  assert.deepEqual(sql(srv, `SELECT what, records, who, method FROM disposals WHERE app_id = ${app}`),
    [{ what: 'app', records: 1, who: 'gyokacho', method: 'crypto-erase' }]);
  const closed = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01' });
  assert.match(closed.message, /利用終了/);
  isError(await put(app, { purpose: 'reopen' }), 409, 'DC_AL03');
});

test('class Ⅰ with sensitive data: the department head, then the administration section, in order', async () => {
  const app = await draftApp('【人事課】健康診断記録');
  assert.equal((await put(app, { ...registration, infoClass: 1, flags: { personal: true, sensitive: true } })).status, 200);
  const req = await request(app, 'publish');
  assert.equal(req.status, 200, req.text);
  const id = req.json.id;
  const g = await gov(app);
  assert.deepEqual(g.pending.steps.map((s) => [s.step, s.approver.code, s.decision]),
    [['department_head', 'bucho', 'waiting'], ['administration', 'gyokacho', 'waiting']]);
  assert.equal(g.pending.steps[1].unit, '行政管理課');
  // The approvers read the registration they decide on, without any right on the app.
  assert.equal((await gov(app, gyokacho.auth)).pending.id, String(id));
  isError(await call(srv, 'GET', `/api/app/governance.json?app=${app}`, { auth: sato.auth }), 403, 'CB_NO02');
  assert.equal(inboxItem(kacho, 'app.approval', id), null, 'class Ⅰ skips the section head');
  assert.equal(inboxItem(gyokacho, 'app.approval', id), null, 'the administration section waits for its turn');
  // Out of turn: refused.
  isError(await call(srv, 'POST', '/api/app/decide.json', { auth: gyokacho.auth, body: { id, decision: 'approve' } }), 403, 'DC_AL05');
  assert.equal((await act(bucho, inboxItem(bucho, 'app.approval', id), 'approve')).json.state, 'requested');
  const item = inboxItem(gyokacho, 'app.approval', id);
  assert.ok(item, 'now the administration section is asked');
  const done = await act(gyokacho, item, 'approve');
  assert.equal(done.json.status, 'approved');
  assert.equal(done.json.state, 'approved');
});

test('a refusal sends the app back to draft with the comment; a withdrawal too', async () => {
  const app = await draftApp('【人事課】研修受講記録');
  assert.equal((await put(app, { ...registration, infoClass: 3 })).status, 200);
  const id = (await request(app, 'publish')).json.id;
  const r = await call(srv, 'POST', '/api/app/decide.json', { auth: kacho.auth, body: { id, decision: 'refuse', comment: '利用目的を具体的に' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'draft');
  assert.equal(inboxItem(owner, 'app.decision', id).approval.comment, '利用目的を具体的に');
  const id2 = (await request(app, 'publish')).json.id;
  const w = await call(srv, 'POST', '/api/app/withdraw.json', { auth: owner.auth, body: { app } });
  assert.equal(w.json.state, 'draft');
  assert.equal(inboxItem(kacho, 'app.approval', id2), null, 'the approver\'s item is gone');
  isError(await call(srv, 'POST', '/api/app/decide.json', { auth: kacho.auth, body: { id: id2, decision: 'approve' } }), 409, 'DC_AL03');
});

test('the section head\'s own app goes to the department head; they cannot approve it themselves', async () => {
  const client = clientFor(srv, kacho.auth);
  const app = await makeApp(client, '【人事課】課長の台帳', props);
  assert.equal((await put(app, { ...registration, infoClass: 2 }, kacho.auth)).status, 200);
  const req = await request(app, 'publish', kacho.auth);
  assert.equal(req.status, 200, req.text);
  const g = await gov(app, kacho.auth);
  assert.equal(g.pending.steps[0].approver.code, 'bucho');
  isError(await call(srv, 'POST', '/api/app/decide.json', { auth: kacho.auth, body: { id: req.json.id, decision: 'approve' } }), 403, 'DC_AL06');
  assert.equal((await act(bucho, inboxItem(bucho, 'app.approval', req.json.id), 'approve')).json.state, 'approved');
});

test('English messages name the rule and the state', async () => {
  const app = await draftApp('【人事課】英語');
  const r = await call(srv, 'POST', '/api/app/publish.json', { auth: owner.auth, body: { app }, headers: { 'Accept-Language': 'en' } });
  const e = isError(r, 409, 'DC_AL03');
  assert.match(e.message, /Abiko §9/);
  const m = await call(srv, 'POST', '/api/app/request.json', { auth: owner.auth, body: { app, kind: 'publish' }, headers: { 'Accept-Language': 'en' } });
  assert.match(isError(m, 400, 'DC_AL01').message, /purpose.*start date/);
});

test('lifecycle off: deploy publishes at once; class and flags change directly; My Number still needs its approval', async () => {
  const client = clientFor(plain);
  const app = await makeApp(client, '名簿', props);
  await client.record.addRecord({ app, record: { shimei: { value: '佐藤' } } });
  let g = await gov(app, plain.auth, plain);
  assert.equal(g.state, 'published');
  assert.equal(g.lifecycle, false);
  isError(await call(plain, 'POST', '/api/app/request.json', { body: { app, kind: 'publish' } }), 409, 'DC_AL03');
  const r = await put(app, { infoClass: 1, flags: { personal: true } }, plain.auth, plain);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.approval, null);
  g = await gov(app, plain.auth, plain);
  assert.equal(g.infoClass.label, 'Ⅰ');
  // The My Number exemption is never granted by a setting alone: without anyone to
  // approve it (no organisation here) the change is refused as a whole.
  const mn = await put(app, { flags: { myNumber: true } }, plain.auth, plain);
  isError(mn, 400, 'DC_AL07');
  g = await gov(app, plain.auth, plain);
  assert.equal(g.flags.myNumber, false);
  assert.equal(g.myNumberApproved, false);
  assert.equal((await client.record.getRecords({ app })).records.length, 1);
});
