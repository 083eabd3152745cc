// JS/CSS customisations in the browser (RULES.md rows 11 and 12, Abiko §10), under the
// abiko preset: the app's developer adds a JavaScript file in the builder's
// "JavaScript / CSS" tab and sees it awaiting review; a security administrator approves it
// in the admin section "Plugins"; after deploying, the record list runs it: the script
// writes a banner into the header space through the `kintone` global, and the record page
// passes the record to its detail handler.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, ADMIN_PASSWORD } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, app;
const PW = 'a-Long-passphrase-42';
const dev = { username: 'dev', password: PW };
const bannerJs = `kintone.events.on('app.record.index.show', function (event) {
  var el = kintone.app.getHeaderSpaceElement();
  el.textContent = 'カスタマイズのお知らせ: ' + event.records.length + ' 件のレコード（アプリ ' + kintone.app.getId() + '）';
  el.className += ' customize-banner';
  return event;
});
kintone.events.on('app.record.detail.show', function (event) {
  document.body.dataset.customized = 'record ' + kintone.app.record.getId() + ': ' + event.record['件名'].value;
});
`;

async function rest(method, path, body, auth) {
  const r = await call(srv, method, path, { body, auth });
  assert.ok(r.status < 400, `${method} ${path}: ${r.text}`);
  return r.json;
}

