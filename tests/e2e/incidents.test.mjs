// Incidents and the comment rules in the browser (RULES.md rows 30 and 13; Kuki 第39–41条,
// Abiko §11). A member reports an incident on /incidents; the section's protection manager
// finds it through the header menu, records a containment action, moves it on and reports
// it up to the chief protection managers; the timeline shows each step. On a record, a
// person's first comment waits for the comment rules to be acknowledged, and another's
// comment can be reported to the app's manager.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from '../api/lib/server.mjs';
import { addUser, clientFor, makeApp, sql } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, alice, carol;

before(async () => {
  srv = await startServer();
  browser = await launch();
  for (const unit of [
    { kind: 'department', code: 'soumu', name: '総務部' },
    { kind: 'section', code: 'jinji', name: '人事課', parent: 'soumu' },
    { kind: 'section', code: 'kikaku', name: '企画課', parent: 'soumu' },
  ]) assert.equal((await call(srv, 'POST', '/api/admin/org.json', { body: unit })).status, 200);
  alice = await addUser(srv, 'alice', { name: '青木 愛', section: 'jinji' });
  carol = await addUser(srv, 'carol', { name: '加藤 保', section: 'jinji' });
  await addUser(srv, 'chief', { name: '千葉 総括', section: 'kikaku' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'chief', roles: ['chief_protection_manager'] } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'jinji', managers: ['carol'] } })).status, 200);
  assert.equal((await call(srv, 'PUT', '/api/admin/policy.json', { body: { rules: { 'comments.reminder': true } } })).status, 200);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a member reports an incident; the protection manager contains it and reports it up', async () => {
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/);
  await signIn(a.page, srv.baseUrl, alice.code, alice.password);
  await a.page.getByRole('button', { name: '青木 愛' }).waitFor();
  await a.page.goto(srv.baseUrl + '/incidents');
  await a.page.getByRole('heading', { name: '事案を報告する' }).waitFor();
  await a.page.getByLabel('種類').first().selectOption('leaked');
  await a.page.getByLabel('内容（いつ、何が、どうなったか）').fill('住民名簿の入ったメールを誤った宛先に送信した（11/23 10:15）');
  await a.page.getByRole('button', { name: '報告する' }).click();
  await a.page.getByRole('status').getByText(/報告しました（事案 #1）/).waitFor();
  await a.page.getByRole('link', { name: '#1' }).waitFor();
  await shot(a.page, 'incidents-01-reported');
  assert.deepEqual(a.problems, []);

  const c = await openPage(browser);
  c.expected(/401 .*\/api\/session\.json/);
  await signIn(c.page, srv.baseUrl, carol.code, carol.password);
  await c.page.getByRole('button', { name: '加藤 保' }).click();
  await c.page.getByRole('menuitem', { name: '事案' }).click();
  await c.page.getByRole('link', { name: '#1' }).click();
  await c.page.getByRole('heading', { name: '事案 #1' }).waitFor();
  await c.page.getByLabel('記録の種類').selectOption('containment');
  await c.page.getByLabel('行った措置').selectOption('other');
  await c.page.getByLabel('内容', { exact: true }).fill('誤送信先に削除を依頼し、削除の報告を受けた');
  await c.page.getByRole('button', { name: '記録する' }).click();
  await c.page.locator('.incident-timeline').getByText('誤送信先に削除を依頼し').waitFor();
  await c.page.getByRole('button', { name: '次の段階へ: 被害拡大防止済み' }).click();
  await c.page.getByRole('button', { name: '次の段階へ: 再発防止' }).waitFor();
  // Moving on without a cause analysis is refused with the rule.
  c.expected(/409 .*\/api\/incident\/status\.json/);
  await c.page.getByRole('button', { name: '次の段階へ: 再発防止' }).click();
  await c.page.getByRole('alert').getByText(/原因の分析/).waitFor();
  await c.page.getByLabel('報告の内容（経緯、被害状況など）').fill('送信先は他自治体の職員。削除済み');
  await c.page.getByRole('button', { name: '総括保護管理者 へ報告する' }).click();
  await c.page.locator('.incident-timeline').getByText('送信先は他自治体の職員。削除済み').waitFor();
  await shot(c.page, 'incidents-02-detail');
  const inc = sql(srv, 'SELECT status, level FROM incidents WHERE id = 1')[0];
  assert.deepEqual(inc, { status: 'contained', level: 'chief' });
  assert.equal(sql(srv, "SELECT count(*) AS n FROM inbox i JOIN users u ON u.id = i.user_id WHERE i.kind = 'incident.escalated' AND u.code = 'chief'")[0].n, 1);
  await c.page.getByRole('link', { name: '事案（事故）の管理' }).click();
  await c.page.getByLabel('状況').selectOption('contained');
  await c.page.getByRole('cell', { name: '総括保護管理者' }).waitFor();
  await shot(c.page, 'incidents-03-list');
  assert.deepEqual(c.problems, []);
});

test('the comment rules before the first comment, and reporting a comment to the manager', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '窓口相談', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: '件名' } }, {
    acl: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
    ],
  });
  const rec = (await client.record.addRecord({ app, record: { title: { value: '転入の相談' } } })).id;
  await client.record.addRecordComment({ app, record: rec, comment: { text: '今日の昼は何にしますか' } });
  const a = await openPage(browser);
  a.expected(/401 .*\/api\/session\.json/);
  await signIn(a.page, srv.baseUrl, alice.code, alice.password);
  await a.page.getByRole('button', { name: '青木 愛' }).waitFor();
  await a.page.goto(`${srv.baseUrl}/apps/${app}/records/${rec}`);
  await a.page.getByLabel('コメントを書く').fill('本人確認書類を確認しました。');
  await a.page.getByRole('button', { name: '投稿する' }).click();
  const dialog = a.page.getByRole('dialog', { name: 'コメントの前に確認してください' });
  await dialog.getByText('業務上必要な範囲で').waitFor();
  await shot(a.page, 'incidents-04-comment-reminder');
  await dialog.getByRole('button', { name: '確認しました。投稿する' }).click();
  await a.page.locator('.comment').first().getByText('本人確認書類を確認しました。').waitFor();
  assert.equal((await call(srv, 'GET', '/api/comment/reminder.json', { auth: alice.auth })).json.show, false);
  // The second comment goes straight through.
  await a.page.getByLabel('コメントを書く').fill('原本は返却済み');
  await a.page.getByRole('button', { name: '投稿する' }).click();
  await a.page.locator('.comment').first().getByText('原本は返却済み').waitFor();
  // Another's off-topic comment, reported to the app's manager.
  await a.page.locator('.comment', { hasText: '今日の昼は' }).getByRole('button', { name: '管理者に報告' }).click();
  const rd = a.page.getByRole('dialog', { name: 'コメントを管理者に報告' });
  await rd.getByLabel('理由').fill('業務と関係のない内容です');
  await shot(a.page, 'incidents-05-comment-report');
  await rd.getByRole('button', { name: '報告する' }).click();
  await a.page.getByRole('status').getByText('管理者に報告しました。').waitFor();
  const items = sql(srv, "SELECT u.code FROM inbox i JOIN users u ON u.id = i.user_id WHERE i.kind = 'comment.report'");
  assert.deepEqual(items.map((i) => i.code), ['admin']);
  assert.deepEqual(a.problems, []);
});
