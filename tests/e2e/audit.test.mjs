// The access-log section of the admin console (監査ログ) as an auditor uses it: the tamper
// check, searching with filters, the CSV download, the daily analysis and the signed
// checkpoints, in Japanese and English; and the tamper check naming the changed entry
// after someone edited the database behind daicho's back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, call } from '../api/lib/server.mjs';
import { logSettled } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser;
const auditor = { username: 'kansa', password: 'kansa-pw-Zq7x!long-1' };

before(async () => {
  srv = await startServer();
  browser = await launch();
  const r = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: auditor.username, name: '監査 花子', password: auditor.password, roles: ['auditor'] },
  });
  assert.equal(r.status, 200, r.text);
  await call(srv, 'POST', '/api/admin/users.json', { body: { code: 'tanaka', name: '田中', password: 'tanaka-pw-Zq7x!long' } });
  await call(srv, 'GET', '/k/v1/records.json?app=1', { auth: { username: 'tanaka', password: 'wrong-password-1' } });
  await call(srv, 'GET', '/k/v1/records.json?app=1', { auth: { username: 'admin', password: 'not-the-password' } });
  logSettled(srv);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('an auditor checks the chain, searches, downloads CSV and reads the analysis', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/); // the first visit asks who is signed in
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/audit');
  await page.getByRole('heading', { name: '監査ログ' }).first().waitFor();
  await page.getByRole('status').getByText(/改ざんは見つかりませんでした/).waitFor();
  await page.locator('table.audit-log tbody tr').first().waitFor();
  await page.locator('table.audit-report tbody tr').first().waitFor();
  await shot(page, 'audit-01-overview-ja');
  // Only the refusals of tanaka.
  await page.getByLabel('ユーザー', { exact: true }).fill('tanaka');
  await page.getByLabel('結果').selectOption('denied');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await page.getByText(/^1 件/).waitFor();
  const rows = page.locator('table.audit-log tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /tanaka[\s\S]*拒否/);
  await shot(page, 'audit-02-filtered-ja');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV をダウンロード' }).click(),
  ]);
  const csv = readFileSync(await download.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.match(csv.toString('utf8'), /tanaka/);
  assert.match(download.suggestedFilename(), /^accesslog-.*\.csv$/);
  // The checkpoints card shows the public key to compare with the one on record.
  assert.equal(await page.locator('.audit-key').count(), 1);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('in English, and a changed entry is named by the tamper check', async () => {
  // Someone edits an entry directly in the database, server stopped.
  await srv.stop({ keep: true });
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'),
    "DROP TRIGGER access_log_append_only_u; UPDATE access_log SET user_code = 'nobody' WHERE id = 3;"]);
  srv = await startServer({ dataDir: srv.dataDir });
  const { page, problems, expected } = await openPage(browser, { locale: 'en-US' });
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.getByRole('heading', { name: 'Portal' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/audit');
  await page.getByRole('heading', { name: 'Access log' }).first().waitFor();
  const alert = page.getByRole('alert');
  await alert.getByText('Tampering found. First problem:').waitFor();
  assert.match(await alert.innerText(), /changed \(entry 3\)/);
  await page.locator('table.audit-log tbody tr').first().waitFor();
  await shot(page, 'audit-03-tampered-en');
  // Narrow screens keep everything reachable.
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 391, `the page is ${wide}px wide on a 390px phone`);
  await shot(page, 'audit-04-phone-en');
  assert.deepEqual(problems, []);
  await page.context().close();
});
