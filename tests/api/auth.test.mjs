// Authentication and permissions: the password header, API tokens and their rights,
// browser sessions with the CSRF token, the lockout after failed logins, app
// permissions (acl.json + deploy), the admin API, suspended users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser, addToken, isError, deploy } from './lib/util.mjs';

let srv, client, app, other, sato, tanaka;
const b64 = (s) => Buffer.from(s).toString('base64');

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  sato = await addUser(srv, 'sato', { name: '佐藤' });
  tanaka = await addUser(srv, 'tanaka', { name: '田中' });
  app = await makeApp(client, '権限', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } });
  other = await makeApp(client, '別', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } });
  await client.record.addRecords({ app, records: [{ title: { value: 'one' } }, { title: { value: 'two' } }] });
  await client.record.addRecord({ app: other, record: { title: { value: 'other' } } });
});
after(async () => { await srv.stop(); });

test('password header: good, wrong, malformed; no credentials', async () => {
  const ok = await call(srv, 'GET', `/k/v1/records.json?app=${app}`);
  assert.equal(ok.status, 200);
  for (const header of [b64('admin:wrong'), b64('nobody:whatever'), 'not base64 at all!!', b64('no-colon'), '']) {
    const r = await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: null, headers: { 'X-Cybozu-Authorization': header } });
    isError(r, 401, 'CB_WA01');
    assert.ok(!r.json.records);
  }
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: null }), 401, 'CB_AU01');
  isError(await call(srv, 'POST', '/k/v1/record.json', { auth: null, body: { app, record: {} } }), 401, 'CB_AU01');
  await rejects(clientFor(srv, { username: 'admin', password: 'nope' }).record.getRecords({ app }), { code: 'CB_WA01', status: 401 });
  // Health is public.
  assert.equal((await call(srv, 'GET', '/api/health.json', { auth: null })).status, 200);
});

test('API tokens: each right allows exactly its operations, GAIA_NO01 otherwise', async () => {
  const t = {};
  for (const r of ['view', 'add', 'edit', 'delete', 'manage']) t[r] = clientFor(srv, { apiToken: (await addToken(srv, app, [r])).token });
  const { id } = await client.record.addRecord({ app, record: { title: { value: 'token target' } } });
  const NO = { code: 'GAIA_NO01', status: 403 };
  // view
  assert.ok((await t.view.record.getRecords({ app })).records.length >= 3);
  await t.view.record.getRecord({ app, id });
  await rejects(t.view.record.addRecord({ app, record: {} }), NO);
  await rejects(t.view.record.updateRecord({ app, id, record: {} }), NO);
  await rejects(t.view.record.deleteRecords({ app, ids: [id] }), NO);
  // add
  const added = await t.add.record.addRecord({ app, record: { title: { value: 'by add token' } } });
  await rejects(t.add.record.getRecords({ app }), NO);
  await rejects(t.add.record.updateRecord({ app, id, record: {} }), NO);
  // edit
  await t.edit.record.updateRecord({ app, id, record: { title: { value: 'edited by token' } } });
  await rejects(t.edit.record.addRecord({ app, record: {} }), NO);
  await rejects(t.edit.record.updateRecords({ app, upsert: true, records: [{ id: 9999999, record: {} }] }), NO);
  await rejects(t.edit.record.deleteRecords({ app, ids: [id] }), NO);
  // delete
  await rejects(t.delete.record.getRecords({ app }), NO);
  await t.delete.record.deleteRecords({ app, ids: [added.id] });
  // manage: the form, not the records.
  await t.manage.app.addFormFields({ app, properties: { extra: { type: 'NUMBER', code: 'extra', label: 'extra' } } });
  await t.manage.app.deployApp({ apps: [{ app }] });
  await rejects(t.manage.record.getRecords({ app }), NO);
  assert.ok((await client.app.getFormFields({ app, preview: true })).properties.extra);
  // Who did it: the token's owner.
  const r = (await client.record.getRecord({ app, id })).record;
  assert.equal(r['更新者'].value.code, 'admin');
  // Tokens cannot use what is not for tokens: creating apps, the admin API, sessions.
  await rejects(t.manage.app.addApp({ name: 'x' }), NO);
  isError(await call(srv, 'GET', '/api/admin/users.json', { auth: { apiToken: (await addToken(srv, app, ['view', 'manage'])).token } }), 403, 'GAIA_NO01');
});

