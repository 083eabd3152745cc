// Accounts in the browser: an account administrator suspends a signed-in user from the
// Users page (the user's next action says the account is suspended), and a person sets
// up two-factor sign-in on the Account page, then signs in with a code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { startServer } from '../api/lib/server.mjs';
import { addUser } from '../api/lib/util.mjs';
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

// RFC 6238 (SHA-1, 30 s, 6 digits) with node:crypto.
function totp(secret, t = Date.now() / 1000) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const key = [];
  for (const c of secret) {
    value = (value << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) {
      key.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac('sha1', Buffer.from(key)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000).padStart(6, '0');
}

test('an account administrator suspends a signed-in user; the user\'s next action says so', async () => {
  const kato = await addUser(srv, 'kato', { name: '加藤 花子', password: 'Kato-passw0rd-1' });
  const admin = await openPage(browser);
  const user = await openPage(browser);
  for (const p of [admin, user]) p.expected(/401 .*\/api\/session\.json/);
  await signIn(user.page, srv.baseUrl, 'kato', kato.password);
  await user.page.getByRole('heading', { name: 'ポータル' }).waitFor();

  await signIn(admin.page, srv.baseUrl, 'admin', srv.auth.password);
  await admin.page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await admin.page.goto(srv.baseUrl + '/admin/users');
  const row = admin.page.locator('tr[data-user="kato"]');
  await row.waitFor();
  await admin.page.getByRole('searchbox').fill('kato');
  await shot(admin.page, 'accounts-01-users');
  await row.getByRole('button', { name: '停止' }).click();
  const dialog = admin.page.getByRole('dialog');
  await dialog.getByText('すべてのログインがすぐに終了し').waitFor();
  // The reason is required: the browser will not submit without it.
  await dialog.getByLabel('理由（必須）').fill('端末紛失の届出による緊急停止');
  await shot(admin.page, 'accounts-02-suspend-dialog');
  await dialog.getByRole('button', { name: '停止する' }).click();
  await row.getByText('停止中').waitFor();
  await row.getByText(/admin が .* に停止: 端末紛失の届出による緊急停止/).waitFor();
  await shot(admin.page, 'accounts-03-suspended');

  // The user's next action (opening the portal again) tells them why.
  user.expected(/403 .*\/api\/session\.json/);
  await user.page.reload();
  await user.page.getByRole('alert').getByText('このアカウントは停止されています。管理者に連絡してください。').waitFor();
  await shot(user.page, 'accounts-04-user-sees-suspension');

  // Resume from the same page.
  await row.getByRole('button', { name: '再開' }).click();
  await row.getByText('有効').waitFor();
  assert.deepEqual(admin.problems, []);
  assert.deepEqual(user.problems, []);
});

test('two-factor sign-in: set up on the Account page, then sign in with a code', async () => {
  const sato = await addUser(srv, 'sato', { name: '佐藤 一郎', password: 'Sato-passw0rd-1' });
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signIn(page, srv.baseUrl, 'sato', sato.password);
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await page.goto(srv.baseUrl + '/account');
  await page.getByRole('button', { name: '2要素認証を設定' }).click();
  const secret = (await page.locator('code.totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(await page.locator('code.totp-uri').textContent(), /^otpauth:\/\/totp\/daicho:sato\?secret=/);
  await shot(page, 'accounts-05-totp-enrol');
  await page.getByLabel('確認コード').fill(totp(secret));
  await page.getByRole('button', { name: '有効にする' }).click();
  await page.getByRole('status').getByText('2要素認証を有効にしました。').waitFor();
  await page.getByText('2要素認証は有効です。').waitFor();
  await shot(page, 'accounts-06-totp-on');

  // Sign out and in again: the password, then the code step.
  await page.getByRole('button', { name: '佐藤 一郎' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'daicho にログイン' }).waitFor();
  await page.getByLabel('ログイン名').fill('sato');
  await page.getByLabel('パスワード', { exact: true }).fill(sato.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByRole('heading', { name: '2要素認証' }).waitFor();
  await shot(page, 'accounts-07-totp-step');
  // A wrong code shows the server's message.
  expected(/401 .*\/api\/session\/totp\.json/);
  await page.getByLabel('確認コード').fill('000000' === totp(secret, Date.now() / 1000 + 30) ? '111111' : '000000');
  await page.getByRole('button', { name: '確認' }).click();
  await page.getByRole('alert').getByText('コードが正しくないか、すでに使われています。', { exact: false }).waitFor();
  // The next step's code (the enrolment used this one; one step of drift is accepted).
  await page.getByLabel('確認コード').fill(totp(secret, Date.now() / 1000 + 30));
  await page.getByRole('button', { name: '確認' }).click();
  await page.getByRole('heading', { name: 'ポータル' }).waitFor();
  assert.deepEqual(problems, []);
});
