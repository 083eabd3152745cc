// The disposal register (廃棄記録, Kuki 第15条, Yabu 第9条) in the admin console: an auditor
// sees every crypto-erase of class Ⅰ data (a deleted record, a closed app) with who and
// when, in Japanese and English; a person without the role does not get the section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startServer, call, daichoBin } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser;
const auditor = { username: 'kansa', password: 'kansa-pw-Zq7x!long-1' };
const clerk = { username: 'tanaka', password: 'tanaka-pw-Zq7x!long' };

async function rest(method, path, body) {
  const r = await call(srv, method, path, { body });
  assert.ok(r.status < 400, `${method} ${path}: ${r.text}`);
  return r.json;
}

function cli(...args) {
  const r = spawnSync(daichoBin(), ['crypto', ...args, '--data', srv.dataDir], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
}

// An app with one text field, deployed; returns its id.
async function makeApp(name) {
  const { app } = await rest('POST', '/k/v1/preview/app.json', { name });
  await rest('POST', '/k/v1/preview/app/form/fields.json', {
    app,
    properties: { 氏名: { type: 'SINGLE_LINE_TEXT', code: '氏名', label: '氏名' } },
  });
  await rest('POST', '/k/v1/preview/app/deploy.json', { apps: [{ app }] });
  for (let i = 0; i < 50; i++) {
    const r = await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${app}`);
    if (r.json.apps[0].status !== 'PROCESSING') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  return app;
}

before(async () => {
  srv = await startServer();
  browser = await launch();
  await rest('POST', '/api/admin/users.json', { code: auditor.username, name: '監査 花子', password: auditor.password, roles: ['auditor'] });
  await rest('POST', '/api/admin/users.json', { code: clerk.username, name: '田中 一郎', password: clerk.password });
  // A class Ⅰ app: two records, one deleted; a second class Ⅰ app closed with its records.
  const app = await makeApp('生活保護ケース記録');
  cli('class', String(app), '1');
  const { ids } = await rest('POST', '/k/v1/records.json', { app, records: [{ 氏名: { value: '山田 太郎' } }, { 氏名: { value: '佐藤 花子' } }] });
  await rest('DELETE', '/k/v1/records.json', { app, ids: [ids[0]] });
  const closed = await makeApp('旧 就学援助台帳');
  cli('class', String(closed), '1');
  await rest('POST', '/k/v1/records.json', { app: closed, records: [{ 氏名: { value: 'a' } }, { 氏名: { value: 'b' } }, { 氏名: { value: 'c' } }] });
  cli('close', String(closed));
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an auditor reads the disposal register, in Japanese and in English', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/disposals');
  await page.getByRole('heading', { name: '廃棄記録' }).first().waitFor();
  await page.getByText(/暗号消去、久喜市 第15条/).waitFor();
  const rows = page.locator('table#disposals tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  // Newest first: the closed app (3 records), then the deleted record.
  assert.match(await rows.nth(0).innerText(), /アプリ全体[\s\S]*旧 就学援助台帳[\s\S]*3[\s\S]*admin[\s\S]*暗号消去（鍵の破棄）/);
  assert.match(await rows.nth(1).innerText(), /レコード[\s\S]*生活保護ケース記録[\s\S]*1[\s\S]*admin/);
  await shot(page, 'crypto-01-disposals-ja');
  assert.deepEqual(problems, []);

  const en = await openPage(browser, { locale: 'en-US' });
  en.expected(/401 .*\/api\/session\.json/);
  await signIn(en.page, srv.baseUrl, auditor.username, auditor.password);
  await en.page.getByRole('heading', { name: 'Portal' }).waitFor();
  await en.page.goto(srv.baseUrl + '/admin/disposals');
  await en.page.getByRole('heading', { name: 'Disposal' }).first().waitFor();
  await en.page.getByText(/crypto-erase, Kuki art\. 15/).waitFor();
  await en.page.locator('table#disposals tbody tr').first().waitFor();
  assert.match(await en.page.locator('table#disposals tbody tr').nth(0).innerText(), /whole app[\s\S]*crypto-erase \(keys destroyed\)/);
  await shot(en.page, 'crypto-02-disposals-en');
  assert.deepEqual(en.problems, []);
});

test('the section is not offered to a person without the auditor or security role', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  expected(/403 .*\/api\/admin\/disposals\.json/);
  await signIn(page, srv.baseUrl, clerk.username, clerk.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  const r = await call(srv, 'GET', '/api/admin/disposals.json', { auth: clerk });
  assert.equal(r.status, 403);
  await page.goto(srv.baseUrl + '/admin/disposals');
  await page.getByText('このページを開く役割がありません。').waitFor();
  assert.equal(await page.locator('table#disposals').count(), 0);
  await shot(page, 'crypto-03-no-role-ja');
  assert.deepEqual(problems.filter((p) => !/403/.test(p)), []);
});
