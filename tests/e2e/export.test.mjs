// Export and transmission in the browser (RULES.md rows 22, 23; Kuki 第11条, 第14条): with
// the abiko preset the export dialog of a class Ⅰ app asks for the reason before anything
// leaves, and the file carries who exported it and when; a large export of personal data
// waits for approval, the section head checks it in the inbox and approves it, and the
// requester downloads it once from "My exports".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, call } from '../api/lib/server.mjs';
import { clientFor, makeApp } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, appI, appP, suzukiId, kachoId;
const PW = 'a-Long-passphrase-42';
// Other rules of the preset are tested in their own files.
const OFF = {
  'apps.lifecycle': 'false', 'downloads.warnings': 'false', 'totp.admins': 'false',
  'devices.required': 'false', 'hours.enforced': 'false',
};

function sqlWrite(query) {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${query}`]);
}

async function person(code, name) {
  const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code, name, password: PW } });
  assert.equal(r.status, 200, r.text);
  return Number(r.json.id);
}

const acl = [
  { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordExportable: true },
  { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true, recordExportable: true },
];
const props = { 氏名: { type: 'SINGLE_LINE_TEXT', code: '氏名', label: '氏名' } };

async function fill(name, n) {
  const admin = clientFor(srv);
  const app = await makeApp(admin, name, props, { acl });
  for (let i = 0; i < n; i += 100) {
    await admin.record.addRecords({ app, records: Array.from({ length: Math.min(100, n - i) }, (_, k) => ({ 氏名: { value: `住民 ${i + k + 1}` } })) });
  }
  return app;
}

before(async () => {
  srv = await startServer({ preset: 'abiko', policy: OFF });
  browser = await launch();
  suzukiId = await person('suzuki', '鈴木 一郎');
  kachoId = await person('kacho', '市民課長 田中');
  appI = await fill('住民票の写し交付記録', 5);
  appP = await fill('転出者名簿', 120);
  // Class and flags through the registration API (apps.lifecycle off: set directly).
  for (const [app, infoClass, personal] of [[appI, 1, false], [appP, 3, true]]) {
    const r = await call(srv, 'PUT', '/api/app/governance.json', { body: { app, infoClass, flags: { personal, sensitive: false, myNumber: false } } });
    assert.equal(r.status, 200, r.text);
  }
  const now = Math.floor(Date.now() / 1000);
  sqlWrite(`INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES
      (1, NULL, 'department', 'civic', '市民部', NULL, ${now}, ${now}),
      (2, 1, 'section', 'residents', '市民課', ${kachoId}, ${now}, ${now});
    UPDATE users SET section_id = 2 WHERE id IN (${suzukiId}, ${kachoId});`);
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('class Ⅰ: the export dialog asks for the reason; the file carries who and when', async () => {
  const { page, problems, expected, context } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'suzuki', PW);
  await page.getByText('鈴木 一郎').first().waitFor();
  await page.goto(`${srv.baseUrl}/apps/${appI}`);
  await page.getByRole('cell', { name: '住民 5', exact: true }).waitFor();
  await page.getByRole('button', { name: 'CSVに書き出す' }).click();
  const ex = page.getByRole('dialog', { name: 'CSVに書き出す' });
  await ex.getByText(/重要性分類はⅠです/).waitFor();
  await ex.getByText(/久喜市 第11条/).waitFor();
  // Without a reason nothing is sent.
  await ex.getByRole('button', { name: 'ダウンロード' }).click();
  await ex.getByText('理由は 4 文字以上で入力してください。').waitFor();
  await ex.getByLabel('理由（4〜500 文字）').fill('住民からの開示請求に回答するため');
  await shot(page, 'export-01-class1-reason');
  const [download] = await Promise.all([page.waitForEvent('download'), ex.getByRole('button', { name: 'ダウンロード' }).click()]);
  assert.match(download.suggestedFilename(), new RegExp(`^app${appI}-\\d{8}-\\d{4}-suzuki\\.csv$`));
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0], /"出力記録 \(daicho\)"$/);
  assert.match(lines[1], /"suzuki 鈴木 一郎 \d{4}-\d\d-\d\d \d\d:\d\d\+09:00 [0-9-]+"$/);
  await ex.waitFor({ state: 'hidden' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('personal data above the threshold: held, checked and approved by the section head, downloaded once', async () => {
  // The requester asks.
  const a = await openPage(browser);
  a.expected(/^401 .*\/api\/session\.json/);
  await signIn(a.page, srv.baseUrl, 'suzuki', PW);
  await a.page.getByText('鈴木 一郎').first().waitFor();
  await a.page.goto(`${srv.baseUrl}/apps/${appP}`);
  await a.page.getByRole('cell', { name: '住民 120', exact: true }).waitFor();
  await a.page.getByRole('button', { name: 'CSVに書き出す' }).click();
  const ex = a.page.getByRole('dialog', { name: 'CSVに書き出す' });
  await ex.getByText(/100 件を超えて書き出すには、別の職員の確認と承認が必要です/).waitFor();
  await ex.getByLabel('理由（任意。承認者に表示されます）').fill('転出先への通知のため');
  await shot(a.page, 'export-02-approval-note');
  await ex.getByRole('button', { name: '承認を依頼する' }).click();
  const held = a.page.getByRole('dialog', { name: '承認待ちになりました' });
  await held.getByText(/120 件の書き出しを申請しました/).waitFor();
  await shot(a.page, 'export-03-held');
  await held.getByRole('link', { name: 'マイ書き出し' }).click();
  await a.page.getByRole('heading', { name: 'マイ書き出し' }).waitFor();
  await a.page.getByRole('cell', { name: '承認待ち' }).waitFor();
  await shot(a.page, 'export-04-mine-pending');

  // The section head checks the checklist in the inbox and approves.
  const b = await openPage(browser);
  b.expected(/^401 .*\/api\/session\.json/);
  await signIn(b.page, srv.baseUrl, 'kacho', PW);
  await b.page.getByText('市民課長 田中').first().waitFor();
  await b.page.goto(`${srv.baseUrl}/inbox`);
  const row = b.page.locator('tr', { hasText: '書き出しの承認' });
  await row.waitFor();
  const facts = await row.textContent();
  for (const want of ['転出者名簿', '重要性分類', 'Ⅲ', '件数', '120', '転出先への通知のため', 'suzuki', '書き出す項目', '氏名'])
    assert.ok(facts.includes(want), `inbox item shows ${want}: ${facts}`);
  // Approving needs every item of the checklist ticked (Kuki 第14条); refusing does not.
  const approve = row.getByRole('button', { name: '確認して承認' });
  assert.equal(await approve.isDisabled(), true);
  assert.equal(await row.getByRole('button', { name: '却下' }).isDisabled(), false);
  const boxes = row.getByRole('checkbox');
  const n = await boxes.count();
  assert.equal(n, 6);
  for (let i = 0; i < n - 1; i++) await boxes.nth(i).check();
  assert.equal(await approve.isDisabled(), true);
  await boxes.nth(n - 1).check();
  await shot(b.page, 'export-05-inbox-checklist');
  await approve.click();
  await b.page.getByText('書き出しの承認').waitFor({ state: 'hidden' });
  assert.deepEqual(b.problems, []);
  await b.context.close();

  // The requester downloads it once.
  await a.page.reload();
  const mine = a.page.locator('tr', { hasText: '転出者名簿' });
  await mine.getByRole('cell', { name: '承認済み' }).waitFor();
  await shot(a.page, 'export-06-mine-approved');
  const [download] = await Promise.all([a.page.waitForEvent('download'), mine.getByRole('button', { name: 'ダウンロード' }).click()]);
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines.length, 121);
  assert.match(lines[0], /"出力記録 \(daicho\)"$/);
  await a.page.getByText('ダウンロードしました。').waitFor();
  await mine.getByRole('cell', { name: 'ダウンロード済み' }).waitFor();
  assert.equal(await mine.getByRole('button', { name: 'ダウンロード' }).count(), 0);
  await shot(a.page, 'export-07-mine-downloaded');
  assert.deepEqual(a.problems, []);
  await a.context.close();
});
