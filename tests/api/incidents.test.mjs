// Incidents (RULES.md row 30; Kuki 第39–41条, Yabu 第12条, 第15条, Kumamoto 第17条): anyone
// reports; the section's protection managers, the chief protection managers and security
// administrators handle; auditors read. Escalation goes protection managers -> chief
// protection managers -> the mayor's office (policy incidents.mayor_section) with inbox
// items at each level; serious incidents reach the mayor's office at once; the status
// moves open -> contained -> recurrence_prevention -> closed and closing needs a cause
// analysis and a recurrence-prevention action; the national report (APPI Art. 68) is a
// flag with its date. Run under the abiko preset (two-factor and device rules switched
// off for the password-header clients here; they have their own tests).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from './lib/server.mjs';
import { addUser, isError, sql } from './lib/util.mjs';

let srv, sec, alice, carol, chief, aud, kiko, other, hisho;

const as = (u, method, path, body) => call(srv, method, path, { auth: u.auth, body, headers: { 'Accept-Language': 'ja' } });
const inbox = (id, kind) => sql(srv, `SELECT u.code FROM inbox i JOIN users u ON u.id = i.user_id
  WHERE i.kind = '${kind}' AND i.ref_id = ${id} ORDER BY u.code`).map((r) => r.code);

before(async () => {
  srv = await startServer({ preset: 'abiko' });
  const role = async (code, roles) => {
    const r = await call(srv, 'PUT', '/api/admin/users.json', { body: { code, roles } });
    assert.equal(r.status, 200, r.text);
  };
  for (const unit of [
    { kind: 'department', code: 'soumu', name: '総務部' },
    { kind: 'section', code: 'jinji', name: '人事課', parent: 'soumu' },
    { kind: 'section', code: 'kikaku', name: '企画課', parent: 'soumu' },
    { kind: 'section', code: 'hisho', name: '秘書課', parent: 'soumu' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  sec = await addUser(srv, 'sec', { section: 'jinji' });
  await role('sec', ['security_admin']);
  const off = await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'totp.admins': false, 'devices.required': false } } });
  assert.equal(off.status, 200, off.text);
  alice = await addUser(srv, 'alice', { section: 'jinji' });
  carol = await addUser(srv, 'carol', { section: 'jinji' });
  chief = await addUser(srv, 'chief', { section: 'kikaku' });
  await role('chief', ['chief_protection_manager']);
  aud = await addUser(srv, 'aud', { section: 'kikaku' });
  await role('aud', ['auditor']);
  kiko = await addUser(srv, 'kiko', { section: 'kikaku' });
  other = await addUser(srv, 'other', { section: 'kikaku' });
  hisho = await addUser(srv, 'hisho', { section: 'hisho' });
  for (const [code, body] of [['jinji', { managers: ['carol'] }], ['kikaku', { managers: ['kiko'] }], ['hisho', { head: 'hisho' }]]) {
    const r = await call(srv, 'PUT', '/api/admin/org.json', { body: { code, ...body } });
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => {
  await srv.stop();
});

test('anyone reports; the section protection managers and the chief protection managers get inbox items', async () => {
  const r = await as(alice, 'POST', '/api/incidents.json', { kind: 'leaked', summary: '名簿を誤送信した' });
  assert.equal(r.status, 200, r.text);
  const id = r.json.id;
  assert.deepEqual(inbox(id, 'incident'), ['carol', 'chief']);
  const item = sql(srv, `SELECT detail FROM inbox WHERE kind = 'incident' AND ref_id = ${id} LIMIT 1`)[0];
  assert.equal(JSON.parse(item.detail).actions[0].href, `/incidents?id=${id}`);
  const got = await as(alice, 'GET', `/api/incident.json?id=${id}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.incident.kind, '漏えい');
  assert.equal(got.json.incident.status, 'open');
  assert.equal(got.json.incident.level, 'protection_manager');
  assert.equal(got.json.incident.section, 'jinji');
  assert.equal(got.json.incident.canHandle, false);
  assert.deepEqual(got.json.incident.entries.map((e) => e.kind), ['report']);
  // Bad input names the field.
  isError(await as(alice, 'POST', '/api/incidents.json', { kind: 'meteor', summary: 'x' }), 400, 'CB_VA01', ['kind']);
  isError(await as(alice, 'POST', '/api/incidents.json', { kind: 'failure' }), 400, 'CB_VA01', ['summary']);
});

test('roles: another section cannot see it, the reporter and the auditor only read, the protection manager handles', async () => {
  const id = (await as(alice, 'POST', '/api/incidents.json', { kind: 'failure', summary: '共有フォルダが開けない' })).json.id;
  const hidden = isError(await as(other, 'GET', `/api/incident.json?id=${id}`), 404, 'DC_IN11');
  assert.match(hidden.message, /報告者/);
  assert.equal((await as(other, 'GET', '/api/incidents.json')).json.incidents.some((i) => i.id === String(id)), false);
  // kiko is a protection manager, but of another section.
  isError(await as(kiko, 'GET', `/api/incident.json?id=${id}`), 404, 'DC_IN11');
  const refusal = isError(await as(alice, 'POST', '/api/incident/entry.json', { id, kind: 'note', text: 'x' }), 403, 'DC_IN12');
  assert.match(refusal.message, /久喜市 第39条/);
  const audRead = await as(aud, 'GET', `/api/incident.json?id=${id}`);
  assert.equal(audRead.status, 200, audRead.text);
  assert.equal(audRead.json.incident.canHandle, false);
  isError(await as(aud, 'POST', '/api/incident/status.json', { id, serious: true }), 403, 'DC_IN12');
  isError(await as(aud, 'POST', '/api/incident/escalate.json', { id }), 403, 'DC_IN12');
  const list = await as(carol, 'GET', '/api/incidents.json?status=open&kind=failure');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.handler, true);
  assert.ok(list.json.incidents.every((i) => i.kind === '障害' && i.status === 'open'));
  assert.ok(list.json.incidents.some((i) => i.id === String(id)));
  const note = await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'note', text: '本人に確認中' });
  assert.equal(note.status, 200, note.text);
  // Every handling step is in the access log with its action name.
  const actions = sql(srv, "SELECT DISTINCT action FROM access_log WHERE action LIKE 'incident%' ORDER BY action").map((r) => r.action);
  for (const a of ['incident.add', 'incident.entry', 'incident.read', 'incidents.read']) assert.ok(actions.includes(a), `${a} in ${actions}`);
});

test('escalation through the levels with inbox items; the mayor step is the chief protection manager\'s and needs the policy', async () => {
  const id = (await as(alice, 'POST', '/api/incidents.json', { kind: 'lost', summary: 'USB メモリを紛失' })).json.id;
  const up = await as(carol, 'POST', '/api/incident/escalate.json', { id, text: '調査結果を報告（第39条3）' });
  assert.equal(up.status, 200, up.text);
  assert.equal(up.json.level, 'chief');
  assert.deepEqual(inbox(id, 'incident.escalated'), ['chief']);
  // The protection manager cannot report to the mayor (Kuki 第39条4).
  isError(await as(carol, 'POST', '/api/incident/escalate.json', { id, to: 'mayor' }), 403, 'DC_IN12');
  // No mayor's office set yet: the refusal names the policy key.
  const none = isError(await as(chief, 'POST', '/api/incident/escalate.json', { id }), 409, 'DC_IN15');
  assert.match(none.message, /incidents\.mayor_section/);
  const set = await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'incidents.mayor_section': 'hisho' } } });
  assert.equal(set.status, 200, set.text);
  const mayor = await as(chief, 'POST', '/api/incident/escalate.json', { id, text: '市長へ報告' });
  assert.equal(mayor.status, 200, mayor.text);
  assert.equal(mayor.json.level, 'mayor');
  assert.deepEqual(inbox(id, 'incident.escalated'), ['chief', 'hisho']);
  isError(await as(chief, 'POST', '/api/incident/escalate.json', { id }), 409, 'DC_IN15');
  // The mayor's office reads what reached it.
  const seen = await as(hisho, 'GET', `/api/incident.json?id=${id}`);
  assert.equal(seen.status, 200, seen.text);
  const kinds = seen.json.incident.entries.map((e) => [e.kind, e.user, e.detail.to || '']);
  assert.deepEqual(kinds, [['report', 'alice', ''], ['escalation', 'carol', 'chief'], ['escalation', 'chief', 'mayor']]);
});

test('a serious incident goes to the mayor\'s office at once', async () => {
  await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'incidents.mayor_section': 'hisho' } } });
  const r = await as(other, 'POST', '/api/incidents.json', { kind: 'leaked', summary: '住民情報が外部サイトに掲載', serious: true });
  assert.equal(r.status, 200, r.text);
  const id = r.json.id;
  assert.deepEqual(inbox(id, 'incident'), ['chief', 'kiko']);
  assert.deepEqual(inbox(id, 'incident.escalated'), ['chief', 'hisho']);
  const got = (await as(kiko, 'GET', `/api/incident.json?id=${id}`)).json.incident;
  assert.equal(got.level, 'mayor');
  assert.equal(got.serious, true);
  // Marking an existing one serious does the same.
  const id2 = (await as(other, 'POST', '/api/incidents.json', { kind: 'tampering', summary: 'データが書き換えられている' })).json.id;
  const mark = await as(kiko, 'POST', '/api/incident/status.json', { id: id2, serious: true, text: '重大と判断' });
  assert.equal(mark.status, 200, mark.text);
  assert.equal(mark.json.level, 'mayor');
  assert.deepEqual(inbox(id2, 'incident.escalated'), ['chief', 'hisho']);
  const serious = await as(chief, 'GET', '/api/incidents.json?serious=1&level=mayor');
  assert.deepEqual(serious.json.incidents.map((i) => i.id).filter((x) => [String(id), String(id2)].includes(x)).sort(), [String(id), String(id2)].sort());
});

test('containment, cause and prevention entries; close needs cause and prevention; prevention shared with named sections', async () => {
  const id = (await as(alice, 'POST', '/api/incidents.json', { kind: 'leaked', summary: 'パスワードを付箋に貼っていた' })).json.id;
  // One step at a time, and each step needs its entry.
  isError(await as(carol, 'POST', '/api/incident/status.json', { id, status: 'closed' }), 409, 'DC_IN13');
  const need = isError(await as(carol, 'POST', '/api/incident/status.json', { id, status: 'contained' }), 409, 'DC_IN14');
  assert.match(need.message, /被害拡大防止/);
  isError(await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'containment', text: '停止' }), 400, 'CB_VA01', ['action']);
  const c = await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'containment', action: 'suspend_user', text: 'アカウントを一時停止した（/api/admin/user/suspend.json）' });
  assert.equal(c.status, 200, c.text);
  assert.equal((await as(carol, 'POST', '/api/incident/status.json', { id, status: 'contained' })).json.status, 'contained');
  isError(await as(carol, 'POST', '/api/incident/status.json', { id, status: 'recurrence_prevention' }), 409, 'DC_IN14');
  assert.equal((await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'cause', text: '管理方法の周知不足' })).status, 200);
  assert.equal((await as(carol, 'POST', '/api/incident/status.json', { id, status: 'recurrence_prevention' })).json.status, 'recurrence_prevention');
  const en = await call(srv, 'POST', '/api/incident/status.json', { auth: carol.auth, body: { id, status: 'closed' }, headers: { 'Accept-Language': 'en' } });
  assert.match(isError(en, 409, 'DC_IN14').message, /prevention/);
  isError(await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'prevention', text: 'x', sections: ['nowhere'] }), 400, 'CB_VA01', ['sections[0]']);
  const p = await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'prevention', text: 'パスワード管理の研修を実施', sections: ['kikaku'] });
  assert.equal(p.status, 200, p.text);
  assert.deepEqual(inbox(id, 'incident.prevention'), ['kiko']);
  const closed = await as(carol, 'POST', '/api/incident/status.json', { id, status: 'closed', text: '対応完了' });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  // Closing marks the handlers' items done; a closed incident takes no more entries.
  assert.equal(sql(srv, `SELECT count(*) AS n FROM inbox WHERE kind = 'incident' AND ref_id = ${id} AND done_at = 0`)[0].n, 0);
  isError(await as(carol, 'POST', '/api/incident/entry.json', { id, kind: 'note', text: 'x' }), 409, 'DC_IN16');
  const t = (await as(aud, 'GET', `/api/incident.json?id=${id}`)).json.incident.entries;
  assert.deepEqual(t.map((e) => e.kind), ['report', 'containment', 'status', 'cause', 'status', 'prevention', 'status']);
  assert.equal(t[1].detail.action, 'suspend_user');
  assert.deepEqual(t[5].detail.sections, ['kikaku']);
});

test('the national report flag (APPI Art. 68) with its date', async () => {
  const id = (await as(alice, 'POST', '/api/incidents.json', { kind: 'leaked', summary: '要配慮個人情報を含む書類の漏えい' })).json.id;
  isError(await as(carol, 'POST', '/api/incident/status.json', { id, nationalReport: true, nationalReportDate: 'yesterday' }), 400, 'CB_VA01', ['nationalReportDate']);
  const r = await as(carol, 'POST', '/api/incident/status.json', { id, nationalReport: true, nationalReportDate: '2026-11-20', text: '個人情報保護委員会へ速報' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.nationalReport, true);
  assert.equal(r.json.nationalReportDate, '2026-11-20');
  const list = await as(chief, 'GET', '/api/incidents.json');
  const row = list.json.incidents.find((i) => i.id === String(id));
  assert.equal(row.nationalReport, true);
  const e = (await as(chief, 'GET', `/api/incident.json?id=${id}`)).json.incident.entries.at(-1);
  assert.equal(e.kind, 'national');
  assert.deepEqual(e.detail, { nationalReport: true, date: '2026-11-20' });
});

test('the report forms open incidents in this model; security administrators handle them', async () => {
  const rep = await as(alice, 'POST', '/api/me/report.json', { kind: 'failure', summary: '端末が起動しない' });
  assert.equal(rep.status, 200, rep.text);
  const got = await as(sec, 'GET', `/api/incident.json?id=${rep.json.incident}`);
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.incident.canHandle, true);
  assert.equal(got.json.incident.subject, 'alice');
  assert.equal(got.json.incident.section, 'jinji');
  assert.equal((await as(sec, 'POST', '/api/incident/entry.json', { id: rep.json.incident, kind: 'note', text: '交換機を手配' })).status, 200);
});

test('without the preset: incidents work the same; no protection manager in the section, so the chief protection managers hold it; the reporter cannot escalate', async () => {
  const plain = await startServer();
  try {
    const u = await addUser(plain, 'u1');
    const r = await call(plain, 'POST', '/api/incidents.json', { auth: u.auth, body: { kind: 'failure', summary: 'x' } });
    assert.equal(r.status, 200, r.text);
    // No section, no protection managers: it starts with the chief protection managers.
    const got = await call(plain, 'GET', `/api/incident.json?id=${r.json.id}`, { auth: u.auth });
    assert.equal(got.json.incident.level, 'chief');
    const esc = await call(plain, 'POST', '/api/incident/escalate.json', { auth: u.auth, body: { id: r.json.id } });
    isError(esc, 403, 'DC_IN12');
  } finally {
    await plain.stop();
  }
});
