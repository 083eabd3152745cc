// JS/CSS customisations and plugins, reviewed and pinned by hash (RULES.md rows 11 and 12,
// Abiko §10). Through the official client: upload a file, PUT the customisation, deploy.
// With the abiko preset (extensions.review on) a customisation stays inactive until a
// system or security administrator other than its author approves that exact content; a
// changed file needs a new review; URL items are refused; every serve re-checks the pinned
// hash; apps enable plugins only from the system administrator's allow-list. With the
// preset off a deployed customisation is active at once, as in kintone.
import test, { after, before, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { addUser, clientFor, deploy, isError, rejects, sql } from './lib/util.mjs';

const sha = (s) => createHash('sha256').update(s).digest('hex');
const banner = "kintone.events.on('app.record.index.show', function () { /* v1 */ });\n";
const banner2 = "kintone.events.on('app.record.index.show', function () { /* v2 */ });\n";

async function upload(client, name, data) {
  const { fileKey } = await client.file.uploadFile({ file: { name, data } });
  return fileKey;
}

async function withRoles(srv, code, roles) {
  const u = await addUser(srv, code, { canCreateApps: true });
  if (roles) {
    const r = await call(srv, 'PUT', '/api/admin/users.json', { body: { code, roles } });
    assert.equal(r.status, 200, r.text);
  }
  return u;
}

async function newApp(client, name) {
  const { app } = await client.app.addApp({ name });
  await client.app.addFormFields({ app, properties: { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'Title' } } });
  const st = await deploy(client, app);
  assert.equal(st[0].status, 'SUCCESS');
  return app;
}

const extensions = async (srv, app, auth) => {
  const r = await call(srv, 'GET', `/api/app/extensions.json?app=${app}`, { auth });
  assert.equal(r.status, 200, r.text);
  return r.json;
};

