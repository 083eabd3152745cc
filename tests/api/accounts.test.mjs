// Accounts (RULES.md rows 4, 14, 20, 26): two-factor sign-in (TOTP, Kuki 第18条), the password presets (asvs by default; municipal
// in the abiko preset, Yabu 第11条2項: mixed classes, periodic change, no reuse) and
// suspension by an account administrator with a reason, which ends every session and
// revokes every API token at once (Kumamoto 第6条4, 第18条).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { call, daichoBin, startServer } from './lib/server.mjs';
import { addToken, addUser, clientFor, isError, makeApp, sql } from './lib/util.mjs';

let plain, abiko;
before(async () => {
  // The app lifecycle is tested in lifecycle.test.mjs: the suspension test's app is used at once.
  [plain, abiko] = await Promise.all([startServer(), startServer({ preset: 'abiko', policy: { 'apps.lifecycle': 'false' } })]);
  // Registered devices (devices.required) are tested in devices.test.mjs: sessions here
  // need none. Only a security administrator changes the policy.
  const sec = { username: 'devsec', password: 'Devsec-passw0rd-1' };
  const r = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: sec.username, name: 'Devsec', password: sec.password, roles: ['security_admin'] },
  });
  assert.equal(r.status, 200, r.text);
  const off = await call(abiko, 'PUT', '/api/admin/policy.json', { auth: sec, body: { rules: { 'devices.required': false } } });
  assert.equal(off.status, 200, off.text);
});
after(async () => {
  await plain.stop();
  await abiko.stop();
});

