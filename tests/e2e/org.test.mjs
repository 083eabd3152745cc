// The organisation in the browser (RULES.md rows 4, 21, 29): an account administrator
// builds two departments with a section each, names a section head and a protection
// manager, moves a person between sections after checking what they own (人事異動), then
// uses the inbox (header count, an item's action button) and looks at the Policy section.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from '../api/lib/server.mjs';
import { addUser } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser;

before(async () => {
  srv = await startServer();
  browser = await launch();
  await addUser(srv, 'tanaka', { name: '田中 一郎' });
  await addUser(srv, 'sato', { name: '佐藤 花子' });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function addUnit(page, { kind, code, name, parent, head, managers }) {
  const form = page.getByRole('form', { name: '組織の追加' });
  await form.getByLabel('種別').selectOption(kind);
  await form.getByLabel('コード').fill(code);
  await form.getByLabel('名前').fill(name);
  if (parent) await form.getByLabel('上位の部').selectOption(parent);
  if (head) await form.getByLabel('所属長').fill(head);
  if (managers) await form.getByLabel(/保護管理者/).fill(managers);
  await form.getByRole('button', { name: '追加' }).click();
  await page.locator('.org-tree').getByText(name, { exact: true }).waitFor();
}

test('an account administrator builds the organisation and moves a person', async () => {
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/);
  a.expected(/409 .*\/api\/admin\/org\.json/);
  await signIn(a.page, srv.baseUrl, srv.auth.username, srv.auth.password);
  await a.page.goto(srv.baseUrl + '/admin/org');
  await a.page.getByRole('form', { name: '組織の追加' }).waitFor();
  await addUnit(a.page, { kind: 'department', code: 'shimin', name: '市民部' });
  await addUnit(a.page, { kind: 'department', code: 'somu', name: '総務部' });
  await addUnit(a.page, { kind: 'section', code: 'shimin-ka', name: '市民課', parent: 'shimin', head: 'tanaka', managers: 'tanaka' });
  await addUnit(a.page, { kind: 'section', code: 'jinji', name: '人事課', parent: 'somu' });
  // A new person now needs a section: the Users page offers the picker.
  await a.page.goto(srv.baseUrl + '/admin/users');
  await a.page.getByRole('button', { name: 'ユーザーを追加' }).click();
  const dialog = a.page.getByRole('dialog');
  await dialog.getByLabel('ログイン名').fill('suzuki');
  await dialog.getByLabel('名前', { exact: true }).fill('鈴木 次郎');
  await dialog.getByLabel('パスワード').fill('suzuki-Passw0rd-long-1');
  await dialog.getByLabel('課・係').selectOption('jinji');
  await shot(a.page, 'org-01b-add-user-section');
  await dialog.getByRole('button', { name: '保存' }).click();
  await a.page.getByRole('cell', { name: 'suzuki' }).waitFor();
  const suzuki = (await call(srv, 'GET', '/api/admin/users.json')).json.users.find((u) => u.code === 'suzuki');
  assert.equal(suzuki.section, 'jinji');
  await a.page.goto(srv.baseUrl + '/admin/org');
  // Assign sato to 市民課 (the users API), then move them to 人事課 in the page.
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'sato', section: 'shimin-ka' } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'tanaka', section: 'shimin-ka' } })).status, 200);
  await a.page.reload();
  await a.page.locator('.org-tree').getByText('市民課', { exact: true }).waitFor();
  await shot(a.page, 'org-01-tree');

  // Deleting a department with sections is refused with what remains.
  await a.page.getByRole('button', { name: '削除 市民部' }).click();
  await a.page.getByRole('alert').getByText(/まだ残っているもの: 課・係 1/).waitFor();

  // Move tanaka (head and protection manager of 市民課): the check shows what ends.
  await a.page.getByLabel('職員（ログイン名）').fill('tanaka');
  await a.page.getByLabel('異動先の課・係').selectOption('jinji');
  await a.page.getByRole('button', { name: '確認する' }).click();
  const preview = a.page.locator('.org-move-preview');
  await preview.getByText('tanaka: shimin-ka → jinji').waitFor();
  const text = await preview.textContent();
  assert.match(text, /異動で外れる役目所属長: shimin-ka 市民課保護管理者: shimin-ka 市民課/);
  await shot(a.page, 'org-02-move-check');
  await a.page.getByRole('button', { name: '異動する' }).click();
  await a.page.getByRole('status').getByText('異動しました。').waitFor();
  const units = (await call(srv, 'GET', '/api/admin/org.json')).json.units;
  const shiminKa = units.find((u) => u.code === 'shimin-ka');
  assert.equal(shiminKa.head, '');
  assert.deepEqual(shiminKa.managers, []);
  assert.equal(units.find((u) => u.code === 'jinji').members, '2');
  await a.page.locator('.org-tree').getByText('所属長: （なし） · 保護管理者: （なし） · 職員数: 2').first().waitFor();
  await shot(a.page, 'org-03-moved');
  assert.deepEqual(a.problems, []);
});

test('the inbox: header count, an action button, marking done; the Policy section', async () => {
  const me = (await call(srv, 'GET', '/api/session.json')).json.user;
  const uid = sql1(`SELECT id FROM users WHERE code = '${srv.auth.username}'`);
  assert.ok(me);
  // Two items: one carries an action (here: marking itself done), the other does not.
  sqlWrite(`INSERT INTO inbox(user_id, kind, ref_id, subject, detail, created_at) VALUES
    (${uid}, 'test', 1, '端末登録の承認: sato', '{}', strftime('%s','now')),
    (${uid}, 'test', 2, '大量ダウンロードの通知', '{}', strftime('%s','now'));`);
  const id2 = sql1("SELECT id FROM inbox WHERE ref_id = 2");
  sqlWrite(`UPDATE inbox SET detail = '{"actions":[{"label":{"ja":"確認しました","en":"Seen"},"method":"PUT","path":"/api/inbox/done.json","body":{"id":"${id2}"}}]}' WHERE id = ${id2};`);
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/);
  await signIn(a.page, srv.baseUrl, srv.auth.username, srv.auth.password);
  const link = a.page.getByRole('link', { name: '受信箱（未処理 2 件）' });
  await link.waitFor();
  await link.click();
  await a.page.getByRole('heading', { name: '受信箱', level: 1 }).waitFor();
  await a.page.getByRole('cell', { name: '端末登録の承認: sato' }).waitFor();
  await shot(a.page, 'org-04-inbox');
  await a.page.getByRole('button', { name: '確認しました' }).click();
  await a.page.getByRole('link', { name: '受信箱（未処理 1 件）' }).waitFor();
  await a.page.getByRole('button', { name: '処理済みにする' }).click();
  await a.page.getByText('未処理の項目はありません。').waitFor();
  await a.page.getByRole('link', { name: '受信箱（未処理 0 件）' }).waitFor();
  await a.page.getByLabel('処理済みも表示').check();
  await a.page.getByText(/^処理済み /).first().waitFor();
  await shot(a.page, 'org-05-inbox-done');

  await a.page.goto(srv.baseUrl + '/admin/policy');
  await a.page.getByText('duties.separated').waitFor();
  await shot(a.page, 'org-06-policy');
  assert.deepEqual(a.problems, []);
});

function sqlWrite(query) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), query]);
}
function sql1(query) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), query], { encoding: 'utf8' }).trim();
}