async function deploy() {
  await rest('POST', '/k/v1/preview/app/deploy.json', { apps: [{ app }] }, dev);
  for (let i = 0; i < 50; i++) {
    const r = await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${app}`, { auth: dev });
    if (r.json.apps[0].status !== 'PROCESSING') return;
    await new Promise((res) => setTimeout(res, 50));
  }
}

before(async () => {
  // The app lifecycle (apps.lifecycle) has its own tests: here the app is usable once deployed.
  srv = await startServer({ preset: 'abiko', policy: { 'apps.lifecycle': 'false' } });
  browser = await launch();
  await rest('POST', '/api/admin/users.json', { code: 'dev', name: '開発 花子', password: PW, canCreateApps: true });
  await rest('POST', '/api/admin/users.json', { code: 'sec', name: 'セキュリティ 管理者', password: PW, roles: ['security_admin'] });
  // Two-factor sign-in and registered devices have their own tests.
  await rest('PUT', '/api/admin/policy.json', { rules: { 'totp.admins': false, 'devices.required': false } }, { username: 'sec', password: PW });
  ({ app } = await rest('POST', '/k/v1/preview/app.json', { name: '窓口受付' }, dev));
  await rest('POST', '/k/v1/preview/app/form/fields.json', { app, properties: { 件名: { type: 'SINGLE_LINE_TEXT', code: '件名', label: '件名' } } }, dev);
  await deploy();
  await rest('POST', '/k/v1/records.json', { app, records: [{ 件名: { value: '転入届' } }, { 件名: { value: '住民票の写し' } }] }, dev);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a JavaScript customisation added in the builder waits for review', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'dev', PW);
  await page.goto(`${srv.baseUrl}/apps/${app}/builder/customize`);
  await page.getByRole('heading', { name: 'JavaScript / CSS' }).waitFor();
  await page.getByText(/我孫子市 §10/).first().waitFor();
  const dir = mkdtempSync(join(tmpdir(), 'daicho-cu-'));
  writeFileSync(join(dir, 'banner.js'), bannerJs);
  await page.locator('input[name="upload-js"]').setInputFiles(join(dir, 'banner.js'));
  const row = page.locator('#cu-js tbody tr');
  await row.getByText('banner.js').waitFor();
  await row.getByText('確認待ち').waitFor();
  await shot(page, 'customize-01-builder-pending');
  assert.deepEqual(problems, []);
  await context.close();
  await deploy();
  // Deployed but not reviewed: nothing runs.
  const ext = await rest('GET', `/api/app/extensions.json?app=${app}`, undefined, dev);
  assert.deepEqual(ext.js, []);
});

test('a security administrator approves it in the admin section', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'sec', PW);
  await page.goto(`${srv.baseUrl}/admin/plugins`);
  const row = page.locator('#cu-reviews tbody tr').filter({ hasText: 'banner.js' });
  await row.waitFor();
  assert.match(await row.textContent(), /窓口受付/);
  assert.match(await row.textContent(), /dev/);
  await shot(page, 'customize-02-admin-review');
  await row.getByRole('button', { name: '承認する' }).click();
  await page.getByText('確認待ちのカスタマイズはありません。').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the approved customisation runs on the record list', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'dev', PW);
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByRole('cell', { name: '転入届', exact: true }).waitFor();
  const banner = page.locator('#daicho-header-space');
  await banner.getByText(`カスタマイズのお知らせ: 2 件のレコード（アプリ ${app}）`).waitFor();
  assert.match(await banner.getAttribute('class'), /customize-banner/);
  await shot(page, 'customize-03-list-banner');
  // The record page tells the script which record it shows.
  await page.locator(`a[href="/apps/${app}/records/1"]`).first().click();
  await page.waitForFunction(() => document.body.dataset.customized === 'record 1: 転入届');
  // The builder tab shows the file approved, with its hash.
  await page.goto(`${srv.baseUrl}/apps/${app}/builder/customize`);
  await page.locator('#cu-js tbody tr').getByText('承認済み').waitFor();
  await shot(page, 'customize-04-builder-approved');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a plugin requested in the builder, approved by a system administrator, enabled and loaded', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'daicho-plugin-'));
  writeFileSync(join(dir, 'frame.css'), '#daicho-header-space { border-left-color: rgb(200, 0, 0) !important; }\n');
  // The developer asks for it, with its name, purpose and function (Abiko §10).
  let { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'dev', PW);
  await page.goto(`${srv.baseUrl}/apps/${app}/builder/customize`);
  await page.getByText('プラグインの追加を申請する').click();
  await page.getByLabel('名前').fill('赤い枠');
  await page.getByLabel('用途').fill('お知らせ欄を目立たせる');
  await page.getByLabel('機能').fill('一覧のお知らせ欄の枠を赤にする CSS');
  await page.getByLabel('バージョン').fill('1.0.0');
  await page.locator('input[name="files"]').setInputFiles(join(dir, 'frame.css'));
  await page.getByRole('button', { name: '申請する' }).click();
  await page.getByText('申請しました（状態: 確認待ち）。').waitFor();
  await shot(page, 'customize-05-plugin-request');
  assert.deepEqual(problems, []);
  await context.close();

  // A system administrator other than the requester puts it on the allow-list.
  ({ page, problems, expected, context } = await openPage(browser));
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'admin', ADMIN_PASSWORD);
  await page.goto(`${srv.baseUrl}/admin/plugins`);
  const row = page.locator('#cu-plugins tbody tr').filter({ hasText: '赤い枠' });
  await row.waitFor().catch(async (e) => {
    await shot(page, 'customize-06-failed'); // what the administrator saw instead
    throw new Error(`${e.message}\n${problems.join('\n')}`);
  });
  assert.match(await row.textContent(), /お知らせ欄を目立たせる/);
  await row.getByRole('button', { name: '承認する' }).click();
  await row.getByText('許可済み').waitFor();
  await shot(page, 'customize-06-plugin-allowed');
  assert.deepEqual(problems, []);
  await context.close();

  // The developer enables it for the app; the list page loads its CSS.
  ({ page, problems, expected, context } = await openPage(browser));
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'dev', PW);
  await page.goto(`${srv.baseUrl}/apps/${app}/builder/customize`);
  await page.getByLabel(/赤い枠/).check();
  await page.getByRole('button', { name: 'プラグインの設定を保存' }).click();
  await page.getByText('プラグインの設定を保存しました。').waitFor();
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  const banner = page.locator('#daicho-header-space');
  await banner.getByText(/カスタマイズのお知らせ/).waitFor();
  await page.waitForFunction(() => getComputedStyle(document.getElementById('daicho-header-space')).borderLeftColor === 'rgb(200, 0, 0)');
  await shot(page, 'customize-07-plugin-loaded');
  assert.deepEqual(problems, []);
  await context.close();
});
