// The record pages as staff use them: adding records through the form (every field type,
// a file with its upload progress, subtable rows), the server's field errors at their
// fields, editing (and someone else editing first), duplicating, deleting, comments with
// a mention, the revision history; the list's filter builder, sorting, quick search,
// paging, deleting several records, saved views, a calendar view and graphs; a 1,000-row
// CSV import (a bad row first, then the fixed file) exported again in UTF-8 and Shift_JIS.
// The app is set up through the REST API (the builder has its own tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { startServer, call } from '../api/lib/server.mjs';
import { launch, openPage, shot, signIn } from './lib/browser.mjs';

let srv, browser, app;
const SATO = { code: 'sato', name: '佐藤 花子', password: 'sato-long-password-1' };
const KINDS = ['福祉', '税務', '子育て', '住まい'];

async function rest(method, path, body) {
  const r = await call(srv, method, path, { body });
  assert.ok(r.status < 400, `${method} ${path}: ${r.text}`);
  return r.json;
}

const opts = (list) => Object.fromEntries(list.map((x, i) => [x, { label: x, index: String(i) }]));
const pad = (n) => String(n).padStart(2, '0');
const now = new Date();
const thisMonth = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;

before(async () => {
  srv = await startServer();
  browser = await launch();
  await rest('POST', '/api/admin/users.json', { code: SATO.code, name: SATO.name, password: SATO.password });
  ({ app } = await rest('POST', '/k/v1/preview/app.json', { name: '市民相談記録' }));
  await rest('POST', '/k/v1/preview/app/form/fields.json', {
    app,
    properties: {
      管理番号: { type: 'SINGLE_LINE_TEXT', code: '管理番号', label: '管理番号', unique: true },
      件名: { type: 'SINGLE_LINE_TEXT', code: '件名', label: '件名', required: true },
      相談内容: { type: 'MULTI_LINE_TEXT', code: '相談内容', label: '相談内容' },
      メモ: { type: 'RICH_TEXT', code: 'メモ', label: 'メモ' },
      金額: { type: 'NUMBER', code: '金額', label: '金額', digit: true, unit: '円', unitPosition: 'AFTER' },
      区分: { type: 'DROP_DOWN', code: '区分', label: '区分', options: opts(KINDS) },
      対応: { type: 'RADIO_BUTTON', code: '対応', label: '対応状況', options: opts(['未対応', '対応中', '完了']), defaultValue: '未対応' },
      窓口: { type: 'CHECK_BOX', code: '窓口', label: '窓口', options: opts(['本庁', '支所', '電話']) },
      期限: { type: 'DATE', code: '期限', label: '期限' },
      時刻: { type: 'TIME', code: '時刻', label: '受付時刻' },
      受付日時: { type: 'DATETIME', code: '受付日時', label: '受付日時' },
      参考URL: { type: 'LINK', code: '参考URL', label: '参考URL', protocol: 'WEB' },
      添付: { type: 'FILE', code: '添付', label: '添付ファイル' },
      担当者: { type: 'USER_SELECT', code: '担当者', label: '担当者' },
      明細: {
        type: 'SUBTABLE', code: '明細', label: '明細',
        fields: {
          品名: { type: 'SINGLE_LINE_TEXT', code: '品名', label: '品名' },
          数量: { type: 'NUMBER', code: '数量', label: '数量' },
        },
      },
    },
  });
  await rest('PUT', '/k/v1/preview/app/acl.json', {
    app,
    rights: [
      { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordImportable: true, recordExportable: true },
      { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true, recordAddable: true, recordEditable: true },
    ],
  });
  await rest('POST', '/k/v1/preview/app/deploy.json', { apps: [{ app }] });
});

after(async () => {
  if (srv && (srv.child.exitCode !== null || srv.child.signalCode)) console.log('daicho stopped:', srv.child.exitCode, srv.child.signalCode, srv.log());
  await browser?.close();
  await srv?.stop();
});

// A PNG of w x h pixels with noise (stored uncompressed, so it is big enough for a visible upload).
function png(w, h) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      raw[o] = 30 + ((x * 7) & 127);
      raw[o + 1] = 80 + ((y * 5) & 127);
      raw[o + 2] = (x * y + Math.floor(Math.random() * 40)) & 255;
    }
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 0 })), chunk('IEND', Buffer.alloc(0))]);
}

