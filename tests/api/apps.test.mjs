// Building apps through the official client's app API: every supported field type,
// form and layout changes, deployment (including one that must fail), app listing and
// settings, and the field validation rules with kintone's error keys.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, deploy, makeApp, rejects, everyFieldProps, addUser } from './lib/util.mjs';

let srv, client;
before(async () => {
  srv = await startServer();
  client = clientFor(srv);
});
after(async () => { await srv.stop(); });

test('an app with every supported field type is built, laid out and deployed', async () => {
  const { app, revision } = await client.app.addApp({ name: '全種類のフィールド' });
  assert.match(app, /^\d+$/);
  assert.match(revision, /^\d+$/);
  // Before the first deployment the app has no live form.
  await rejects(client.app.getFormFields({ app }), { code: 'GAIA_AP01', status: 404 });
  const props = everyFieldProps();
  const added = await client.app.addFormFields({ app, properties: props });
  assert.ok(Number(added.revision) > Number(revision));

  const preview = await client.app.getFormFields({ app, preview: true });
  for (const [code, p] of Object.entries(props)) {
    assert.equal(preview.properties[code].type, p.type, code);
    assert.equal(preview.properties[code].code, code);
    assert.equal(preview.properties[code].label, p.label);
  }
  assert.deepEqual(Object.keys(preview.properties.table.fields).sort(), Object.keys(props.table.fields).sort());
  assert.equal(preview.properties.table.fields.t_num.type, 'NUMBER');
  // Options come back with string indexes; the radio's default is kept.
  assert.deepEqual(preview.properties.radio.options.B, { label: 'B', index: '1' });
  assert.equal(preview.properties.radio.defaultValue, 'A');
  // System fields are there from the start (codes in the language of the request: ja).
  const types = Object.values(preview.properties).map((p) => p.type);
  for (const t of ['RECORD_NUMBER', 'CREATOR', 'CREATED_TIME', 'MODIFIER', 'UPDATED_TIME']) assert.ok(types.includes(t), t);

  // The layout lists every field once; reorder it: link and text in one row, the table first.
  const { layout } = await client.app.getFormLayout({ app, preview: true });
  const placed = layout.flatMap((row) => (row.type === 'SUBTABLE' ? [row.code] : row.fields.map((f) => f.code)));
  assert.deepEqual(placed.sort(), Object.keys(props).sort());
  const tableRow = layout.find((r) => r.type === 'SUBTABLE');
  assert.deepEqual(tableRow.fields.map((f) => f.code), Object.keys(props.table.fields));
  const rows = layout.filter((r) => r.type === 'ROW' && !['text', 'link'].includes(r.fields[0].code));
  const newLayout = [
    tableRow,
    { type: 'ROW', fields: [{ type: 'LINK', code: 'link', size: { width: '200' } }, { type: 'SINGLE_LINE_TEXT', code: 'text', size: { width: '300' } }] },
    ...rows,
  ];
  await client.app.updateFormLayout({ app, layout: newLayout });
  const st = await deploy(client, app);
  assert.deepEqual(st, [{ app, status: 'SUCCESS' }]);

  const live = await client.app.getFormLayout({ app });
  assert.equal(live.layout[0].type, 'SUBTABLE');
  assert.equal(live.layout[0].code, 'table');
  assert.deepEqual(live.layout[1].fields.map((f) => f.code), ['link', 'text']);
  assert.equal(live.layout[1].fields[1].size.width, '300');
  const liveFields = await client.app.getFormFields({ app });
  assert.deepEqual(Object.keys(liveFields.properties).sort(), Object.keys(preview.properties).sort());

  // Every field type takes a value and gives it back.
  const { id } = await client.record.addRecord({
    app,
    record: {
      text: { value: 'テキスト' }, memo: { value: '一行目\n二行目' }, rich: { value: '<b>太字</b>' },
      num: { value: '-12.50' }, radio: { value: 'B' }, check: { value: ['y', 'x'] }, multi: { value: ['m2'] },
      drop: { value: 'd2' }, date: { value: '2024-04-01' }, time: { value: '09:30' },
      dt: { value: '2024-04-01T09:30:00+09:00' }, link: { value: 'https://example.com/a?b=c' },
      user: { value: [{ code: 'admin' }] },
      table: { value: [{ value: { t_text: { value: '行1' }, t_num: { value: 3 }, t_date: { value: '2024-04-02' }, t_check: { value: ['q'] }, t_user: { value: [{ code: 'admin' }] } } }] },
    },
  });
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record.text.value, 'テキスト');
  assert.equal(record.memo.value, '一行目\n二行目');
  assert.equal(record.rich.value, '<b>太字</b>');
  assert.equal(record.num.value, '-12.5');
  assert.equal(record.radio.value, 'B');
  assert.deepEqual([...record.check.value].sort(), ['x', 'y']);
  assert.deepEqual(record.multi.value, ['m2']);
  assert.equal(record.drop.value, 'd2');
  assert.equal(record.date.value, '2024-04-01');
  assert.equal(record.time.value, '09:30');
  assert.equal(record.dt.value, '2024-04-01T00:30:00Z');
  assert.equal(record.link.value, 'https://example.com/a?b=c');
  assert.deepEqual(record.user.value, [{ code: 'admin', name: 'Administrator' }]);
  assert.equal(record.table.type, 'SUBTABLE');
  const row = record.table.value[0];
  assert.match(row.id, /^\d+$/);
  assert.deepEqual(row.value.t_num, { type: 'NUMBER', value: '3' });
  assert.deepEqual(row.value.t_check, { type: 'CHECK_BOX', value: ['q'] });
  assert.deepEqual(row.value.t_file, { type: 'FILE', value: [] });
});

