// The ledger (台帳, Kuki 第16条; RULES.md rows 9, 25), the hand-over queue and the idle and
// expired flags (row 10, Abiko §9(1)(2)). Run with the abiko preset (every rule on) and on
// a fresh install (rules off): the ledger lists every app with its class, flags,
// registration items, owner, record count, readers (from the live permission list) and
// export history (from the access log); only the listed roles see every app; a user moved
// to another section leaves their apps in the hand-over queue until the head of the
// section they left names someone; apps unused for apps.idle_days (off by default, 180 in
// the abiko preset) or past their end date are flagged, and the daily pass tells the owner
// and the section head once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, call } from './lib/server.mjs';
import { addUser, clientFor, isError, logSettled, makeApp, sql } from './lib/util.mjs';

const servers = {};
before(async () => {
  [servers.abiko, servers.plain] = await Promise.all([startServer({ preset: 'abiko' }), startServer()]);
});
after(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
});

// Writes governance columns behind the API's back (bumping gov_revision as the store does).
function govern(srv, app, set) {
  const cols = Object.entries(set).map(([k, v]) => `${k} = ${typeof v === 'number' ? v : `'${String(v).replaceAll("'", "''")}'`}`);
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'),
    `UPDATE apps SET ${cols.join(', ')}, gov_revision = gov_revision + 1 WHERE id = ${Number(app)}`]);
}

const en = { 'Accept-Language': 'en' };
const registration = {
  purpose: '住民からの相談の記録',
  items: ['氏名', '住所', '相談内容'],
  admins: ['owner1'],
  users: ['reader'],
  responsible: '市民課長',
};