// RFC 4180 CSV (quoted cells with commas, quotes and line breaks) into rows of cells.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// Signs in as the administrator and waits for the portal (the login page has a heading
// too, so waiting for any heading can return before the session exists).
async function signInAdmin(page) {
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('heading', { name: 'ポータル', level: 1 }).waitFor();
}

const csvCell = (s) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

// Slows the browser's uploads so a progress bar can be seen (bytes per second; 0 = normal).
async function throttle(page, bytesPerSecond) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond || -1,
  });
}

test('add records through the form, fix a field error, edit, comment, history, duplicate, delete', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signInAdmin(page);
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByText('レコードはまだありません。').waitFor();
  await page.getByRole('link', { name: 'レコードを追加' }).click();
  await page.getByRole('heading', { name: 'レコードの追加' }).waitFor();

  // Every field type, with a wrong number and the required title left empty.
  await page.getByLabel('管理番号').fill('A-0001');
  await page.getByLabel('相談内容').fill('転入の手続きについて\n必要な書類を確認したい');
  const rich = page.getByRole('textbox', { name: 'メモ' });
  await rich.click();
  await page.getByRole('button', { name: '太字' }).click();
  await page.keyboard.type('至急');
  await page.getByRole('button', { name: '太字' }).click();
  await page.keyboard.type(' 折り返し連絡');
  await page.getByLabel('金額').fill('１万円');
  await page.getByLabel('区分').selectOption('福祉');
  await page.getByRole('radio', { name: '対応中' }).check();
  await page.getByRole('group', { name: '窓口' }).getByLabel('本庁').check();
  await page.getByRole('group', { name: '窓口' }).getByLabel('電話').check();
  await page.getByLabel('期限').fill(`${thisMonth}-20`);
  await page.getByLabel('受付時刻').fill('09:30');
  await page.getByLabel('受付日時').fill(`${thisMonth}-03T14:05`);
  await page.getByLabel('参考URL').fill('https://www.example.jp/tetsuzuki');
  const picker = page.getByRole('combobox', { name: '担当者' });
  await picker.fill('佐藤');
  await page.getByRole('option', { name: /佐藤 花子/ }).click();
  await page.getByLabel('品名（1 行目）').fill('封筒');
  await page.getByLabel('数量（1 行目）').fill('2');
  await page.getByRole('button', { name: '＋ 行を追加' }).click();
  await page.getByLabel('品名（2 行目）').fill('申請書');
  await page.getByLabel('数量（2 行目）').fill('1');
  await page.getByRole('button', { name: '2 行目を上へ' }).click();
  assert.equal(await page.getByLabel('品名（1 行目）').inputValue(), '申請書');
  await page.getByLabel('数量（1 行目）').fill('いくつか');

  // The size limit is said before choosing; a slowed upload shows its progress bar.
  await page.getByText(/1ファイルあたり .* まで添付できます/).waitFor();
  await throttle(page, 400 * 1024);
  await page.getByLabel('添付ファイル').setInputFiles({ name: '窓口の写真.png', mimeType: 'image/png', buffer: png(420, 300) });
  const bar = page.getByRole('progressbar', { name: /窓口の写真\.png をアップロード中/ });
  await bar.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.upload progress')?.value) >= 20);
  await shot(page, 'records-03-upload-progress');
  await bar.waitFor({ state: 'detached', timeout: 20000 });
  await throttle(page, 0);
  await page.locator('.file-list.editing').getByText('窓口の写真.png').waitFor();

  expected(/400 .*\/k\/v1\/record\.json/);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  const title = page.getByLabel('件名');
  await page.locator('#f-件名-err').getByText('必須です。').waitFor();
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  await page.locator('#f-金額-err').getByText('数字でなければなりません。').waitFor();
  await page.locator('#f-明細-0-数量-err').getByText('数字でなければなりません。').waitFor();
  assert.equal(await page.getByLabel('数量（1 行目）').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'f-件名');
  await shot(page, 'records-04-field-errors');
  await title.fill('転入届の相談（山田様）');
  await page.getByLabel('金額').fill('12345');
  await page.getByLabel('数量（1 行目）').fill('1');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL(/\/records\/\d+$/);
  await page.getByRole('status').getByText('レコードを追加しました。').waitFor();
  const id = page.url().match(/records\/(\d+)/)[1];

  // Each type shown as a person expects.
  const value = (label) => page.getByRole('group', { name: label, exact: true }).locator('.field-value');
  await value('件名').getByText('転入届の相談（山田様）').waitFor();
  assert.equal(await value('金額').innerText(), '12,345円');
  assert.match(await value('メモ').innerHTML(), /<(b|strong)>至急<\/(b|strong)>/);
  const link = value('参考URL').getByRole('link');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await link.getAttribute('target'), '_blank');
  await value('担当者').getByText('佐藤 花子').waitFor();
  await value('窓口').getByText('本庁').waitFor();
  assert.match(await value('期限').innerText(), new RegExp(`${thisMonth.replace('-', '/')}/20`));
  const img = value('添付ファイル').getByRole('img', { name: '窓口の写真.png' });
  await img.waitFor();
  assert.match(await img.getAttribute('src'), /^blob:/);
  const rows = page.getByRole('group', { name: '明細' }).locator('tbody tr');
  assert.equal(await rows.count(), 2);
  assert.match(await rows.nth(0).innerText(), /申請書/);
  await shot(page, 'records-05-record');

  // Edit: the new values show, and the history says what changed.
  await page.getByRole('button', { name: '編集' }).click();
  await page.getByLabel('件名').fill('転入届の相談（山田様・再訪）');
  await page.getByRole('radio', { name: '完了' }).check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').getByText('保存しました。').waitFor();
  await value('件名').getByText('転入届の相談（山田様・再訪）').waitFor();

  // Someone else saves first: the form explains and loads the latest version.
  await page.getByRole('button', { name: '編集' }).click();
  await rest('PUT', '/k/v1/record.json', { app, id, record: { 相談内容: { value: '別の職員が追記しました' } } });
  await page.getByLabel('件名').fill('上書きしようとした件名');
  expected(/409 .*\/k\/v1\/record\.json/);
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByText('ほかの人がこのレコードを先に更新しました。').waitFor();
  await shot(page, 'records-06-conflict');
  await page.getByRole('button', { name: '最新の内容を読み込む' }).click();
  await page.getByText('最新の内容を読み込みました。').waitFor();
  assert.equal(await page.getByLabel('相談内容').inputValue(), '別の職員が追記しました');
  assert.equal(await page.getByLabel('件名').inputValue(), '転入届の相談（山田様・再訪）');
  await page.getByRole('button', { name: 'キャンセル' }).click();

  // Comments with a mention of the second user.
  await page.getByLabel('コメントを書く').fill('書類の原本を確認してください。');
  await page.getByRole('combobox', { name: '宛先（@メンション）' }).fill('佐藤');
  await page.getByRole('option', { name: /佐藤 花子/ }).click();
  await page.getByRole('button', { name: '投稿する' }).click();
  const comment = page.locator('.comment').first();
  await comment.getByText('書類の原本を確認してください。').waitFor();
  await comment.locator('.mention', { hasText: '@佐藤 花子' }).waitFor();
  const stored = await rest('GET', `/k/v1/record/comments.json?app=${app}&record=${id}`);
  assert.deepEqual(stored.comments[0].mentions, [{ code: 'sato', type: 'USER' }]);
  await page.getByLabel('コメントを書く').fill('このコメントは消します');
  await page.getByRole('button', { name: '投稿する' }).click();
  await page.locator('.comment').first().getByText('このコメントは消します').waitFor();
  await page.locator('.comment').first().getByRole('button', { name: /のコメントを削除/ }).click();
  await page.getByRole('dialog', { name: 'コメントの削除' }).getByRole('button', { name: '削除する' }).click();
  await page.getByText('このコメントは消します').waitFor({ state: 'detached' });
  await shot(page, 'records-07-comments');

  // The history: who changed what when.
  await page.getByRole('tab', { name: '変更履歴' }).click();
  const entries = page.locator('.history-entry');
  await entries.first().waitFor();
  assert.equal(await entries.count(), 3);
  const latest = await entries.nth(0).innerText();
  assert.match(latest, /更新/);
  assert.match(latest, /相談内容/);
  assert.match(latest, /別の職員が追記しました/);
  const edit = entries.nth(1);
  assert.match(await edit.innerText(), /Administrator/);
  const titleChange = edit.getByRole('row', { name: /件名/ });
  assert.match(await titleChange.innerText(), /転入届の相談（山田様）\s+転入届の相談（山田様・再訪）/);
  assert.match(await edit.getByRole('row', { name: /対応状況/ }).innerText(), /対応中\s+完了/);
  assert.match(await entries.nth(2).innerText(), /作成/);
  await shot(page, 'records-08-history');

  // Duplicate into a new record, then delete that one with a confirmation.
  await page.getByRole('link', { name: '再利用して追加' }).click();
  await page.getByRole('heading', { name: 'レコードの追加（再利用）' }).waitFor();
  assert.equal(await page.getByLabel('件名').inputValue(), '転入届の相談（山田様・再訪）');
  assert.equal(await page.getByLabel('品名（2 行目）').inputValue(), '封筒');
  await page.getByLabel('管理番号').fill('A-0002');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.waitForURL((u) => /\/records\/\d+$/.test(u.pathname) && !u.pathname.endsWith(`/${id}`));
  const copyId = page.url().match(/records\/(\d+)/)[1];
  await page.getByRole('button', { name: '削除' }).click();
  const dialog = page.getByRole('dialog', { name: 'レコードの削除' });
  await dialog.getByText(`レコード ${copyId} を削除します。`).waitFor();
  await shot(page, 'records-09-delete-confirm');
  await dialog.getByRole('button', { name: '削除する' }).click();
  await page.waitForURL(new RegExp(`/apps/${app}$`));
  const left = await rest('GET', `/k/v1/records.json?app=${app}`);
  assert.deepEqual(left.records.map((r) => r.$id.value), [id]);
  assert.deepEqual(problems, []);
});

