// Registering a device in the browser (RULES.md row 5, Abiko §7, Kumamoto 第11–12条): with
// the abiko preset a person who signs in sees the registration form instead of daicho,
// fills it in and waits; a security administrator approves it in another browser (the
// admin section "端末"); the first browser goes on by itself. Then /me and /report.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser;
const SEC = { code: 'sato', name: '佐藤 一郎', password: 'sekyuriti-daicho-2026' };
const ALICE = { code: 'suzuki', name: '鈴木 花子', password: 'tanmatsu-daicho-2026' };

before(async () => {
  srv = await startServer({ preset: 'abiko' });
  browser = await launch();
  for (const [u, roles] of [[SEC, ['security_admin']], [ALICE, []]]) {
    const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code: u.code, name: u.name, password: u.password, roles } });
    assert.equal(r.status, 200, r.text);
  }
  // Two-factor sign-in for administrators (Kuki 第18条) is tested with the accounts; here
  // the security administrator signs in with the password alone.
  const p = await call(srv, 'PUT', '/api/admin/policy.json', { auth: { username: SEC.code, password: SEC.password }, body: { rules: { 'totp.admins': false } } });
  assert.equal(p.status, 200, p.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

async function register(page, os) {
  await page.getByRole('heading', { name: '端末の登録' }).waitFor();
  await page.getByLabel('端末の種類').selectOption('city_pc');
  await page.getByLabel('OS とバージョン').fill(os);
  await page.getByLabel('セキュリティ対策ソフト').fill('Microsoft Defender');
  await page.getByLabel('備考').fill('人事課 2F 窓口');
  await page.getByRole('button', { name: '登録を申請する' }).click();
  await page.getByText('申請しました').waitFor();
}

test('sign in, request registration, an administrator approves in another browser, the first gets in', async () => {
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/); // the first visit asks who is signed in
  // After the lost-device report the page reloads its lists: refused, the device is revoked.
  a.expected(/403 .*\/api\/me\/(devices|sessions)\.json/);
  a.expected(/403 .*\/k\/v1\/apps\.json/);
  await signIn(a.page, srv.baseUrl, ALICE.code, ALICE.password);
  await a.page.getByRole('heading', { name: '端末の登録' }).waitFor();
  await shot(a.page, 'devices-1-form');
  await register(a.page, 'Windows 11 23H2');
  await shot(a.page, 'devices-2-pending');

  // The security administrator's own browser needs a device too: the first one is
  // approved from the server itself (password header from an allowed address).
  const b = await openPage(browser);
  b.expected(/401 .*\/api\/session\.json/);
  await signIn(b.page, srv.baseUrl, SEC.code, SEC.password);
  await register(b.page, 'Windows 11 24H2');
  const mine = await call(srv, 'GET', '/api/admin/devices.json?status=pending', { auth: { username: SEC.code, password: SEC.password } });
  const own = mine.json.devices.find((d) => d.user === SEC.code);
  const ok = await call(srv, 'POST', '/api/device/decide.json', { auth: { username: SEC.code, password: SEC.password }, body: { id: own.id, approve: true } });
  assert.equal(ok.status, 200, ok.text);
  await b.page.getByRole('link', { name: /アプリ|ポータル|daicho/ }).first().waitFor({ timeout: 10000 });

  await b.page.goto(srv.baseUrl + '/admin/devices');
  const row = b.page.locator('tr', { hasText: ALICE.code });
  await row.getByRole('button', { name: '承認する' }).click();
  await row.getByText('承認済み').waitFor();
  await shot(b.page, 'devices-3-admin-approved');

  // The first browser polls and goes on without signing in again.
  await a.page.getByRole('heading', { name: '端末の登録' }).waitFor({ state: 'detached', timeout: 10000 });
  await shot(a.page, 'devices-4-in');
  const r = await a.page.evaluate(async () => (await fetch('/k/v1/apps.json')).status);
  assert.equal(r, 200);

  // /me lists the device and the session; a lost-device report revokes it at once.
  await a.page.goto(srv.baseUrl + '/me');
  await a.page.getByRole('heading', { name: '自分の端末とログイン' }).waitFor();
  await a.page.getByRole('cell', { name: 'Windows 11 23H2' }).waitFor();
  await shot(a.page, 'devices-5-me');
  await a.page.getByLabel('内容').fill('電車に置き忘れました');
  await a.page.getByRole('button', { name: '届け出る' }).click();
  // This browser's device is revoked at once: the page goes back to the registration form.
  await a.page.getByText(/この端末の登録は取り消されました/).waitFor();
  await shot(a.page, 'devices-6-reported');
  assert.equal(await a.page.evaluate(async () => (await fetch('/k/v1/apps.json')).status), 403);

  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});

test('the login page links to /report, usable signed out', async () => {
  const c = await openPage(browser);
  c.expected(/401 .*\/api\/session\.json/);
  await c.page.goto(srv.baseUrl + '/login');
  await c.page.getByRole('link', { name: 'ログインできない・問題を届け出る' }).click();
  await c.page.getByRole('heading', { name: '問題を届け出る' }).waitFor();
  await c.page.getByLabel('ログイン名').fill(SEC.code);
  await c.page.getByLabel(/パスワード（/).fill(SEC.password);
  await c.page.getByRole('radio', { name: /障害/ }).check();
  await c.page.getByLabel('内容').fill('画面が表示されません');
  await c.page.getByRole('button', { name: '届け出る' }).click();
  await c.page.getByText('届け出ました（障害）').waitFor();
  await shot(c.page, 'devices-7-report-signed-out');
  assert.deepEqual(c.problems, []);
  await c.context.close();
});
