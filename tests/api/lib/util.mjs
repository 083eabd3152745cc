// Helpers shared by the API tests: building apps through the official client, creating
// users and API tokens through the admin API, asserting kintone-shaped errors, reading
// the database with the sqlite3 command-line tool.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { call } from './server.mjs';

// A client for the server as admin (or the given auth).
export function clientFor(srv, auth = srv.auth) {
  return new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth });
}

// Deploys apps and waits until every one leaves PROCESSING; returns their statuses.
export async function deploy(client, apps, { timeoutMs = 10000 } = {}) {
  const ids = Array.isArray(apps) ? apps : [apps];
  await client.app.deployApp({ apps: ids.map((app) => ({ app })) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { apps: st } = await client.app.getDeployStatus({ apps: ids });
    if (st.every((a) => a.status !== 'PROCESSING')) return st;
    if (Date.now() > deadline) throw new Error(`deploy still PROCESSING after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Creates an app with these field properties (and optional layout), deploys it and
// returns its id (a string, as the client gives it).
export async function makeApp(client, name, properties, { layout, acl } = {}) {
  const { app } = await client.app.addApp({ name });
  if (properties && Object.keys(properties).length) {
    await client.app.addFormFields({ app, properties });
  }
  if (layout) await client.app.updateFormLayout({ app, layout });
  if (acl) await client.app.updateAppAcl({ app, rights: acl });
  const st = await deploy(client, app);
  assert.equal(st[0].status, 'SUCCESS', `deploy of ${name}: ${JSON.stringify(st)}`);
  return app;
}

// Awaits a promise that must reject with a KintoneRestAPIError of this code (and status,
// and error keys when given). Returns the error.
export async function rejects(promise, { code, status, keys, message } = {}) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected an error${code ? ` ${code}` : ''}, got success`);
  if (code !== undefined) assert.equal(err.code, code, `code: ${err.message}`);
  if (status !== undefined) assert.equal(err.status, status, `status: ${err.message}`);
  if (keys) {
    const got = Object.keys(err.errors || {});
    for (const k of keys) assert.ok(got.includes(k), `errors key ${k} missing in ${JSON.stringify(err.errors)}`);
  }
  if (message) assert.match(err.message, message);
  return err;
}

// Asserts a raw call() result is a kintone error body.
export function isError(res, status, code, keys) {
  assert.equal(res.status, status, `status of ${res.text.slice(0, 300)}`);
  assert.ok(res.json, `error body is not JSON: ${res.text.slice(0, 200)}`);
  assert.equal(res.json.code, code, `code of ${res.text.slice(0, 300)}`);
  assert.equal(typeof res.json.id, 'string');
  assert.equal(typeof res.json.message, 'string');
  assert.ok(res.json.message.length > 0);
  for (const k of keys || []) {
    assert.ok(res.json.errors && res.json.errors[k], `errors key ${k} missing in ${res.text.slice(0, 400)}`);
    assert.ok(Array.isArray(res.json.errors[k].messages));
  }
  return res.json;
}

let userSeq = 0;
// Creates a user through the admin API (section: a unit code, needed once sections exist);
// returns {code, password, auth}.
export async function addUser(srv, code, { admin = false, canCreateApps = false, name, password, section } = {}) {
  const pw = password || `pw-${code}-${++userSeq}-Zq7x!long`;
  const body = { code, name: name || `User ${code}`, password: pw, admin, canCreateApps };
  if (section) body.section = section;
  const r = await call(srv, 'POST', '/api/admin/users.json', { body });
  assert.equal(r.status, 200, `add user ${code}: ${r.text}`);
  return { code, password: pw, id: r.json.id, auth: { username: code, password: pw } };
}

// Creates an API token for an app with these rights (view, add, edit, delete, manage).
// Where tokens are reviewed before use (policy extensions.review, Abiko §10) the token is
// approved by a security administrator created for the purpose ("token-reviewer"), so
// tests about other rules get a working token.
export async function addToken(srv, app, rights, { owner, purpose = 'API test' } = {}) {
  const body = {
    app,
    viewRecord: rights.includes('view'),
    addRecord: rights.includes('add'),
    editRecord: rights.includes('edit'),
    deleteRecord: rights.includes('delete'),
    editApp: rights.includes('manage'),
    purpose,
  };
  if (owner) body.owner = owner;
  const r = await call(srv, 'POST', '/api/admin/tokens.json', { body });
  assert.equal(r.status, 200, `add token: ${r.text}`);
  if (r.json.state === 'pending') {
    if (!srv.tokenReviewer) {
      const org = await call(srv, 'GET', '/api/admin/org.json');
      const section = (org.json?.units || []).find((u) => u.kind === 'section')?.code;
      const rev = await addUser(srv, 'token-reviewer', { section });
      const roles = await call(srv, 'PUT', '/api/admin/users.json', { body: { code: rev.code, roles: ['security_admin'] } });
      assert.equal(roles.status, 200, `token reviewer: ${roles.text}`);
      srv.tokenReviewer = rev;
    }
    const ok = await call(srv, 'POST', '/api/admin/token/review.json', { auth: srv.tokenReviewer.auth, body: { id: r.json.id, approve: true } });
    assert.equal(ok.status, 200, `approve token: ${ok.text}`);
  }
  return { token: r.json.token, id: r.json.id };
}

// Runs SQL against the server's database, read-only, with the sqlite3 tool; returns rows.
export function sql(srv, query) {
  if (/access_log/.test(query)) logSettled(srv);
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(srv.dataDir, 'daicho.db'), query], {
    encoding: 'utf8',
  });
  return out.trim() ? JSON.parse(out) : [];
}