describe('abiko preset: extensions.review on', () => {
  let srv, dev, sys2, sec, devClient, sysClient, app;
  before(async () => {
    srv = await startServer({ preset: 'abiko' });
    dev = await withRoles(srv, 'dev');
    sys2 = await withRoles(srv, 'sys2', ['system_admin']);
    sec = await withRoles(srv, 'sec', ['security_admin']);
    devClient = clientFor(srv, dev.auth);
    sysClient = clientFor(srv, sys2.auth);
    app = await newApp(devClient, 'Customised');
  });
  after(async () => {
    await srv.stop();
  });

  test('a deployed customisation stays inactive until another reviewer approves its hash', async () => {
    const fileKey = await upload(devClient, 'banner.js', banner);
    const put = await devClient.app.updateAppCustomize({ app, scope: 'ALL', desktop: { js: [{ type: 'FILE', file: { fileKey } }], css: [] } });
    assert.ok(Number(put.revision) > 0);
    assert.equal((await deploy(devClient, app))[0].status, 'SUCCESS');

    const live = await devClient.app.getAppCustomize({ app });
    assert.equal(live.scope, 'ALL');
    const item = live.desktop.js[0];
    assert.equal(item.type, 'FILE');
    assert.equal(item.file.name, 'banner.js');
    assert.equal(item.file.sha256, sha(banner));
    assert.equal(item.review, 'pending');
    // The download key the customisation shows is readable like kintone's.
    const bytes = await devClient.file.downloadFile({ fileKey: item.file.fileKey });
    assert.equal(Buffer.from(bytes).toString(), banner);

    // Inactive: the record pages load nothing and the file is not served.
    assert.deepEqual((await extensions(srv, app, dev.auth)).js, []);
    const served = await call(srv, 'GET', `/api/app/customize/file?app=${app}&sha256=${sha(banner)}`, { auth: dev.auth });
    isError(served, 404, 'DC_CU05');

    // The reviewers (security and system administrators) have it in their inbox.
    const inbox = await call(srv, 'GET', '/api/inbox.json', { auth: sec.auth });
    const it = inbox.json.items.find((i) => i.kind === 'customize.review');
    assert.ok(it, inbox.text);
    assert.equal(it.detail.actions[0].path, '/api/customize/review.json');

    // The reviewer reads the pinned content first (as text, never run).
    const src = await call(srv, 'GET', `/api/customize/source?review=${it.detail.actions[0].body.id}&sha256=${sha(banner)}`, { auth: sec.auth });
    assert.equal(src.status, 200, src.text);
    assert.equal(src.text, banner);
    assert.match(src.headers.get('content-type'), /^text\/plain/);
    // A security administrator (not the author) approves: active at once.
    const ok = await call(srv, 'POST', it.detail.actions[0].path, { auth: sec.auth, body: it.detail.actions[0].body });
    assert.equal(ok.status, 200, ok.text);
    const ext = await extensions(srv, app, dev.auth);
    assert.equal(ext.js.length, 1);
    assert.equal(ext.js[0].sha256, sha(banner));
    const js = await call(srv, 'GET', ext.js[0].url, { auth: dev.auth });
    assert.equal(js.status, 200, js.text);
    assert.equal(js.text, banner);
    assert.match(js.headers.get('content-type'), /^text\/javascript/);
    assert.equal((await devClient.app.getAppCustomize({ app })).desktop.js[0].review, 'approved');
    // Deciding twice is refused.
    isError(await call(srv, 'POST', '/api/customize/review.json', { auth: sys2.auth, body: { id: it.detail.actions[0].body.id, approve: false } }), 409, 'DC_XT06');
  });

  test('the author cannot approve their own customisation', async () => {
    const own = await newApp(sysClient, 'Admin app');
    const fileKey = await upload(sysClient, 'mine.js', '/* mine */\n');
    await sysClient.app.updateAppCustomize({ app: own, desktop: { js: [{ type: 'FILE', file: { fileKey } }], css: [] } });
    const { reviews } = (await call(srv, 'GET', `/api/customize/reviews.json?app=${own}`, { auth: sec.auth })).json;
    assert.equal(reviews.length, 1);
    assert.equal(reviews[0].author, 'sys2');
    const r = await call(srv, 'POST', '/api/customize/review.json', { auth: sys2.auth, body: { id: reviews[0].id, approve: true }, headers: { 'Accept-Language': 'en' } });
    const err = isError(r, 403, 'DC_XT03');
    assert.match(err.message, /Abiko §10/);
    // Nor can someone who is neither a system nor a security administrator.
    const d = await call(srv, 'POST', '/api/customize/review.json', { auth: dev.auth, body: { id: reviews[0].id, approve: true } });
    assert.equal(d.status, 403, d.text);
  });

  test('a changed file has a new hash and needs review again', async () => {
    const fileKey = await upload(devClient, 'banner.js', banner2);
    await devClient.app.updateAppCustomize({ app, desktop: { js: [{ type: 'FILE', file: { fileKey } }], css: [] } });
    await deploy(devClient, app);
    const live = await devClient.app.getAppCustomize({ app });
    assert.equal(live.desktop.js[0].file.sha256, sha(banner2));
    assert.equal(live.desktop.js[0].review, 'pending');
    assert.deepEqual((await extensions(srv, app, dev.auth)).js, []);
    const approve = await call(srv, 'POST', '/api/customize/review.json', { auth: sys2.auth, body: { id: live.desktop.js[0].reviewId, approve: true } });
    assert.equal(approve.status, 200, approve.text);
    assert.equal((await extensions(srv, app, dev.auth)).js[0].sha256, sha(banner2));
  });

  test('the pinned hash is checked on every serve: changed bytes are refused and logged', async () => {
    const h = sha(banner2);
    writeFileSync(join(srv.dataDir, 'files', h.slice(0, 2), h), banner2.replace('v2', 'evil'));
    const r = await call(srv, 'GET', `/api/app/customize/file?app=${app}&sha256=${h}`, { auth: dev.auth });
    isError(r, 409, 'DC_CU04');
    assert.match(srv.log(), /no longer matches its pinned hash/);
    writeFileSync(join(srv.dataDir, 'files', h.slice(0, 2), h), banner2);
    assert.equal((await call(srv, 'GET', `/api/app/customize/file?app=${app}&sha256=${h}`, { auth: dev.auth })).status, 200);
  });

  test('URL customisations are refused under the rule', async () => {
    const err = await rejects(devClient.app.updateAppCustomize({ app, desktop: { js: [{ type: 'URL', url: 'https://cdn.example.com/x.js' }], css: [] } }), { code: 'DC_CU01', status: 400 });
    assert.match(err.message, /§10/);
  });

  test('apps enable plugins only from the allow-list, reviewed by another system administrator', async () => {
    const key = await upload(devClient, 'plugin.js', '/* plugin */\n');
    const req = await call(srv, 'POST', '/api/plugin/request.json', {
      auth: dev.auth,
      body: { name: 'Banner plugin', purpose: '掲示の表示', function: 'Shows a banner on the list', version: '1.0', files: [{ fileKey: key }] },
    });
    assert.equal(req.status, 200, req.text);
    assert.equal(req.json.status, 'pending');
    const id = req.json.id;
    // Not on the allow-list yet.
    const en = await call(srv, 'PUT', '/api/app/plugins.json', { auth: dev.auth, body: { app, ids: [id] } });
    isError(en, 403, 'DC_CU03');
    assert.deepEqual((await call(srv, 'GET', '/api/plugins.json', { auth: dev.auth })).json.plugins, []);
    // A security administrator cannot approve plugins; a system administrator can.
    assert.equal((await call(srv, 'POST', '/api/admin/plugin/decide.json', { auth: sec.auth, body: { id, approve: true } })).status, 403);
    const inbox = await call(srv, 'GET', '/api/inbox.json', { auth: sys2.auth });
    assert.ok(inbox.json.items.some((i) => i.kind === 'plugin.request'), inbox.text);
    const ok = await call(srv, 'POST', '/api/admin/plugin/decide.json', { auth: sys2.auth, body: { id, approve: true } });
    assert.equal(ok.status, 200, ok.text);
    const allow = (await call(srv, 'GET', '/api/plugins.json', { auth: dev.auth })).json.plugins;
    assert.equal(allow.length, 1);
    assert.equal(allow[0].purpose, '掲示の表示');
    assert.equal(allow[0].files[0].sha256, sha('/* plugin */\n'));
    const en2 = await call(srv, 'PUT', '/api/app/plugins.json', { auth: dev.auth, body: { app, ids: [id] } });
    assert.equal(en2.status, 200, en2.text);
    const ext = await extensions(srv, app, dev.auth);
    assert.ok(ext.js.some((f) => f.source === 'plugin' && f.sha256 === sha('/* plugin */\n')));
    // Removed from the allow-list: no longer loaded.
    assert.equal((await call(srv, 'POST', '/api/admin/plugin/remove.json', { auth: sys2.auth, body: { id } })).status, 200);
    assert.ok(!(await extensions(srv, app, dev.auth)).js.some((f) => f.source === 'plugin'));

    // The requester cannot approve their own plugin.
    const k2 = await upload(sysClient, 'p2.css', '.x{}');
    const r2 = await call(srv, 'POST', '/api/plugin/request.json', { auth: sys2.auth, body: { name: 'Style', purpose: 'p', function: 'f', files: [{ fileKey: k2 }] } });
    assert.equal(r2.json.status, 'pending');
    isError(await call(srv, 'POST', '/api/admin/plugin/decide.json', { auth: sys2.auth, body: { id: r2.json.id, approve: true } }), 403, 'DC_XT03');
    // A plugin needs its manifest fields.
    isError(await call(srv, 'POST', '/api/plugin/request.json', { auth: dev.auth, body: { name: 'x', files: [] } }), 400, 'CB_VA01', ['purpose']);
  });

  test('reviews and plugin decisions are in the access log', () => {
    const actions = sql(srv, "SELECT DISTINCT action FROM access_log WHERE action LIKE 'customize.%' OR action LIKE '%plugin%' OR action = 'app.customize'").map((r) => r.action);
    for (const a of ['app.customize', 'customize.review', 'plugin.request', 'admin.plugin.decide', 'app.plugins', 'customize.serve'])
      assert.ok(actions.includes(a), `${a} in ${actions}`);
  });
});