// Everything both presets share: an organisation, people, one used app, one idle app.
async function setUp(srv) {
  for (const unit of [
    { kind: 'department', code: 'shimin', name: '市民部' },
    { kind: 'section', code: 'soudan', name: '相談課', parent: 'shimin' },
    { kind: 'section', code: 'kikaku', name: '企画課', parent: 'shimin' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  const p = {};
  p.owner1 = await addUser(srv, 'owner1', { section: 'soudan', canCreateApps: true });
  p.head = await addUser(srv, 'head', { section: 'soudan' });
  p.reader = await addUser(srv, 'reader', { section: 'soudan' });
  p.next = await addUser(srv, 'next', { section: 'soudan' });
  p.stranger = await addUser(srv, 'stranger', { section: 'kikaku' });
  p.kansa = await addUser(srv, 'kansa', { section: 'kikaku' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'kansa', roles: ['auditor'] } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'soudan', head: 'head' } })).status, 200);
  const owner = clientFor(srv, p.owner1.auth);
  const acl = [
    { entity: { type: 'USER', code: 'owner1' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordExportable: true },
    { entity: { type: 'USER', code: 'reader' }, recordViewable: true, recordExportable: true },
    { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: false },
  ];
  const used = await makeApp(owner, '住民相談記録', { name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' } }, { acl });
  const idle = await makeApp(owner, '古い集計', { n: { type: 'NUMBER', code: 'n', label: 'n' } });
  govern(srv, used, { state: 'published', info_class: 1, flags: 1, registration: JSON.stringify(registration), start_date: '2026-04-01', end_date: '2099-03-31' });
  // The idle app came into use long ago and nobody has touched its records since.
  govern(srv, idle, { state: 'published', info_class: 3, created_at: '2025-01-06T00:00:00Z', state_changed_at: 1736121600 });
  await owner.record.addRecords({ app: used, records: [{ name: { value: '山田' } }, { name: { value: '佐藤' } }] });
  for (let i = 0; i < 2; i++) {
    const r = await call(srv, 'GET', `/api/records/export.csv?app=${used}&reason=${encodeURIComponent('相談記録の確認のため')}`, { auth: p.reader.auth });
    assert.equal(r.status, 200, r.text);
  }
  logSettled(srv);
  return { p, used, idle };
}

const ctx = {};
for (const preset of ['abiko', 'plain']) {
  const on = preset === 'abiko';

  test(`${preset}: the ledger lists class, flags, registration, owner, records, readers and export history`, async () => {
    const srv = servers[preset];
    ctx[preset] = await setUp(srv);
    const { p, used, idle } = ctx[preset];
    const r = await call(srv, 'GET', '/api/ledger.json', { auth: p.kansa.auth });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.all, true);
    const a = r.json.apps.find((x) => x.id === used);
    assert.ok(a, 'the used app is in the ledger');
    assert.equal(a.name, '住民相談記録');
    assert.equal(a.class, '1');
    assert.equal(a.classLabel, 'Ⅰ');
    assert.deepEqual(a.flags, { personal: true, sensitive: false, myNumber: false });
    assert.equal(a.state, 'published');
    assert.deepEqual(a.registration, registration);
    assert.equal(a.startDate, '2026-04-01');
    assert.equal(a.endDate, '2099-03-31');
    assert.equal(a.owner.code, 'owner1');
    assert.equal(a.section.code, 'soudan');
    assert.equal(a.records, '2');
    assert.deepEqual(a.readers.map((x) => x.code).sort(), ['owner1', 'reader']);
    assert.ok(a.readers.find((x) => x.code === 'reader').rights.includes('export'));
    assert.equal(a.exports.length, 1);
    assert.equal(a.exports[0].user, 'reader');
    assert.equal(a.exports[0].count, '2');
    assert.match(a.exports[0].lastAt, /^\d{4}-\d\d-\d\dT/);
    assert.ok(a.lastActivity, 'record activity from the access log');
    assert.equal(a.idle, false);
    assert.equal(a.expired, false);
    // Without stored items, the registration's items come from the form and the accounts
    // from the permission list, as the lifecycle defines them.
    const i = r.json.apps.find((x) => x.id === idle);
    assert.deepEqual(i.registration.items, [{ code: 'n', label: 'n', type: 'NUMBER', personal: false }]);
    assert.ok(i.registration.admins.some((x) => x.code === 'owner1'), JSON.stringify(i.registration));
    // Filters: class and state; a bad one names itself.
    const c1 = await call(srv, 'GET', '/api/ledger.json?class=1', { auth: p.kansa.auth });
    assert.deepEqual(c1.json.apps.map((x) => x.id), [used]);
    const closed = await call(srv, 'GET', '/api/ledger.json?state=closed', { auth: p.kansa.auth });
    assert.deepEqual(closed.json.apps, []);
    const bad = isError(await call(srv, 'GET', '/api/ledger.json?state=gone', { auth: p.kansa.auth, headers: en }), 400, 'DC_LG11');
    assert.match(bad.message, /state/);
    assert.match(bad.message, /Kuki/);
  });

  test(`${preset}: the ledger CSV (UTF-8 with BOM, Shift_JIS) holds the same register`, async () => {
    const srv = servers[preset];
    const { p } = ctx[preset];
    const r = await fetch(`${srv.baseUrl}/api/ledger.csv`, {
      headers: { 'X-Cybozu-Authorization': Buffer.from(`kansa:${p.kansa.password}`).toString('base64'), 'Accept-Language': 'ja' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-disposition'), /ledger-\d{4}-\d\d-\d\d\.csv/);
    const bytes = Buffer.from(await r.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    assert.match(text, /"アプリID","アプリ名","重要性分類"/);
    assert.match(text, /"住民相談記録","Ⅰ","○"/);
    assert.match(text, /住民からの相談の記録/);
    assert.match(text, /氏名、住所、相談内容/);
    assert.match(text, /reader ×2/);
    const sj = await fetch(`${srv.baseUrl}/api/ledger.csv?encoding=Shift_JIS`, {
      headers: { 'X-Cybozu-Authorization': Buffer.from(`kansa:${p.kansa.password}`).toString('base64'), 'Accept-Language': 'en' },
    });
    assert.equal(sj.status, 200);
    assert.match(sj.headers.get('content-type'), /Shift_JIS/);
    const decoded = new TextDecoder('shift_jis').decode(await sj.arrayBuffer());
    assert.match(decoded, /"App ID","Name","Class"/);
    assert.match(decoded, /住民相談記録/);
  });

  test(`${preset}: everyone else sees only the apps they manage; the report is for the audit roles`, async () => {
    const srv = servers[preset];
    const { p, used, idle } = ctx[preset];
    const own = await call(srv, 'GET', '/api/ledger.json', { auth: p.owner1.auth });
    assert.equal(own.json.all, false);
    assert.deepEqual(own.json.apps.map((x) => x.id).sort(), [used, idle].sort());
    const reader = await call(srv, 'GET', '/api/ledger.json', { auth: p.reader.auth });
    assert.deepEqual(reader.json.apps, [], 'a reader does not manage the app');
    const stranger = await call(srv, 'GET', '/api/ledger.csv', { auth: p.stranger.auth });
    assert.equal(stranger.status, 200);
    assert.doesNotMatch(stranger.text, /住民相談記録/);
    isError(await call(srv, 'GET', '/api/audit/app-report.json', { auth: p.stranger.auth }), 403, 'CB_NO02');
    isError(await call(srv, 'GET', '/api/audit/app-report.json', { auth: p.owner1.auth }), 403, 'CB_NO02');
  });

  test(`${preset}: a move puts the user's apps in the hand-over queue until the section head names someone`, async () => {
    const srv = servers[preset];
    const { p, used } = ctx[preset];
    const mv = await call(srv, 'POST', '/api/admin/user/move.json', { body: { code: 'owner1', section: 'kikaku' } });
    assert.equal(mv.status, 200, mv.text);
    const q = await call(srv, 'GET', '/api/handover.json', { auth: p.head.auth });
    assert.equal(q.status, 200, q.text);
    const item = q.json.items.find((x) => x.app === used && x.role === 'owner');
    assert.ok(item, JSON.stringify(q.json));
    assert.equal(item.reason, 'moved');
    assert.equal(item.user.code, 'owner1');
    assert.equal(item.section.code, 'soudan');
    assert.equal(item.canAssign, true);
    // The head of the section they left is told.
    const inbox = await call(srv, 'GET', '/api/inbox.json', { auth: p.head.auth });
    const note = inbox.json.items.find((x) => x.kind === 'handover' && x.refId === item.id);
    assert.ok(note, JSON.stringify(inbox.json));
    assert.match(note.subject, /住民相談記録/);
    assert.deepEqual(note.detail.actions[0].body, { id: Number(item.id), user: 'head' });
    assert.equal(note.detail.actions[0].path, '/api/handover.json');
    // The ledger marks it.
    const marked = await call(srv, 'GET', '/api/ledger.json?mark=handover', { auth: p.kansa.auth });
    assert.ok(marked.json.apps.some((x) => x.id === used));
    // Someone else may not decide it; nor may it go back to the person who left.
    const no = isError(await call(srv, 'PUT', '/api/handover.json', { auth: p.stranger.auth, headers: en, body: { id: item.id, user: 'next' } }), 403, 'DC_LG12');
    assert.match(no.message, /Abiko §9\(2\)/);
    assert.deepEqual((await call(srv, 'GET', '/api/handover.json', { auth: p.stranger.auth })).json.items, []);
    isError(await call(srv, 'PUT', '/api/handover.json', { auth: p.head.auth, headers: en, body: { id: item.id, user: 'owner1' } }), 400, 'DC_LG13');
    const ok = await call(srv, 'PUT', '/api/handover.json', { auth: p.head.auth, body: { id: item.id, user: 'next' } });
    assert.equal(ok.status, 200, ok.text);
    const after = await call(srv, 'GET', '/api/ledger.json', { auth: p.kansa.auth });
    const a = after.json.apps.find((x) => x.id === used);
    assert.equal(a.owner.code, 'next');
    assert.equal(a.handover, (await call(srv, 'GET', '/api/handover.json', { auth: p.kansa.auth })).json.items.some((x) => x.app === used));
    const done = await call(srv, 'GET', '/api/inbox.json', { auth: p.head.auth });
    assert.ok(!done.json.items.some((x) => x.kind === 'handover' && x.refId === item.id), 'the inbox item is done');
    // The settled one is logged.
    assert.ok(sql(srv, `SELECT 1 FROM access_log WHERE action = 'admin.handover' AND app_id = ${Number(used)} AND result = 'ok'`).length === 1);
    // A change of section through the users API is a move too (here of the maintainer).
    govern(srv, used, { maintainer_id: Number(p.reader.id) });
    assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'reader', section: 'kikaku' } })).status, 200);
    const q1 = await call(srv, 'GET', '/api/handover.json', { auth: p.head.auth });
    assert.ok(q1.json.items.some((x) => x.app === used && x.role === 'maintainer' && x.user.code === 'reader' && x.reason === 'moved'), JSON.stringify(q1.json));
    // Suspension too.
    assert.equal((await call(srv, 'POST', '/api/admin/user/suspend.json', { body: { code: 'next', reason: '退職' } })).status, 200);
    const q2 = await call(srv, 'GET', '/api/handover.json', { auth: p.kansa.auth });
    const sus = q2.json.items.find((x) => x.app === used && x.reason === 'suspended' && x.user.code === 'next');
    assert.ok(sus, JSON.stringify(q2.json));
    // The head takes it over with the inbox item's own action.
    const box = await call(srv, 'GET', '/api/inbox.json', { auth: p.head.auth });
    const act = box.json.items.find((x) => x.kind === 'handover' && x.refId === sus.id).detail.actions[0];
    const took = await call(srv, act.method, act.path, { auth: p.head.auth, body: act.body });
    assert.equal(took.status, 200, took.text);
    const l2 = await call(srv, 'GET', '/api/ledger.json', { auth: p.kansa.auth });
    assert.equal(l2.json.apps.find((x) => x.id === used).owner.code, 'head');
  });

  test(`${preset}: idle and expired apps are flagged ${on ? '(apps.idle_days 180)' : '(idle off by default)'}`, async () => {
    const srv = servers[preset];
    const { p, used, idle } = ctx[preset];
    const r = await call(srv, 'GET', '/api/ledger.json', { auth: p.kansa.auth });
    assert.equal(r.json.idleDays, on ? '180' : '0');
    assert.equal(r.json.apps.find((x) => x.id === idle).idle, on);
    assert.equal(r.json.apps.find((x) => x.id === used).idle, false);
    const f = await call(srv, 'GET', '/api/ledger.json?mark=idle', { auth: p.kansa.auth });
    assert.deepEqual(f.json.apps.map((x) => x.id), on ? [idle] : []);
    // Past the end date: flagged on every install.
    govern(srv, idle, { end_date: '2020-03-31' });
    const x = await call(srv, 'GET', '/api/ledger.json?mark=expired', { auth: p.kansa.auth });
    assert.deepEqual(x.json.apps.map((a) => a.id), [idle]);
  });
}

