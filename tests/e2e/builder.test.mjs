// The app builder as a person uses it: create an app from the portal, design its form by
// dragging and by keyboard only, set fields up, save (and see the server refuse a bad
// setting next to the field), name the app, give a colleague rights, deploy, and check
// through the API that the live form is exactly the one designed; then a deployment that
// fails on purpose, discarding changes, and the builder at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from '../api/lib/server.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPage, shot, signIn, SHOTS } from './lib/browser.mjs';

let srv, browser, appId;
const COLLEAGUE = { code: 'tanaka', name: '田中 花子', password: 'kashidashi-daicho-2026' };

before(async () => {
  srv = await startServer();
  browser = await launch();
  const r = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: COLLEAGUE.code, name: COLLEAGUE.name, email: 'tanaka@example.jp', password: COLLEAGUE.password, admin: false, canCreateApps: false },
  });
  assert.equal(r.status, 200, r.text);
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

/* ---------- helpers over the builder's page ---------- */

const pal = (page, type) => page.locator(`.palette-item[data-type="${type}"]`);
// The canvas card (its clickable part) of the field labelled `label`.
const card = (page, label) => page.locator('.field-card-main').filter({ has: page.locator('.field-card-name', { hasText: new RegExp(`^${label}$`) }) });
const panel = (page) => page.locator('.field-settings');

async function select(page, label) {
  const c = card(page, label);
  if ((await c.getAttribute('aria-pressed')) !== 'true') await c.click();
  await panel(page).waitFor();
}

async function setLabel(page, label, code) {
  await panel(page).getByLabel('フィールド名', { exact: true }).fill(label);
  if (code) await panel(page).getByLabel('フィールドコード').fill(code);
}

// Drags source onto target as a mouse does. The page is scrolled first so that both are
// in view (the palette stays on screen as the page scrolls), as a person would.
async function drag(source, target, position) {
  await target.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await source.evaluate((el) => el.scrollIntoView({ block: 'nearest' }));
  await source.dragTo(target, position ? { targetPosition: position } : undefined);
}

// Drops at the right end of a row or table (after its last field).
async function dragToEnd(source, target) {
  const box = await target.boundingBox();
  await drag(source, target, { x: box.width - 8, y: box.height / 2 });
}

// Drops a palette item at the right end of a row (index from the top of the canvas).
async function dropIntoRow(page, type, rowIndex) {
  await dragToEnd(pal(page, type), page.locator('.canvas-row').nth(rowIndex));
}

async function rowsOnCanvas(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.canvas-slot')].map((slot) => {
      const table = slot.querySelector('.canvas-table');
      if (table) return { table: table.querySelector('.table-head .field-card-name').textContent, inner: [...table.querySelectorAll('.table-inner .field-card-name')].map((x) => x.textContent) };
      return [...slot.querySelectorAll('.canvas-row .field-card-name')].map((x) => x.textContent);
    }),
  );
}

async function save(page) {
  await page.getByRole('button', { name: 'フォームを保存' }).click();
}

async function saved(page) {
  await page.locator('.save-state', { hasText: '保存しました' }).waitFor();
}

/** A screenshot of the whole page from its top; with a dialog open, of what the screen shows. */
async function shots(page, name) {
  if (await page.locator('dialog[open]').count()) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, `builder-${name}-1366.png`) });
    return;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, `builder-${name}-1366`);
}

/** Signs in and waits for the portal (the login page has a heading of its own). */
async function signInAsAdmin(page) {
  await signIn(page, srv.baseUrl, 'admin', srv.auth.password);
  await page.getByRole('button', { name: /^(アプリを作成|Create an app)$/ }).waitFor();
}

/** Runs a test's steps; when one fails, keeps a picture of the page and what it reported. */
async function steps(page, problems, name, body) {
  try {
    await body();
  } catch (e) {
    await shot(page, `builder-failed-${name}`).catch(() => {});
    if (problems.length) e.message += `\n(page problems: ${problems.join('; ')})`;
    throw e;
  }
}

