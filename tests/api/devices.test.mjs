// Registered devices, the API address allow-list and "report a problem" (RULES.md rows 5,
// 15 and 32: Abiko §7, Kumamoto 第11–12条, 第16条(4), 第17条, Kuki 第27条). With the abiko
// preset a browser session needs an approved device; the request goes to the approvers'
// inboxes; revoking takes effect on the next request; a city-only section refuses personal
// devices; password-header and token clients are bound by api.allow instead; reports open
// incidents and act at once (lost device revoked, leaked password locked).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { addUser, isError, sql } from './lib/util.mjs';

let srv, sec, alice, bob, carol, chief;

// Writes to the server's database (only to set up the organisation, which has no API yet).
function sqlWrite(q) {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${q}`], { encoding: 'utf8' });
}

// Signs in with the login form; returns a browser-like session {cookies, csrf}.
async function signIn(user) {
  const r = await call(srv, 'POST', '/api/session.json', { auth: null, body: { login: user.code, password: user.password } });
  assert.equal(r.status, 200, r.text);
  const b = { cookies: {}, csrf: r.json.csrfToken };
  take(b, r);
  return b;
}

function take(b, r) {
  for (const c of r.headers.getSetCookie()) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    b.cookies[kv.slice(0, i)] = kv.slice(i + 1);
  }
}

// A request from that browser (cookies and CSRF token, no password header).
async function as(b, method, path, body) {
  const cookie = Object.entries(b.cookies).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join('; ');
  const r = await call(srv, method, path, { auth: null, body, headers: { Cookie: cookie, 'X-Daicho-CSRF': b.csrf } });
  take(b, r);
  return r;
}

const form = { kind: 'city_pc', owner: 'city', os: 'Windows 11 23H2', security: 'Defender', note: '2F 人事課' };

before(async () => {
  srv = await startServer({ preset: 'abiko' });
  const mk = async (code, roles) => {
    const u = await addUser(srv, code);
    if (roles) {
      const r = await call(srv, 'PUT', '/api/admin/users.json', { body: { code, roles } });
      assert.equal(r.status, 200, r.text);
    }
    return u;
  };
  sec = await mk('sec', ['security_admin']);
  alice = await mk('alice');
  bob = await mk('bob');
  carol = await mk('carol');
  chief = await mk('chief', ['chief_protection_manager']);
  const id = (u) => sql(srv, `SELECT id FROM users WHERE code = '${u.code}'`)[0].id;
  sqlWrite(`INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (10, NULL, 'department', 'soumu', '総務部', 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (11, 10, 'section', 'jinji', '人事課', ${id(bob)}, 0, 0);
    INSERT INTO org_protection_managers(unit_id, user_id) VALUES (11, ${id(carol)});
    UPDATE users SET section_id = 11 WHERE code IN ('alice', 'bob', 'carol');`);
});
after(async () => {
  await srv.stop();
});

test('a browser without a registered device is refused with DC_DV01, citing the rule', async () => {
  const b = await signIn(alice);
  const r = await as(b, 'GET', '/k/v1/apps.json');
  const err = isError(r, 403, 'DC_DV01');
  assert.match(err.message, /我孫子市 §7/);
  const st = await as(b, 'GET', '/api/device/status.json');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.json.required, true);
  assert.equal(st.json.state, 'none');
  assert.equal(st.json.personalAllowed, false);
  // Password-header clients are not browsers: bound by the address list, not devices.
  const api = await call(srv, 'GET', '/k/v1/apps.json', { auth: alice.auth });
  assert.equal(api.status, 200, api.text);
});

test('request, approve through the inbox action, the credential works, revoking takes effect at once', async () => {
  const b = await signIn(alice);
  // City-only (Abiko §7, the preset): a personal device is refused with the rule cited.
  const personal = await as(b, 'POST', '/api/device/request.json', { ...form, kind: 'personal_pc', owner: 'personal' });
  assert.match(isError(personal, 403, 'DC_DV02').message, /我孫子市 §7/);
  const req = await as(b, 'POST', '/api/device/request.json', form);
  assert.equal(req.status, 200, req.text);
  assert.equal(req.json.status, 'pending');
  const setCookie = req.headers.getSetCookie().find((c) => c.startsWith('daicho_device='));
  assert.match(setCookie, /HttpOnly/);
  assert.match(setCookie, /SameSite=Strict/);
  const id = Number(req.json.id);
  // Stored hashed, never in the clear.
  const row = sql(srv, `SELECT hex(cred_hash) AS h, status FROM devices WHERE id = ${id}`)[0];
  assert.equal(row.status, 'pending');
  assert.notEqual(row.h, b.cookies.daicho_device);
  // Pending is not approved.
  isError(await as(b, 'GET', '/k/v1/apps.json'), 403, 'DC_DV01');
  // The approvers: the security administrator and the section head (not the requester).
  const items = sql(srv, `SELECT u.code, i.detail FROM inbox i JOIN users u ON u.id = i.user_id
    WHERE i.kind = 'device.request' AND i.ref_id = ${id} ORDER BY u.code`);
  assert.deepEqual(items.map((i) => i.code), ['bob', 'sec']);
  const actions = JSON.parse(items[1].detail).actions;
  assert.equal(actions.length, 2);
  // Someone else may not decide.
  const carolTry = await call(srv, actions[0].method, actions[0].path, { auth: carol.auth, body: actions[0].body });
  isError(carolTry, 403, 'DC_DV04');
  const ok = await call(srv, actions[0].method, actions[0].path, { auth: sec.auth, body: actions[0].body });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  assert.equal(sql(srv, `SELECT count(*) AS n FROM inbox WHERE kind = 'device.request' AND ref_id = ${id} AND done_at = 0`)[0].n, 0);
  // The browser that asked is in on its next request.
  const apps = await as(b, 'GET', '/k/v1/apps.json');
  assert.equal(apps.status, 200, apps.text);
  const st = await as(b, 'GET', '/api/device/status.json');
  assert.equal(st.json.state, 'approved');
  assert.equal(st.json.device.decidedBy, 'sec');
  // Another person's session with this browser's device cookie does not count.
  const c = await signIn(carol);
  c.cookies.daicho_device = b.cookies.daicho_device;
  isError(await as(c, 'GET', '/k/v1/apps.json'), 403, 'DC_DV01');
  // The auditor and the security administrator see it; revoking (with a reason) is logged.
  const list = await call(srv, 'GET', '/api/admin/devices.json', { auth: sec.auth });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.devices.some((d) => Number(d.id) === id && d.status === 'approved' && d.user === 'alice'));
  const noReason = await call(srv, 'POST', '/api/admin/device/revoke.json', { auth: sec.auth, body: { id } });
  isError(noReason, 400, 'CB_VA01', ['reason']);
  const rv = await call(srv, 'POST', '/api/admin/device/revoke.json', { auth: sec.auth, body: { id, reason: '異動のため' } });
  assert.equal(rv.status, 200, rv.text);
  isError(await as(b, 'GET', '/k/v1/apps.json'), 403, 'DC_DV01');
  const denied = await call(srv, 'POST', '/api/admin/device/revoke.json', { auth: alice.auth, body: { id, reason: 'x' } });
  assert.equal(denied.status, 403);
});

test('a section may allow registered personal devices (Kumamoto 第11–12条) or keep city-issued only', async () => {
  const b = await signIn(alice);
  const put = await call(srv, 'PUT', '/api/admin/device/section.json', { auth: sec.auth, body: { section: 'jinji', personalAllowed: true } });
  assert.equal(put.status, 200, put.text);
  const ok = await as(b, 'POST', '/api/device/request.json', { ...form, kind: 'smartphone', owner: 'personal', os: 'iOS 17.5' });
  assert.equal(ok.status, 200, ok.text);
  const list = await call(srv, 'GET', '/api/admin/devices.json?status=pending', { auth: sec.auth });
  assert.equal(list.json.sections.find((s) => s.code === 'jinji').personalAllowed, true);
  assert.ok(list.json.devices.every((d) => d.status === 'pending'));
  await call(srv, 'PUT', '/api/admin/device/section.json', { auth: sec.auth, body: { section: 'jinji', personalAllowed: false } });
  isError(await as(b, 'POST', '/api/device/request.json', { ...form, owner: 'personal' }), 403, 'DC_DV02');
  // At most three open requests per person (the smartphone above and two more).
  for (let i = 0; i < 2; i++) assert.equal((await as(b, 'POST', '/api/device/request.json', form)).status, 200);
  isError(await as(b, 'POST', '/api/device/request.json', form), 400, 'CB_VA01', ['kind']);
  const pending = sql(srv, "SELECT d.id FROM devices d JOIN users u ON u.id = d.user_id WHERE u.code = 'alice' AND d.status = 'pending'");
  for (const { id } of pending) {
    const rv = await call(srv, 'POST', '/api/admin/device/revoke.json', { auth: sec.auth, body: { id, reason: 'test' } });
    assert.equal(rv.status, 200, rv.text);
  }
  const bad = await call(srv, 'PUT', '/api/admin/device/section.json', { auth: sec.auth, body: { section: 'nowhere', personalAllowed: true } });
  isError(bad, 400, 'CB_VA01', ['section']);
});

// Gives b an approved device (requested by the browser, approved by the security admin).
async function approvedDevice(b) {
  const req = await as(b, 'POST', '/api/device/request.json', form);
  assert.equal(req.status, 200, req.text);
  const ok = await call(srv, 'POST', '/api/device/decide.json', { auth: sec.auth, body: { id: req.json.id, approve: true } });
  assert.equal(ok.status, 200, ok.text);
  return Number(req.json.id);
}

test('my devices and sessions; a lost device reported from /me is revoked at once and opens an incident', async () => {
  const b = await signIn(alice);
  const id = await approvedDevice(b);
  const other = await signIn(alice);
  const mine = await as(b, 'GET', '/api/me/devices.json');
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.devices.every((d) => d.user === 'alice'));
  const sessions = await as(b, 'GET', '/api/me/sessions.json');
  assert.ok(sessions.json.sessions.length >= 2);
  assert.equal(sessions.json.sessions.filter((s) => s.current).length, 1);
  const end = await as(b, 'POST', '/api/me/sessions/end.json', { others: true });
  assert.equal(end.status, 200, end.text);
  assert.equal((await as(other, 'GET', '/api/device/status.json')).status, 401);
  assert.equal((await as(b, 'GET', '/api/me/sessions.json')).json.sessions.length, 1);
  isError(await as(b, 'POST', '/api/me/report.json', { kind: 'meteor', summary: 'x' }), 400, 'CB_VA01', ['kind']);
  const rep = await as(b, 'POST', '/api/me/report.json', { kind: 'lost', deviceId: id, summary: '電車に置き忘れ' });
  assert.equal(rep.status, 200, rep.text);
  assert.equal(rep.json.kind, '紛失');
  assert.equal(sql(srv, `SELECT status FROM devices WHERE id = ${id}`)[0].status, 'revoked');
  isError(await as(b, 'GET', '/k/v1/apps.json'), 403, 'DC_DV01');
  const inc = sql(srv, `SELECT kind, status, summary FROM incidents WHERE id = ${rep.json.incident}`)[0];
  assert.deepEqual(inc, { kind: '紛失', status: 'open', summary: '電車に置き忘れ' });
  const to = sql(srv, `SELECT u.code FROM inbox i JOIN users u ON u.id = i.user_id
    WHERE i.kind = 'incident' AND i.ref_id = ${rep.json.incident} ORDER BY u.code`).map((r) => r.code);
  assert.deepEqual(to, ['carol', 'chief']);
});

test('signed out: a leaked password with the login name only locks the account; the form is rate-limited', async () => {
  const b = await signIn(bob);
  const unknown = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'nobody', kind: 'leaked' } });
  assert.equal(unknown.status, 200, unknown.text);
  const r = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'bob', kind: 'leaked', summary: 'メールで送ってしまった' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { kind: '漏えい' });
  // Old password no longer works, sessions ended: only an account administrator reopens it.
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: bob.auth })).status, 401);
  assert.equal((await as(b, 'GET', '/api/session.json')).status, 401);
  const inc = sql(srv, "SELECT kind, reporter_id FROM incidents WHERE kind = '漏えい' ORDER BY id DESC LIMIT 1")[0];
  assert.deepEqual(inc, { kind: '漏えい', reporter_id: null });
  // Anything else needs the password.
  const lost = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'alice', kind: 'lost' } });
  isError(lost, 400, 'CB_VA01', ['password']);
  const wrong = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'alice', password: 'wrong-password', kind: 'lost' } });
  assert.equal(wrong.status, 401, wrong.text);
  // Five reports per address in ten minutes (four used above).
  const fifth = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'alice', password: alice.password, kind: 'other', summary: '画面が変' } });
  assert.equal(fifth.status, 200, fifth.text);
  const sixth = await call(srv, 'POST', '/api/report.json', { auth: null, body: { login: 'alice', kind: 'leaked' } });
  isError(sixth, 429, 'DC_DV05');
});

test('suspending a person revokes their device credentials with the reason (Kumamoto 第18条)', async () => {
  const dave = await addUser(srv, 'dave', { section: 'jinji' });
  const b = await signIn(dave);
  const id = await approvedDevice(b);
  assert.equal((await as(b, 'GET', '/k/v1/apps.json')).status, 200);
  const sus = await call(srv, 'POST', '/api/admin/user/suspend.json', { body: { code: 'dave', reason: '端末の紛失' } });
  assert.equal(sus.status, 200, sus.text);
  const row = sql(srv, `SELECT status, reason FROM devices WHERE id = ${id}`)[0];
  assert.equal(row.status, 'revoked');
  assert.match(row.reason, /端末の紛失/);
  // Resuming the account does not bring the device back: it registers again.
  assert.equal((await call(srv, 'POST', '/api/admin/user/resume.json', { body: { code: 'dave' } })).status, 200);
  const again = await signIn(dave);
  isError(await as(again, 'GET', '/k/v1/apps.json'), 403, 'DC_DV01');
});

test('the address allow-list binds password and token clients, never browser sessions (Kuki 第27条)', async () => {
  const b = await signIn(alice);
  await approvedDevice(b);
  const bad = await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'api.allow': '10.0.0.0/8,nonsense' } } });
  isError(bad, 400, 'CB_VA01', ['rules.api.allow']);
  const put = await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'api.allow': '192.0.2.0/24, 2001:db8::/32' } } });
  assert.equal(put.status, 200, put.text);
  const r = await call(srv, 'GET', '/k/v1/apps.json', { auth: alice.auth, headers: { 'Accept-Language': 'en' } });
  const err = isError(r, 403, 'DC_DV03');
  assert.match(err.message, /(127\.0\.0\.1|::1)/);
  assert.match(err.message, /Kuki art\. 27/);
  const tok = await call(srv, 'GET', '/k/v1/apps.json', { auth: { apiToken: 'x'.repeat(40) } });
  isError(tok, 403, 'DC_DV03');
  // The browser with its approved device is not bound by it.
  assert.equal((await as(b, 'GET', '/k/v1/apps.json')).status, 200);
});
