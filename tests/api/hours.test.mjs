// Working hours (RULES.md rows 6 and 7: Abiko §8, Kumamoto 第14条) with the abiko preset
// on: calendars per section or user, overtime orders by the section head, the refusal
// DC_HR01 naming §8 and the next window, sessions cut when the window ends, emergency
// overrides by the security administrator (logged), and the security administrator
// never locked out. Nothing depends on the real clock: calendars are made closed (or
// always open) and orders are placed around the server's "now".
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { addUser, isError, sql } from './lib/util.mjs';

let srv, sec, aud, head, member, other;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
// "YYYY-MM-DD HH:MM" in Asia/Tokyo, as the refusal writes the next window.
const tokyo = (ms) => new Date(ms + 9 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
const closedWeek = { sun: '', mon: '', tue: '', wed: '', thu: '', fri: '', sat: '' };

// The organisation has no API of its own yet: write it as an installer would.
function sqlWrite(q) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), q]);
}

async function login(u) {
  const r = await call(srv, 'POST', '/api/session.json', { body: { login: u.code, password: u.password }, auth: null });
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return { r, cookie, csrf: r.json && r.json.csrfToken };
}

before(async () => {
  srv = await startServer({ preset: 'abiko', env: { DAICHO_TZ: 'Asia/Tokyo' } });
  const mk = async (code, roles) => {
    const u = await addUser(srv, code);
    if (roles) {
      const r = await call(srv, 'PUT', '/api/admin/users.json', { body: { code, roles } });
      assert.equal(r.status, 200, r.text);
    }
    return u;
  };
  sec = await mk('sec', ['security_admin']);
  // Two-factor sign-in for administrators (totp.admins) is tested in accounts.test.mjs;
  // here the security administrator's session works with the password alone. Registered
  // devices (devices.required) are tested in devices.test.mjs: sessions here need none.
  const off = await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'totp.admins': false, 'devices.required': false } } });
  assert.equal(off.status, 200, off.text);
  aud = await mk('aud', ['auditor']);
  head = await mk('kacho');
  member = await mk('shokuin');
  other = await mk('tanin');
  const now = Math.floor(Date.now() / 1000);
  sqlWrite(`INSERT INTO org_units(kind, code, name, head_id, created_at, updated_at)
    SELECT 'section', 'kikaku', '企画課', id, ${now}, ${now} FROM users WHERE code = 'kacho';
    UPDATE users SET section_id = (SELECT id FROM org_units WHERE code = 'kikaku')
    WHERE code IN ('kacho', 'shokuin');`);
});
after(() => srv.stop());

test('the default calendar starts always open, so turning the rule on locks nobody out', async () => {
  const me = await call(srv, 'GET', '/api/hours/me.json');
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.enforced, true);
  assert.equal(me.json.open, true);
  assert.equal(me.json.why, 'always');
  const apps = await call(srv, 'GET', '/k/v1/apps.json');
  assert.equal(apps.status, 200, apps.text);
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  assert.equal(adm.status, 200, adm.text);
  const def = adm.json.calendars.find((c) => c.default);
  assert.equal(def.always, true);
  assert.equal(def.week.mon, '08:30-17:15');
  assert.equal(def.week.sun, '');
  // The auditor reads; only the security administrator changes.
  assert.equal((await call(srv, 'GET', '/api/admin/hours.json', { auth: aud.auth })).status, 200);
  isError(await call(srv, 'POST', '/api/admin/hours/calendars.json',
    { auth: aud.auth, body: { name: 'x', week: closedWeek } }), 403, 'CB_NO02');
  isError(await call(srv, 'GET', '/api/admin/hours.json', { auth: member.auth }), 403, 'CB_NO02');
});

test('holidays of a year follow the holiday law (振替休日, 国民の休日)', async () => {
  const r = await call(srv, 'GET', '/api/hours/holidays.json?year=2026', { auth: member.auth });
  assert.equal(r.status, 200, r.text);
  const days = Object.fromEntries(r.json.holidays.map((h) => [h.date, h.name]));
  assert.equal(days['2026-05-06'], '振替休日');
  assert.equal(days['2026-09-22'], '国民の休日');
  assert.equal(days['2026-09-23'], '秋分の日');
  assert.equal(r.json.holidays.length, 18);
});

test('calendar input is checked; the default calendar cannot be deleted', async () => {
  const bad = await call(srv, 'POST', '/api/admin/hours/calendars.json',
    { auth: sec.auth, body: { name: 'bad', week: { ...closedWeek, mon: '17:00-08:00' } } });
  isError(bad, 400, 'CB_VA01', ['week.mon']);
  const badDay = await call(srv, 'POST', '/api/admin/hours/calendars.json',
    { auth: sec.auth, body: { name: 'bad', week: closedWeek, closings: [{ date: '2026-13-01' }] } });
  isError(badDay, 400, 'CB_VA01', ['closings[0].date']);
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  const def = adm.json.calendars.find((c) => c.default);
  const del = await call(srv, 'DELETE', '/api/admin/hours/calendars.json', { auth: sec.auth, body: { id: def.id } });
  isError(del, 400, 'DC_HR03');
});

