// The admin section "backups" (バックアップ, Kuki 第31条) as a system administrator and an
// auditor use it: the directory, schedule and key fingerprint, "back up now", the list of
// backups with a restore test for each, the record of runs; in Japanese and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, work;
const auditor = { username: 'kansa', password: 'kansa-pw-Zq7x!long-1' };

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'daicho-e2e-backups-'));
  srv = await startServer({ env: { DAICHO_BACKUP_DIR: join(work, 'nas'), DAICHO_BACKUP_HOURS: '24' } });
  browser = await launch();
  const r = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: auditor.username, name: '監査 花子', password: auditor.password, roles: ['auditor'] },
  });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a system administrator backs up now; the backup and its runs are listed', async () => {
  const { page, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/admin/backups');
  await page.getByRole('heading', { name: 'バックアップ' }).first().waitFor();
  await page.getByText(/時間ごとにバックアップし/).waitFor();
  await page.getByRole('button', { name: '今すぐバックアップ' }).click();
  await page.getByRole('status').getByText(/を作成し、読み戻して確認しました/).waitFor();
  const rows = page.locator('#bk-list tbody tr');
  await rows.first().waitFor();
  assert.ok((await rows.count()) >= 1);
  await page.locator('#bk-runs tbody tr').first().waitFor();
  assert.match(await page.locator('#bk-runs').innerText(), /バックアップ[\s\S]*成功/);
  await shot(page, 'backups-01-made-ja');
});

test('an auditor runs a restore test (English) but cannot make backups', async () => {
  const { page, expected } = await openPage(browser, { locale: 'en-US' });
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, auditor.username, auditor.password);
  await page.goto(srv.baseUrl + '/admin/backups');
  await page.getByRole('heading', { name: 'Backups' }).first().waitFor();
  await page.getByText('Read only (system administrators make backups).').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Back up now' }).count(), 0);
  await page.locator('#bk-list tbody tr').first().getByRole('button', { name: 'Restore test' }).click();
  await page.getByRole('status').getByText(/passed \(database intact, counts match, access log verified\)/).waitFor();
  await page.locator('#bk-runs').getByText('restore test').first().waitFor();
  await shot(page, 'backups-02-restore-test-en');
});