test('API tokens: another app\'s token, several tokens, more than nine, revoked and unknown tokens', async () => {
  const viewA = await addToken(srv, app, ['view']);
  const viewB = await addToken(srv, other, ['view']);
  await rejects(clientFor(srv, { apiToken: viewB.token }).record.getRecords({ app }), { code: 'GAIA_NO01', status: 403 });
  const both = clientFor(srv, { apiToken: [viewA.token, viewB.token] });
  assert.ok((await both.record.getRecords({ app })).records.length > 0);
  assert.equal((await both.record.getRecords({ app: other })).records.length, 1);
  // Repeated headers work as well as one comma-joined header.
  const res = await fetch(`${srv.baseUrl}/k/v1/records.json?app=${other}`, { headers: [['X-Cybozu-API-Token', viewA.token], ['X-Cybozu-API-Token', viewB.token]] });
  assert.equal(res.status, 200);
  // apps.json with tokens lists the tokens' apps only.
  const apps = (await both.app.getApps({})).apps.map((a) => a.appId).sort();
  assert.deepEqual(apps, [app, other].sort());
  // Nine are fine, ten are refused.
  const nine = [viewA.token, ...Array.from({ length: 8 }, () => viewB.token)];
  assert.equal((await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: nine } })).status, 200);
  const ten = [...nine, viewB.token];
  const r10 = await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: ten } });
  assert.ok(r10.status === 400 || r10.status === 401, r10.text);
  assert.ok(r10.json && r10.json.code, r10.text);
  assert.ok(!r10.json.records);
  // Unknown and revoked tokens.
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: 'x'.repeat(40) } }), 401, 'GAIA_IA02');
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: [viewA.token, 'bogus'] } }), 401, 'GAIA_IA02');
  const rev = await call(srv, 'DELETE', `/api/admin/tokens.json?id=${viewA.id}`);
  assert.equal(rev.status, 200, rev.text);
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { apiToken: viewA.token } }), 401, 'GAIA_IA02');
  const list = await call(srv, 'GET', `/api/admin/tokens.json?app=${app}`);
  const entry = list.json.tokens.find((x) => x.id === viewA.id);
  assert.equal(entry.revoked, true);
  assert.ok(!JSON.stringify(list.json).includes(viewA.token), 'the token itself is never shown again');
});

// Sessions: the cookie and the CSRF token.
async function login(login, password) {
  const r = await call(srv, 'POST', '/api/session.json', { auth: null, body: { login, password } });
  const cookie = r.headers.get('set-cookie') || '';
  return { r, cookie, pair: cookie.split(';')[0], csrf: r.json && r.json.csrfToken };
}

test('browser session: HttpOnly SameSite=Strict cookie, reads without CSRF, writes need X-Daicho-CSRF, logout', async () => {
  const { r, cookie, pair, csrf } = await login('admin', srv.auth.password);
  assert.equal(r.status, 200, r.text);
  assert.match(cookie, /^daicho_session=[^;]+;/);
  assert.match(cookie, /HttpOnly/i);
  assert.match(cookie, /SameSite=Strict/i);
  assert.match(cookie, /Path=\//);
  assert.ok(csrf && csrf.length >= 20);
  assert.equal(r.json.user.code, 'admin');
  const s = { auth: null, headers: { Cookie: pair } };
  const who = await call(srv, 'GET', '/api/session.json', s);
  assert.equal(who.status, 200);
  assert.equal(who.json.auth, 'session');
  assert.equal((await call(srv, 'GET', `/k/v1/records.json?app=${app}`, s)).status, 200);
  // Writes without the token are refused and write nothing.
  const count = async () => (await client.record.getRecords({ app, totalCount: true })).totalCount;
  const n = await count();
  isError(await call(srv, 'POST', '/k/v1/record.json', { ...s, body: { app, record: { title: { value: 'csrf' } } } }), 403, 'DC_AU03');
  isError(await call(srv, 'POST', '/k/v1/record.json', { ...s, headers: { ...s.headers, 'X-Daicho-CSRF': 'wrong' }, body: { app, record: {} } }), 403, 'DC_AU03');
  isError(await call(srv, 'DELETE', `/k/v1/records.json?app=${app}&ids[0]=1`, s), 403, 'DC_AU03');
  // A read sent as POST with the method override is still a read.
  assert.equal((await call(srv, 'POST', '/k/v1/records.json', { ...s, headers: { ...s.headers, 'X-HTTP-Method-Override': 'GET' }, body: { app } })).status, 200);
  assert.equal(await count(), n);
  // With the header, or kintone's __REQUEST_TOKEN__, they go through.
  const ok1 = await call(srv, 'POST', '/k/v1/record.json', { ...s, headers: { ...s.headers, 'X-Daicho-CSRF': csrf }, body: { app, record: { title: { value: 'with header' } } } });
  assert.equal(ok1.status, 200, ok1.text);
  const ok2 = await call(srv, 'POST', '/k/v1/record.json', { ...s, body: { app, record: { title: { value: 'with token' } }, __REQUEST_TOKEN__: csrf } });
  assert.equal(ok2.status, 200, ok2.text);
  assert.equal(Number(await count()), Number(n) + 2);
  // Logout needs the token too, then the cookie is dead.
  isError(await call(srv, 'DELETE', '/api/session.json', s), 403, 'DC_AU03');
  const out = await call(srv, 'DELETE', '/api/session.json', { ...s, headers: { ...s.headers, 'X-Daicho-CSRF': csrf } });
  assert.equal(out.status, 200);
  assert.match(out.headers.get('set-cookie') || '', /Max-Age=0/);
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, s), 401, 'CB_AU01');
  // Wrong logins.
  isError((await login('admin', 'wrong')).r, 401, 'DC_AU01');
  isError((await login('ghost', 'whatever')).r, 401, 'DC_AU01');
  isError((await login('', '')).r, 400, 'CB_VA01');
});

