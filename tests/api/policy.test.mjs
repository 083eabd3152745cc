// The installation's policy and the administrative roles (RULES.md rows 4 and 29): a fresh
// install has the switchable rules off and one administrator holding every role; the
// abiko preset turns the rules on and separates duties, so no one both changes the rules
// and can erase their evidence; each role reaches only its own part of the admin API.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from './lib/server.mjs';
import { addUser, sql } from './lib/util.mjs';

let plain, abiko;
before(async () => {
  [plain, abiko] = await Promise.all([startServer(), startServer({ preset: 'abiko' })]);
});
after(async () => {
  await plain.stop();
  await abiko.stop();
});

const rule = (p, key) => p.rules.find((r) => r.key === key);

test('a fresh install: rules off, the first administrator holds every role', async () => {
  const p = await call(plain, 'GET', '/api/admin/policy.json');
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.anyRuleOn, false);
  for (const key of ['devices.required', 'hours.enforced', 'downloads.warnings', 'duties.separated'])
    assert.equal(rule(p.json, key).value, 'false', key);
  assert.equal(rule(p.json, 'api.allow').value, '127.0.0.1/32,::1/128');
  const me = await call(plain, 'GET', '/api/session.json');
  assert.deepEqual(me.json.user.roles,
    ['account_admin', 'system_admin', 'security_admin', 'auditor', 'chief_protection_manager']);
});

test('the abiko preset: every switchable rule on, the first administrator without the security role', async () => {
  const p = await call(abiko, 'GET', '/api/admin/policy.json');
  assert.equal(p.json.anyRuleOn, true);
  for (const r of p.json.rules) assert.equal(r.value, r.abiko, r.key);
  assert.equal(rule(p.json, 'duties.separated').setBy, 'daicho init');
  const me = await call(abiko, 'GET', '/api/session.json');
  assert.deepEqual(me.json.user.roles, ['account_admin', 'system_admin']);
  // So the first administrator cannot change the rules...
  const put = await call(abiko, 'PUT', '/api/admin/policy.json', { body: { rules: { 'hours.enforced': false } } });
  assert.equal(put.status, 403);
  assert.equal(put.json.code, 'CB_NO02');
  assert.match(put.json.message, /security_admin/);
});

test('separated duties refuse a person who would both set the rules and run the system', async () => {
  const r = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'both', name: 'Both', password: 'a-Long-passphrase-42', roles: ['security_admin', 'system_admin'] },
    headers: { 'Accept-Language': 'en' },
  });
  assert.equal(r.status, 400, r.text);
  assert.match(r.json.errors.roles.messages[0], /Kuki art\. 21.*security_admin with system_admin/);
  const aud = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'aud', name: 'Aud', password: 'a-Long-passphrase-42', roles: ['auditor', 'account_admin'] },
  });
  assert.equal(aud.status, 400);
  assert.match(aud.json.errors.roles.messages[0], /久喜市 第21条/);
  assert.equal(sql(abiko, "SELECT count(*) AS n FROM users WHERE code IN ('both','aud')")[0].n, 0);
  // Without the policy the same person is allowed (a small office may need it).
  const ok = await call(plain, 'POST', '/api/admin/users.json', {
    body: { code: 'both', name: 'Both', password: 'a-Long-passphrase-42', roles: ['security_admin', 'system_admin'] },
  });
  assert.equal(ok.status, 200, ok.text);
});

test('a security administrator changes the policy, all or nothing, with who and when', async () => {
  const sec = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'sec', name: 'Security', password: 'a-Long-passphrase-42', roles: ['security_admin'] },
  });
  assert.equal(sec.status, 200, sec.text);
  const auth = { username: 'sec', password: 'a-Long-passphrase-42' };
  const bad = await call(abiko, 'PUT', '/api/admin/policy.json', {
    auth, body: { rules: { 'downloads.warnings': false, 'audit.retention_days': -5 } },
  });
  assert.equal(bad.status, 400, bad.text);
  assert.ok(bad.json.errors['rules.audit.retention_days']);
  const unknown = await call(abiko, 'PUT', '/api/admin/policy.json', { auth, body: { rules: { 'no.such': true } } });
  assert.equal(unknown.status, 400);
  let p = (await call(abiko, 'GET', '/api/admin/policy.json', { auth })).json;
  assert.equal(rule(p, 'downloads.warnings').value, 'true', 'the refused change changed nothing');
  const good = await call(abiko, 'PUT', '/api/admin/policy.json', {
    auth, body: { rules: { 'downloads.warnings': false, 'audit.retention_days': 400 } },
  });
  assert.equal(good.status, 200, good.text);
  p = (await call(abiko, 'GET', '/api/admin/policy.json', { auth })).json;
  assert.equal(rule(p, 'downloads.warnings').value, 'false');
  assert.equal(rule(p, 'audit.retention_days').value, '400');
  assert.equal(rule(p, 'audit.retention_days').setBy, 'sec');
  assert.match(rule(p, 'audit.retention_days').setAt, /^\d{4}-\d\d-\d\dT/);
  // Every attempt is an administrator action in the access log: the first administrator's
  // refusal, the two invalid changes, the change.
  const logged = sql(abiko, "SELECT user_code, result FROM access_log WHERE action = 'admin.policy' ORDER BY id");
  assert.deepEqual(logged, [
    { user_code: 'admin', result: 'denied' },
    { user_code: 'sec', result: 'failed' },
    { user_code: 'sec', result: 'failed' },
    { user_code: 'sec', result: 'ok' },
  ]);
  // A restarted server reads the stored policy back.
  const rows = sql(abiko, "SELECT value FROM policy WHERE key = 'downloads.warnings'");
  assert.deepEqual(rows, [{ value: 'false' }]);
});

test('each role reaches only its part of the admin API', async () => {
  const staff = await addUser(plain, 'staff1');
  for (const [method, path] of [['GET', '/api/admin/users.json'], ['GET', '/api/admin/policy.json'],
    ['GET', '/api/admin/tokens.json?app=1']]) {
    const r = await call(plain, method, path, { auth: staff.auth });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.json.code, 'CB_NO02');
  }
  const aud = await call(plain, 'POST', '/api/admin/users.json', {
    body: { code: 'aud1', name: 'Auditor', password: 'a-Long-passphrase-42', roles: ['auditor'] },
  });
  assert.equal(aud.status, 200, aud.text);
  const auth = { username: 'aud1', password: 'a-Long-passphrase-42' };
  assert.equal((await call(plain, 'GET', '/api/admin/users.json', { auth })).status, 200);
  assert.equal((await call(plain, 'GET', '/api/admin/policy.json', { auth })).status, 200);
  // Read-only: the auditor changes nothing.
  const add = await call(plain, 'POST', '/api/admin/users.json', {
    auth, body: { code: 'x1', name: 'X', password: 'a-Long-passphrase-42' },
  });
  assert.equal(add.status, 403);
  const put = await call(plain, 'PUT', '/api/admin/policy.json', { auth, body: { rules: { 'hours.enforced': true } } });
  assert.equal(put.status, 403);
  // An unknown role name is refused with the index of the bad entry.
  const badRole = await call(plain, 'POST', '/api/admin/users.json', {
    body: { code: 'x2', name: 'X', password: 'a-Long-passphrase-42', roles: ['auditor', 'root'] },
  });
  assert.equal(badRole.status, 400);
  assert.ok(badRole.json.errors['roles[1]']);
});
