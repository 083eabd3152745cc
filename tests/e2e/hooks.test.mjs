// API tokens and webhooks reviewed before use, in the browser (RULES.md row 12, Abiko §10):
// an app manager adds a webhook in the builder's settings tab (a destination off the
// allow-list is refused there, naming the rule); an administrator issues an API token in
// the admin section "API トークン"; both wait for review; another administrator approves
// them on the same page; a record write then reaches the local receiver and the panel
// shows the last delivery.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { call, startServer } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn as signInForm } from './lib/browser.mjs';

let srv, browser, receiver, appId, port;
const received = [];
const ADMIN = { code: 'admin', password: 'test-admin-password-1' };
const REVIEWER = { code: 'yamada', name: '山田 次郎', password: 'kakunin-daicho-2026' };

// Signs in and waits until the login form has gone (its own heading would satisfy signIn).
async function signIn(page, base, code, password) {
  await signInForm(page, base, code, password);
  await page.getByRole('heading', { name: 'daicho にログイン' }).waitFor({ state: 'detached' });
}

before(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.end('{}');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  port = receiver.address().port;
  srv = await startServer();
  browser = await launch();
  // The review and the allow-list, as the abiko preset has them (the preset's other rules
  // — registered devices, two-factor sign-in — are other files' subjects).
  const p = await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'extensions.review': true, 'extensions.webhook_allow': '127.0.0.1' } } });
  assert.equal(p.status, 200, p.text);
  const u = await call(srv, 'POST', '/api/admin/users.json', { body: { code: REVIEWER.code, name: REVIEWER.name, password: REVIEWER.password, roles: ['security_admin'] } });
  assert.equal(u.status, 200, u.text);
  const app = await call(srv, 'POST', '/k/v1/preview/app.json', { body: { name: '転入届' } });
  appId = app.json.app;
  await call(srv, 'POST', '/k/v1/preview/app/form/fields.json', { body: { app: appId, properties: { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: '氏名' } } } });
  await call(srv, 'POST', '/k/v1/preview/app/deploy.json', { body: { apps: [{ app: appId }] } });
  for (let i = 0; i < 100; i++) {
    const st = await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${appId}`);
    if (st.json.apps[0].status !== 'PROCESSING') break;
    await new Promise((r) => setTimeout(r, 50));
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  receiver?.close();
});

test('a webhook and a token wait for review, another administrator approves, the webhook delivers', async () => {
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/);
  a.expected(/400 .*\/api\/app\/webhooks\.json/); // the destination off the allow-list, on purpose
  await signIn(a.page, srv.baseUrl, ADMIN.code, ADMIN.password);
  await a.page.goto(`${srv.baseUrl}/apps/${appId}/builder/settings`);
  const panel = a.page.locator('.webhooks-panel');
  await panel.getByRole('heading', { name: 'Webhook', exact: true }).waitFor();
  await panel.getByText('Webhook はありません。').waitFor();

  // Off the allow-list: refused, naming the rule.
  await panel.getByLabel('送信先 URL').fill('https://hooks.example.net/notify');
  await panel.getByRole('button', { name: 'Webhook を追加' }).click();
  await panel.getByRole('alert').getByText(/hooks\.example\.net.*我孫子市 §10/).waitFor();

  await panel.getByLabel('送信先 URL').fill(`http://127.0.0.1:${port}/notify`);
  await panel.getByLabel('レコードの編集').check();
  await panel.getByLabel('説明').fill('住民記録システムへ通知');
  await panel.getByRole('button', { name: 'Webhook を追加' }).click();
  await panel.locator('.hook-state.pending').waitFor();
  await shot(a.page, 'hooks-1-webhook-pending');

  // The token, from the admin section.
  await a.page.goto(`${srv.baseUrl}/admin/tokens`);
  await a.page.getByRole('heading', { name: 'API トークンを発行' }).waitFor();
  await a.page.getByLabel('アプリ ID').fill(String(appId));
  await a.page.getByLabel('利用目的').fill('住民記録システムからの転入届の登録');
  await a.page.getByLabel('追加', { exact: true }).check();
  await a.page.getByRole('button', { name: '発行する' }).click();
  await a.page.getByText('承認されるまでこのトークンは使えません。').waitFor();
  const token = (await a.page.locator('.hooks-secret').textContent()).trim();
  assert.equal(token.length, 40);
  await a.page.locator('.tokens-admin tbody .hook-state.pending').first().waitFor();
  // The author sees no approve button on their own token.
  assert.equal(await a.page.locator('.tokens-admin').getByRole('button', { name: '承認する' }).count(), 0);
  await shot(a.page, 'hooks-2-tokens-author');
  const refused = await call(srv, 'GET', `/k/v1/records.json?app=${appId}`, { auth: { apiToken: token } });
  assert.equal(refused.json.code, 'DC_XT01');

  // Another administrator reviews.
  const b = await openPage(browser);
  b.expected(/401 .*\/api\/session\.json/);
  await signIn(b.page, srv.baseUrl, REVIEWER.code, REVIEWER.password);
  // Both wait in the reviewer's inbox, with the facts to decide on.
  await b.page.goto(`${srv.baseUrl}/inbox`);
  await b.page.getByText(/API トークンの確認/).waitFor();
  await b.page.getByText(/Webhook の確認/).waitFor();
  await b.page.getByText('住民記録システムからの転入届の登録').waitFor();
  await shot(b.page, 'hooks-3a-inbox');
  await b.page.goto(`${srv.baseUrl}/admin/tokens`);
  await b.page.getByRole('heading', { name: '確認待ちの Webhook' }).waitFor();
  await shot(b.page, 'hooks-3-reviewer');
  await b.page.locator('.tokens-admin table').first().getByRole('button', { name: '承認する' }).click();
  await b.page.locator('.tokens-admin table').first().locator('.hook-state.active').waitFor();
  await b.page.locator('.tokens-admin table').nth(1).getByRole('button', { name: '承認する' }).click();
  await b.page.getByRole('heading', { name: '確認待ちの Webhook' }).waitFor({ state: 'detached' });

  // The token works now; its record reaches the receiver.
  const add = await call(srv, 'POST', '/k/v1/record.json', { auth: { apiToken: token }, body: { app: appId, record: { title: { value: '我孫子 太郎' } } } });
  assert.equal(add.status, 200, add.text);
  for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(received[0]?.type, 'ADD_RECORD');
  assert.equal(received[0].recordTitle, '我孫子 太郎');

  await a.page.goto(`${srv.baseUrl}/apps/${appId}/builder/settings`);
  await panel.locator('.hook-state.active').waitFor();
  await panel.getByText('送信しました（HTTP 200）').waitFor();
  await panel.scrollIntoViewIfNeeded();
  await shot(a.page, 'hooks-4-webhook-active');

  // English.
  await a.page.evaluate(() => localStorage.setItem('daicho.lang', 'en'));
  await a.page.reload();
  await panel.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
  await panel.getByText('Active', { exact: true }).waitFor();
  await shot(a.page, 'hooks-5-webhook-en');
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
});