test('form fields are updated, renamed and deleted in the preview, live only after deploy', async () => {
  const app = await makeApp(client, 'フォーム変更', {
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'Title' },
    gone: { type: 'NUMBER', code: 'gone', label: 'Gone' },
    kind: { type: 'DROP_DOWN', code: 'kind', label: 'Kind', options: { a: { label: 'a', index: '0' } } },
  });
  const { id } = await client.record.addRecord({ app, record: { title: { value: 'keep me' }, gone: { value: '5' }, kind: { value: 'a' } } });

  const before = await client.app.getFormFields({ app, preview: true });
  await client.app.updateFormFields({
    app,
    properties: {
      title: { code: 'name', label: '名前', maxLength: '20' },
      kind: { options: { a: { label: 'a', index: '0' }, b: { label: 'b', index: '1' } } },
    },
    revision: before.revision,
  });
  await client.app.deleteFormFields({ app, fields: ['gone'] });
  // A stale revision is refused and changes nothing.
  await rejects(client.app.updateFormFields({ app, properties: { kind: { label: 'X' } }, revision: before.revision }), { code: 'GAIA_CO02', status: 409 });

  const pv = await client.app.getFormFields({ app, preview: true });
  assert.ok(pv.properties.name);
  assert.equal(pv.properties.title, undefined);
  assert.equal(pv.properties.gone, undefined);
  assert.equal(pv.properties.name.maxLength, '20');
  assert.equal(pv.properties.kind.label, 'Kind');
  assert.deepEqual(Object.keys(pv.properties.kind.options).sort(), ['a', 'b']);
  // The live form is unchanged until deployment.
  const lv = await client.app.getFormFields({ app });
  assert.ok(lv.properties.title && lv.properties.gone);
  assert.equal((await client.record.getRecord({ app, id })).record.title.value, 'keep me');
  // The layout follows the rename.
  const pl = await client.app.getFormLayout({ app, preview: true });
  const codes = pl.layout.flatMap((r) => r.fields.map((f) => f.code));
  assert.ok(codes.includes('name') && !codes.includes('title') && !codes.includes('gone'), codes.join());

  assert.equal((await deploy(client, app))[0].status, 'SUCCESS');
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record.name.value, 'keep me');
  assert.equal(record.title, undefined);
  assert.equal(record.gone, undefined);
  await client.record.updateRecord({ app, id, record: { kind: { value: 'b' } } });
  await rejects(client.record.updateRecord({ app, id, record: { name: { value: 'x'.repeat(21) } } }), { code: 'CB_VA01', keys: ['record.name.value'] });
  // Deleting an unknown field is refused.
  await rejects(client.app.deleteFormFields({ app, fields: ['nope'] }), { code: 'CB_VA01', status: 400 });
});

