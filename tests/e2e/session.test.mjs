// Signing in and out, the portal, creating an app, changing one's password, the
// language switch, and the security headers a browser sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser;
before(async () => {
  srv = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('sign in, see the portal, create an app, sign out', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/); // the first visit asks who is signed in
  const res = await page.goto(srv.baseUrl + '/');
  const csp = res.headers()['content-security-policy'];
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  await page.getByRole('heading', { name: 'daicho にログイン' }).waitFor();
  await shot(page, '01-login');
  // A wrong password shows the server's message, not a code.
  expected(/401 .*\/api\/session\.json/);
  await page.getByLabel('ログイン名').fill('admin');
  await page.getByLabel('パスワード', { exact: true }).fill('wrong password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('alert').getByText('ログイン名またはパスワードが正しくありません。').waitFor();
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  const cookies = await page.context().cookies();
  const c = cookies.find((x) => x.name === 'daicho_session');
  assert.ok(c.httpOnly);
  assert.equal(c.sameSite, 'Strict');
  await page.getByRole('button', { name: 'アプリを作成' }).click();
  await page.getByLabel('アプリ名').fill('備品貸出管理');
  await shot(page, '02-create-app');
  // The builder asks for the live settings, which a new app does not have yet (404).
  expected(/404 .*\/k\/v1\/app\/settings\.json/);
  await page.getByRole('button', { name: '作成', exact: true }).click();
  await page.waitForURL(/\/apps\/\d+\/builder/);
  await page.goto(srv.baseUrl + '/');
  await page.getByRole('button', { name: 'Administrator' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'daicho にログイン' }).waitFor();
  assert.deepEqual(problems, []);
});

test('English by the browser language, and the switch', async () => {
  const { page, problems, expected } = await openPage(browser, { locale: 'en-US' });
  expected(/401 .*\/api\/session\.json/);
  await page.goto(srv.baseUrl + '/');
  await page.getByRole('heading', { name: 'Sign in to daicho' }).waitFor();
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'Portal' }).waitFor();
  await page.getByRole('button', { name: 'Language' }).click();
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a phone-width portal and the password change', async () => {
  const { page, problems, expected } = await openPage(browser, { width: 390, height: 844 });
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await shot(page, '03-portal-phone');
  await page.goto(srv.baseUrl + '/account');
  await page.getByLabel('現在のパスワード').fill('wrong-one-123');
  await page.getByLabel('新しいパスワード', { exact: true }).fill('a new long phrase 2026');
  await page.getByLabel('新しいパスワード（確認）').fill('a new long phrase 2026');
  expected(/400 .*password\.json/);
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByText('現在のパスワードが正しくありません。').waitFor();
  await page.getByLabel('現在のパスワード').fill(srv.auth.password);
  await page.getByRole('button', { name: '保存' }).click();
  await page.getByRole('status').getByText('パスワードを変更しました').waitFor();
  await shot(page, '04-account');
  assert.deepEqual(problems, []);
});
