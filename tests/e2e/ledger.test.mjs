// The ledger (台帳) and the auditor's report (監査報告) in the admin console: an auditor
// reads the register of apps with class, flags, registration, owner, records, readers and
// exports, filters it, downloads the CSV, sees the hand-over queue after a move and makes
// the printable report for a period; an administrator names who takes an app over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_PASSWORD, startServer, call } from '../api/lib/server.mjs';
import { clientFor, logSettled, makeApp } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, used, idle;
const auditor = { username: 'kansa', password: 'kansa-pw-Zq7x!long-1' };
const owner = { username: 'owner1', password: 'owner-pw-Zq7x!long-1' };

before(async () => {
  srv = await startServer();
  browser = await launch();
  for (const unit of [
    { kind: 'department', code: 'shimin', name: '市民部' },
    { kind: 'section', code: 'soudan', name: '相談課', parent: 'shimin' },
    { kind: 'section', code: 'kikaku', name: '企画課', parent: 'shimin' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  for (const body of [
    { code: 'kansa', name: '監査 花子', password: auditor.password, roles: ['auditor'], section: 'kikaku' },
    { code: 'owner1', name: '相談 一郎', password: owner.password, canCreateApps: true, section: 'soudan' },
    { code: 'reader', name: '閲覧 次郎', password: 'reader-pw-Zq7x!long-1', section: 'soudan' },
    { code: 'head', name: '課長 三郎', password: 'head-pw-Zq7x!long-1', section: 'soudan' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/users.json', { body })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'soudan', head: 'head' } })).status, 200);
  const c = clientFor(srv, owner);
  used = await makeApp(c, '住民相談記録', { name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' } }, {
    acl: [
      { entity: { type: 'USER', code: 'owner1' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordExportable: true },
      { entity: { type: 'USER', code: 'reader' }, recordViewable: true, recordExportable: true },
    ],
  });
  idle = await makeApp(c, '古い集計', { n: { type: 'NUMBER', code: 'n', label: 'n' } });
  const reg = JSON.stringify({ purpose: '住民からの相談の記録', items: ['氏名', '住所', '相談内容'], admins: ['owner1'], users: ['reader'], responsible: '相談課長' });
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'),
    `UPDATE apps SET info_class = 1, flags = 3, registration = '${reg}', start_date = '2026-04-01', end_date = '2099-03-31', gov_revision = gov_revision + 1 WHERE id = ${Number(used)};
     UPDATE apps SET info_class = 3, end_date = '2025-03-31', gov_revision = gov_revision + 1 WHERE id = ${Number(idle)};`]);
  await c.record.addRecords({ app: used, records: [{ name: { value: '山田' } }, { name: { value: '佐藤' } }, { name: { value: '鈴木' } }] });
  await call(srv, 'GET', `/api/records/export.csv?app=${used}&reason=${encodeURIComponent('相談記録の確認のため')}`, { auth: { username: 'reader', password: 'reader-pw-Zq7x!long-1' } });
  assert.equal((await call(srv, 'POST', '/api/admin/user/move.json', { body: { code: 'owner1', section: 'kikaku' } })).status, 200);
  logSettled(srv);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an auditor reads the ledger, filters it and downloads the CSV', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/ledger');
  await page.getByRole('heading', { name: '台帳' }).first().waitFor();
  const row = page.locator(`#ledger-apps tr[data-app="${used}"]`);
  await row.waitFor();
  const text = await row.innerText();
  for (const s of ['住民相談記録', 'Ⅰ', '個人情報', '要配慮', '住民からの相談の記録', '相談 一郎', 'reader ×1', '引継ぎ待ち']) assert.ok(text.includes(s), `${s} in ${text}`);
  assert.match(await page.locator(`#ledger-apps tr[data-app="${idle}"]`).innerText(), /利用終了日超過/);
  await page.locator('#ledger-handover tr[data-handover]').first().waitFor();
  await shot(page, 'ledger-01-ledger-ja');
  await page.getByLabel('分類').selectOption('1');
  await page.getByRole('button', { name: '絞り込む' }).click();
  await page.getByText('1 件のアプリ').waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#ledger-csv').click()]);
  const csv = readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(csv.toString('utf8'), /"住民相談記録","Ⅰ","○","○"/);
  assert.match(download.suggestedFilename(), /^ledger-.*\.csv$/);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('an administrator names who takes the app over (in English)', async () => {
  const { page, problems, expected } = await openPage(browser, { locale: 'en-US' });
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'admin', ADMIN_PASSWORD);
  await page.getByRole('heading', { name: 'Portal' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/ledger');
  await page.getByRole('heading', { name: 'Apps waiting for hand-over' }).waitFor();
  const item = page.locator('#ledger-handover tr[data-handover]').filter({ hasText: '住民相談記録' });
  await item.getByLabel('New (login name)').fill('head');
  await item.getByRole('button', { name: 'Hand over' }).click();
  await page.getByText('Handed over to head').waitFor();
  await page.locator(`#ledger-apps tr[data-app="${used}"]`).filter({ hasText: '課長 三郎' }).waitFor();
  await shot(page, 'ledger-02-handover-en');
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the auditor makes and prints the report for a period', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/report');
  await page.locator('#audit-report').waitFor();
  await page.getByRole('heading', { name: '2. 重要性分類Ⅰのアプリの権限' }).waitFor();
  assert.match(await page.locator('#report-verify').innerText(), /改ざんは見つかりませんでした/);
  assert.match(await page.locator(`.report-perm[data-app="${used}"]`).innerText(), /reader/);
  await shot(page, 'ledger-03-report-ja');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.admin-nav').isVisible(), false);
  assert.equal(await page.locator('#report-print').isVisible(), false);
  await shot(page, 'ledger-04-report-print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
  await page.context().close();
});