test('unsupported field types and lookups are refused with a clear error', async () => {
  const { app } = await client.app.addApp({ name: '未対応' });
  const cases = {
    CALC: { type: 'CALC', code: 'c', label: 'c', expression: '1+1' },
    GROUP_SELECT: { type: 'GROUP_SELECT', code: 'c', label: 'c' },
    ORGANIZATION_SELECT: { type: 'ORGANIZATION_SELECT', code: 'c', label: 'c' },
    REFERENCE_TABLE: { type: 'REFERENCE_TABLE', code: 'c', label: 'c' },
    CATEGORY: { type: 'CATEGORY', code: 'c', label: 'c' },
  };
  for (const [t, p] of Object.entries(cases)) {
    const e = await rejects(client.app.addFormFields({ app, properties: { c: p } }), { code: 'CB_VA01', status: 400, keys: ['properties.c.type'] });
    assert.ok(e.errors['properties.c.type'].messages.join().includes(t), `${t}: ${JSON.stringify(e.errors)}`);
  }
  const lookup = {
    type: 'SINGLE_LINE_TEXT', code: 'lk', label: 'lk',
    lookup: { relatedApp: { app: '1' }, relatedKeyField: 'title', fieldMappings: [], lookupPickerFields: [] },
  };
  const e = await rejects(client.app.addFormFields({ app, properties: { lk: lookup } }), { code: 'CB_VA01', status: 400 });
  assert.ok(Object.keys(e.errors).some((k) => k.startsWith('properties.lk')), JSON.stringify(e.errors));
  // A made-up type is refused too, and nothing was added by any of these.
  await rejects(client.app.addFormFields({ app, properties: { c: { type: 'HOLOGRAM', code: 'c', label: 'c' } } }), { code: 'CB_VA01' });
  const pv = await client.app.getFormFields({ app, preview: true });
  assert.deepEqual(Object.values(pv.properties).map((p) => p.type).sort(), ['CREATED_TIME', 'CREATOR', 'MODIFIER', 'RECORD_NUMBER', 'UPDATED_TIME']);
});