test('outside hours: refused with DC_HR01 citing §8; the head orders overtime and the member gets in', async () => {
  // A calendar with no window at all, for the section and for the other person.
  const cal = await call(srv, 'POST', '/api/admin/hours/calendars.json', {
    auth: sec.auth,
    body: { name: '閉庁', always: false, holidaysClosed: true, week: closedWeek,
      closings: [{ date: '2026-12-29', name: '年末年始' }] },
  });
  assert.equal(cal.status, 200, cal.text);
  for (const [kind, code] of [['section', 'kikaku'], ['user', 'tanin']]) {
    const a = await call(srv, 'PUT', '/api/admin/hours/assignments.json',
      { auth: sec.auth, body: { kind, code, calendar: cal.json.id } });
    assert.equal(a.status, 200, a.text);
  }
  // The head works the office's default hours (a user's own entry wins over the section's).
  let adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  const def = adm.json.calendars.find((c) => c.default);
  await call(srv, 'PUT', '/api/admin/hours/assignments.json',
    { auth: sec.auth, body: { kind: 'user', code: 'kacho', calendar: def.id } });
  adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  assert.deepEqual(adm.json.assignments.map((a) => a.code).sort(), ['kacho', 'kikaku', 'tanin']);
  assert.deepEqual(adm.json.calendars.find((c) => c.name === '閉庁').closings, [{ date: '2026-12-29', name: '年末年始' }]);

  const refused = isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: member.auth }), 403, 'DC_HR01');
  assert.match(refused.message, /我孫子市の規程（§8）/);
  assert.match(refused.message, /所属長に時間外勤務命令/);
  const en = await call(srv, 'GET', '/k/v1/apps.json', { auth: member.auth, headers: { 'Accept-Language': 'en' } });
  assert.match(en.json.message, /Abiko's rules \(§8\).*none scheduled.*ask your section head for an overtime order/);
  // The sign-in itself is refused, with the same message.
  const li = await login(member);
  isError(li.r, 403, 'DC_HR01');
  assert.equal(li.cookie, '');
  // Learning why stays possible.
  const me = await call(srv, 'GET', '/api/hours/me.json', { auth: member.auth });
  assert.equal(me.status, 200);
  assert.equal(me.json.open, false);
  assert.equal(me.json.calendar.name, '閉庁');

  // Only the member's head may order overtime, and not for themselves.
  const now = Date.now();
  const body = { user: 'shokuin', start: iso(now - 60e3), end: iso(now + 3600e3), reason: '議会答弁の準備' };
  isError(await call(srv, 'POST', '/api/overtime.json', { auth: aud.auth, body }), 403, 'DC_HR02');
  // (The member cannot even ask: they are outside hours themselves.)
  isError(await call(srv, 'POST', '/api/overtime.json', { auth: member.auth, body }), 403, 'DC_HR01');
  isError(await call(srv, 'POST', '/api/overtime.json',
    { auth: head.auth, body: { ...body, reason: '' } }), 400, 'CB_VA01', ['reason']);
  isError(await call(srv, 'POST', '/api/overtime.json',
    { auth: head.auth, body: { ...body, end: iso(now + 30 * 3600e3) } }), 400, 'CB_VA01', ['end']);
  const list = await call(srv, 'GET', '/api/overtime.json', { auth: head.auth });
  assert.deepEqual(list.json.members.map((m) => m.code), ['shokuin']);
  const order = await call(srv, 'POST', '/api/overtime.json', { auth: head.auth, body });
  assert.equal(order.status, 200, order.text);

  // The member sees it in their inbox and gets in.
  const inbox = sql(srv, `SELECT kind, subject, detail FROM inbox WHERE ref_id = ${order.json.id}`);
  assert.equal(inbox.length, 1);
  assert.equal(inbox[0].kind, 'overtime');
  assert.match(inbox[0].subject, /時間外勤務命令/);
  assert.equal(JSON.parse(inbox[0].detail).reason, '議会答弁の準備');
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', { auth: member.auth })).status, 200);
  const me2 = await call(srv, 'GET', '/api/hours/me.json', { auth: member.auth });
  assert.equal(me2.json.why, 'order');
  assert.equal(me2.json.orders.length, 1);
  assert.equal(me2.json.until, iso(now + 3600e3));

  // A session opened under the order is cut at the next request once the order is gone.
  const s = await login(member);
  assert.equal(s.r.status, 200, s.r.text);
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', { auth: null, headers: { Cookie: s.cookie } })).status, 200);
  const cancel = await call(srv, 'DELETE', '/api/overtime.json', { auth: head.auth, body: { id: order.json.id } });
  assert.equal(cancel.status, 200, cancel.text);
  assert.equal(sql(srv, `SELECT done_at > 0 AS done FROM inbox WHERE ref_id = ${order.json.id}`)[0].done, 1);
  const cut = await call(srv, 'GET', '/k/v1/apps.json', { auth: null, headers: { Cookie: s.cookie } });
  isError(cut, 403, 'DC_HR01');
  assert.match(cut.headers.get('set-cookie') || '', /Max-Age=0/);
  isError(await call(srv, 'GET', '/api/session.json', { auth: null, headers: { Cookie: s.cookie } }), 401, 'CB_AU01');

  // An order starting later is the next window the refusal names.
  const later = now + 2 * 3600e3;
  const o2 = await call(srv, 'POST', '/api/overtime.json',
    { auth: head.auth, body: { ...body, start: iso(later), end: iso(later + 3600e3) } });
  assert.equal(o2.status, 200, o2.text);
  const r2 = isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: member.auth }), 403, 'DC_HR01');
  assert.ok(r2.message.includes(tokyo(Math.floor(later / 60e3) * 60e3)), r2.message);
  // Refusals are in the access log.
  const log = sql(srv, "SELECT result, code FROM access_log WHERE user_code = 'shokuin' AND code = 'DC_HR01'");
  assert.ok(log.length >= 1);
  assert.equal(log[0].result, 'denied');
});