// Writes to the server's database (to age a password without waiting 90 days).
function sqlWrite(srv, query) {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${query}`]);
}

async function login(srv, login, password) {
  const r = await call(srv, 'POST', '/api/session.json', { auth: null, body: { login, password } });
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  return { r, s: { auth: null, headers: { Cookie: cookie, 'X-Daicho-CSRF': r.json && r.json.csrfToken } } };
}

const en = { 'Accept-Language': 'en' };
const changeOwn = (srv, auth, currentPassword, newPassword) =>
  call(srv, 'PUT', '/api/session/password.json', { auth, headers: en, body: { currentPassword, newPassword } });

test('asvs (default): a long passphrase of one character class is accepted, no expiry', async () => {
  const u = await addUser(plain, 'asvs1', { password: 'correct horse battery staple' });
  const me = await call(plain, 'GET', '/api/session.json', { auth: u.auth });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.user.mustChangePassword, false);
  // An old password does not expire under asvs.
  sqlWrite(plain, "UPDATE users SET password_changed_at = 0 WHERE code = 'asvs1'");
  assert.equal((await call(plain, 'GET', '/api/session.json', { auth: u.auth })).json.user.mustChangePassword, false);
  // And reuse is not checked (ASVS: no composition or history rules).
  const again = await changeOwn(plain, u.auth, u.password, u.password);
  assert.equal(again.status, 200, again.text);
});

test('municipal: fewer than three character classes refused, citing Yabu art. 11', async () => {
  const r = await call(abiko, 'POST', '/api/admin/users.json', {
    headers: en, body: { code: 'mono', name: 'Mono', password: 'correct horse battery staple' },
  });
  isError(r, 400, 'CB_VA01', ['password']);
  assert.match(r.json.errors.password.messages[0], /three of upper-case.*Yabu art\. 11/);
  const ja = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'mono', name: 'Mono', password: 'correcthorsebattery' },
  });
  assert.match(ja.json.errors.password.messages[0], /養父市 第11条/);
  const ok = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'mono', name: 'Mono', password: 'Correct horse 7' },
  });
  assert.equal(ok.status, 200, ok.text);
});

test('municipal: an expired password lets the user sign in only to change it', async () => {
  const u = await addUser(abiko, 'aged', { password: 'Aged-passw0rd-one' });
  sqlWrite(abiko, `UPDATE users SET password_changed_at = strftime('%s','now') - 91*86400 WHERE code = 'aged'`);
  // Sign-in works, into the "must change password" state.
  const { r, s } = await login(abiko, 'aged', u.password);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.mustChangePassword, true);
  assert.equal((await call(abiko, 'GET', '/api/session.json', s)).status, 200);
  // Everything else is refused with DC_AC01, by session and by password header.
  const apps = await call(abiko, 'GET', '/k/v1/apps.json', { ...s, headers: { ...s.headers, ...en } });
  isError(apps, 403, 'DC_AC01');
  assert.match(apps.json.message, /Yabu art\. 11-2\(4\)/);
  isError(await call(abiko, 'GET', '/api/users.json', { auth: u.auth }), 403, 'DC_AC01');
  // The admin list shows it.
  const list = await call(abiko, 'GET', '/api/admin/users.json');
  assert.equal(list.json.users.find((x) => x.code === 'aged').mustChangePassword, true);
  // Changing it (by session, with the CSRF token) lifts the state.
  const ch = await call(abiko, 'PUT', '/api/session/password.json', {
    ...s, body: { currentPassword: u.password, newPassword: 'Aged-passw0rd-two' },
  });
  assert.equal(ch.status, 200, ch.text);
  const after = await call(abiko, 'GET', '/api/users.json', { auth: { username: 'aged', password: 'Aged-passw0rd-two' } });
  assert.equal(after.status, 200, after.text);
});

test('municipal: none of the last 5 passwords may be reused', async () => {
  const pw = (n) => `Reuse-passw0rd-${n}`;
  await addUser(abiko, 'reuse', { password: pw(0) });
  // The current one is refused...
  let r = await changeOwn(abiko, { username: 'reuse', password: pw(0) }, pw(0), pw(0));
  isError(r, 400, 'CB_VA01', ['password']);
  assert.match(r.json.errors.password.messages[0], /last 5 passwords \(Yabu art\. 11-2\(4\)\)/);
  // ... walk through four more; each earlier one is refused while it is among the last 5.
  for (let i = 1; i <= 4; i++) {
    r = await changeOwn(abiko, { username: 'reuse', password: pw(i - 1) }, pw(i - 1), pw(i));
    assert.equal(r.status, 200, r.text);
  }
  r = await changeOwn(abiko, { username: 'reuse', password: pw(4) }, pw(4), pw(0));
  isError(r, 400, 'CB_VA01', ['password']);
  // The administrator's reset follows the same rule.
  const reset = await call(abiko, 'PUT', '/api/admin/user/password.json', { body: { code: 'reuse', password: pw(2) } });
  isError(reset, 400, 'CB_VA01', ['password']);
  // A sixth change pushes pw(0) out of the window.
  r = await changeOwn(abiko, { username: 'reuse', password: pw(4) }, pw(4), pw(5));
  assert.equal(r.status, 200, r.text);
  r = await changeOwn(abiko, { username: 'reuse', password: pw(5) }, pw(5), pw(0));
  assert.equal(r.status, 200, r.text);
  // Only hashes are kept.
  for (const row of sql(abiko, "SELECT h.password_hash FROM password_history h JOIN users u ON u.id = h.user_id WHERE u.code = 'reuse'"))
    assert.match(row.password_hash, /^\$argon2id\$/);
});

test('suspension: reason required; ends sessions and revokes tokens at once; logged with who, when and why', async () => {
  const srv = abiko;
  const u = await addUser(srv, 'leaver', { password: 'Leaver-passw0rd-1' });
  // leaver may view the app: under extensions.review a token never exceeds its owner's rights.
  const all = { appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordImportable: true, recordExportable: true };
  const app = await makeApp(clientFor(srv), 'accounts-suspend', {
    t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 'T' },
  }, { acl: [{ entity: { type: 'CREATOR' }, ...all }, { entity: { type: 'USER', code: 'leaver' }, ...all, appEditable: false, recordViewable: true }] });
  const tok = await addToken(srv, app, ['view'], { owner: 'leaver' });
  const { s } = await login(srv, 'leaver', u.password);
  assert.equal((await call(srv, 'GET', '/api/session.json', s)).status, 200);
  assert.equal((await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: tok.token } })).status, 200);

  // No reason: refused, nothing changes.
  const noReason = await call(srv, 'POST', '/api/admin/user/suspend.json', { headers: en, body: { code: 'leaver' } });
  isError(noReason, 400, 'CB_VA01', ['reason']);
  const viaPut = await call(srv, 'PUT', '/api/admin/users.json', { headers: en, body: { code: 'leaver', active: false } });
  isError(viaPut, 400, 'DC_AC02');
  assert.match(viaPut.json.message, /Kumamoto art\. 6-4/);
  assert.equal((await call(srv, 'GET', '/api/session.json', s)).status, 200);

  const sus = await call(srv, 'POST', '/api/admin/user/suspend.json', {
    body: { code: 'leaver', reason: '端末紛失の届出（緊急停止）' },
  });
  assert.equal(sus.status, 200, sus.text);
  // The very next request of the session and of the token is refused; the session says why.
  const next = await call(srv, 'GET', '/api/session.json', { ...s, headers: { ...s.headers, ...en } });
  isError(next, 403, 'DC_AU04');
  assert.match(next.json.message, /suspended/);
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: tok.token } }), 401, 'GAIA_IA02');
  isError(await call(srv, 'GET', '/api/session.json', { auth: u.auth }), 403, 'DC_AU04');
  isError((await login(srv, 'leaver', u.password)).r, 403, 'DC_AU04');
  assert.equal(sql(srv, `SELECT count(*) AS n FROM api_tokens WHERE id = ${tok.id} AND revoked_at > 0`)[0].n, 1);

  const row = (await call(srv, 'GET', '/api/admin/users.json')).json.users.find((x) => x.code === 'leaver');
  assert.equal(row.active, false);
  assert.equal(row.suspension.reason, '端末紛失の届出（緊急停止）');
  assert.equal(row.suspension.by, 'admin');
  assert.match(row.suspension.at, /^\d{4}-\d\d-\d\dT/);
  const log = sql(srv, "SELECT user_code, record_ids, result FROM access_log WHERE action = 'admin.user.suspend' ORDER BY id");
  // The refused attempt without a reason is logged too.
  assert.ok(log.some((l) => l.result !== 'ok'), JSON.stringify(log));
  const ok = log.filter((l) => l.result === 'ok');
  assert.equal(ok.length, 1);
  assert.equal(ok[0].user_code, 'admin');
  assert.equal(JSON.parse(ok[0].record_ids)[0], Number(u.id));

  // Twice is an error; resume lifts it, the revoked token stays revoked.
  isError(await call(srv, 'POST', '/api/admin/user/suspend.json', { body: { code: 'leaver', reason: 'again' } }), 409, 'DC_AC03');
  assert.equal((await call(srv, 'POST', '/api/admin/user/resume.json', { body: { code: 'leaver' } })).status, 200);
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: u.auth })).status, 200);
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: tok.token } }), 401, 'GAIA_IA02');
  // The session ended by the suspension does not come back.
  isError(await call(srv, 'GET', '/api/session.json', s), 401, 'CB_AU01');
  // PUT users.json with a reason goes through the same rule.
  const put = await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'leaver', active: false, reason: '異動' } });
  assert.equal(put.status, 200, put.text);
  assert.equal(sql(srv, "SELECT suspended_reason AS r FROM users WHERE code = 'leaver'")[0].r, '異動');
});

test('only account administrators suspend, resume and unlock; nobody suspends themselves', async () => {
  const u = await addUser(plain, 'clerk');
  for (const p of ['suspend', 'resume', 'unlock']) {
    const r = await call(plain, 'POST', `/api/admin/user/${p}.json`, { auth: u.auth, body: { code: 'admin', reason: 'x' } });
    isError(r, 403, 'CB_NO02');
  }
  const self = await call(plain, 'POST', '/api/admin/user/suspend.json', { body: { code: 'admin', reason: 'x' } });
  isError(self, 400, 'CB_VA01', ['code']);
  // Unlock clears a sign-in lock.
  sqlWrite(plain, "UPDATE users SET failed_logins = 10, locked_until = strftime('%s','now') + 900 WHERE code = 'clerk'");
  isError(await call(plain, 'GET', '/api/session.json', { auth: u.auth }), 429, 'DC_AU02');
  assert.equal((await call(plain, 'POST', '/api/admin/user/unlock.json', { body: { code: 'clerk' } })).status, 200);
  assert.equal((await call(plain, 'GET', '/api/session.json', { auth: u.auth })).status, 200);
});

// RFC 6238 TOTP (SHA-1, 30 s, 6 digits), computed here with node:crypto.
function base32Decode(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '')) {
    value = (value << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}
function totp(secret, t = Date.now() / 1000) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

test('TOTP: enrolment, sign-in with a code, replay refused, password header refused, disable', async () => {
  const srv = plain;
  const u = await addUser(srv, 'two', { password: 'Two-factor-passw0rd' });
  // Enrolment: a secret and its URI, shown once; not on until a first code confirms it.
  const en1 = await call(srv, 'POST', '/api/session/totp/enrol.json', { auth: u.auth, body: {} });
  assert.equal(en1.status, 200, en1.text);
  assert.match(en1.json.secret, /^[A-Z2-7]{32}$/);
  assert.equal(en1.json.uri, `otpauth://totp/daicho:two?secret=${en1.json.secret}&issuer=daicho&algorithm=SHA1&digits=6&period=30`);
  const secret = en1.json.secret;
  isError(await call(srv, 'POST', '/api/session/totp/confirm.json', { auth: u.auth, body: { code: '000000' === totp(secret) ? '111111' : '000000' } }), 401, 'DC_AC07');
  const conf = await call(srv, 'POST', '/api/session/totp/confirm.json', { auth: u.auth, body: { code: totp(secret) } });
  assert.equal(conf.status, 200, conf.text);
  assert.equal(sql(srv, "SELECT totp_pending AS p FROM users WHERE code = 'two'")[0].p, '');
  // The secret is never returned again; the admin list says TOTP is on.
  const list = await call(srv, 'GET', '/api/admin/users.json');
  const row = list.json.users.find((x) => x.code === 'two');
  assert.equal(row.totp, true);
  assert.ok(!JSON.stringify(list.json).includes(secret));
  // The password header alone is now refused: it would skip the second factor.
  const hdr = await call(srv, 'GET', '/api/session.json', { auth: u.auth, headers: en });
  isError(hdr, 401, 'DC_AC06');
  assert.match(hdr.json.message, /API token/);

  // Sign-in: the password gives a session that waits for the code.
  const { r, s } = await login(srv, 'two', u.password);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.totpRequired, true);
  isError(await call(srv, 'GET', '/k/v1/apps.json', s), 401, 'DC_AC04');
  isError(await call(srv, 'POST', '/api/session/totp.json', { ...s, body: { code: 'abcdef' } }), 401, 'DC_AC07');
  // The code used to confirm the enrolment cannot be used again (same time step).
  const code = totp(secret);
  const used = await call(srv, 'POST', '/api/session/totp.json', { ...s, body: { code } });
  isError(used, 401, 'DC_AC07');
  // Wait for the next step and sign in with its code; it cannot be replayed elsewhere.
  const wait = 30 - (Math.floor(Date.now() / 1000) % 30) + 0.2;
  await new Promise((res) => setTimeout(res, wait * 1000));
  const code2 = totp(secret);
  const ok = await call(srv, 'POST', '/api/session/totp.json', { ...s, body: { code: code2 } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.user.totpRequired, false);
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', s)).status, 200);
  const other = await login(srv, 'two', u.password);
  isError(await call(srv, 'POST', '/api/session/totp.json', { ...other.s, body: { code: code2 } }), 401, 'DC_AC07');
  // Wrong codes count towards the sign-in lock: the good code cleared the earlier ones,
  // the replay above counts.
  assert.equal(sql(srv, "SELECT failed_logins AS n FROM users WHERE code = 'two'")[0].n, 1);

  // The account administrator's reset (a lost phone) turns it off and is logged.
  const reset = await call(srv, 'POST', '/api/admin/user/totp/reset.json', { body: { code: 'two' } });
  assert.equal(reset.status, 200, reset.text);
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: u.auth })).status, 200);
  const log = sql(srv, "SELECT user_code, result FROM access_log WHERE action = 'admin.user.totp.reset'");
  assert.deepEqual(log, [{ user_code: 'admin', result: 'ok' }]);
  // Disabling oneself needs a current code.
  const again = await call(srv, 'POST', '/api/session/totp/enrol.json', { auth: u.auth, body: {} });
  await call(srv, 'POST', '/api/session/totp/confirm.json', { auth: u.auth, body: { code: totp(again.json.secret) } });
  const { s: s3 } = await login(srv, 'two', u.password);
  isError(await call(srv, 'POST', '/api/session/totp/disable.json', { ...s3, body: { code: totp(again.json.secret) } }), 401, 'DC_AC04');
});