test('repeated failed logins are slowed, then the account is locked (DC_AU02, Retry-After)', async () => {
  // One failure slows the next attempt by 1 s, two by 2 s; the third locks the account.
  const s2 = await startServer({ env: { DAICHO_SLOW_AFTER: '1', DAICHO_LOCK_AFTER: '3', DAICHO_LOCK_MINUTES: '5' } });
  try {
    const u = await addUser(s2, 'victim');
    const attempt = (password) => call(s2, 'POST', '/api/session.json', { auth: null, body: { login: 'victim', password } });
    isError(await attempt('bad1'), 401, 'DC_AU01');
    await new Promise((r) => setTimeout(r, 1100));
    isError(await attempt('bad2'), 401, 'DC_AU01');
    // Slowed: right away, even the right password is refused without being checked.
    const slow = await attempt(u.password);
    isError(slow, 429, 'DC_AU02');
    const wait = Number(slow.headers.get('retry-after'));
    assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);
    await new Promise((r) => setTimeout(r, wait * 1000 + 200));
    // The third failure locks the account for DAICHO_LOCK_MINUTES.
    const locked = await attempt('bad3');
    isError(locked, 429, 'DC_AU02');
    const ra = Number(locked.headers.get('retry-after'));
    assert.ok(ra > 250 && ra <= 300, `Retry-After ${ra}`);
    // Even the right password, and the password header, are refused while locked.
    isError(await attempt(u.password), 429, 'DC_AU02');
    const hdr = await call(s2, 'GET', '/api/session.json', { auth: u.auth });
    isError(hdr, 429, 'DC_AU02');
    assert.ok(Number(hdr.headers.get('retry-after')) > 0);
    // Other accounts are not affected; the admin sees the lock.
    assert.equal((await call(s2, 'GET', '/api/session.json')).status, 200);
    const users = await call(s2, 'GET', '/api/admin/users.json');
    assert.equal(users.json.users.find((x) => x.code === 'victim').locked, true);
  } finally {
    await s2.stop();
  }
});