test('emergency override by the security administrator: time-limited, with a reason, logged', async () => {
  const now = Date.now();
  isError(await call(srv, 'POST', '/api/admin/hours/overrides.json',
    { auth: sec.auth, body: { user: 'tanin', until: iso(now + 3600e3) } }), 400, 'CB_VA01', ['reason']);
  isError(await call(srv, 'POST', '/api/admin/hours/overrides.json',
    { auth: sec.auth, body: { user: 'tanin', until: iso(now + 8 * 86400e3), reason: '災害対応' } }), 400, 'CB_VA01', ['until']);
  isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: other.auth }), 403, 'DC_HR01');
  const ov = await call(srv, 'POST', '/api/admin/hours/overrides.json',
    { auth: sec.auth, body: { user: 'tanin', until: iso(now + 3600e3), reason: '災害対応' } });
  assert.equal(ov.status, 200, ov.text);
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', { auth: other.auth })).status, 200);
  const me = await call(srv, 'GET', '/api/hours/me.json', { auth: other.auth });
  assert.equal(me.json.why, 'override');
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  assert.equal(adm.json.overrides[0].reason, '災害対応');
  assert.equal(adm.json.overrides[0].user, 'tanin');
  const log = sql(srv, "SELECT user_code, result, status FROM access_log WHERE action = 'admin.hours.override'");
  assert.deepEqual(log.map((l) => [l.user_code, l.result, l.status]),
    [['sec', 'failed', 400], ['sec', 'failed', 400], ['sec', 'ok', 200]]);
  const rv = await call(srv, 'DELETE', '/api/admin/hours/overrides.json', { auth: sec.auth, body: { id: ov.json.id } });
  assert.equal(rv.status, 200, rv.text);
  isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: other.auth }), 403, 'DC_HR01');
});

test('the security administrator is never locked out of the hours administration', async () => {
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  const closed = adm.json.calendars.find((c) => c.name === '閉庁');
  const a = await call(srv, 'PUT', '/api/admin/hours/assignments.json',
    { auth: sec.auth, body: { kind: 'user', code: 'sec', calendar: closed.id } });
  assert.equal(a.status, 200, a.text);
  isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: sec.auth }), 403, 'DC_HR01');
  assert.equal((await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth })).status, 200);
  const s = await login(sec);
  assert.equal(s.r.status, 200, 'the security administrator may sign in outside hours');
  // Refused elsewhere, their session survives for the hours administration.
  isError(await call(srv, 'GET', '/k/v1/apps.json', { auth: null, headers: { Cookie: s.cookie } }), 403, 'DC_HR01');
  assert.equal((await call(srv, 'GET', '/api/admin/hours.json', { auth: null, headers: { Cookie: s.cookie } })).status, 200);
  // Council members (Kumamoto 第14条): an always-open calendar for their section or themselves.
  const council = await call(srv, 'POST', '/api/admin/hours/calendars.json',
    { auth: sec.auth, body: { name: '議会 24/365', always: true, week: closedWeek } });
  assert.equal(council.status, 200, council.text);
  await call(srv, 'PUT', '/api/admin/hours/assignments.json',
    { auth: sec.auth, body: { kind: 'user', code: 'tanin', calendar: council.json.id } });
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', { auth: other.auth })).status, 200);
  // Removing the entry puts the person back on the calendar above.
  await call(srv, 'PUT', '/api/admin/hours/assignments.json',
    { auth: sec.auth, body: { kind: 'user', code: 'sec', calendar: null } });
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', { auth: sec.auth })).status, 200);
});