// Seeds 45 records through the API: kinds, amounts and due dates spread over this month.
async function seed() {
  const records = [];
  for (let i = 1; i <= 45; i++) {
    records.push({
      管理番号: { value: `B-${1000 + i}` },
      件名: { value: `相談${i}：${KINDS[i % 4]}の手続き` },
      金額: { value: String(i * 1000) },
      区分: { value: KINDS[i % 4] },
      対応: { value: ['未対応', '対応中', '完了'][i % 3] },
      期限: { value: `${thisMonth}-${pad((i % 27) + 1)}` },
      担当者: { value: [{ code: i % 3 ? 'sato' : 'admin' }] },
    });
  }
  await rest('POST', '/k/v1/records.json', { app, records });
}

const cellTexts = (page, label) =>
  page.locator('table.records').evaluate((t, label) => {
    const heads = [...t.querySelectorAll('thead th')].map((th) => th.textContent.replace(/[▲▼↕]/g, '').trim());
    const i = heads.indexOf(label);
    return [...t.querySelectorAll('tbody tr')].map((tr) => tr.children[i].textContent.trim());
  }, label);

test('the list: filter builder, sort, quick search, paging, deleting several, views, calendar, graphs', async () => {
  await seed();
  const all = (await rest('GET', `/k/v1/records.json?app=${app}&limit=500`)).records;
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signInAdmin(page);
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByText(`全 ${all.length} 件中 1〜20 件`).waitFor();
  await shot(page, 'records-10-list');

  // The filter builder writes the query and shows it.
  await page.getByRole('button', { name: '絞り込み' }).click();
  await page.getByRole('button', { name: '＋ 条件を追加' }).click();
  const cond1 = page.locator('.cond-row').nth(0);
  await cond1.getByLabel('項目').selectOption({ label: '区分' });
  await cond1.getByLabel('福祉').check();
  await page.getByRole('button', { name: '＋ 条件を追加' }).click();
  const cond2 = page.locator('.cond-row').nth(1);
  await cond2.getByLabel('項目').selectOption({ label: '金額' });
  await cond2.getByLabel('条件', { exact: true }).selectOption('>=');
  await cond2.getByLabel('値').fill('10000');
  const query = page.getByLabel('クエリ', { exact: true });
  assert.equal(await query.inputValue(), '区分 in ("福祉") and 金額 >= 10000');
  await shot(page, 'records-11-filter-builder');
  await page.getByRole('button', { name: '適用' }).click();
  const want = all.filter((r) => r.区分.value === '福祉' && Number(r.金額.value) >= 10000);
  await page.getByText(`全 ${want.length} 件中 1〜${Math.min(20, want.length)} 件`).waitFor();
  assert.ok((await cellTexts(page, '区分')).every((k) => k === '福祉'));

  // A mistake typed in the query text shows the server's message.
  expected(/400 .*\/k\/v1\/records\.json/);
  await query.fill('区分 in ("福祉") and 金額 >= >= 1');
  await page.getByRole('button', { name: '適用' }).click();
  await page.locator('.query-error').getByText(/クエリ記法が間違っています（位置 \d+）/).waitFor();
  await shot(page, 'records-12-query-error');
  await query.fill('区分 in ("福祉") and 金額 >= 10000 order by 金額 asc');
  await page.getByRole('button', { name: '適用' }).click();
  await page.locator('.query-error').waitFor({ state: 'detached' });
  const amounts = (await cellTexts(page, '金額')).map((s) => Number(s.replace(/[,円]/g, '')));
  assert.deepEqual(amounts, [...amounts].sort((a, b) => a - b));
  await page.locator('#filter-panel').getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: '条件を解除' }).click();
  await page.getByText(`全 ${all.length} 件中`).waitFor();

  // Sort by clicking a column header (the typed "order by 金額 asc" is still in force).
  const head = page.getByRole('columnheader', { name: /金額/ });
  const firstAmount = () => page.locator('table.records tbody tr').first().locator('td.num').first();
  assert.equal(await head.getAttribute('aria-sort'), 'ascending');
  assert.equal(await firstAmount().innerText(), '1,000円');
  await head.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]'));
  await page.waitForFunction(() => document.querySelector('table.records tbody tr td.num')?.textContent === '45,000円');
  await head.getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('table.records tbody tr td.num')?.textContent === '1,000円');
  assert.equal(await head.getAttribute('aria-sort'), 'ascending');
  await page.getByRole('columnheader', { name: /期限/ }).getByRole('button').click();
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]')?.textContent.includes('期限'));
  assert.equal(await head.getAttribute('aria-sort'), null);

  // Quick search in Japanese.
  await page.getByRole('searchbox', { name: 'キーワードで絞り込む' }).fill('子育て');
  const kids = all.filter((r) => r.件名.value.includes('子育て'));
  await page.getByText(`全 ${kids.length} 件中`).waitFor();
  assert.ok((await cellTexts(page, '件名')).every((s) => s.includes('子育て')));
  await page.getByRole('searchbox', { name: 'キーワードで絞り込む' }).fill('');
  await page.getByText(`全 ${all.length} 件中 1〜20 件`).waitFor();

  // Paging, and 100 rows shown at once without a visible pause.
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByText(`全 ${all.length} 件中 21〜40 件`).waitFor();
  const t0 = Date.now();
  await page.getByLabel('表示件数').selectOption('100');
  await page.getByText(`全 ${all.length} 件中 1〜${all.length} 件`).waitFor();
  assert.equal(await page.locator('table.records tbody tr').count(), all.length);
  assert.ok(Date.now() - t0 < 1500, `100 rows took ${Date.now() - t0} ms`);

  // Select several and delete them with a confirmation.
  const doomed = ['B-1001', 'B-1002', 'B-1003'];
  for (const code of doomed) {
    const id = all.find((r) => r.管理番号.value === code).$id.value;
    await page.getByRole('checkbox', { name: `レコード ${id} を選択` }).check();
  }
  await page.getByText('3 件を選択中').waitFor();
  await shot(page, 'records-13-selected');
  await page.getByRole('button', { name: '選択した 3 件を削除' }).click();
  await page.getByRole('dialog', { name: 'レコードの削除' }).getByRole('button', { name: '3 件を削除する' }).click();
  await page.getByText('3 件のレコードを削除しました。').waitFor();
  const remaining = all.length - 3;
  await page.getByText(`全 ${remaining} 件中`).waitFor();
  const after = (await rest('GET', `/k/v1/records.json?app=${app}&limit=500`)).records;
  assert.equal(after.length, remaining);
  assert.ok(!after.some((r) => doomed.includes(r.管理番号.value)));

  // Save the current columns, filter and sort as a view for everyone.
  await page.getByRole('button', { name: '表示する列' }).click();
  const cols = page.getByRole('dialog', { name: '表示する列' });
  for (const hide of ['相談内容', 'メモ', '受付時刻', '受付日時', '参考URL', '添付ファイル', '窓口', '作成者', '作成日時', '更新者', '更新日時'])
    await cols.getByRole('checkbox', { name: hide, exact: true }).uncheck();
  await cols.getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: '絞り込み' }).click();
  await query.fill('対応 in ("未対応", "対応中") order by 期限 asc');
  await page.getByRole('button', { name: '適用' }).click();
  await page.locator('#filter-panel').getByRole('button', { name: '閉じる' }).click();
  await page.getByRole('button', { name: 'ビューとして保存' }).click();
  const saveDialog = page.getByRole('dialog', { name: 'ビューとして保存' });
  await saveDialog.getByText('ビューはこのアプリを使う全員に表示されます。').waitFor();
  await saveDialog.getByLabel('ビューの名前').fill('対応が必要な相談');
  await shot(page, 'records-14-save-view');
  await saveDialog.getByRole('button', { name: '保存して反映' }).click();
  await page.getByText('ビューを保存しました。').waitFor();
  const views = (await rest('GET', `/k/v1/app/views.json?app=${app}`)).views;
  assert.equal(views['対応が必要な相談'].filterCond, '対応 in ("未対応", "対応中")');
  assert.equal(views['対応が必要な相談'].sort, '期限 asc');
  assert.deepEqual(views['対応が必要な相談'].fields, ['管理番号', '件名', '金額', '区分', '対応', '期限', '担当者']);
  await page.reload();
  await page.getByLabel('ビュー').locator('option:checked', { hasText: '対応が必要な相談' }).waitFor({ state: 'attached' });
  const open = after.filter((r) => r.対応.value !== '完了');
  await page.getByText(`全 ${open.length} 件中`).waitFor();
  assert.equal(await page.locator('table.records thead th').count(), 9);

  // A calendar view by due date, titled by the subject.
  await page.getByRole('button', { name: 'ビューとして保存' }).click();
  await saveDialog.getByLabel('ビューの名前').fill('期限カレンダー');
  await saveDialog.getByRole('radio', { name: 'カレンダー' }).check();
  await saveDialog.getByLabel('日付に使うフィールド').selectOption({ label: '期限' });
  await saveDialog.getByLabel('タイトルに使うフィールド').selectOption({ label: '件名' });
  await saveDialog.getByRole('button', { name: '保存して反映' }).click();
  await page.getByText('ビューを保存しました。').waitFor();
  const grid = page.locator('table.calendar-grid');
  await grid.waitFor();
  const sample = open.find((r) => r.期限.value.endsWith('-05'));
  await grid.getByRole('link', { name: sample.件名.value }).waitFor();
  assert.equal(await grid.locator('.entries a').count(), open.length);
  await shot(page, 'records-15-calendar');
  await page.getByRole('button', { name: '次の月' }).click();
  await page.getByText('この月のレコードはありません。').waitFor();
  await page.getByRole('button', { name: '前の月' }).click();
  await grid.getByRole('link', { name: sample.件名.value }).click();
  await page.waitForURL(new RegExp(`/records/${sample.$id.value}$`));
  await page.goBack();

  // Deleting a view (here the calendar) after a confirmation.
  await page.getByRole('button', { name: 'ビューを編集' }).click();
  const editDialog = page.getByRole('dialog', { name: 'ビューの編集' });
  await editDialog.getByRole('button', { name: 'このビューを削除' }).click();
  await editDialog.getByText('ビュー「期限カレンダー」を削除します。').waitFor();
  await editDialog.getByRole('button', { name: '削除する' }).click();
  await page.getByText('ビューを削除しました。').waitFor();
  assert.deepEqual(Object.keys((await rest('GET', `/k/v1/app/views.json?app=${app}`)).views), ['対応が必要な相談']);

  // Graphs of all records: counts by kind as bars, then a pie, then sums; numbers checked.
  await page.getByRole('button', { name: '条件を解除' }).click();
  await page.getByText(`全 ${remaining} 件中`).waitFor();
  await page.getByRole('button', { name: 'グラフ' }).click();
  const table = page.locator('table.graph-table');
  await table.waitFor();
  const graphRows = async () =>
    table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
  const count = {};
  const sum = {};
  for (const r of after) {
    const k = r.区分.value ?? '（未設定）';
    count[k] = (count[k] || 0) + 1;
    sum[k] = (sum[k] || 0) + Number(r.金額.value || 0);
  }
  const bars = await graphRows();
  assert.deepEqual(Object.fromEntries(bars.map(([k, v]) => [k, Number(v.replace(/,/g, ''))])), count);
  assert.equal(await page.locator('svg.chart rect.bar').count(), Object.keys(count).length);
  await page.getByRole('img', { name: '区分ごとのレコード数' }).waitFor();
  await shot(page, 'records-16-graph-bar');
  await page.getByLabel('グラフの種類').selectOption('pie');
  await page.locator('svg.chart.pie').waitFor();
  const pie = await graphRows();
  for (const [k, , share] of pie) assert.equal(share, `${((count[k] / after.length) * 100).toFixed(1)}%`);
  await page.getByLabel('グラフの種類').selectOption('line');
  await page.locator('svg.chart polyline.series-line').waitFor();
  assert.equal(await page.locator('svg.chart circle').count(), Object.keys(count).length);
  await page.getByLabel('グラフの種類').selectOption('pie');
  await page.getByLabel('集計方法').selectOption('SUM');
  await page.getByRole('img', { name: '区分ごとの金額の合計' }).waitFor();
  const sums = await graphRows();
  assert.deepEqual(Object.fromEntries(sums.map(([k, v]) => [k, Number(v.replace(/[,円]/g, ''))])), sum);
  await shot(page, 'records-17-graph-pie');
  assert.deepEqual(problems, []);
});

