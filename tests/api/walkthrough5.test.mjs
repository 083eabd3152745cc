// Issue 5's "done means", end to end under the whole abiko preset with no rule switched
// off: on a fresh install an app that handles personal data cannot be used until the right
// people approved it (class Ⅰ with sensitive data: the department head, then the
// administration section; Abiko §9(3)–(5)), appears in the ledger (Kuki 第16条), refuses
// My Numbers (Abiko §5(2)), and an auditor's report for the period shows all of this
// (Kuki 第42条), with the access log verifying. Every refusal met on the way names its rule.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { call, daichoBin, startServer } from './lib/server.mjs';
import { addUser, clientFor, makeApp, rejects } from './lib/util.mjs';

let srv;
before(async () => {
  srv = await startServer({ preset: 'abiko' });
});
after(async () => {
  await srv.stop();
});

// A fake individual number with a valid check digit (weights 6 5 4 3 2 7 6 5 4 3 2).
function fakeMyNumber(d11) {
  const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const r = [...d11].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
  return d11 + (r <= 1 ? 0 : 11 - r);
}

const ok = (r) => {
  assert.ok(r.status < 300, `${r.status} ${r.text}`);
  return r.json;
};

test('a personal-data app is approved before use, is in the ledger, refuses My Numbers, and the auditor\'s report shows it', async () => {
  const en = { 'Accept-Language': 'en' };
  // 1. The first administrator (account + system roles) sets up the organisation and people.
  for (const unit of [
    { kind: 'department', code: 'hoken', name: '保健福祉部' },
    { kind: 'section', code: 'kosodate', name: '子育て支援課', parent: 'hoken' },
    { kind: 'department', code: 'somu', name: '総務部' },
    { kind: 'section', code: 'gyokan', name: '行政管理課', parent: 'somu' },
  ]) ok(await call(srv, 'POST', '/api/admin/org.json', { body: unit }));
  const tanaka = await addUser(srv, 'tanaka', { section: 'kosodate', canCreateApps: true, name: '田中 花子' });
  const kacho = await addUser(srv, 'kacho', { section: 'kosodate', name: '課長 一郎' });
  const bucho = await addUser(srv, 'bucho', { section: 'kosodate', name: '部長 次郎' });
  const gyokacho = await addUser(srv, 'gyokacho', { section: 'gyokan', name: '行管 三郎' });
  const sec = await addUser(srv, 'sec', { section: 'gyokan' });
  const kansa = await addUser(srv, 'kansa', { section: 'gyokan' });
  ok(await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'sec', roles: ['security_admin'] } }));
  ok(await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'kansa', roles: ['auditor'] } }));
  ok(await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'kosodate', head: 'kacho' } }));
  ok(await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'hoken', head: 'bucho' } }));
  ok(await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'gyokan', head: 'gyokacho' } }));
  // The security administrator names the administration section (an installation fact).
  ok(await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'apps.administration_section': 'gyokan' } } }));

  // 2. A member builds an app for a sensitive register and deploys it: it is a draft.
  const client = clientFor(srv, tanaka.auth);
  const app = await makeApp(client, '児童相談記録', {
    shimei: { type: 'SINGLE_LINE_TEXT', code: 'shimei', label: '氏名' },
    naiyo: { type: 'MULTI_LINE_TEXT', code: 'naiyo', label: '相談内容' },
  });
  const draft = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01', status: 403 });
  assert.match(draft.message, /下書き/);
  assert.match(draft.message, /§9/);

  // 3. The registration items (Abiko §9(4)(5)), class Ⅰ with sensitive personal data.
  const missing = await call(srv, 'POST', '/api/app/request.json', { auth: tanaka.auth, body: { app, kind: 'publish' } });
  assert.equal(missing.json.code, 'DC_AL01', missing.text);
  ok(await call(srv, 'PUT', '/api/app/governance.json', { auth: tanaka.auth, body: {
    app, infoClass: 1, flags: { personal: true, sensitive: true, myNumber: false },
    purpose: '児童の相談の経過を記録するため', responsible: '子育て支援課長',
    startDate: '2026-04-01', endDate: '2031-03-31', personalFields: ['shimei', 'naiyo'],
  } }));
  const requested = ok(await call(srv, 'POST', '/api/app/request.json', { auth: tanaka.auth, body: { app, kind: 'publish' } }));
  const approval = requested.id;
  assert.ok(approval, JSON.stringify(requested));
  await rejects(client.record.getRecords({ app }), { code: 'DC_AP01' });

  // 4. The route: the department head first, then the administration section. The section
  //    head is not on a class Ⅰ route; nobody skips the order; the requester never approves.
  const decide = (u, approve) => call(srv, 'POST', '/api/app/decide.json', { auth: u.auth, headers: en, body: { id: approval, decision: approve ? 'approve' : 'refuse', comment: '確認しました' } });
  assert.equal((await decide(kacho, true)).json.code, 'DC_AL05');
  assert.equal((await decide(gyokacho, true)).json.code, 'DC_AL05');
  assert.ok(['DC_AL05', 'DC_AL06'].includes((await decide(tanaka, true)).json.code));
  // The department head decides from the inbox item's own action.
  const inbox = ok(await call(srv, 'GET', '/api/inbox.json', { auth: bucho.auth }));
  const item = inbox.items.find((i) => i.detail?.actions?.some((a) => a.path === '/api/app/decide.json'));
  assert.ok(item, JSON.stringify(inbox.items.map((i) => i.kind)));
  const yes = item.detail.actions.find((a) => a.body?.decision === 'approve');
  ok(await call(srv, yes.method, yes.path, { auth: bucho.auth, body: yes.body }));
  ok(await decide(gyokacho, true));
  const approved = await rejects(client.record.getRecords({ app }), { code: 'DC_AP01' });
  assert.match(approved.message, /承認済み/);
  ok(await call(srv, 'POST', '/api/app/publish.json', { auth: tanaka.auth, body: { app } }));
  const { id } = await client.record.addRecord({ app, record: { shimei: { value: '我孫子 太郎' }, naiyo: { value: '保育所の入所について相談' } } });
  assert.ok(id);

  // 5. The My Number guard: a valid individual number is refused, naming the field and the
  //    rule and never the number.
  const number = fakeMyNumber('52019283746');
  const mn = await rejects(client.record.addRecord({ app, record: { shimei: { value: `${number.slice(0, 4)}-${number.slice(4, 8)}-${number.slice(8)}` } } }), { code: 'DC_MN01', status: 400 });
  assert.ok(mn.errors['record.shimei.value'], JSON.stringify(mn.errors));
  assert.match(mn.message, /§5\(2\)/);
  assert.ok(!JSON.stringify(mn).includes(number.slice(4)));

  // 6. The ledger lists it with its class, flags, registration and approvals.
  const ledger = ok(await call(srv, 'GET', '/api/ledger.json', { auth: kansa.auth }));
  const row = ledger.apps.find((a) => String(a.id) === String(app));
  assert.ok(row, 'the app is in the ledger');
  assert.equal(row.classLabel, 'Ⅰ');
  assert.deepEqual(row.flags, { personal: true, sensitive: true, myNumber: false });
  assert.equal(row.state, 'published');
  assert.equal(JSON.parse(JSON.stringify(row.registration)).purpose, '児童の相談の経過を記録するため');
  const approvers = JSON.stringify(row.approvals);
  assert.match(approvers, /bucho/);
  assert.match(approvers, /gyokacho/);

  // 7. The auditor's report for the period shows the ledger, the class Ⅰ permissions, the
  //    approvals and a verified log.
  const today = new Date().toISOString().slice(0, 10);
  const report = ok(await call(srv, 'GET', `/api/audit/app-report.json?from=2026-01-01&to=${today}`, { auth: kansa.auth }));
  const text = JSON.stringify(report);
  assert.match(text, /児童相談記録/);
  assert.match(text, /gyokacho/);
  assert.equal(report.verification.ok, true, JSON.stringify(report.verification));
  const perm = report.permissions.find((p) => String(p.app) === String(app));
  assert.ok(perm, 'class Ⅰ permissions are reviewed in the report');
  assert.ok(report.approvals.length >= 1);
  // And the log verifies from the command line too.
  const v = spawnSync(daichoBin(), ['audit', 'verify'], { env: { ...process.env, DAICHO_DATA: srv.dataDir }, encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
});
