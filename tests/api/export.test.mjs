// Export and transmission (RULES.md rows 22, 23; Kuki 第11条, 第14条; Yabu 第10条(4)). With
// the abiko preset (policy export.rules): a class Ⅰ app's export needs a stated reason
// (DC_EX01), kept with the export's record; an export of personal data above the app's
// threshold is held until a second person (never the requester) approves it from their
// inbox, then released for one download (DC_EX02 before); every file carries who
// exported it and when. With the rules off the export is kintone's, and still recorded in
// the export history. The app lifecycle and the download warnings are off here: this
// test is about exports.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { clientFor, isError, makeApp, sql } from './lib/util.mjs';

let srv, plain, appI, appP, appF, plainI, plainP;
let reqr, head, colleague, outsider, sec, kansa;
const PW = 'a-Long-passphrase-42';
const OFF = { 'apps.lifecycle': 'false', 'downloads.warnings': 'false' };

function sqlWrite(s, query) {
  execFileSync('sqlite3', [join(s.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${query}`]);
}

// Sets an app's class, flags and personal fields through the lifecycle's registration API
// (with apps.lifecycle off the values are set directly).
async function govern(s, app, { cls = 4, flags = 0, personal = [] } = {}) {
  const r = await call(s, 'PUT', '/api/app/governance.json', {
    body: { app, infoClass: cls, flags: { personal: (flags & 1) !== 0, sensitive: false, myNumber: false }, personalFields: personal },
  });
  assert.equal(r.status, 200, r.text);
}

async function user(s, code, roles = []) {
  const r = await call(s, 'POST', '/api/admin/users.json', { body: { code, name: `職員 ${code}`, password: PW, roles } });
  assert.equal(r.status, 200, r.text);
  return { code, id: Number(r.json.id), auth: { username: code, password: PW } };
}

const props = {
  name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' },
  num: { type: 'NUMBER', code: 'num', label: '番号' },
};

// Creator: everything; reqr and colleague: view and export; everyone else: view only.
const acl = [
  { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordExportable: true },
  { entity: { type: 'USER', code: 'reqr' }, recordViewable: true, recordExportable: true },
  { entity: { type: 'USER', code: 'colleague' }, recordViewable: true, recordExportable: true },
  { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: true },
];

async function fill(s, name, n) {
  const admin = clientFor(s);
  const app = await makeApp(admin, name, props, { acl });
  for (let i = 0; i < n; i += 100) {
    await admin.record.addRecords({
      app,
      records: Array.from({ length: Math.min(100, n - i) }, (_, k) => ({ name: { value: `住民 ${i + k}` }, num: { value: String(i + k) } })),
    });
  }
  return app;
}

const exportCsv = (s, app, auth, { query = '', fields, headers = {}, reason } = {}) => {
  let q = `/api/records/export.csv?app=${app}&query=${encodeURIComponent(query)}`;
  (fields || []).forEach((f, i) => { q += `&fields[${i}]=${f}`; });
  if (reason !== undefined) q += `&reason=${encodeURIComponent(reason)}`;
  return call(s, 'GET', q, { auth, headers });
};
const csvRows = (text) => text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

before(async () => {
  [srv, plain] = await Promise.all([startServer({ preset: 'abiko', policy: OFF }), startServer()]);
  for (const s of [srv, plain]) {
    for (const c of ['reqr', 'head', 'colleague', 'outsider']) await user(s, c);
  }
  [reqr, head, colleague, outsider] = await Promise.all(['reqr', 'head', 'colleague', 'outsider'].map(async (c) => {
    const id = sql(srv, `SELECT id FROM users WHERE code = '${c}'`)[0].id;
    return { code: c, id, auth: { username: c, password: PW } };
  }));
  sec = await user(srv, 'sec', ['security_admin']);
  kansa = await user(srv, 'kansa', ['auditor']);
  [appI, appP, appF] = [await fill(srv, '住民票 (Ⅰ)', 10), await fill(srv, '住民名簿', 150), await fill(srv, '窓口記録', 150)];
  await govern(srv, appI, { cls: 1 });
  await govern(srv, appP, { cls: 3, flags: 1 });
  await govern(srv, appF, { cls: 3, personal: ['name'] });
  [plainI, plainP] = [await fill(plain, '住民票 (Ⅰ)', 10), await fill(plain, '住民名簿', 150)];
  await govern(plain, plainI, { cls: 1 });
  await govern(plain, plainP, { cls: 3, flags: 1 });
  // reqr works in the residents section; head is its head (課長).
  const now = Math.floor(Date.now() / 1000);
  sqlWrite(srv, `INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES
      (1, NULL, 'department', 'civic', '市民部', NULL, ${now}, ${now}),
      (2, 1, 'section', 'residents', '市民課', ${head.id}, ${now}, ${now});
    UPDATE users SET section_id = 2 WHERE id IN (${reqr.id}, ${head.id});`);
});
after(async () => {
  await Promise.all([srv?.stop(), plain?.stop()]);
});

test('rules.json tells the export dialog what to ask', async () => {
  const r = await call(srv, 'GET', `/api/export/rules.json?app=${appI}`, { auth: reqr.auth });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.rules, true);
  assert.equal(r.json.reasonRequired, true);
  assert.equal(r.json.infoClass, 'Ⅰ');
  assert.equal(r.json.approvalThreshold, '100');
  const p = await call(srv, 'GET', `/api/export/rules.json?app=${appF}`, { auth: reqr.auth });
  assert.equal(p.json.reasonRequired, false);
  assert.deepEqual(p.json.personalFields, ['name']);
  const off = await call(plain, 'GET', `/api/export/rules.json?app=${plainI}`, { auth: reqr.auth });
  assert.equal(off.json.rules, false);
  assert.equal(off.json.reasonRequired, false);
});

test('class Ⅰ: an export without a reason is refused with DC_EX01 naming Kuki 第11条 and how to give one', async () => {
  const r = await exportCsv(srv, appI, reqr.auth);
  const body = isError(r, 403, 'DC_EX01');
  assert.match(body.message, /久喜市 第11条/);
  assert.match(body.message, /X-Daicho-Reason/);
  const en = await exportCsv(srv, appI, reqr.auth, { headers: { 'Accept-Language': 'en' } });
  assert.match(en.json.message, /Kuki 第11条/);
  assert.match(en.json.message, /reason/);
  // A reason too short counts as none.
  isError(await exportCsv(srv, appI, reqr.auth, { headers: { 'X-Daicho-Reason': 'ab' } }), 403, 'DC_EX01');
  // Nothing left: no history row, no record ids in the access log.
  assert.equal(sql(srv, `SELECT count(*) AS n FROM exports WHERE app_id = ${appI}`)[0].n, 0);
});

test('class Ⅰ with a reason: the file is written, watermarked, and the reason is kept', async () => {
  const reason = '住民税の照会に回答するため';
  const r = await exportCsv(srv, appI, reqr.auth, { headers: { 'X-Daicho-Reason': encodeURIComponent(reason) } });
  assert.equal(r.status, 200, r.text);
  const rows = csvRows(r.text);
  assert.equal(rows.length, 11);
  // The watermark: a last column every row carries (who, when, which request).
  assert.match(rows[0], /"出力記録 \(daicho\)"$/);
  assert.match(rows[1], /"reqr 職員 reqr \d{4}-\d\d-\d\d \d\d:\d\d[+-]\d\d:\d\d [0-9-]+"$/);
  assert.match(r.headers.get('content-disposition'), new RegExp(`filename="app${appI}-\\d{8}-\\d{4}-reqr\\.csv"`));
  assert.match(decodeURIComponent(r.headers.get('x-daicho-exported-by')), /^reqr \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ /);
  const h = sql(srv, `SELECT status, reason, count, info_class, watermark FROM exports WHERE app_id = ${appI}`);
  assert.equal(h.length, 1);
  assert.equal(h[0].status, 'done');
  assert.equal(h[0].reason, reason);
  assert.equal(h[0].count, 10);
  assert.equal(h[0].info_class, 1);
  assert.ok(rows[1].includes(h[0].watermark));
  // The reason parameter works as well as the header.
  const p = await exportCsv(srv, appI, reqr.auth, { reason: '監査資料の作成のため' });
  assert.equal(p.status, 200, p.text);
});

test('personal data above the threshold is held until a second person approves it, then released once', async () => {
  const reason = '転出者への郵送のため';
  const r = await exportCsv(srv, appP, reqr.auth, { headers: { 'X-Daicho-Reason': encodeURIComponent(reason) } });
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.status, 'pending');
  assert.equal(r.json.count, '150');
  assert.equal(r.json.threshold, '100');
  assert.ok(!r.text.includes('住民 1'), 'no record leaves before approval');
  const id = r.json.id;
  // A record added while the export waits is left out of it.
  await clientFor(srv).record.addRecord({ app: appP, record: { name: { value: '後から追加' } } });

  // The section head has it in the inbox, with the checklist and the actions.
  const inbox = await call(srv, 'GET', '/api/inbox.json', { auth: head.auth });
  const item = inbox.json.items.find((x) => x.kind === 'export.approval' && x.refId === id);
  assert.ok(item, inbox.text);
  assert.equal(item.detail.checklist.appName, '住民名簿');
  assert.equal(item.detail.checklist.infoClass, 'Ⅲ');
  assert.equal(item.detail.checklist.count, 150);
  assert.equal(item.detail.checklist.reason, reason);
  assert.equal(item.detail.checklist.user, 'reqr');
  assert.ok(item.detail.checklist.fields.startsWith('氏名, 番号, レコード番号'), item.detail.checklist.fields);
  assert.equal(item.detail.actions[0].path, '/api/export/decide.json');
  assert.equal(item.detail.actions[0].needsChecklist, true);
  // The requester never gets their own request.
  const own = await call(srv, 'GET', '/api/inbox.json', { auth: reqr.auth });
  assert.ok(!own.json.items.some((x) => x.kind === 'export.approval'));

  // Not released yet.
  const early = await call(srv, 'GET', `/api/export/download?id=${id}`, { auth: reqr.auth });
  assert.match(isError(early, 403, 'DC_EX02').message, /承認待ち/);
  // The requester cannot approve their own; someone without standing cannot either.
  isError(await call(srv, 'POST', '/api/export/decide.json', { auth: reqr.auth, body: { id, approve: true } }), 403, 'DC_EX03');
  isError(await call(srv, 'POST', '/api/export/decide.json', { auth: outsider.auth, body: { id, approve: true } }), 403, 'DC_EX03');
  // Only the requester downloads.
  isError(await call(srv, 'GET', `/api/export/download?id=${id}`, { auth: head.auth }), 403, 'CB_NO02');

  const ok = await call(srv, 'POST', '/api/export/decide.json', { auth: head.auth, body: { id, approve: true, comment: '宛先と件数を確認' } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.status, 'approved');
  isError(await call(srv, 'POST', '/api/export/decide.json', { auth: colleague.auth, body: { id, approve: false } }), 409, 'DC_EX04');
  // The head's item is done; the requester is told.
  const after1 = await call(srv, 'GET', '/api/inbox.json', { auth: head.auth });
  assert.ok(!after1.json.items.some((x) => x.kind === 'export.approval' && x.refId === id));
  const told = await call(srv, 'GET', '/api/inbox.json', { auth: reqr.auth });
  assert.ok(told.json.items.some((x) => x.kind === 'export.released' && x.refId === id));

  const mine = await call(srv, 'GET', '/api/export/mine.json', { auth: reqr.auth });
  const m = mine.json.exports.find((x) => x.id === id);
  assert.equal(m.status, 'approved');
  assert.equal(m.downloadable, true);
  assert.equal(m.approver, 'head');

  const file = await call(srv, 'GET', `/api/export/download?id=${id}`, { auth: reqr.auth });
  assert.equal(file.status, 200, file.text);
  const rows = csvRows(file.text);
  assert.equal(rows.length, 151, 'the 150 records approved, not the one added since');
  assert.ok(!file.text.includes('後から追加'));
  assert.match(rows[0], /"出力記録 \(daicho\)"$/);
  assert.match(rows[1], /"reqr 職員 reqr /);
  // Once only.
  const again = await call(srv, 'GET', `/api/export/download?id=${id}`, { auth: reqr.auth });
  assert.match(isError(again, 403, 'DC_EX02').message, /ダウンロード済み/);
  const h = sql(srv, `SELECT status, reason, count, approver_id, watermark FROM exports WHERE id = ${id}`)[0];
  assert.equal(h.status, 'downloaded');
  assert.equal(h.reason, reason);
  assert.equal(h.count, 150);
  assert.equal(h.approver_id, head.id);
  assert.ok(h.watermark.startsWith('reqr '));
  // The access log has the request (no records), the decision and the download (150 ids).
  const log = sql(srv, `SELECT action, count(*) AS n FROM access_log WHERE app_id = ${appP} AND action IN ('export.decide', 'export.download') AND result = 'ok' GROUP BY action`);
  assert.deepEqual(Object.fromEntries(log.map((x) => [x.action, x.n])), { 'export.decide': 1, 'export.download': 1 });
});

test('a colleague with the export right may approve; a refusal is final', async () => {
  const r = await exportCsv(srv, appP, reqr.auth);
  assert.equal(r.status, 202, r.text);
  const no = await call(srv, 'POST', '/api/export/decide.json', { auth: colleague.auth, body: { id: r.json.id, approve: false, comment: '件数が多すぎる' } });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.status, 'refused');
  const d = await call(srv, 'GET', `/api/export/download?id=${r.json.id}`, { auth: reqr.auth, headers: { 'Accept-Language': 'en' } });
  assert.match(isError(d, 403, 'DC_EX02').message, /refused.*Kuki 第14条/);
});

test('small exports and exports without personal fields are written at once', async () => {
  const small = await exportCsv(srv, appP, reqr.auth, { query: 'num < 50' });
  assert.equal(small.status, 200, small.text);
  assert.equal(csvRows(small.text).length, 51);
  // appF flags only the field "name": exporting "num" alone is not personal data.
  const numOnly = await exportCsv(srv, appF, reqr.auth, { fields: ['num'] });
  assert.equal(numOnly.status, 200, numOnly.text);
  assert.equal(csvRows(numOnly.text).length, 151);
  const withName = await exportCsv(srv, appF, reqr.auth, { fields: ['num', 'name'] });
  assert.equal(withName.status, 202, withName.text);
});

test('per-app threshold: the security administrator sets it', async () => {
  isError(await call(srv, 'PUT', '/api/export/settings.json', { auth: reqr.auth, body: { app: appF, threshold: 0 } }), 403, 'CB_NO02');
  const put = await call(srv, 'PUT', '/api/export/settings.json', { auth: sec.auth, body: { app: appF, threshold: 500 } });
  assert.equal(put.status, 200, put.text);
  assert.equal(put.json.approvalThreshold, '500');
  const r = await exportCsv(srv, appF, reqr.auth);
  assert.equal(r.status, 200, r.text);
  const back = await call(srv, 'PUT', '/api/export/settings.json', { auth: sec.auth, body: { app: appF, threshold: null } });
  assert.equal(back.json.approvalThreshold, null);
  assert.equal((await exportCsv(srv, appF, reqr.auth)).status, 202);
});

test('export history: the auditor sees every export, app managers their app, people their own', async () => {
  const all = await call(srv, 'GET', '/api/export/history.json', { auth: kansa.auth });
  assert.equal(all.status, 200, all.text);
  const ex = all.json.exports;
  assert.ok(ex.length >= 8);
  const first = ex.find((x) => x.app === String(appI));
  assert.equal(first.user, 'reqr');
  assert.equal(first.infoClass, 'Ⅰ');
  assert.ok(first.reason.length > 0);
  assert.ok(ex.some((x) => x.status === 'downloaded' && x.approver === 'head'));
  assert.ok(ex.some((x) => x.status === 'refused' && x.approver === 'colleague'));
  const one = await call(srv, 'GET', `/api/export/history.json?app=${appI}`, { auth: srv.auth });
  assert.equal(one.status, 200, one.text);
  assert.ok(one.json.exports.every((x) => x.app === String(appI)));
  isError(await call(srv, 'GET', `/api/export/history.json?app=${appI}`, { auth: reqr.auth }), 403, 'CB_NO02');
  isError(await call(srv, 'GET', '/api/export/history.json', { auth: reqr.auth }), 403, 'CB_NO02');
  const mine = await call(srv, 'GET', '/api/export/mine.json', { auth: outsider.auth });
  assert.deepEqual(mine.json.exports, []);
});

test('rules off (a fresh install): kintone behaviour, no reason, no hold, no watermark; still in the history', async () => {
  const plainReqr = { username: 'reqr', password: PW };
  const i = await exportCsv(plain, plainI, plainReqr);
  assert.equal(i.status, 200, i.text);
  const rows = csvRows(i.text);
  assert.ok(rows[0].startsWith('"氏名","番号","レコード番号"'), rows[0]);
  assert.ok(!rows[0].includes('出力記録'));
  assert.equal(rows.length, 11);
  assert.match(i.headers.get('content-disposition'), new RegExp(`filename="app${plainI}-\\d{8}-\\d{4}\\.csv"`));
  assert.equal(i.headers.get('x-daicho-exported-by'), null);
  const p = await exportCsv(plain, plainP, plainReqr);
  assert.equal(p.status, 200, p.text);
  assert.equal(csvRows(p.text).length, 151);
  const h = sql(plain, 'SELECT status, count, watermark FROM exports ORDER BY id');
  assert.deepEqual(h.map((x) => [x.status, x.count, x.watermark]), [['done', 10, ''], ['done', 150, '']]);
});

test('a released export is not downloaded once the app is closed (the app gate)', async () => {
  const r = await exportCsv(srv, appF, reqr.auth, { fields: ['name'] });
  assert.equal(r.status, 202, r.text);
  const ok = await call(srv, 'POST', '/api/export/decide.json', { auth: head.auth, body: { id: r.json.id, approve: true } });
  assert.equal(ok.status, 200, ok.text);
  sqlWrite(srv, `UPDATE apps SET state = 'closed', gov_revision = gov_revision + 1 WHERE id = ${appF}`);
  isError(await call(srv, 'GET', `/api/export/download?id=${r.json.id}`, { auth: reqr.auth }), 403, 'DC_AP01');
  // Still approved: nothing was released.
  assert.equal(sql(srv, `SELECT status FROM exports WHERE id = ${r.json.id}`)[0].status, 'approved');
});