test('build an app: design, save, settings, permissions, deploy', async () => {
  const { page, problems, expected } = await openPage(browser);
  await steps(page, problems, 'build', async () => {
    expected(/401 .*\/api\/session\.json/); // the first visit asks who is signed in
    expected(/404 .*\/k\/v1\/app\/settings\.json/); // a new app has no live settings until deployed

    // Create the app from the portal.
    await signInAsAdmin(page);
    await page.getByRole('button', { name: 'アプリを作成' }).click();
    await page.getByLabel('アプリ名').fill('備品貸出管理');
    await page.getByRole('button', { name: '作成', exact: true }).click();
    await page.waitForURL(/\/apps\/\d+\/builder/);
    appId = page.url().match(/\/apps\/(\d+)\//)[1];
    await page.getByRole('heading', { name: '備品貸出管理の設定' }).waitFor();
    await page.locator('.deploy-state', { hasText: 'まだ一度も反映していません' }).waitFor();
    await page.locator('.drop-gap.empty').waitFor();
    await shots(page, 'form-empty');

    // Breadcrumbs: portal › app › builder; the tabs are links.
    const crumbs = page.getByRole('navigation', { name: 'ポータル' });
    assert.equal(await crumbs.getByRole('link', { name: '備品貸出管理' }).getAttribute('href'), `/apps/${appId}`);
    assert.equal(await page.getByRole('link', { name: 'フォーム' }).getAttribute('aria-current'), 'page');

    // --- Drag and drop from the palette ---
    await drag(pal(page, 'SINGLE_LINE_TEXT'), page.locator('.drop-gap.empty'));
    await setLabel(page, '備品名', 'item_name');
    await dropIntoRow(page, 'NUMBER', 0); // side by side with 備品名
    await setLabel(page, '数量', 'quantity');
    await drag(pal(page, 'DROP_DOWN'), page.locator('.drop-gap').last());
    await setLabel(page, '区分', 'category');
    await dropIntoRow(page, 'RADIO_BUTTON', 1);
    await setLabel(page, '状態', 'status');
    await drag(pal(page, 'CHECK_BOX'), page.locator('.drop-gap').last());
    await setLabel(page, '付属品', 'accessories');
    await drag(pal(page, 'DATE'), page.locator('.drop-gap').last());
    await setLabel(page, '貸出日', 'loan_date');
    await dropIntoRow(page, 'TIME', 3);
    await setLabel(page, '返却時刻', 'return_time');
    await drag(pal(page, 'MULTI_LINE_TEXT'), page.locator('.drop-gap').last());
    await setLabel(page, '備考', 'notes');
    await drag(pal(page, 'LINK'), page.locator('.drop-gap').last());
    await setLabel(page, '資料URL', 'manual_url');
    await dropIntoRow(page, 'FILE', 5);
    await setLabel(page, '写真', 'photo');
    await drag(pal(page, 'USER_SELECT'), page.locator('.drop-gap').last());
    await setLabel(page, '担当者', 'person_in_charge');
    await drag(pal(page, 'RICH_TEXT'), page.locator('.drop-gap').last());
    await setLabel(page, '説明', 'description');
    // A system field, dropped as the first row.
    await drag(page.locator('.palette-system', { hasText: 'レコード番号' }), page.locator('.drop-gap').first());

    // A table, its fields dragged in (and one dragged in from the form).
    await drag(pal(page, 'SUBTABLE'), page.locator('.drop-gap').last());
    await setLabel(page, '貸出履歴', 'loans');
    await dragToEnd(pal(page, 'SINGLE_LINE_TEXT'), page.locator('.table-inner'));
    await setLabel(page, '借りた人', 'borrower');
    await dragToEnd(pal(page, 'NUMBER'), page.locator('.table-inner'));
    await setLabel(page, '台数', 'units');
    // Drag 説明 into the table, then drag it back out as a row of its own.
    await dragToEnd(card(page, '説明'), page.locator('.table-inner'));
    assert.deepEqual((await rowsOnCanvas(page)).at(-1), { table: '貸出履歴', inner: ['借りた人', '台数', '説明'] });
    await drag(card(page, '説明'), page.locator('.drop-gap').last());
    assert.deepEqual((await rowsOnCanvas(page)).at(-1), ['説明']);

    // --- Keyboard only: a date-time field from the palette, moved with keys ---
    await pal(page, 'DATETIME').focus();
    await page.keyboard.press('Enter');
    await page.locator('.field-card.selected').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.closest('.field-card')?.querySelector('.field-card-name')?.textContent), '日時');
    // Alt+arrow on the focused card moves it; the focus stays on the card.
    const moveByKey = async (key) => {
      await page.keyboard.press(key);
      await page.waitForFunction(() => document.activeElement?.classList.contains('field-card-main'));
    };
    await moveByKey('Alt+ArrowUp'); // joins the row above (説明)
    assert.deepEqual((await rowsOnCanvas(page)).at(-1), ['説明', '日時']);
    await moveByKey('Alt+ArrowUp'); // a row of its own above 説明
    await moveByKey('Alt+ArrowUp'); // steps over the table
    assert.deepEqual((await rowsOnCanvas(page)).slice(-3), [['日時'], { table: '貸出履歴', inner: ['借りた人', '台数'] }, ['説明']]);
    // Enter on the selected card goes to its settings: rename it by keyboard.
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id?.endsWith('-label'));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('登録日時');
    await panel(page).getByLabel('フィールドコード').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('registered_at');
    // The table's third field by keyboard: "add to table".
    await page.getByLabel('テーブルに追加').focus();
    await page.getByLabel('テーブルに追加').selectOption('DATE');
    await page.getByRole('button', { name: '追加', exact: true }).focus();
    await page.keyboard.press('Enter');
    await setLabel(page, '返却予定日', 'due');
    // The move buttons work too: 写真 left of 資料URL, then back.
    await select(page, '写真');
    await page.getByRole('button', { name: '「写真」を左へ移動' }).click();
    assert.deepEqual((await rowsOnCanvas(page))[6], ['写真', '資料URL']);
    await page.getByRole('button', { name: '「写真」を右へ移動' }).click();
    assert.deepEqual((await rowsOnCanvas(page))[6], ['資料URL', '写真']);

    // --- Settings of the fields ---
    await select(page, '備品名');
    await panel(page).getByLabel('必須項目にする').check();
    await panel(page).getByLabel('値の重複を禁止する').check();
    await panel(page).getByLabel('最大文字数').fill('100');
    await select(page, '数量');
    await panel(page).getByLabel('必須項目にする').check();
    await panel(page).getByLabel('最小値').fill('1');
    await panel(page).getByLabel('最大値').fill('99');
    await panel(page).getByLabel('桁区切りを表示する').check();
    await panel(page).getByLabel('単位記号', { exact: true }).fill('台');
    await panel(page).getByLabel('値の後（例: 100円）').check();
    await panel(page).getByLabel('初期値').fill('1');
    await select(page, '区分');
    await panel(page).getByLabel('選択肢 1').fill('パソコン');
    await panel(page).getByLabel('選択肢 2').fill('カメラ');
    await panel(page).getByRole('button', { name: '選択肢を追加' }).click();
    await panel(page).getByLabel('選択肢 3').fill('プロジェクター');
    await panel(page).getByRole('button', { name: '「プロジェクター」を上へ' }).click(); // パソコン, プロジェクター, カメラ
    await panel(page).getByLabel('初期値').selectOption('パソコン');
    await select(page, '状態');
    await panel(page).getByLabel('選択肢 1').fill('貸出可');
    await panel(page).getByLabel('選択肢 2').fill('貸出中');
    await panel(page).getByRole('button', { name: '選択肢を追加' }).click();
    await panel(page).getByLabel('選択肢 3').fill('修理中');
    await panel(page).getByRole('button', { name: '「修理中」を削除' }).click();
    assert.equal(await panel(page).getByRole('radio', { name: '貸出可' }).isChecked(), true, 'the default follows the renamed choice');
    await select(page, '付属品');
    await panel(page).getByLabel('選択肢 1').fill('電源');
    await panel(page).getByLabel('選択肢 2').fill('ケース');
    await panel(page).getByRole('checkbox', { name: '電源' }).check();
    await panel(page).getByLabel('縦に並べる').check();
    await select(page, '貸出日');
    await panel(page).getByLabel('レコードを登録する日を初期値にする').check();
    await select(page, '資料URL');
    await panel(page).getByLabel('Web サイトのアドレス').check();
    await select(page, '写真');
    await panel(page).getByLabel('サムネイルの大きさ').selectOption('250');
    await select(page, '担当者');
    await panel(page).getByLabel('ログインユーザー').check();
    await select(page, '借りた人');
    assert.equal(await panel(page).getByLabel('値の重複を禁止する').count(), 0, 'no "unique" inside a table');
    await panel(page).getByLabel('必須項目にする').check();

    // The preview shows the form as staff will see it.
    await page.getByRole('button', { name: 'プレビュー' }).click();
    const preview = page.getByRole('region', { name: 'フォームのプレビュー' });
    await preview.getByLabel('数量').waitFor();
    assert.equal(await preview.getByLabel('数量').inputValue(), '1');
    assert.equal(await preview.getByLabel('担当者').inputValue(), 'ログインユーザー');
    await shots(page, 'form-preview');
    await page.getByRole('button', { name: '編集' }).click();

    // --- Save: additions, then the layout ---
    await save(page);
    await saved(page);
    await shots(page, 'form-saved');
    let f = (await call(srv, 'GET', `/k/v1/preview/app/form/fields.json?app=${appId}`)).json.properties;
    assert.equal(f.item_name.unique, true);
    assert.deepEqual(Object.keys(f.loans.fields).sort(), ['borrower', 'due', 'units']);

    // --- Rename a code, reorder, remove a saved field (PUT, DELETE) ---
    await select(page, '備品名');
    await panel(page).getByLabel('フィールドコード').fill('equipment_name');
    await panel(page).getByText('保存するとコードが「item_name」から変わります').waitFor();
    await select(page, '備考');
    await page.getByRole('button', { name: '「備考」を上へ移動' }).click(); // joins the row of 貸出日 and 返却時刻
    await page.getByRole('button', { name: '「備考」を上へ移動' }).click(); // a row of its own above it
    await select(page, '説明');
    await panel(page).getByRole('button', { name: 'このフィールドを削除' }).click();
    const confirm = page.getByRole('dialog', { name: 'フィールドを削除しますか？' });
    await confirm.getByText('データも消えます').waitFor();
    await shots(page, 'form-delete-confirm');
    await confirm.getByRole('button', { name: '削除する' }).click();
    assert.equal(await card(page, '説明').count(), 0);

    // --- A code the designer refuses at once, and a setting the server refuses ---
    await select(page, '返却時刻');
    await panel(page).getByLabel('フィールドコード').fill('2nd time');
    await panel(page).getByText('フィールドコードは数字で始められません。').waitFor();
    await save(page);
    await page.getByRole('alert').getByText('印の付いたフィールドの設定を確認してください。').waitFor();
    await panel(page).getByLabel('フィールドコード').fill('return_time');
    await select(page, '数量');
    await panel(page).getByLabel('最小値').fill('100');
    expected(/400 .*\/k\/v1\/preview\/app\/form\/fields\.json/);
    await save(page);
    // The server's own message, next to the minimum value, and the field marked on the canvas.
    const minSetting = panel(page).locator('.b-setting').filter({ has: page.getByLabel('最小値') });
    await minSetting.locator('.field-error', { hasText: '値が正しくありません。' }).waitFor();
    assert.equal(await panel(page).getByLabel('最小値').getAttribute('aria-invalid'), 'true');
    await card(page, '数量').locator('.b-badge-error').waitFor();
    await shots(page, 'form-server-error');
    await panel(page).getByLabel('最小値').fill('1');
    await save(page);
    await saved(page);

    const designed = await rowsOnCanvas(page);
    assert.deepEqual(designed, [
      ['レコード番号'],
      ['備品名', '数量'],
      ['区分', '状態'],
      ['付属品'],
      ['備考'],
      ['貸出日', '返却時刻'],
      ['資料URL', '写真'],
      ['担当者'],
      ['登録日時'],
      { table: '貸出履歴', inner: ['借りた人', '台数', '返却予定日'] },
    ]);

    // --- Name, description, icon ---
    await page.getByRole('link', { name: '名前とアイコン' }).click();
    await page.getByLabel('アプリ名').fill('備品貸出台帳');
    await page.getByLabel('アプリの説明').fill('庁内の備品の貸出と返却を記録します。総務課が管理します。');
    await page.getByRole('radio', { name: '備品' }).check();
    await shots(page, 'settings');
    await page.getByRole('button', { name: '名前とアイコンを保存' }).click();
    await page.getByRole('status').getByText('保存しました').waitFor();
    await page.getByRole('heading', { name: '備品貸出台帳の設定' }).waitFor();

    // --- Permissions: the colleague may view and add ---
    await page.getByRole('link', { name: 'アクセス権' }).click();
    await page.getByRole('rowheader', { name: 'アプリの作成者' }).waitFor();
    await page.getByLabel('ユーザーを追加').selectOption(COLLEAGUE.code);
    await page.getByRole('button', { name: '追加', exact: true }).click();
    const who = `${COLLEAGUE.name}（${COLLEAGUE.code}）`;
    await page.getByRole('checkbox', { name: `${who}: 追加` }).check();
    assert.equal(await page.getByRole('checkbox', { name: `${who}: 閲覧` }).isChecked(), true);
    // The colleague's row first (first match wins), then the creator.
    await page.getByRole('button', { name: `${who} の行を上へ` }).click();
    await shots(page, 'permissions');
    await page.getByRole('button', { name: 'アクセス権を保存' }).click();
    await page.getByRole('status').getByText('保存しました').waitFor();

    // --- Deploy, from the deploy tab ---
    await page.getByRole('link', { name: '反映', exact: true }).click();
    await page.locator('.deploy-tab .deploy-state', { hasText: 'まだ一度も反映していません' }).waitFor();
    await shots(page, 'deploy');
    await page.locator('.deploy-tab').getByRole('button', { name: '変更を反映' }).click();
    const done = page.getByRole('dialog', { name: '反映しました' });
    await done.waitFor();
    await shots(page, 'deploy-success');
    assert.equal(await done.getByRole('link', { name: 'アプリを開く' }).getAttribute('href'), `/apps/${appId}`);
    await done.getByRole('button', { name: '閉じる' }).click();
    await page.locator('.deploy-bar .deploy-state', { hasText: 'アプリに反映済みです' }).waitFor();

    // --- The live form is exactly the design ---
    const live = (await call(srv, 'GET', `/k/v1/app/form/layout.json?app=${appId}`)).json.layout;
    const props = (await call(srv, 'GET', `/k/v1/app/form/fields.json?app=${appId}`)).json.properties;
    const codes = live.map((r) => (r.type === 'SUBTABLE' ? { table: r.code, inner: r.fields.map((x) => x.code) } : r.fields.map((x) => x.code)));
    assert.deepEqual(codes, [
      ['レコード番号'],
      ['equipment_name', 'quantity'],
      ['category', 'status'],
      ['accessories'],
      ['notes'],
      ['loan_date', 'return_time'],
      ['manual_url', 'photo'],
      ['person_in_charge'],
      ['registered_at'],
      { table: 'loans', inner: ['borrower', 'units', 'due'] },
    ]);
    const labelsOf = (c) => (c.table ? { table: props[c.table].label, inner: c.inner.map((x) => props[c.table].fields[x].label) } : c.map((x) => props[x].label));
    assert.deepEqual(codes.map(labelsOf), designed);
    assert.equal(props.item_name, undefined);
    assert.equal(props.description, undefined, 'the deleted field is gone');
    const pick = (p, keys) => Object.fromEntries(keys.map((k) => [k, p[k]]));
    assert.deepEqual(pick(props.equipment_name, ['type', 'required', 'unique', 'maxLength']), { type: 'SINGLE_LINE_TEXT', required: true, unique: true, maxLength: '100' });
    assert.deepEqual(pick(props.quantity, ['type', 'required', 'minValue', 'maxValue', 'digit', 'unit', 'unitPosition', 'defaultValue']), {
      type: 'NUMBER', required: true, minValue: '1', maxValue: '99', digit: true, unit: '台', unitPosition: 'AFTER', defaultValue: '1',
    });
    const order = (p) => Object.entries(p.options).sort((a, b) => a[1].index - b[1].index).map(([n]) => n);
    assert.deepEqual(order(props.category), ['パソコン', 'プロジェクター', 'カメラ']);
    assert.equal(props.category.defaultValue, 'パソコン');
    assert.deepEqual(order(props.status), ['貸出可', '貸出中']);
    assert.equal(props.status.defaultValue, '貸出可');
    assert.deepEqual(pick(props.accessories, ['defaultValue', 'align']), { defaultValue: ['電源'], align: 'VERTICAL' });
    assert.equal(props.loan_date.defaultNowValue, true);
    assert.equal(props.manual_url.protocol, 'WEB');
    assert.equal(props.photo.thumbnailSize, '250');
    assert.deepEqual(props.person_in_charge.defaultValue, [{ code: 'LOGINUSER()', type: 'FUNCTION' }]);
    assert.equal(props.registered_at.type, 'DATETIME');
    assert.deepEqual(pick(props.loans.fields.borrower, ['type', 'required']), { type: 'SINGLE_LINE_TEXT', required: true });
    assert.equal(props.loans.fields.due.type, 'DATE');
    const settings = (await call(srv, 'GET', `/k/v1/app/settings.json?app=${appId}`)).json;
    assert.deepEqual(pick(settings, ['name', 'description', 'icon']), {
      name: '備品貸出台帳', description: '庁内の備品の貸出と返却を記録します。総務課が管理します。', icon: { type: 'PRESET', key: 'APP04' },
    });
    // The colleague may view and add, nothing more.
    const tanaka = { username: COLLEAGUE.code, password: COLLEAGUE.password };
    const rights = (await call(srv, 'GET', `/api/app/rights.json?app=${appId}`, { auth: tanaka })).json;
    assert.deepEqual(rights, { view: true, add: true, edit: false, delete: false, manage: false, export: false });

    // --- Leaving with unsaved work asks first ---
    await page.getByRole('link', { name: 'フォーム' }).click();
    await select(page, '備考');
    await panel(page).getByLabel('必須項目にする').check();
    await page.getByRole('link', { name: 'アプリへ戻る' }).click();
    const leave = page.getByRole('dialog', { name: '保存していない変更があります' });
    await leave.waitFor();
    await leave.getByRole('button', { name: 'このページに残る' }).click();
    assert.match(page.url(), /\/builder\/form$/);
    await panel(page).getByLabel('必須項目にする').uncheck();
    await page.locator('.save-state', { hasText: '変更はすべて保存済みです' }).waitFor();

  });
  assert.deepEqual(problems, []);
});

