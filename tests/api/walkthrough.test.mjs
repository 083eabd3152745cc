// Issue 4's "done means", end to end under the whole abiko preset with no rule switched
// off: on a fresh install an administrator sets up the organisation, a security
// administrator enrols two-factor sign-in and gets a registered device, a member is
// refused outside their hours until their section head orders overtime, the member is
// suspended, and `daicho audit verify` finds the log intact. Every refusal met on the way
// names its rule.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { call, daichoBin, startServer } from './lib/server.mjs';
import { addUser, isError } from './lib/util.mjs';

let srv;
before(async () => {
  srv = await startServer({ preset: 'abiko' });
});
after(async () => {
  await srv.stop();
});

// RFC 6238 (SHA-1, 30 s, 6 digits), as an authenticator app computes it.
function totp(secret, t = Date.now() / 1000) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const key = [];
  for (const c of secret.replace(/=+$/, '')) {
    value = (value << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) { key.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

// A browser: its cookies (session and device) and CSRF token.
async function browserSignIn(user) {
  const b = { cookies: {}, csrf: '' };
  const r = await send(b, 'POST', '/api/session.json', { login: user.code, password: user.password });
  assert.equal(r.status, 200, r.text);
  b.csrf = r.json.csrfToken;
  return b;
}
async function send(b, method, path, body) {
  const cookie = Object.entries(b.cookies).filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join('; ');
  const r = await call(srv, method, path, { auth: null, body, headers: { Cookie: cookie, 'X-Daicho-CSRF': b.csrf, 'Accept-Language': 'en' } });
  for (const c of r.headers.getSetCookie()) {
    const [kv] = c.split(';');
    const i = kv.indexOf('=');
    b.cookies[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return r;
}

const device = { kind: 'city_pc', owner: 'city', os: 'Windows 11 24H2', security: 'Microsoft Defender', note: '' };

test('set up the organisation, register a device, order overtime, suspend a user, verify the log', async () => {
  // 1. The first administrator (account + system roles) sets up the organisation.
  for (const unit of [
    { kind: 'department', code: 'soumu', name: '総務部' },
    { kind: 'section', code: 'jinji', name: '人事課', parent: 'soumu' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  const sec = await addUser(srv, 'sec', { section: 'jinji', password: 'Sec-passw0rd-long' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'sec', roles: ['security_admin'] } })).status, 200);
  const head = await addUser(srv, 'head', { section: 'jinji', password: 'Head-passw0rd-long' });
  const member = await addUser(srv, 'member', { section: 'jinji', password: 'Member-passw0rd-long' });
  const kansa = await addUser(srv, 'kansa', { section: 'jinji', password: 'Kansa-passw0rd-long' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'kansa', roles: ['auditor'] } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'jinji', head: 'head' } })).status, 200);

  // 2. The security administrator signs in: two-factor first (Kuki 第18条)...
  const sb = await browserSignIn(sec);
  isError(await send(sb, 'GET', '/api/admin/policy.json'), 403, 'DC_AC05');
  const enrol = await send(sb, 'POST', '/api/session/totp/enrol.json', {});
  assert.equal(enrol.status, 200, enrol.text);
  assert.equal((await send(sb, 'POST', '/api/session/totp/confirm.json', { code: totp(enrol.json.secret) })).status, 200);
  // ...then this browser must be a registered device (Abiko §7).
  const noDevice = isError(await send(sb, 'GET', '/api/admin/policy.json'), 403, 'DC_DV01');
  assert.match(noDevice.message, /Abiko §7/);
  const req = await send(sb, 'POST', '/api/device/request.json', device);
  assert.equal(req.status, 200, req.text);
  // Nobody approves their own device; the section head does, from the inbox's action.
  const inbox = await call(srv, 'GET', '/api/inbox.json', { auth: head.auth });
  const item = inbox.json.items.find((i) => i.kind === 'device.request');
  const approve = item.detail.actions.find((a) => a.label.en === 'Approve');
  assert.equal((await call(srv, approve.method, approve.path, { auth: head.auth, body: approve.body })).status, 200);
  assert.equal((await send(sb, 'GET', '/api/admin/policy.json')).status, 200);

  // 3. Hours: the security administrator gives the section a calendar that is closed now.
  const closed = { sun: '', mon: '', tue: '', wed: '', thu: '', fri: '', sat: '' };
  const cal = await send(sb, 'POST', '/api/admin/hours/calendars.json', { name: '人事課', always: false, holidaysClosed: true, week: closed });
  assert.equal(cal.status, 200, cal.text);
  const assign = await send(sb, 'PUT', '/api/admin/hours/assignments.json', { kind: 'section', code: 'jinji', calendar: Number(cal.json.id) });
  assert.equal(assign.status, 200, assign.text);
  // (The head and the auditor keep a calendar of their own that is open now, as people on
  // duty would; the security administrator, in the closed section, still reaches the
  // hours settings, never locked out of them.)
  const duty = await send(sb, 'POST', '/api/admin/hours/calendars.json', { name: '当直', always: true, holidaysClosed: false, week: closed });
  assert.equal(duty.status, 200, duty.text);
  for (const code of ['head', 'kansa'])
    assert.equal((await send(sb, 'PUT', '/api/admin/hours/assignments.json', { kind: 'user', code, calendar: Number(duty.json.id) })).status, 200);
  // The member is refused, with the rule and what to do.
  const refused = await call(srv, 'POST', '/api/session.json', { auth: null, headers: { 'Accept-Language': 'en' }, body: { login: 'member', password: member.password } });
  const hr = isError(refused, 403, 'DC_HR01');
  assert.match(hr.message, /Abiko's rules \(§8\).*ask your section head for an overtime order/);
  // The head orders overtime; the member signs in and registers this browser too.
  const now = Date.now();
  const order = await call(srv, 'POST', '/api/overtime.json', { auth: head.auth, body: {
    user: 'member', start: new Date(now - 60000).toISOString(), end: new Date(now + 3600000).toISOString(), reason: '給与計算の締め' } });
  assert.equal(order.status, 200, order.text);
  const mb = await browserSignIn(member);
  assert.equal((await send(mb, 'POST', '/api/device/request.json', device)).status, 200);
  const mItem = (await call(srv, 'GET', '/api/inbox.json', { auth: head.auth })).json.items.find((i) => i.kind === 'device.request' && i.detail.device.user === 'member');
  const mApprove = mItem.detail.actions.find((a) => a.label.en === 'Approve');
  assert.equal((await call(srv, mApprove.method, mApprove.path, { auth: head.auth, body: mApprove.body })).status, 200);
  assert.equal((await send(mb, 'GET', '/k/v1/apps.json')).status, 200);

  // 4. The account administrator suspends the member, with a reason: the open session ends.
  const sus = await call(srv, 'POST', '/api/admin/user/suspend.json', { body: { code: 'member', reason: '端末の紛失の届出' } });
  assert.equal(sus.status, 200, sus.text);
  const after = await send(mb, 'GET', '/k/v1/apps.json');
  assert.equal(after.status, 403, after.text);
  assert.match(after.json.message, /suspended/);

  // 5. The log verifies, and it holds each of these steps.
  const v = spawnSync(daichoBin(), ['audit', 'verify'], { env: { ...process.env, DAICHO_DATA: srv.dataDir }, encoding: 'utf8' });
  assert.equal(v.status, 0, v.stdout + v.stderr);
  isError(await send(sb, 'GET', '/api/audit/log.json'), 403, 'DC_HR01');
  const log = await call(srv, 'GET', '/api/audit/log.json?limit=500', { auth: kansa.auth });
  assert.equal(log.status, 200, log.text);
  const actions = new Set(log.json.entries.map((e) => e.action));
  for (const a of ['admin.org.add', 'admin.user.add', 'session.login', 'overtime.order', 'admin.user.suspend'])
    assert.ok(actions.has(a), `the log has ${a}`);
});