test('a deployment that breaks existing data reaches FAIL and changes nothing', async () => {
  const app = await makeApp(client, '重複', { key: { type: 'SINGLE_LINE_TEXT', code: 'key', label: 'Key' } });
  await client.record.addRecords({ app, records: [{ key: { value: 'same' } }, { key: { value: 'same' } }, { key: { value: 'other' } }] });
  await client.app.updateFormFields({ app, properties: { key: { unique: true } } });
  await client.app.deployApp({ apps: [{ app }] });
  const t0 = Date.now();
  let status;
  while (Date.now() - t0 < 10000) {
    status = (await client.app.getDeployStatus({ apps: [app] })).apps[0].status;
    if (status !== 'PROCESSING') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(status, 'FAIL');
  // The live form still allows duplicates, and the records are untouched.
  assert.equal((await client.app.getFormFields({ app })).properties.key.unique, false);
  await client.record.addRecord({ app, record: { key: { value: 'same' } } });
  const { records } = await client.record.getRecords({ app, query: 'key = "same"' });
  assert.equal(records.length, 3);
  // Once the data is made distinct, the same preview deploys.
  const ids = records.map((r) => r.$id.value);
  await client.record.updateRecords({ app, records: ids.map((id, i) => ({ id, record: { key: { value: `k${i}` } } })) });
  assert.equal((await deploy(client, app))[0].status, 'SUCCESS');
  assert.equal((await client.app.getFormFields({ app })).properties.key.unique, true);
  await rejects(client.record.addRecord({ app, record: { key: { value: 'k0' } } }), { code: 'CB_VA01', keys: ['record.key.value'] });
});

test('getApp, getApps with filters, limit and offset, and app settings', async () => {
  const made = [];
  for (const n of ['Alpha 帳簿', 'beta 帳簿', 'Gamma']) made.push(await makeApp(client, n, {}));
  const got = await client.app.getApp({ id: made[0] });
  assert.equal(got.appId, made[0]);
  assert.equal(got.name, 'Alpha 帳簿');
  assert.equal(got.code, '');
  assert.equal(got.spaceId, null);
  assert.equal(got.creator.code, 'admin');
  assert.match(got.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  const byIds = await client.app.getApps({ ids: made });
  assert.deepEqual(byIds.apps.map((a) => a.appId), made);
  const byName = await client.app.getApps({ name: '帳簿' });
  assert.deepEqual(byName.apps.map((a) => a.name).sort(), ['Alpha 帳簿', 'beta 帳簿']);
  const ci = await client.app.getApps({ name: 'ALPHA' });
  assert.deepEqual(ci.apps.map((a) => a.appId), [made[0]]);
  const page1 = await client.app.getApps({ ids: made, limit: 2 });
  const page2 = await client.app.getApps({ ids: made, limit: 2, offset: 2 });
  assert.deepEqual([...page1.apps, ...page2.apps].map((a) => a.appId), made);
  assert.equal(page1.apps.length, 2);
  assert.deepEqual((await client.app.getApps({ codes: ['NO_SUCH_CODE'] })).apps, []);
  await rejects(client.app.getApps({ limit: 101 }), { code: 'CB_VA01', keys: ['limit'] });
  await rejects(client.app.getApp({ id: 999999 }), { code: 'GAIA_AP01', status: 404 });

  // Settings: a preview change, live after deployment.
  const s0 = await client.app.getAppSettings({ app: made[2] });
  assert.equal(s0.name, 'Gamma');
  await client.app.updateAppSettings({ app: made[2], name: 'Gamma 改', description: '説明<b>文</b>' });
  assert.equal((await client.app.getAppSettings({ app: made[2], preview: true })).name, 'Gamma 改');
  assert.equal((await client.app.getApp({ id: made[2] })).name, 'Gamma');
  await deploy(client, made[2]);
  const after = await client.app.getApp({ id: made[2] });
  assert.equal(after.name, 'Gamma 改');
  assert.equal(after.description, '説明<b>文</b>');
  await rejects(client.app.updateAppSettings({ app: made[2], name: 'x'.repeat(65) }), { code: 'CB_VA01', keys: ['name'] });
  await rejects(client.app.addApp({ name: '' }), { code: 'CB_VA01', keys: ['name'] });
});

test('apps.json lists only the apps a user may see, and users without the right cannot create apps', async () => {
  const mine = await makeApp(client, 'Admin only', {});
  const u = await addUser(srv, 'viewer-apps');
  const uc = clientFor(srv, u.auth);
  const { apps } = await uc.app.getApps({});
  assert.ok(!apps.some((a) => a.appId === mine), 'the creator-only app is hidden');
  await rejects(uc.app.addApp({ name: 'nope' }), { code: 'CB_NO02', status: 403 });
  await rejects(uc.app.getFormFields({ app: mine }), { code: 'CB_NO02', status: 403 });
  await rejects(uc.app.addFormFields({ app: mine, properties: { x: { type: 'NUMBER', code: 'x', label: 'x' } } }), { code: 'CB_NO02', status: 403 });
});

// Field validation: one app whose fields carry each rule.
test('required, unique, default, length, value and option rules with kintone error keys', async () => {
  const app = await makeApp(client, '検証', {
    req: { type: 'SINGLE_LINE_TEXT', code: 'req', label: 'req', required: true },
    uniq: { type: 'SINGLE_LINE_TEXT', code: 'uniq', label: 'uniq', unique: true },
    len: { type: 'SINGLE_LINE_TEXT', code: 'len', label: 'len', minLength: '2', maxLength: '5' },
    num: { type: 'NUMBER', code: 'num', label: 'num', minValue: '-10', maxValue: '100', defaultValue: '7' },
    unum: { type: 'NUMBER', code: 'unum', label: 'unum', unique: true },
    deftext: { type: 'SINGLE_LINE_TEXT', code: 'deftext', label: 'deftext', defaultValue: '既定値' },
    radio: { type: 'RADIO_BUTTON', code: 'radio', label: 'radio', options: { r1: { label: 'r1', index: '0' }, r2: { label: 'r2', index: '1' } }, defaultValue: 'r2' },
    check: { type: 'CHECK_BOX', code: 'check', label: 'check', options: { c1: { label: 'c1', index: '0' }, c2: { label: 'c2', index: '1' } }, defaultValue: ['c1'], required: true },
    multi: { type: 'MULTI_SELECT', code: 'multi', label: 'multi', options: { m1: { label: 'm1', index: '0' } } },
    drop: { type: 'DROP_DOWN', code: 'drop', label: 'drop', options: { d1: { label: 'd1', index: '0' } } },
    users: { type: 'USER_SELECT', code: 'users', label: 'users', required: true, defaultValue: [{ code: 'LOGINUSER()', type: 'FUNCTION' }] },
    files: { type: 'FILE', code: 'files', label: 'files', required: false },
    link: { type: 'LINK', code: 'link', label: 'link', protocol: 'MAIL' },
    date: { type: 'DATE', code: 'date', label: 'date' },
    tbl: { type: 'SUBTABLE', code: 'tbl', label: 'tbl', fields: { in_req: { type: 'SINGLE_LINE_TEXT', code: 'in_req', label: 'in', required: true }, in_num: { type: 'NUMBER', code: 'in_num', label: 'in_num' } } },
  });
  // Defaults when fields are omitted.
  const { id } = await client.record.addRecord({ app, record: { req: { value: 'r' } } });
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record.num.value, '7');
  assert.equal(record.deftext.value, '既定値');
  assert.equal(record.radio.value, 'r2');
  assert.deepEqual(record.check.value, ['c1']);
  assert.deepEqual(record.users.value, [{ code: 'admin', name: 'Administrator' }]);
  assert.equal(record.drop.value, null);
  // An explicit empty value is kept (not replaced by the default).
  const e2 = await client.record.addRecord({ app, record: { req: { value: 'r' }, deftext: { value: '' }, num: { value: '' } } });
  const r2 = (await client.record.getRecord({ app, id: e2.id })).record;
  assert.equal(r2.deftext.value, '');
  assert.equal(r2.num.value, '');

  const bad = async (rec, keys, msgs) => {
    const before = (await client.record.getRecords({ app, totalCount: true })).totalCount;
    const e = await rejects(client.record.addRecord({ app, record: rec }), { code: 'CB_VA01', status: 400, keys });
    for (const [k, m] of Object.entries(msgs || {})) assert.deepEqual(e.errors[k].messages, [m], `${k}: ${JSON.stringify(e.errors)}`);
    assert.equal((await client.record.getRecords({ app, totalCount: true })).totalCount, before, 'nothing was added');
    return e;
  };
  await bad({}, ['record.req.value'], { 'record.req.value': '必須です。' });
  await bad({ req: { value: '   ' }, check: { value: [] } }, ['record.check.values']);
  await bad({ req: { value: 'r' }, users: { value: [] } }, ['record.users.values.value']);
  await bad({ req: { value: 'r' }, len: { value: '123456' } }, ['record.len.value'], { 'record.len.value': '6文字より短くなければなりません。' });
  await bad({ req: { value: 'r' }, len: { value: '1' } }, ['record.len.value'], { 'record.len.value': '1文字より長くなければなりません。' });
  await bad({ req: { value: 'r' }, num: { value: '101' } }, ['record.num.value'], { 'record.num.value': '100以下である必要があります。' });
  await bad({ req: { value: 'r' }, num: { value: '-10.5' } }, ['record.num.value'], { 'record.num.value': '-10以上である必要があります。' });
  await bad({ req: { value: 'r' }, num: { value: 'abc' } }, ['record[num].value']);
  await bad({ req: { value: 'r' }, radio: { value: 'zz' } }, ['record.radio.value'], { 'record.radio.value': '"zz"は選択肢にありません。' });
  await bad({ req: { value: 'r' }, drop: { value: 'zz' } }, ['record.drop.value']);
  await bad({ req: { value: 'r' }, check: { value: ['c1', 'zz'] } }, ['record.check.values[1].value']);
  await bad({ req: { value: 'r' }, multi: { value: ['nope'] } }, ['record.multi.values[0].value']);
  await bad({ req: { value: 'r' }, users: { value: [{ code: 'nobody' }] } }, ['record.users.values[0].value']);
  await bad({ req: { value: 'r' }, link: { value: 'not a mail address' } }, ['record.link.value']);
  await bad({ req: { value: 'r' }, date: { value: '2024-02-30' } }, ['record.date.value']);
  await bad({ req: { value: 'r' }, tbl: { value: [{ value: { in_num: { value: '1' } } }] } }, ['record.tbl.value[0].value.in_req.value']);
  // Several problems at once are all reported.
  await bad({ len: { value: 'x' }, radio: { value: 'q' } }, ['record.req.value', 'record.len.value', 'record.radio.value']);

  // Unique: a second record with the same value, in one request or across requests.
  await client.record.addRecord({ app, record: { req: { value: 'r' }, uniq: { value: 'U1' }, unum: { value: '1.50' } } });
  await bad({ req: { value: 'r' }, uniq: { value: 'U1' } }, ['record.uniq.value'], { 'record.uniq.value': '値がほかのレコードと重複しています。' });
  await bad({ req: { value: 'r' }, unum: { value: '1.5' } }, ['record.unum.value']);
  const e = await rejects(client.record.addRecords({ app, records: [{ req: { value: 'a' }, uniq: { value: 'U2' } }, { req: { value: 'b' }, uniq: { value: 'U2' } }] }), { code: 'CB_VA01' });
  assert.ok(Object.keys(e.errors).some((k) => k.startsWith('records[1].uniq')), JSON.stringify(e.errors));
  assert.equal((await client.record.getRecords({ app, query: 'uniq = "U2"' })).records.length, 0);
  // Updating a record to its own value is fine; to another record's is not.
  const { records: [u1] } = await client.record.getRecords({ app, query: 'uniq = "U1"' });
  await client.record.updateRecord({ app, id: u1.$id.value, record: { uniq: { value: 'U1' } } });
  await rejects(client.record.updateRecord({ app, id, record: { uniq: { value: 'U1' } } }), { code: 'CB_VA01', keys: ['record.uniq.value'] });
  // Required checks on update run on the merged record: omitting req is fine, blanking it is not.
  await client.record.updateRecord({ app, id, record: { len: { value: 'ok' } } });
  await rejects(client.record.updateRecord({ app, id, record: { req: { value: '' } } }), { code: 'CB_VA01', keys: ['record.req.value'] });
  // records.json uses records[i]. as the prefix, as the clients expect.
  const me = await rejects(client.record.addRecords({ app, records: [{ req: { value: 'ok' } }, { len: { value: 'toolongvalue' } }] }), { code: 'CB_VA01' });
  assert.ok(me.errors['records[1].req.value'] && me.errors['records[1].len.value'], JSON.stringify(me.errors));
  assert.equal(me.errors['records[0].req.value'], undefined);
});

test('field definitions themselves are validated', async () => {
  const { app } = await client.app.addApp({ name: '定義の検証' });
  const refuse = (properties) => rejects(client.app.addFormFields({ app, properties }), { code: 'CB_VA01', status: 400 });
  await refuse({ 'bad code': { type: 'SINGLE_LINE_TEXT', code: 'bad code', label: 'x' } });
  await refuse({ x: { type: 'SINGLE_LINE_TEXT', code: 'y', label: 'x' } });
  await refuse({ r: { type: 'RADIO_BUTTON', code: 'r', label: 'r' } });
  await refuse({ r: { type: 'RADIO_BUTTON', code: 'r', label: 'r', options: { a: { label: 'a', index: '0' } }, defaultValue: 'b' } });
  await refuse({ n: { type: 'NUMBER', code: 'n', label: 'n', minValue: '10', maxValue: '1' } });
  await refuse({ t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't', minLength: '5', maxLength: '2' } });
  await refuse({ t: { type: 'SUBTABLE', code: 't', label: 't', fields: {} } });
  await refuse({ t: { type: 'SUBTABLE', code: 't', label: 't', fields: { u: { type: 'SINGLE_LINE_TEXT', code: 'u', label: 'u', unique: true } } } });
  await client.app.addFormFields({ app, properties: { dup: { type: 'NUMBER', code: 'dup', label: 'dup' } } });
  await refuse({ dup: { type: 'NUMBER', code: 'dup', label: 'dup' } });
  const pv = await client.app.getFormFields({ app, preview: true });
  assert.deepEqual(Object.keys(pv.properties).filter((k) => !/^[^\x00-\x7f]/.test(k)), ['dup']);
});