test('a deployment that fails says why; discarding brings the live settings back', async () => {
  const { page, problems, expected } = await openPage(browser);
  await steps(page, problems, 'deploy-fail', async () => {
    expected(/401 .*\/api\/session\.json/);
    // Two records share a web address; making that field unique cannot be deployed.
    const rec = { manual_url: { value: 'https://example.jp/manual.pdf' }, equipment_name: { value: 'ノートPC 1' } };
    const r = await call(srv, 'POST', '/k/v1/records.json', { body: { app: appId, records: [rec, { ...rec, equipment_name: { value: 'ノートPC 2' } }] } });
    assert.equal(r.status, 200, r.text);
    await signInAsAdmin(page);
    await page.goto(`${srv.baseUrl}/apps/${appId}/builder/form`);
    await page.locator('.deploy-state', { hasText: 'アプリに反映済みです' }).waitFor();
    await select(page, '資料URL');
    await panel(page).getByLabel('値の重複を禁止する').check();
    // Deploying with unsaved work offers to save first.
    await page.locator('.deploy-bar').getByRole('button', { name: '変更を反映' }).click();
    await page.getByRole('dialog', { name: '保存していない変更があります' }).getByRole('button', { name: '保存して反映' }).click();
    const fail = page.getByRole('dialog', { name: '反映できませんでした' });
    await fail.waitFor();
    await fail.getByText('「資料URL」: 既存のレコードに同じ値があるため、値の重複を禁止できません。').waitFor();
    await fail.getByText('いま使われているアプリは何も変わっていません。').waitFor();
    await shots(page, 'deploy-fail');
    // The reason leads to the field.
    await fail.getByRole('button', { name: '「資料URL」の設定を開く' }).click();
    await panel(page).getByRole('heading', { name: 'リンクの設定' }).waitFor();
    assert.equal(await panel(page).getByLabel('フィールド名', { exact: true }).inputValue(), '資料URL');
    await page.locator('.deploy-bar .deploy-state', { hasText: '反映していない変更があります' }).waitFor();
    let live = (await call(srv, 'GET', `/k/v1/app/form/fields.json?app=${appId}`)).json.properties;
    assert.equal(live.manual_url.unique, false, 'a failed deployment changes nothing');

    // Discard: the preview goes back to the live form.
    await page.locator('.deploy-bar').getByRole('button', { name: '変更を破棄' }).click();
    const ask = page.getByRole('dialog', { name: '変更を破棄しますか？' });
    await shots(page, 'discard-confirm');
    await ask.getByRole('button', { name: '破棄する' }).click();
    const gone = page.getByRole('dialog', { name: '変更を破棄しました' });
    await gone.waitFor();
    await gone.getByRole('button', { name: '閉じる' }).click();
    await page.locator('.deploy-bar .deploy-state', { hasText: 'アプリに反映済みです' }).waitFor();
    await select(page, '資料URL');
    assert.equal(await panel(page).getByLabel('値の重複を禁止する').isChecked(), false);
    const preview = (await call(srv, 'GET', `/k/v1/preview/app/form/fields.json?app=${appId}`)).json.properties;
    assert.equal(preview.manual_url.unique, false);
  });
  assert.deepEqual(problems, []);
});

