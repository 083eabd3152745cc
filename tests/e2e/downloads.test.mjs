// Download warnings in the browser (RULES.md row 28, Kuki 第20条): with the abiko preset a
// person whose list would pass the app's threshold sees the warning with the counts and
// the rule, states a reason and the list appears; the CSV export asks the same way and the
// file downloads; the security administrator sees the warnings with their reasons and
// marks the settings reviewed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, call } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, app;
const PW = 'a-Long-passphrase-42';

async function rest(method, path, body, auth) {
  const r = await call(srv, method, path, { body, auth });
  assert.ok(r.status < 400, `${method} ${path}: ${r.text}`);
  return r.json;
}

before(async () => {
  srv = await startServer({ preset: 'abiko', policy: { 'apps.lifecycle': 'false' } });
  browser = await launch();
  await rest('POST', '/api/admin/users.json', { code: 'suzuki', name: '鈴木 一郎', password: PW });
  await rest('POST', '/api/admin/users.json', { code: 'sec', name: 'セキュリティ 管理者', password: PW, roles: ['security_admin'] });
  // Two-factor sign-in for administrators (totp.admins) is tested in accounts.test.mjs;
  // here the security administrator signs in with the password alone.
  await rest('PUT', '/api/admin/policy.json', { rules: { 'totp.admins': false, 'devices.required': false } }, { username: 'sec', password: PW }); // devices: devices.test.mjs
  ({ app } = await rest('POST', '/k/v1/preview/app.json', { name: '住民名簿' }));
  await rest('POST', '/k/v1/preview/app/form/fields.json', {
    app,
    properties: { 氏名: { type: 'SINGLE_LINE_TEXT', code: '氏名', label: '氏名' } },
  });
  await rest('PUT', '/k/v1/preview/app/acl.json', {
    app,
    rights: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordImportable: true, recordExportable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true, recordExportable: true },
    ],
  });
  await rest('POST', '/k/v1/preview/app/deploy.json', { apps: [{ app }] });
  for (let i = 0; i < 50; i++) {
    const r = await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${app}`);
    if (r.json.apps[0].status !== 'PROCESSING') break;
    await new Promise((res) => setTimeout(res, 50));
  }
  await rest('POST', '/k/v1/records.json', { app, records: Array.from({ length: 30 }, (_, i) => ({ 氏名: { value: `住民 ${i + 1}` } })) });
  await rest('PUT', '/api/admin/downloads.json', { app, threshold: 10 }, { username: 'sec', password: PW });
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the list and the export above the threshold ask for a reason, then proceed', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  expected(/^403 .*\/k\/v1\/records\.json/);
  expected(/^403 .*\/api\/records\/export\.csv/);
  await signIn(page, srv.baseUrl, 'suzuki', PW);
  await page.getByText('鈴木 一郎').first().waitFor();
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  // The first page (20 records) is above the threshold of 10.
  const dlg = page.getByRole('dialog', { name: '大量ダウンロードの警告' });
  await dlg.waitFor();
  await dlg.getByText(/久喜市 第20条/).first().waitFor();
  assert.match(await dlg.textContent(), /今回 20 件 = 20 件がしきい値 10 件を超えます/);
  await shot(page, 'downloads-01-list-warning');
  // Too short a reason is caught before sending.
  await dlg.getByLabel('理由（4〜500 文字）').fill('確認');
  await dlg.getByRole('button', { name: '理由を記録して続ける' }).click();
  await dlg.getByText('理由は 4 文字以上で入力してください。').waitFor();
  await dlg.getByLabel('理由（4〜500 文字）').fill('転入手続きの照合のため');
  await dlg.getByRole('button', { name: '理由を記録して続ける' }).click();
  await page.getByRole('cell', { name: '住民 30', exact: true }).waitFor();
  await shot(page, 'downloads-02-list-after-reason');

  // The export: 30 more records, again above the threshold.
  await page.getByRole('button', { name: 'CSVに書き出す' }).click();
  const ex = page.getByRole('dialog', { name: 'CSVに書き出す' });
  await ex.getByRole('button', { name: 'ダウンロード' }).click();
  await ex.getByText(/今回 30 件/).waitFor();
  await shot(page, 'downloads-03-export-warning');
  await ex.getByLabel('理由（4〜500 文字）').fill('統計資料の作成のため');
  const [download] = await Promise.all([page.waitForEvent('download'), ex.getByRole('button', { name: '理由を記録して続ける' }).click()]);
  const text = readFileSync(await download.path(), 'utf8');
  assert.match(text, /住民 30/);
  assert.equal(text.trim().split('\n').length, 31);
  await ex.waitFor({ state: 'hidden' });

  // One record is one more read: the record page asks too.
  expected(/^403 .*\/k\/v1\/record\.json/);
  await page.locator(`a[href="/apps/${app}/records/30"]`).first().click();
  await page.getByText(/今回 1 件 = 51 件/).waitFor();
  await page.getByLabel('理由（4〜500 文字）').fill('窓口での本人確認のため');
  await page.getByRole('button', { name: '理由を記録して続ける' }).click();
  await page.getByText('住民 30', { exact: true }).first().waitFor();
  await shot(page, 'downloads-05-record-after-reason');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the security administrator sees the warnings with their reasons and marks the settings reviewed', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'sec', PW);
  await page.getByText('セキュリティ 管理者').first().waitFor();
  await page.goto(`${srv.baseUrl}/admin/downloads`);
  await page.getByRole('heading', { name: '最近の警告' }).waitFor();
  const warnings = page.locator('#dl-warnings');
  await warnings.getByText('転入手続きの照合のため').waitFor();
  await warnings.getByText('統計資料の作成のため').waitFor();
  const row = page.locator(`#dl-apps tr[data-app="${app}"]`);
  assert.match(await row.textContent(), /住民名簿/);
  assert.match(await row.textContent(), /10/);
  await row.getByRole('button', { name: '確認済みにする' }).click();
  await page.waitForTimeout(300);
  await shot(page, 'downloads-04-admin');
  const g = await call(srv, 'GET', '/api/admin/downloads.json', { auth: { username: 'sec', password: PW } });
  assert.equal(g.json.apps.find((a) => a.app === String(app)).reviewedBy, 'sec');
  assert.equal(g.json.warnings.length, 3);
  assert.deepEqual(problems, []);
  await context.close();
});