// Waits (up to 5 s) until the server has moved every journaled access-log entry into the
// access_log table: entries of reads and refusals are in the journal file before the
// response, and an ingester moves them into the table moments later.
export function logSettled(srv) {
  const journal = join(srv.dataDir, 'accesslog.journal');
  const deadline = Date.now() + 5000;
  for (;;) {
    const size = existsSync(journal) ? statSync(journal).size : 0;
    const out = execFileSync('sqlite3', ['-readonly', join(srv.dataDir, 'daicho.db'),
      'SELECT offset FROM journal_state WHERE id = 1'], { encoding: 'utf8' }).trim();
    const off = Number(out || 0);
    if (off === size || off > size) return;
    if (Date.now() > deadline) throw new Error(`access-log journal not moved in: ${off} of ${size} bytes`);
    execFileSync('sleep', ['0.05']);
  }
}

// Measures an async call; asserts it finishes within ms; returns its value.
export async function within(ms, fn) {
  const t0 = Date.now();
  const v = await fn();
  const dt = Date.now() - t0;
  assert.ok(dt < ms, `took ${dt} ms (bound ${ms} ms)`);
  return v;
}

// The properties of an app with every supported field type, a subtable included.
export function everyFieldProps() {
  return {
    text: { type: 'SINGLE_LINE_TEXT', code: 'text', label: 'Text' },
    memo: { type: 'MULTI_LINE_TEXT', code: 'memo', label: 'Memo' },
    rich: { type: 'RICH_TEXT', code: 'rich', label: 'Rich' },
    num: { type: 'NUMBER', code: 'num', label: 'Number' },
    radio: {
      type: 'RADIO_BUTTON', code: 'radio', label: 'Radio',
      options: { A: { label: 'A', index: '0' }, B: { label: 'B', index: '1' }, 'ｶﾅ': { label: 'ｶﾅ', index: '2' } },
      defaultValue: 'A',
    },
    check: {
      type: 'CHECK_BOX', code: 'check', label: 'Check',
      options: { x: { label: 'x', index: '0' }, y: { label: 'y', index: '1' }, '選択肢"3': { label: '選択肢"3', index: '2' } },
    },
    multi: {
      type: 'MULTI_SELECT', code: 'multi', label: 'Multi',
      options: { m1: { label: 'm1', index: '0' }, m2: { label: 'm2', index: '1' }, m3: { label: 'm3', index: '2' } },
    },
    drop: {
      type: 'DROP_DOWN', code: 'drop', label: 'Drop',
      options: { d1: { label: 'd1', index: '0' }, d2: { label: 'd2', index: '1' } },
    },
    date: { type: 'DATE', code: 'date', label: 'Date' },
    time: { type: 'TIME', code: 'time', label: 'Time' },
    dt: { type: 'DATETIME', code: 'dt', label: 'Datetime' },
    link: { type: 'LINK', code: 'link', label: 'Link', protocol: 'WEB' },
    file: { type: 'FILE', code: 'file', label: 'File' },
    user: { type: 'USER_SELECT', code: 'user', label: 'User' },
    table: {
      type: 'SUBTABLE', code: 'table', label: 'Table',
      fields: {
        t_text: { type: 'SINGLE_LINE_TEXT', code: 't_text', label: 'Row text' },
        t_num: { type: 'NUMBER', code: 't_num', label: 'Row number' },
        t_date: { type: 'DATE', code: 't_date', label: 'Row date' },
        t_check: {
          type: 'CHECK_BOX', code: 't_check', label: 'Row check',
          options: { p: { label: 'p', index: '0' }, q: { label: 'q', index: '1' } },
        },
        t_user: { type: 'USER_SELECT', code: 't_user', label: 'Row user' },
        t_file: { type: 'FILE', code: 't_file', label: 'Row file' },
      },
    },
  };
}