test('the builder at phone width', async () => {
  const { page, problems, expected } = await openPage(browser, { width: 390, height: 844 });
  await steps(page, problems, 'phone', async () => {
    expected(/401 .*\/api\/session\.json/);
    await signInAsAdmin(page);
    const noSideScroll = async () => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
    await page.goto(`${srv.baseUrl}/apps/${appId}/builder/form`);
    await page.locator('.deploy-state', { hasText: 'アプリに反映済みです' }).waitFor();
    // The palette is folded above the form.
    const palette = page.locator('details.palette');
    assert.equal(await palette.getAttribute('open'), null);
    const pBox = await palette.boundingBox();
    const cBox = await page.locator('.designer-main').boundingBox();
    assert.ok(pBox.y + pBox.height <= cBox.y, 'the palette sits above the canvas');
    await shot(page, 'builder-form-390');
    await noSideScroll();
    // Tap to add a field, move it with the buttons, set it up, save.
    await page.getByText('フィールドを追加').click();
    await pal(page, 'SINGLE_LINE_TEXT').click();
    await panel(page).waitFor();
    await setLabel(page, '保管場所', 'storage');
    await page.getByRole('button', { name: '「保管場所」を上へ移動' }).click();
    const rows = await rowsOnCanvas(page);
    assert.deepEqual(rows.at(-2), ['保管場所'], 'moved above the table');
    await shot(page, 'builder-form-settings-390');
    await noSideScroll();
    await save(page);
    await saved(page);
    for (const [tab, name] of [['名前とアイコン', 'settings'], ['アクセス権', 'permissions'], ['反映', 'deploy']]) {
      await page.getByRole('link', { name: tab, exact: true }).click();
      await page.locator(`.builder-tab.current`, { hasText: tab }).waitFor();
      await page.locator('.card h2').waitFor();
      await shot(page, `builder-${name}-390`);
      await noSideScroll();
    }
    // Deploy from the phone.
    await page.locator('.deploy-tab').getByRole('button', { name: '変更を反映' }).click();
    await page.getByRole('dialog', { name: '反映しました' }).waitFor();
    await shot(page, 'builder-deploy-success-390');
    const live = (await call(srv, 'GET', `/k/v1/app/form/fields.json?app=${appId}`)).json.properties;
    assert.equal(live.storage.label, '保管場所');
  });
  assert.deepEqual(problems, []);
});