// The CSV: a header and n rows with Japanese text, quoted commas and quotes, line breaks in cells.
function importCsv(n, { badFirst }) {
  const lines = [['管理番号', '件名', '相談内容', '金額', '区分', '窓口', '期限', '担当者'].join(',')];
  for (let i = 1; i <= n; i++) {
    const row = [
      `IMP-${String(i).padStart(5, '0')}`,
      `住民票の交付, "至急" ${i}件目`,
      `1行目：窓口で受付\n2行目：本人確認済み（${i}）`,
      i === 1 && badFirst ? '千二百' : String(i * 10),
      KINDS[i % 4],
      i % 2 ? '本庁\n電話' : '支所',
      `2027-01-${pad((i % 28) + 1)}`,
      i % 2 ? 'sato' : 'admin',
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

test('CSV import of 1,000 rows (a bad row first, then the fixed file), exported again in UTF-8 and Shift_JIS', async () => {
  const { page, problems, expected } = await openPage(browser);
  expected(/401 .*\/api\/session\.json/);
  await signInAdmin(page);
  const before = (await rest('GET', `/k/v1/records.json?app=${app}&totalCount=true&limit=1`)).totalCount;
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  await page.getByRole('link', { name: 'CSVから読み込む' }).click();
  await page.getByRole('heading', { name: 'CSVから読み込む' }).waitFor();
  const file = page.getByLabel('CSVファイル');
  await file.setInputFiles({ name: '相談記録.csv', mimeType: 'text/csv', buffer: Buffer.from(importCsv(1000, { badFirst: true })) });
  await page.getByText(/相談記録\.csv（.+）を UTF-8 として読み込みました。データは 1,000 行です。/).waitFor();
  const preview = page.locator('table.preview-table');
  assert.match(await preview.locator('tbody tr').first().innerText(), /住民票の交付, "至急" 1件目/);
  assert.match(await preview.locator('tbody tr').nth(1).innerText(), /1行目：窓口で受付\n2行目：本人確認済み（2）/);
  for (const col of ['管理番号', '件名', '相談内容', '金額', '区分', '窓口', '期限', '担当者'])
    assert.notEqual(await page.getByLabel(`「${col}」の読み込み先`).inputValue(), '', `${col} is matched`);
  await shot(page, 'records-18-import-mapping');

  // Checking: the dry runs show progress; the bad row is reported by line and column; nothing is written.
  await page.evaluate(() => {
    window.__seen = [];
    new MutationObserver(() => {
      const p = document.querySelector('.progress-block');
      if (p) window.__seen.push(p.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  expected(/400 .*\/api\/records\/import\.json/);
  await page.getByRole('button', { name: 'チェックする' }).click();
  const errors = page.getByRole('region', { name: /1 行に問題があります。何も書き込んでいません。/ });
  await errors.waitFor();
  const errRow = await errors.locator('tbody tr').first().innerText();
  assert.match(errRow, /2 行目\s+金額\s+数字でなければなりません。/);
  assert.ok((await page.evaluate(() => window.__seen)).some((s) => /チェック中… \d+ \/ 1,000 行/.test(s)));
  assert.equal((await rest('GET', `/k/v1/records.json?app=${app}&totalCount=true&limit=1`)).totalCount, before);
  await shot(page, 'records-19-import-errors');

  // The fixed file: checked, then written in one request while the bar shows the upload.
  await file.setInputFiles({ name: '相談記録_修正.csv', mimeType: 'text/csv', buffer: Buffer.from(importCsv(1000, { badFirst: false })) });
  await page.getByText(/相談記録_修正\.csv/).waitFor();
  await page.getByRole('button', { name: 'チェックする' }).click();
  await page.getByText('問題は見つかりませんでした。1,000 行を読み込めます。').waitFor();
  await throttle(page, 200 * 1024);
  await page.getByRole('button', { name: '1,000 行を読み込む' }).click();
  await page.getByRole('progressbar', { name: '進み具合' }).waitFor();
  await page.getByText(/送信しています… \d+%/).waitFor();
  await shot(page, 'records-20-import-progress');
  await page.getByText('1,000 件を追加し、0 件を更新しました。').waitFor({ timeout: 30000 });
  await throttle(page, 0);
  assert.equal(Number((await rest('GET', `/k/v1/records.json?app=${app}&totalCount=true&limit=1`)).totalCount), Number(before) + 1000);
  await page.getByRole('link', { name: 'レコード一覧を見る' }).click();

  // Export what was imported (found by the quick search), in UTF-8 and in Shift_JIS.
  await page.getByRole('searchbox', { name: 'キーワードで絞り込む' }).fill('IMP-');
  await page.getByText('全 1,000 件中').waitFor();
  // The view shows fewer columns; the export takes the columns in view, so add two.
  await page.getByRole('button', { name: '表示する列' }).click();
  const cols = page.getByRole('dialog', { name: '表示する列' });
  for (const show of ['相談内容', '窓口']) await cols.getByRole('checkbox', { name: show, exact: true }).check();
  await cols.getByRole('button', { name: '閉じる' }).click();
  const exported = {};
  for (const [enc, label] of [['utf8', 'UTF-8（BOM付き）'], ['sjis', 'Shift_JIS（Excel向け）']]) {
    await page.getByRole('button', { name: 'CSVに書き出す' }).click();
    const dlg = page.getByRole('dialog', { name: 'CSVに書き出す' });
    await dlg.getByText(/1,000 件のレコード/).waitFor();
    await dlg.getByRole('radio', { name: label }).check();
    if (enc === 'sjis') await shot(page, 'records-21-export');
    const [download] = await Promise.all([page.waitForEvent('download'), dlg.getByRole('button', { name: 'ダウンロード' }).click()]);
    const bytes = readFileSync(await download.path());
    if (enc === 'utf8') assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    exported[enc] = new TextDecoder(enc === 'utf8' ? 'utf-8' : 'shift_jis').decode(bytes);
    await dlg.waitFor({ state: 'hidden' });
  }
  assert.equal(exported.utf8, exported.sjis);
  const source = parseCsv(importCsv(1000, { badFirst: false }).slice(1));
  const out = parseCsv(exported.utf8);
  const headers = out[0];
  assert.equal(out.length, 1001);
  const byKey = new Map(out.slice(1).map((r) => [r[headers.indexOf('管理番号')], r]));
  const norm = (s) => s.replace(/\r\n/g, '\n');
  for (const row of source.slice(1)) {
    const got = byKey.get(row[0]);
    assert.ok(got, `${row[0]} exported`);
    source[0].forEach((col, i) => assert.equal(norm(got[headers.indexOf(col)]), norm(row[i]), `${row[0]} ${col}`));
  }
  assert.deepEqual(problems, []);
});

test('phone width: cards, the record page, the form; keyboard sorting; signing out', async () => {
  const { page, problems, expected } = await openPage(browser, { width: 390, height: 844 });
  expected(/401 .*\/api\/session\.json/);
  await signInAdmin(page);
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  const first = page.locator('table.records tbody tr').first();
  await first.waitFor();
  const box = await first.boundingBox();
  assert.ok(box.width <= 390, `a card fits the phone (${box.width}px)`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scrolling');
  await page.screenshot({ path: new URL('../out/screenshots/records-22-phone-list.png', import.meta.url).pathname });
  await first.getByRole('link').click();
  await page.getByRole('heading', { name: /レコード \d+/ }).waitFor();
  await page.screenshot({ path: new URL('../out/screenshots/records-23-phone-record.png', import.meta.url).pathname });
  await page.getByRole('button', { name: '編集' }).click();
  await page.getByLabel('件名').waitFor();
  await page.screenshot({ path: new URL('../out/screenshots/records-24-phone-form.png', import.meta.url).pathname });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'the form fits');
  await page.getByRole('button', { name: 'キャンセル' }).click();

  // Wide again: the sort headers work from the keyboard.
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(`${srv.baseUrl}/apps/${app}`);
  const sortButton = page.getByRole('columnheader', { name: /件名/ }).getByRole('button');
  await sortButton.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]')?.textContent.includes('件名'));

  await page.getByRole('button', { name: 'Administrator' }).click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await page.getByRole('heading', { name: 'daicho にログイン' }).waitFor();
  assert.deepEqual(problems, []);
});