describe('default policy: extensions.review off (kintone behaviour)', () => {
  let srv, client, app;
  before(async () => {
    srv = await startServer();
    client = clientFor(srv);
    app = await newApp(client, 'Plain');
  });
  after(async () => {
    await srv.stop();
  });

  test('a customisation is active once deployed, URL items are kept', async () => {
    const fileKey = await upload(client, 'style.css', 'body{}');
    const jsKey = await upload(client, 'a.js', '/* a */');
    await client.app.updateAppCustomize({
      app, scope: 'ALL',
      desktop: { js: [{ type: 'URL', url: 'https://cdn.example.com/lib.js' }, { type: 'FILE', file: { fileKey: jsKey } }], css: [{ type: 'FILE', file: { fileKey } }] },
      mobile: { js: [], css: [] },
    });
    // Only preview until deploy.
    assert.deepEqual((await extensions(srv, app, srv.auth)).js, []);
    const prev = await client.app.getAppCustomize({ app, preview: true });
    assert.equal(prev.desktop.js[0].url, 'https://cdn.example.com/lib.js');
    await deploy(client, app);
    const ext = await extensions(srv, app, srv.auth);
    assert.equal(ext.review, false);
    assert.deepEqual(ext.js.map((f) => f.name), ['a.js']);
    assert.deepEqual(ext.css.map((f) => f.name), ['style.css']);
    const css = await call(srv, 'GET', ext.css[0].url);
    assert.equal(css.text, 'body{}');
    assert.match(css.headers.get('content-type'), /^text\/css/);
    const live = await client.app.getAppCustomize({ app });
    assert.equal(live.desktop.js[1].review, 'none');
    // scope NONE switches everything off.
    await client.app.updateAppCustomize({ app, scope: 'NONE' });
    await deploy(client, app);
    assert.deepEqual((await extensions(srv, app, srv.auth)).js, []);
    // Discarding preview changes (deploy with revert) brings the live customisation back.
    await client.app.updateAppCustomize({ app, scope: 'ALL', desktop: { js: [], css: [] } });
    assert.equal((await client.app.getAppCustomize({ app, preview: true })).desktop.js.length, 0);
    await client.app.deployApp({ apps: [{ app }], revert: true });
    const back = await client.app.getAppCustomize({ app, preview: true });
    assert.equal(back.scope, 'NONE');
    assert.equal(back.desktop.js.length, 2);
  });

  test("someone else's upload key cannot be used", async () => {
    const other = await addUser(srv, 'other', { canCreateApps: true });
    const key = await upload(clientFor(srv, other.auth), 'x.js', '/* x */');
    await rejects(client.app.updateAppCustomize({ app, desktop: { js: [{ type: 'FILE', file: { fileKey: key } }], css: [] } }), { code: 'CB_VA01', keys: ['desktop.js[0].file.fileKey'] });
  });

  test('cli-kintone customize apply and export round-trip the files', async () => {
    const work = mkdtempSync(join(tmpdir(), 'daicho-cu-cli-'));
    const cliApp = await newApp(client, 'CLI');
    writeFileSync(join(work, 'main.js'), '/* from the cli */\n');
    writeFileSync(join(work, 'main.css'), '.cli{}\n');
    writeFileSync(join(work, 'customize-manifest.json'), JSON.stringify({
      app: String(cliApp), scope: 'ALL',
      desktop: { js: ['main.js'], css: ['main.css'] }, mobile: { js: [], css: [] },
    }));
    const CLI = new URL('./node_modules/.bin/cli-kintone', import.meta.url).pathname;
    const run = (args) => new Promise((resolve) => execFile(CLI, [...args, '--base-url', srv.baseUrl, '--username', 'admin', '--password', srv.auth.password, '--yes'],
      { cwd: work, env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' }, timeout: 60000 },
      (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr })));
    const applied = await run(['customize', 'apply', '--app', String(cliApp), '--input', join(work, 'customize-manifest.json')]);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    const ext = await extensions(srv, cliApp, srv.auth);
    assert.deepEqual(ext.js.map((f) => f.sha256), [sha('/* from the cli */\n')]);
    const exported = await run(['customize', 'export', '--app', String(cliApp), '--output', join(work, 'out', 'customize-manifest.json')]);
    assert.equal(exported.code, 0, exported.stdout + exported.stderr);
    const manifest = JSON.parse(readFileSync(join(work, 'out', 'customize-manifest.json'), 'utf8'));
    assert.equal(manifest.desktop.js.length, 1);
    assert.match(JSON.stringify(manifest), /main\.js/);
  });

  test('switching the rule on later holds unreviewed files until another administrator approves them', async () => {
    const a2 = await newApp(client, 'Later');
    const fileKey = await upload(client, 'later.js', '/* later */');
    await client.app.updateAppCustomize({ app: a2, desktop: { js: [{ type: 'FILE', file: { fileKey } }], css: [] } });
    await deploy(client, a2);
    assert.equal((await extensions(srv, a2, srv.auth)).js.length, 1);
    const on = await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.review': true } } });
    assert.equal(on.status, 200, on.text);
    assert.deepEqual((await extensions(srv, a2, srv.auth)).js, []);
    const { reviews } = (await call(srv, 'GET', `/api/customize/reviews.json?app=${a2}&status=pending`)).json;
    assert.equal(reviews.length, 1);
    isError(await call(srv, 'POST', '/api/customize/review.json', { body: { id: reviews[0].id, approve: true } }), 403, 'DC_XT03');
    const other = await addUser(srv, 'secadm');
    assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'secadm', roles: ['security_admin'] } })).status, 200);
    assert.equal((await call(srv, 'POST', '/api/customize/review.json', { auth: other.auth, body: { id: reviews[0].id, approve: true } })).status, 200);
    assert.equal((await extensions(srv, a2, srv.auth)).js.length, 1);
    assert.equal((await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.review': false } } })).status, 200);
  });

  test("a system administrator's plugin joins the allow-list at once", async () => {
    const key = await upload(client, 'p.js', '/* p */');
    const r = await call(srv, 'POST', '/api/plugin/request.json', { body: { name: 'P', purpose: 'u', function: 'f', files: [{ fileKey: key }] } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.status, 'approved');
    const en = await call(srv, 'PUT', '/api/app/plugins.json', { body: { app, ids: [r.json.id] } });
    assert.equal(en.status, 200, en.text);
    const got = await call(srv, 'GET', `/api/app/plugins.json?app=${app}`);
    assert.equal(got.json.plugins[0].name, 'P');
  });
});