test('app permissions through acl.json and deploy: view, add, edit, delete per user', async () => {
  const satoC = clientFor(srv, sato.auth);
  const tanakaC = clientFor(srv, tanaka.auth);
  // Before: creator-only rights. sato sees nothing.
  await rejects(satoC.record.getRecords({ app }), { code: 'CB_NO02', status: 403 });
  assert.ok(!(await satoC.app.getApps({})).apps.some((a) => a.appId === app));
  const acl = await client.app.getAppAcl({ app });
  assert.equal(acl.rights[0].entity.type, 'CREATOR');
  await client.app.updateAppAcl({
    app,
    rights: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'USER', code: 'sato' }, recordViewable: true, recordAddable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: false },
    ],
  });
  // Not live until deployed.
  await rejects(satoC.record.getRecords({ app }), { code: 'CB_NO02' });
  assert.equal((await deploy(client, app))[0].status, 'SUCCESS');
  assert.equal((await client.app.getAppAcl({ app })).rights[1].entity.code, 'sato');
  assert.ok((await satoC.record.getRecords({ app })).records.length > 0);
  assert.ok((await satoC.app.getApps({})).apps.some((a) => a.appId === app));
  const { id } = await satoC.record.addRecord({ app, record: { title: { value: 'by sato' } } });
  await rejects(satoC.record.updateRecord({ app, id, record: { title: { value: 'no' } } }), { code: 'CB_NO02', status: 403 });
  await rejects(satoC.record.deleteRecords({ app, ids: [id] }), { code: 'CB_NO02', status: 403 });
  await rejects(satoC.app.addFormFields({ app, properties: { z: { type: 'NUMBER', code: 'z', label: 'z' } } }), { code: 'CB_NO02', status: 403 });
  await rejects(satoC.app.updateAppAcl({ app, rights: [] }), { code: 'CB_NO02', status: 403 });
  // tanaka matches "everyone" without view: nothing, and the app is hidden.
  await rejects(tanakaC.record.getRecords({ app }), { code: 'CB_NO02', status: 403 });
  await rejects(tanakaC.record.getRecord({ app, id }), { code: 'CB_NO02', status: 403 });
  await rejects(tanakaC.record.createCursor({ app }), { code: 'CB_NO02', status: 403 });
  await rejects(tanakaC.app.getApp({ id: app }), { code: 'CB_NO02', status: 403 });
  await rejects(tanakaC.bulkRequest({ requests: [{ method: 'POST', api: '/k/v1/record.json', payload: { app, record: {} } }] }), { code: 'CB_NO02', status: 403 });
  assert.ok(!(await tanakaC.app.getApps({})).apps.some((a) => a.appId === app));
  // The rights are checked against invalid combinations.
  await rejects(client.app.updateAppAcl({ app, rights: [{ entity: { type: 'USER', code: 'nobody' }, recordViewable: true }] }), { code: 'CB_VA01' });
  await rejects(client.app.updateAppAcl({ app, rights: [{ entity: { type: 'USER', code: 'sato' }, recordViewable: false, recordEditable: true }] }), { code: 'CB_VA01' });
});

test('the admin API is for administrators only', async () => {
  const s = sato.auth;
  isError(await call(srv, 'GET', '/api/admin/users.json', { auth: s }), 403, 'CB_NO02');
  isError(await call(srv, 'POST', '/api/admin/users.json', { auth: s, body: { code: 'evil', name: 'evil', password: 'a-long-password-123' } }), 403, 'CB_NO02');
  isError(await call(srv, 'PUT', '/api/admin/users.json', { auth: s, body: { code: 'sato', admin: true } }), 403, 'CB_NO02');
  isError(await call(srv, 'PUT', '/api/admin/user/password.json', { auth: s, body: { code: 'admin', password: 'another-long-pass-1' } }), 403, 'CB_NO02');
  isError(await call(srv, 'GET', '/api/admin/tokens.json', { auth: s }), 403, 'CB_NO02');
  isError(await call(srv, 'POST', '/api/admin/tokens.json', { auth: s, body: { app, viewRecord: true } }), 403, 'CB_NO02');
  isError(await call(srv, 'DELETE', '/api/admin/tokens.json?id=1', { auth: s }), 403, 'CB_NO02');
  const users = await call(srv, 'GET', '/api/admin/users.json');
  assert.equal(users.status, 200);
  assert.ok(!JSON.stringify(users.json).includes('argon2'), 'no password hashes');
  assert.ok(users.json.users.some((u) => u.code === 'sato'));
  // Weak passwords are refused by the admin API too.
  isError(await call(srv, 'POST', '/api/admin/users.json', { body: { code: 'weak', name: 'weak', password: 'short' } }), 400, 'CB_VA01', ['password']);
  isError(await call(srv, 'POST', '/api/admin/users.json', { body: { code: 'bad code!', name: 'x', password: 'a-long-password-123' } }), 400, 'CB_VA01', ['code']);
});

test('suspending a user ends their sessions, password access and tokens', async () => {
  const u = await addUser(srv, 'leaver', { canCreateApps: true });
  const own = await makeApp(clientFor(srv, u.auth), 'leaver app', { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } });
  const tok = await addToken(srv, own, ['view'], { owner: 'leaver' });
  const { pair } = await login('leaver', u.password);
  const s = { auth: null, headers: { Cookie: pair } };
  assert.equal((await call(srv, 'GET', '/api/session.json', s)).status, 200);
  assert.equal((await call(srv, 'GET', `/k/v1/records.json?app=${own}`, { auth: { apiToken: tok.token } })).status, 200);
  assert.equal((await call(srv, 'GET', `/k/v1/records.json?app=${own}`, { auth: u.auth })).status, 200);
  const r = await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'leaver', active: false, reason: 'left the office' } });
  assert.equal(r.status, 200, r.text);
  const sess = await call(srv, 'GET', '/api/session.json', s);
  assert.ok(sess.status === 401 || sess.status === 403, sess.text);
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${own}`, { auth: u.auth }), 403, 'DC_AU04');
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${own}`, { auth: { apiToken: tok.token } }), 401, 'GAIA_IA02');
  isError((await login('leaver', u.password)).r, 403, 'DC_AU04');
  // An administrator cannot suspend themselves.
  isError(await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'admin', active: false } }), 400, 'CB_VA01');
});