test('subtable inner fields renamed, added and deleted keep the rows\' data; revert drops a preview', async () => {
  const app = await makeApp(client, '表の変更', {
    t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' },
    tbl: { type: 'SUBTABLE', code: 'tbl', label: 'tbl', fields: { a: { type: 'SINGLE_LINE_TEXT', code: 'a', label: 'a' }, b: { type: 'NUMBER', code: 'b', label: 'b' } } },
  });
  const { id } = await client.record.addRecord({ app, record: { tbl: { value: [{ value: { a: { value: 'A1' }, b: { value: 1 } } }, { value: { a: { value: 'A2' }, b: { value: 2 } } }] } } });
  const rowIds = (await client.record.getRecord({ app, id })).record.tbl.value.map((r) => r.id);
  await client.app.updateFormFields({ app, properties: { tbl: { fields: { a: { code: 'a2', label: 'renamed' }, c: { type: 'DATE', code: 'c', label: 'c' } } }, t: { required: true } } });
  assert.equal((await deploy(client, app))[0].status, 'SUCCESS');
  let rows = (await client.record.getRecord({ app, id })).record.tbl.value;
  assert.deepEqual(rows.map((r) => r.id), rowIds);
  assert.deepEqual(rows.map((r) => [r.value.a2.value, r.value.b.value, r.value.c.value]), [['A1', '1', null], ['A2', '2', null]]);
  assert.equal((await client.record.getRecords({ app, query: 'a2 in ("A2")' })).records.length, 1);
  await rejects(client.record.getRecords({ app, query: 'a in ("A2")' }), { code: 'GAIA_IQ11' });
  // A field made required applies to later writes of the record (checked on the merged record).
  await rejects(client.record.updateRecord({ app, id, record: { tbl: { value: [] } } }), { code: 'CB_VA01', keys: ['record.t.value'] });
  await client.app.deleteFormFields({ app, fields: ['b'] });
  assert.equal((await deploy(client, app))[0].status, 'SUCCESS');
  rows = (await client.record.getRecord({ app, id })).record.tbl.value;
  assert.deepEqual(rows.map((r) => Object.keys(r.value).sort()), [['a2', 'c'], ['a2', 'c']]);
  // revert: the preview goes back to the live form.
  await client.app.addFormFields({ app, properties: { z: { type: 'NUMBER', code: 'z', label: 'z' } } });
  await client.app.deployApp({ apps: [{ app }], revert: true });
  assert.equal((await client.app.getDeployStatus({ apps: [app] })).apps[0].status, 'SUCCESS');
  assert.equal((await client.app.getFormFields({ app, preview: true })).properties.z, undefined);
  assert.equal((await client.app.getFormFields({ app })).properties.z, undefined);
});

