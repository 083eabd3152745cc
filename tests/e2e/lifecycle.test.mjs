// The app's registration and its approval in the browser (RULES.md rows 1, 8, 9; Abiko
// §9(3)–(5)): with the lifecycle rule on, the owner fills in the builder's Registration
// tab and requests publication; the section head approves from the inbox in another
// browser; the owner publishes and the record list shows the class.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, app;
const OWNER = { code: 'tanaka', name: '田中 花子', password: 'toroku-daicho-2026' };
const HEAD = { code: 'kacho', name: '人事 課長', password: 'shonin-daicho-2026' };

before(async () => {
  srv = await startServer({ policy: { 'apps.lifecycle': 'true' } });
  browser = await launch();
  for (const u of [OWNER, HEAD]) {
    const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code: u.code, name: u.name, password: u.password, canCreateApps: true } });
    assert.equal(r.status, 200, r.text);
  }
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000;
    INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (10, NULL, 'department', 'soumu', '総務部', 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at)
      VALUES (11, 10, 'section', 'jinji', '人事課', (SELECT id FROM users WHERE code = 'kacho'), 0, 0);
    UPDATE users SET section_id = 11 WHERE code IN ('tanaka', 'kacho');`]);
  // The owner's app, designed and deployed: under the rule it stays a draft.
  const auth = { username: OWNER.code, password: OWNER.password };
  const c = await call(srv, 'POST', '/k/v1/preview/app.json', { auth, body: { name: '職員連絡先' } });
  assert.equal(c.status, 200, c.text);
  app = c.json.app;
  const f = await call(srv, 'POST', '/k/v1/preview/app/form/fields.json', { auth, body: { app, properties: {
    shimei: { type: 'SINGLE_LINE_TEXT', code: 'shimei', label: '氏名' },
    denwa: { type: 'SINGLE_LINE_TEXT', code: 'denwa', label: '電話番号' },
  } } });
  assert.equal(f.status, 200, f.text);
  const d = await call(srv, 'POST', '/k/v1/preview/app/deploy.json', { auth, body: { apps: [{ app }] } });
  assert.equal(d.status, 200, d.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('the owner registers and requests, the section head approves in the inbox, the owner publishes', async () => {
  const a = await openPage(browser, { height: 1100 });
  a.expected(/401 .*\/api\/session\.json/);
  await signIn(a.page, srv.baseUrl, OWNER.code, OWNER.password);
  await a.page.getByRole('button', { name: OWNER.name }).waitFor();
  await a.page.goto(`${srv.baseUrl}/apps/${app}/builder/registration`);
  await a.page.getByRole('heading', { name: /アプリの登録と承認/ }).waitFor();
  await a.page.getByText('申請に足りない事項').waitFor();
  await a.page.getByLabel('情報の重要性分類').selectOption({ label: 'Ⅱ' });
  await a.page.getByLabel('個人情報', { exact: true }).check();
  await a.page.getByLabel('利用目的').fill('災害時に職員へ連絡するため');
  await a.page.getByLabel('利用開始日').fill('2026-04-01');
  await a.page.getByLabel('利用終了（予定）日').fill('2029-03-31');
  await a.page.getByLabel('管理責任者').fill('人事課長 人事 課長');
  await a.page.getByLabel('個人データ: 氏名').check();
  await a.page.getByLabel('個人データ: 電話番号').check();
  await a.page.getByRole('button', { name: '登録事項を保存' }).click();
  await a.page.getByText('保存しました。').waitFor();
  await a.page.getByRole('button', { name: '公開の承認を申請する' }).click();
  await a.page.getByText('申請しました。').waitFor();
  await a.page.getByRole('rowheader', { name: '所属長' }).waitFor();
  await shot(a.page, 'lifecycle-1-registration');

  const b = await openPage(browser);
  b.expected(/401 .*\/api\/session\.json/);
  await signIn(b.page, srv.baseUrl, HEAD.code, HEAD.password);
  await b.page.getByRole('button', { name: HEAD.name }).waitFor();
  await b.page.goto(`${srv.baseUrl}/inbox`);
  const item = b.page.locator('li, article, tr', { hasText: '職員連絡先' }).first();
  await item.getByText('災害時に職員へ連絡するため').waitFor();
  await shot(b.page, 'lifecycle-2-inbox');
  await item.getByRole('button', { name: '承認する' }).click();
  await b.page.getByText('職員連絡先').waitFor({ state: 'detached', timeout: 10000 });

  await a.page.reload();
  await a.page.getByRole('button', { name: '公開する' }).click();
  await a.page.getByText('公開しました。レコードを使えます。').waitFor();
  await a.page.getByRole('cell', { name: '承認', exact: true }).first().waitFor();
  await shot(a.page, 'lifecycle-3-published');

  await a.page.goto(`${srv.baseUrl}/apps/${app}`);
  await a.page.getByText('分類 Ⅱ').waitFor();
  await shot(a.page, 'lifecycle-4-list');
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
});