test('changing one\'s password ends the other sessions', async () => {
  const u = await addUser(srv, 'changer');
  const a = await login('changer', u.password);
  const b = await login('changer', u.password);
  const next = 'a-brand-new-password-42';
  const r = await call(srv, 'PUT', '/api/session/password.json', { auth: null, headers: { Cookie: a.pair, 'X-Daicho-CSRF': a.csrf }, body: { currentPassword: u.password, newPassword: next } });
  assert.equal(r.status, 200, r.text);
  isError(await call(srv, 'GET', '/api/session.json', { auth: null, headers: { Cookie: b.pair } }), 401, 'CB_AU01');
  isError(await call(srv, 'GET', '/api/session.json', { auth: u.auth }), 401, 'CB_WA01');
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: { username: 'changer', password: next } })).status, 200);
  const fresh = r.headers.get('set-cookie').split(';')[0];
  assert.equal((await call(srv, 'GET', '/api/session.json', { auth: null, headers: { Cookie: fresh } })).status, 200);
});

// Uploads with a browser session: the CSRF token as a header or as a form field.
async function sessionUpload(pair, fields, headers = {}) {
  const form = new FormData();
  for (const [k, v] of fields) {
    if (k === 'file') form.append('file', new Blob([v]), 'a.txt');
    else form.append(k, v);
  }
  const res = await fetch(`${srv.baseUrl}/k/v1/file.json`, { method: 'POST', body: form, headers: { Cookie: pair, ...headers } });
  return { status: res.status, json: await res.json() };
}

test('session writes with the token in the query string (DELETE) or in the upload form', async () => {
  const { pair, csrf } = await login('admin', srv.auth.password);
  const { ids } = await client.record.addRecords({ app, records: [{ title: { value: 'del-qs' } }] });
  const d = await call(srv, 'DELETE', `/k/v1/records.json?app=${app}&ids[0]=${ids[0]}&__REQUEST_TOKEN__=${csrf}`, { auth: null, headers: { Cookie: pair } });
  assert.equal(d.status, 200, d.text);
  await rejects(client.record.getRecord({ app, id: ids[0] }), { code: 'GAIA_RE01' });
  const none = await sessionUpload(pair, [['file', 'x']]);
  assert.equal(none.status, 403);
  assert.equal(none.json.code, 'DC_AU03');
  assert.equal((await sessionUpload(pair, [['file', 'x']], { 'X-Daicho-CSRF': csrf })).status, 200);
  assert.equal((await sessionUpload(pair, [['file', 'x'], ['__REQUEST_TOKEN__', 'wrong']])).status, 403);
});

test('an upload form carrying the CSRF token as __REQUEST_TOKEN__ (the official client in a browser)', async () => {
  const { pair, csrf } = await login('admin', srv.auth.password);
  for (let i = 0; i < 5; i++) {
    // The client appends the token after the file; a hand-written form may put it first.
    const after = await sessionUpload(pair, [['file', 'x'], ['__REQUEST_TOKEN__', csrf]]);
    assert.equal(after.status, 200, `token after the file: ${JSON.stringify(after.json)}`);
    const first = await sessionUpload(pair, [['__REQUEST_TOKEN__', csrf], ['file', 'x']]);
    assert.equal(first.status, 200, `token before the file: ${JSON.stringify(first.json)}`);
  }
});

test('the client\'s basicAuth (a proxy\'s) does not count as a kintone login; guest spaces are refused', async () => {
  const withProxy = new KintoneRestAPIClient({ baseUrl: `${srv.baseUrl}/`, auth: srv.auth, basicAuth: { username: 'proxy', password: 'proxy-pw' } });
  assert.ok((await withProxy.record.getRecords({ app })).records.length > 0);
  const basic = `Basic ${b64(`admin:${srv.auth.password}`)}`;
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: null, headers: { Authorization: basic } }), 401, 'CB_AU01');
  isError(await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: null, headers: { Authorization: 'Bearer abc' } }), 401, 'CB_AU01');
  const guest = new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth: srv.auth, guestSpaceId: 3 });
  await rejects(guest.record.getRecords({ app }), { code: 'GAIA_IL23', status: 400 });
});