test('abiko: an app approved through the lifecycle shows its registration and approvals in the ledger', async () => {
  const srv = servers.abiko;
  const maker = await addUser(srv, 'maker', { section: 'soudan', canCreateApps: true });
  const head = ctx.abiko.p.head;
  const app = await makeApp(clientFor(srv, maker.auth), '相談予約', {
    shimei: { type: 'SINGLE_LINE_TEXT', code: 'shimei', label: '氏名' },
    hi: { type: 'DATE', code: 'hi', label: '予約日' },
  });
  const put = await call(srv, 'PUT', '/api/app/governance.json', { auth: maker.auth, body: {
    app, infoClass: 2, flags: { personal: true }, personalFields: ['shimei'],
    purpose: '相談の予約', responsible: '相談課長', startDate: '2026-04-01', endDate: '2030-03-31' } });
  assert.equal(put.status, 200, put.text);
  const req = await call(srv, 'POST', '/api/app/request.json', { auth: maker.auth, body: { app, kind: 'publish' } });
  assert.equal(req.status, 200, req.text);
  const ok = await call(srv, 'POST', '/api/app/decide.json', { auth: head.auth, body: { id: req.json.id, decision: 'approve', comment: '了承' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal((await call(srv, 'POST', '/api/app/publish.json', { auth: maker.auth, body: { app } })).status, 200);
  const l = await call(srv, 'GET', '/api/ledger.json?state=published&class=2', { auth: ctx.abiko.p.kansa.auth });
  const a = l.json.apps.find((x) => x.id === app);
  assert.ok(a, JSON.stringify(l.json.apps.map((x) => x.name)));
  assert.equal(a.classLabel, 'Ⅱ');
  assert.equal(a.stateLabel.length > 0, true);
  assert.equal(a.registration.purpose, '相談の予約');
  assert.equal(a.registration.responsible, '相談課長');
  assert.deepEqual(a.registration.items.map((i) => [i.code, i.personal]), [['shimei', true], ['hi', false]]);
  assert.equal(a.startDate, '2026-04-01');
  assert.equal(a.approvals.length, 1);
  const ap = a.approvals[0];
  assert.equal(ap.kind, 'publish');
  assert.equal(ap.status, 'approved');
  assert.equal(ap.requestedBy.code, 'maker');
  assert.match(ap.decidedAt, /^\d{4}-/);
  assert.equal(ap.steps[0].step, 'section_head');
  assert.equal(ap.steps[0].approver, 'head');
  assert.equal(ap.steps[0].decision, 'approved');
  assert.equal(ap.steps[0].comment, '了承');
  // The CSV names the personal item and the approval.
  const csv = await call(srv, 'GET', '/api/ledger.csv?class=2', { auth: ctx.abiko.p.kansa.auth, headers: { 'Accept-Language': 'ja' } });
  assert.match(csv.text, /氏名（個人）、予約日/);
  assert.match(csv.text, /publish approved \(maker /);
});

test('abiko: the daily pass tells the owner and the section head once about an idle or expired app', async () => {
  const srv = servers.abiko;
  const dir = srv.dataDir;
  // owner1 moved to 企画課 earlier: its head hears about their apps.
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'kikaku', head: 'stranger' } })).status, 200);
  await srv.stop({ keep: true });
  // Restarted twice: the first start's pass sends, the second sends nothing new.
  for (let round = 0; round < 2; round++) {
    servers.abiko = await startServer({ dataDir: dir });
    // The pass runs on the housekeeping thread right after the start.
    const q = "SELECT u.code AS who, i.kind FROM inbox i JOIN users u ON u.id = i.user_id WHERE i.kind IN ('app.idle', 'app.expired') ORDER BY 1, 2";
    let rows = sql(servers.abiko, q);
    for (let i = 0; i < 50 && rows.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 100));
      rows = sql(servers.abiko, q);
    }
    if (round === 1) {
      await new Promise((r) => setTimeout(r, 1000));
      rows = sql(servers.abiko, q);
    }
    assert.deepEqual(rows, [
      { who: 'owner1', kind: 'app.expired' },
      { who: 'owner1', kind: 'app.idle' },
      { who: 'stranger', kind: 'app.expired' },
      { who: 'stranger', kind: 'app.idle' },
    ]);
    await servers.abiko.stop();
  }
  servers.abiko = null;
  rmSync(dir, { recursive: true, force: true });
});
