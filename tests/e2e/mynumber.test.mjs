// The My Number guard in the browser (RULES.md row 2, Abiko §5(2)): a person who types an
// individual number into a record's field sees the refusal with the rule at the top and
// at the field; a bare 12-digit number in long prose opens the confirmation dialog, and
// after ticking that it is not an individual number the record is saved; the comment box
// asks the same way. The guard is always on, so this runs without any preset.
// Every number here is generated and fake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from '../api/lib/server.mjs';
import { sql } from '../api/lib/util.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, app;

function checkDigit(d11) {
  const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const r = [...d11].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
  return r <= 1 ? 0 : 11 - r;
}
const fake = (d11) => d11 + checkDigit(d11);

async function rest(method, path, body) {
  const r = await call(srv, method, path, { body });
  assert.ok(r.status < 400, `${method} ${path}: ${r.text}`);
  return r.json;
}

before(async () => {
  srv = await startServer();
  browser = await launch();
  ({ app } = await rest('POST', '/k/v1/preview/app.json', { name: '窓口記録' }));
  await rest('POST', '/k/v1/preview/app/form/fields.json', {
    app,
    properties: {
      name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' },
      memo: { type: 'MULTI_LINE_TEXT', code: 'memo', label: '経過' },
      docs: { type: 'FILE', code: 'docs', label: '添付ファイル' },
    },
  });
  await rest('POST', '/k/v1/preview/app/deploy.json', { apps: [{ app }] });
  for (let i = 0; i < 50; i++) {
    const r = await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${app}`);
    if (r.json.apps[0].status !== 'PROCESSING') break;
    await new Promise((res) => setTimeout(res, 50));
  }
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('a number in a field is refused at the field; a bare one in prose is confirmed in a dialog', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  expected(/^400 .*\/k\/v1\/record\.json/);
  expected(/^400 .*\/k\/v1\/record\/comment\.json/);
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル', level: 1 }).waitFor();
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByRole('link', { name: 'レコードを追加' }).click();
  await page.getByRole('heading', { name: 'レコードの追加' }).waitFor();

  // The card's notation in a single-line field: refused, naming the field and the rule.
  const n = fake('12345678901');
  await page.getByLabel('氏名').fill(`山田 太郎 ${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText(/フィールド「name」に個人番号（マイナンバー）とみられる番号があるため、保存できません/).waitFor();
  await page.getByText(/個人番号（マイナンバー）とみられる番号は保存できません（我孫子市 §5\(2\) 特定個人情報）/).waitFor();
  assert.equal(await page.getByLabel('氏名').getAttribute('aria-invalid'), 'true');
  assert.ok(!(await page.locator('.error, [role="alert"]').allInnerTexts()).join(' ').includes(n.slice(4, 8)), 'the message never repeats the number');
  await shot(page, 'mynumber-01-refused-at-field');

  // Corrected; the notes mention a 12-digit reference in passing: the dialog asks.
  await page.getByLabel('氏名').fill('山田 太郎');
  const ref = fake('98765432109');
  await page.getByLabel('経過').fill(`本日来庁。転入届の書類を確認し、受付番号 ${ref} を控えた。来週、必要書類がそろい次第あらためて連絡する予定。`);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const dlg = page.getByRole('dialog', { name: '個人番号（マイナンバー）の確認' });
  await dlg.waitFor();
  await dlg.getByText(/我孫子市 §5\(2\)/).first().waitFor();
  const proceed = dlg.getByRole('button', { name: '確認して保存する' });
  assert.equal(await proceed.isDisabled(), true, 'only after ticking the box');
  await shot(page, 'mynumber-02-confirm-dialog');
  await dlg.getByLabel(/個人番号ではないことを確かめました/).check();
  await proceed.click();
  await page.waitForURL(/\/records\/\d+$/);
  await page.getByRole('status').getByText('レコードを追加しました。').waitFor();
  const recs = await rest('GET', `/k/v1/records.json?app=${app}`);
  assert.equal(recs.records.length, 1);
  assert.match(recs.records[0].memo.value, /受付番号/);
  const logged = sql(srv, `SELECT record_ids FROM access_log WHERE action = 'mynumber.confirmed' AND app_id = ${app}`);
  assert.equal(logged.length, 1, 'the confirmation is in the access log');

  // The comment box: a keyword next to the number is refused; a bare one asks.
  await page.getByLabel('コメントを書く').fill(`マイナンバーは ${n} です`);
  await page.getByRole('button', { name: '投稿する' }).click();
  await page.getByText(/コメントに個人番号（マイナンバー）とみられる番号があるため、保存できません/).waitFor();
  await shot(page, 'mynumber-03-comment-refused');
  await page.getByLabel('コメントを書く').fill(`窓口で書類を確認しました。参照 ${ref} の件は来週までに担当から回答します。よろしくお願いします。`);
  await page.getByRole('button', { name: '投稿する' }).click();
  const cdlg = page.getByRole('dialog', { name: '個人番号（マイナンバー）の確認' });
  await cdlg.waitFor();
  await cdlg.getByLabel(/個人番号ではないことを確かめました/).check();
  await cdlg.getByRole('button', { name: '確認して保存する' }).click();
  await page.locator('.comment').first().getByText(/来週までに担当から回答します/).waitFor();
  await shot(page, 'mynumber-04-comment-confirmed');
  assert.equal(sql(srv, `SELECT count(*) AS n FROM access_log WHERE action = 'mynumber.confirmed' AND app_id = ${app}`)[0].n, 2);
  assert.deepEqual(problems, []);
});

test('a CSV import with a number in one row is refused whole, naming the line and the column', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  expected(/^400 .*\/api\/records\/import\.json/);
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル', level: 1 }).waitFor();
  const before = (await rest('GET', `/k/v1/records.json?app=${app}&totalCount=true&limit=1`)).totalCount;
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByRole('link', { name: 'CSVから読み込む' }).click();
  await page.getByRole('heading', { name: 'CSVから読み込む' }).waitFor();
  const n = fake('31415926535');
  const csv = `氏名,経過\n佐藤 一郎,転入の相談\n鈴木 花子,${n.slice(0, 4)}-${n.slice(4, 8)}-${n.slice(8)}\n田中 次郎,書類の確認\n`;
  await page.getByLabel('CSVファイル').setInputFiles({ name: '来庁者.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByText(/来庁者\.csv（.+）を UTF-8 として読み込みました。データは 3 行です。/).waitFor();
  await page.getByRole('button', { name: 'チェックする' }).click();
  const errors = page.getByRole('region', { name: /1 行に問題があります。何も書き込んでいません。/ });
  await errors.waitFor();
  const row = await errors.locator('tbody tr').first().innerText();
  assert.match(row, /3 行目\s+経過\s+個人番号（マイナンバー）とみられる番号は保存できません（我孫子市 §5\(2\) 特定個人情報）。/);
  assert.ok(!row.includes(n.slice(4, 8)), 'the number is not repeated');
  await shot(page, 'mynumber-05-import-refused');
  assert.equal((await rest('GET', `/k/v1/records.json?app=${app}&totalCount=true&limit=1`)).totalCount, before);
  assert.deepEqual(problems, []);
});

test('an attached CSV holding a number is refused at the file field, naming the file', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/^401 .*\/api\/session\.json/);
  expected(/^400 .*\/k\/v1\/record\.json/);
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル', level: 1 }).waitFor();
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByRole('link', { name: 'レコードを追加' }).click();
  await page.getByRole('heading', { name: 'レコードの追加' }).waitFor();
  const n = fake('27182818284');
  await page.getByLabel('氏名').fill('高橋 三郎');
  await page.getByLabel('添付ファイル').setInputFiles({ name: '名簿.csv', mimeType: 'text/csv', buffer: Buffer.from(`氏名,番号\n高橋,${n}\n`) });
  await page.locator('.file-list.editing').getByText('名簿.csv').waitFor();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText(/フィールド「docs」のファイル「名簿\.csv」に個人番号（マイナンバー）とみられる番号があるため/).waitFor();
  await page.getByText(/ファイル「名簿\.csv」の内容に個人番号（マイナンバー）とみられる番号があります（我孫子市 §5\(2\) 特定個人情報）/).waitFor();
  await shot(page, 'mynumber-06-attachment-refused');
  assert.deepEqual(problems, []);
});