test('an app never deployed: live endpoints say so (no crash), preview ones work for its creator', async () => {
  const { app: draft } = await client.app.addApp({ name: 'draft only' });
  for (const path of ['/k/v1/app/acl.json', '/k/v1/app/form/fields.json', '/k/v1/app/views.json', '/k/v1/app/settings.json']) {
    const r = await call(srv, 'GET', `${path}?app=${draft}`);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.equal(r.json.code, 'GAIA_AP01');
  }
  const p = await call(srv, 'GET', `/k/v1/preview/app/acl.json?app=${draft}`);
  assert.equal(p.status, 200, p.text);
  assert.equal((await call(srv, 'GET', '/api/health.json')).status, 200, 'still running');
});

test('discarding preview changes brings the preview revision back to the live one', async () => {
  const { app: a } = await client.app.addApp({ name: 'revert' });
  await client.app.addFormFields({ app: a, properties: { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } } });
  await client.app.deployApp({ apps: [{ app: a }] });
  const live = (await client.app.getFormFields({ app: a })).revision;
  await client.app.addFormFields({ app: a, properties: { u: { type: 'NUMBER', code: 'u', label: 'u' } } });
  assert.notEqual((await client.app.getFormFields({ app: a, preview: true })).revision, live);
  await client.app.deployApp({ apps: [{ app: a }], revert: true });
  const preview = await client.app.getFormFields({ app: a, preview: true });
  assert.equal(preview.revision, live);
  assert.equal(preview.properties.u, undefined);
});