test('the builder in English', async () => {
  const { page, problems, expected } = await openPage(browser, { locale: 'en-US' });
  await steps(page, problems, 'english', async () => {
    expected(/401 .*\/api\/session\.json/);
    await signInAsAdmin(page);
    await page.goto(`${srv.baseUrl}/apps/${appId}/builder/form`);
    await page.getByRole('heading', { name: 'Settings of 備品貸出台帳' }).waitFor();
    await page.locator('.deploy-state', { hasText: 'Deployed, up to date' }).waitFor();
    await select(page, '数量');
    await panel(page).getByLabel('Minimum value').waitFor();
    await shot(page, 'builder-form-en-1366');
    await page.getByRole('link', { name: 'Permissions' }).click();
    await page.getByRole('rowheader', { name: 'The app creator' }).waitFor();
    await shot(page, 'builder-permissions-en-1366');
  });
  assert.deepEqual(problems, []);
});

test('reshaping a saved form: into a table, an inner rename, and a colleague saving first', async () => {
  const { page, problems, expected } = await openPage(browser);
  await steps(page, problems, 'reshaping', async () => {
    expected(/401 .*\/api\/session\.json/);
    await signInAsAdmin(page);
    await page.goto(`${srv.baseUrl}/apps/${appId}/builder/form`);
    await page.locator('.deploy-state', { hasText: 'アプリに反映済みです' }).waitFor();
    const reshape = async () => {
      // Into the table without dragging: the placement control of the settings panel.
      await select(page, '保管場所');
      await panel(page).getByLabel('「保管場所」を入れるテーブル').selectOption({ label: '貸出履歴' });
      await panel(page).getByRole('button', { name: 'テーブルへ入れる' }).click();
      assert.deepEqual((await rowsOnCanvas(page)).at(-1), { table: '貸出履歴', inner: ['借りた人', '台数', '返却予定日', '保管場所'] });
      await panel(page).getByText('新しいフィールドとして作り直され').waitFor();
      await select(page, '台数');
      await setLabel(page, '貸出台数', 'count');
    };
    await reshape();
    // Someone changes the app meanwhile: the save is refused, nothing is overwritten.
    const other = await call(srv, 'PUT', '/k/v1/preview/app/settings.json', { body: { app: appId, description: '総務課の備品の貸出台帳です。' } });
    assert.equal(other.status, 200, other.text);
    expected(/409 .*\/k\/v1\/preview\/app\/form\/fields\.json/);
    await save(page);
    await page.getByRole('alert').getByText('ほかのユーザーがアプリの設定を変更した可能性があります').waitFor();
    await shots(page, 'form-conflict');
    await page.getByRole('button', { name: '最新の状態を読み込む' }).click();
    await page.locator('.save-state', { hasText: '変更はすべて保存済みです' }).waitFor();
    await reshape();
    await save(page);
    await saved(page);
    const f = (await call(srv, 'GET', `/k/v1/preview/app/form/fields.json?app=${appId}`)).json.properties;
    assert.equal(f.storage, undefined);
    assert.deepEqual(Object.keys(f.loans.fields).sort(), ['borrower', 'count', 'due', 'storage']);
    assert.equal(f.loans.fields.count.label, '貸出台数');
    const layout = (await call(srv, 'GET', `/k/v1/preview/app/form/layout.json?app=${appId}`)).json.layout;
    assert.deepEqual(layout.at(-1).fields.map((x) => x.code), ['borrower', 'count', 'due', 'storage']);
    await page.locator('.deploy-bar .deploy-state', { hasText: '反映していない変更があります' }).waitFor();
  });
  assert.deepEqual(problems, []);
});