test('totp.admins (abiko): an administrator without TOTP may sign in only to enrol', async () => {
  const srv = abiko;
  const r0 = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: 'acct', name: 'Acct', password: 'Acct-passw0rd-1', roles: ['account_admin'] },
  });
  assert.equal(r0.status, 200, r0.text);
  const { r, s } = await login(srv, 'acct', 'Acct-passw0rd-1');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.user.totpEnrolRequired, true);
  const refused = await call(srv, 'GET', '/api/admin/users.json', { ...s, headers: { ...s.headers, ...en } });
  isError(refused, 403, 'DC_AC05');
  assert.match(refused.json.message, /Kuki art\. 18/);
  // A plain user is not concerned.
  const clerk = await addUser(srv, 'clerk2', { password: 'Clerk-passw0rd-1' });
  const c = await login(srv, 'clerk2', clerk.password);
  assert.equal(c.r.json.user.totpEnrolRequired, false);
  assert.equal((await call(srv, 'GET', '/k/v1/apps.json', c.s)).status, 200);
  // Enrol, confirm: the same session may now work.
  const enr = await call(srv, 'POST', '/api/session/totp/enrol.json', { ...s, body: {} });
  assert.equal(enr.status, 200, enr.text);
  const conf = await call(srv, 'POST', '/api/session/totp/confirm.json', { ...s, body: { code: totp(enr.json.secret) } });
  assert.equal(conf.status, 200, conf.text);
  assert.equal((await call(srv, 'GET', '/api/admin/users.json', s)).status, 200);
});

test('daicho user disable needs --reason and goes through the same suspension', async () => {
  const srv = plain;
  const u = await addUser(srv, 'cliuser', { password: 'Cli-passw0rd-1' });
  const run = (...args) => spawnSync(daichoBin(), ['user', ...args], { env: { ...process.env, DAICHO_DATA: srv.dataDir }, encoding: 'utf8' });
  const bare = run('disable', 'cliuser');
  assert.equal(bare.status, 2);
  assert.match(bare.stderr, /--reason/);
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: u.auth })).status, 200);
  const ok = run('disable', 'cliuser', '--reason', '退職');
  assert.equal(ok.status, 0, ok.stderr);
  isError(await call(srv, 'GET', '/api/session.json', { auth: u.auth }), 403, 'DC_AU04');
  const row = sql(srv, "SELECT suspended_reason AS r, suspended_by AS b FROM users WHERE code = 'cliuser'")[0];
  assert.deepEqual(row, { r: '退職', b: '(command line)' });
  assert.equal(run('enable', 'cliuser').status, 0);
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: u.auth })).status, 200);
});
