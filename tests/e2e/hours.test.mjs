// Working hours in the browser (Abiko §8) with the abiko preset: a member outside their
// hours is refused with a full-page message naming the rule; their section head orders
// overtime on /overtime; the member then signs in. The security administrator's hours
// page is shown too. The calendar is made closed so the test does not depend on the clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from '../api/lib/server.mjs';
import { addUser } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, sec, head, member;
const closedWeek = { sun: '', mon: '', tue: '', wed: '', thu: '', fri: '', sat: '' };
// datetime-local value in the browser's (this machine's) time zone.
const localInput = (ms) => {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
};

before(async () => {
  srv = await startServer({ preset: 'abiko' });
  browser = await launch();
  sec = await addUser(srv, 'sec', { name: '情報政策課 安全' });
  head = await addUser(srv, 'kacho', { name: '企画課長 山田' });
  member = await addUser(srv, 'shokuin', { name: '企画課 佐藤' });
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'sec', roles: ['security_admin'] } })).status, 200);
  // Two-factor sign-in for administrators (totp.admins) is tested in accounts.test.mjs;
  // here the security administrator signs in with the password alone.
  assert.equal((await call(srv, 'PUT', '/api/admin/policy.json', { auth: sec.auth, body: { rules: { 'totp.admins': false, 'devices.required': false } } })).status, 200); // devices: devices.test.mjs
  const now = Math.floor(Date.now() / 1000);
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'),
    `INSERT INTO org_units(kind, code, name, head_id, created_at, updated_at)
     SELECT 'section', 'kikaku', '企画課', id, ${now}, ${now} FROM users WHERE code = 'kacho';
     UPDATE users SET section_id = (SELECT id FROM org_units WHERE code = 'kikaku') WHERE code IN ('kacho', 'shokuin');`]);
  const cal = await call(srv, 'POST', '/api/admin/hours/calendars.json', {
    auth: sec.auth, body: { name: '企画課（閉庁）', always: false, week: closedWeek, closings: [{ date: '2026-12-29', name: '年末年始' }] },
  });
  assert.equal(cal.status, 200, cal.text);
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  const def = adm.json.calendars.find((c) => c.default);
  for (const [kind, code, calendar] of [['section', 'kikaku', cal.json.id], ['user', 'kacho', def.id]]) {
    const r = await call(srv, 'PUT', '/api/admin/hours/assignments.json', { auth: sec.auth, body: { kind, code, calendar } });
    assert.equal(r.status, 200, r.text);
  }
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a refused member gets in once their section head orders overtime', async () => {
  const m = await openPage(browser);
  m.expected(/401 .*\/api\/session\.json/);
  m.expected(/403 .*\/api\/session\.json/);
  await signIn(m.page, srv.baseUrl, 'shokuin', member.password);
  await m.page.getByRole('heading', { name: '勤務時間外のため利用できません' }).waitFor();
  const text = await m.page.locator('.hours-refused-message').textContent();
  assert.match(text, /我孫子市の規程（§8）/);
  assert.match(text, /所属長に時間外勤務命令/);
  await shot(m.page, 'hours-01-refused');

  const h = await openPage(browser);
  h.expected(/401 .*\/api\/session\.json/);
  await signIn(h.page, srv.baseUrl, 'kacho', head.password);
  await h.page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await h.page.goto(srv.baseUrl + '/overtime');
  await h.page.getByRole('heading', { name: '時間外勤務命令' }).waitFor();
  await h.page.getByLabel('職員').selectOption('shokuin');
  const now = Date.now();
  await h.page.getByLabel('開始').fill(localInput(now - 60e3));
  await h.page.getByLabel('終了').fill(localInput(now + 2 * 3600e3));
  await h.page.getByLabel('理由').fill('議会答弁資料の作成');
  await h.page.getByRole('button', { name: '命令する' }).click();
  await h.page.getByRole('status').getByText('命令しました。').waitFor();
  await h.page.locator('table.overtime-orders').getByText('議会答弁資料の作成').waitFor();
  await shot(h.page, 'hours-02-overtime-ordered');

  await m.page.getByRole('button', { name: 'ログイン画面へ' }).click();
  await signIn(m.page, srv.baseUrl, 'shokuin', member.password);
  await m.page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await m.page.goto(srv.baseUrl + '/overtime');
  await m.page.locator('.my-hours').getByText(/利用できます/).waitFor();
  await shot(m.page, 'hours-03-member-in');
  assert.deepEqual(m.problems, []);
  assert.deepEqual(h.problems, []);
});

test('the security administrator sees the working-hours page', async () => {
  const s = await openPage(browser);
  s.expected(/401 .*\/api\/session\.json/);
  await signIn(s.page, srv.baseUrl, 'sec', sec.password);
  await s.page.getByRole('heading', { name: 'ポータル' }).waitFor();
  await s.page.goto(srv.baseUrl + '/admin/hours');
  await s.page.getByRole('heading', { name: 'カレンダー', exact: true }).waitFor();
  await s.page.locator('form[data-calendar="企画課（閉庁）"]').waitFor();
  await s.page.locator('.hours-holidays').getByText('国民の休日').first().waitFor({ timeout: 5000 }).catch(() => undefined);
  await shot(s.page, 'hours-04-admin');
  // Outside their own hours the security administrator is refused everywhere else, but
  // the refusal page leads to this section.
  const adm = await call(srv, 'GET', '/api/admin/hours.json', { auth: sec.auth });
  const closed = adm.json.calendars.find((c) => c.name === '企画課（閉庁）');
  await call(srv, 'PUT', '/api/admin/hours/assignments.json', { auth: sec.auth, body: { kind: 'user', code: 'sec', calendar: closed.id } });
  s.expected(/403 /);
  await s.page.goto(srv.baseUrl + '/');
  await s.page.getByRole('heading', { name: '勤務時間外のため利用できません' }).waitFor();
  await shot(s.page, 'hours-05-security-admin-refused');
  await s.page.getByRole('button', { name: /勤務時間の管理へ/ }).click();
  await s.page.locator('form[data-calendar="標準"]').waitFor();
  assert.deepEqual(s.problems, []);
});
