// The My Number guard (RULES.md row 2, Abiko §5(2) 特定個人情報): generated valid
// individual numbers, in every notation, through every write path (record add and update,
// bulk, bulkRequest, subtables, CSV import, comments, file names and text attachments,
// API tokens) are refused with DC_MN01 naming the place and the rule; a bare number in
// long prose asks for confirmation (DC_MN02) and passes with X-Daicho-Confirm, logged as
// confirmed; corporate numbers, phone numbers, postal codes, invalid check digits and
// longer digit runs pass. The guard is always on: the same with the abiko preset and
// without it. An app flagged for specific personal information is exempt once its change
// request is approved (department head, then the administration section). The numbers
// never appear in the access log, the journal or the server's output.
// Every number here is generated and fake.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, call } from './lib/server.mjs';
import { addToken, addUser, clientFor, makeApp, rejects, sql } from './lib/util.mjs';

// The ordinance's check digit (weights 6 5 4 3 2 7 6 5 4 3 2).
function checkDigit(d11) {
  const w = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const r = [...d11].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
  return r <= 1 ? 0 : 11 - r;
}
let seed = 20260401;
function fakeNumber() {
  let d = '';
  for (let i = 0; i < 11; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    d += String(seed % 10);
  }
  return d + checkDigit(d);
}
const wide = (s) => s.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)));
const group = (d, sep) => `${d.slice(0, 4)}${sep}${d.slice(4, 8)}${sep}${d.slice(8)}`;
// Every notation of a number: plain, full-width, 4-4-4 with the separators people type.
const notations = (d) => [d, wide(d), group(d, ' '), group(d, '-'), group(d, '　'), group(d, '－'), group(d, '−'), group(d, 'ー'), wide(group(d, '－'))];

const used = [];	// every number sent, to look for in the logs afterwards
const num = () => { const n = fakeNumber(); used.push(n); return n; };

const props = {
  text: { type: 'SINGLE_LINE_TEXT', code: 'text', label: '氏名' },
  memo: { type: 'MULTI_LINE_TEXT', code: 'memo', label: '経過' },
  rich: { type: 'RICH_TEXT', code: 'rich', label: '詳細' },
  amount: { type: 'NUMBER', code: 'amount', label: '金額' },
  file: { type: 'FILE', code: 'file', label: '添付' },
  table: {
    type: 'SUBTABLE', code: 'table', label: '明細',
    fields: {
      t_text: { type: 'SINGLE_LINE_TEXT', code: 't_text', label: '内容' },
      t_file: { type: 'FILE', code: 't_file', label: '明細の添付' },
    },
  },
};
const ACL = [{ entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordImportable: true, recordExportable: true }];
const prose = (n) => `本日の窓口対応について記録します。来庁者から書類の確認依頼があり、参照 ${n} を控えたうえで、来週までに担当から回答することになりました。`;

const servers = {};
const columns = (srv, table) => sql(srv, `SELECT name FROM pragma_table_info('${table}')`).map((r) => r.name);
function sqlWrite(srv, query) {
  execFileSync('sqlite3', [join(srv.dataDir, 'daicho.db'), `PRAGMA busy_timeout=5000; ${query}`]);
}
// Under the lifecycle rules (another part of issue 5) a deployed app waits for approval:
// these tests are about the guard, so the app is published directly.
function publish(srv, app) {
  const cols = columns(srv, 'apps');
  if (!cols.includes('state')) return;
  sqlWrite(srv, `UPDATE apps SET state = 'published'${cols.includes('gov_revision') ? ', gov_revision = gov_revision + 1' : ''} WHERE id = ${app}`);
}

async function setup(preset) {
  const policy = { 'apps.administration_section': 'gyokan' };
  const srv = await startServer(preset ? { preset, policy } : { policy });
  const client = clientFor(srv);
  // Approvers of a My Number app (Abiko §9(5)): the department head, then the
  // administration section.
  const bucho = await addUser(srv, 'bucho', { name: '部長 次郎' });
  const gyokacho = await addUser(srv, 'gyokacho', { name: '行管 三郎' });
  const id = (code) => sql(srv, `SELECT id FROM users WHERE code = '${code}'`)[0].id;
  sqlWrite(srv, `INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (10, NULL, 'department', 'soumu', '総務部', ${id('bucho')}, 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (11, 10, 'section', 'jinji', '人事課', 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, created_at, updated_at) VALUES (20, NULL, 'department', 'kikaku', '企画部', 0, 0);
    INSERT INTO org_units(id, parent_id, kind, code, name, head_id, created_at, updated_at) VALUES (21, 20, 'section', 'gyokan', '行政管理課', ${id('gyokacho')}, 0, 0);
    UPDATE users SET section_id = 11 WHERE code = 'admin';
    UPDATE users SET section_id = 10 WHERE code = 'bucho';
    UPDATE users SET section_id = 21 WHERE code = 'gyokacho';`);
  const app = await makeApp(client, `My Number ${preset || 'plain'}`, props, { acl: ACL });
  publish(srv, app);
  const exempt = await makeApp(client, `特定個人情報 ${preset || 'plain'}`, props, { acl: ACL });
  publish(srv, exempt);
  const rec = (await client.record.addRecord({ app, record: { text: { value: 'ok' } } })).id;
  return { srv, client, app, exempt, rec, bucho, gyokacho };
}

before(async () => {
  const [plain, abiko] = await Promise.all([setup(null), setup('abiko')]);
  servers.plain = plain;
  servers.abiko = abiko;
});
after(async () => {
  for (const s of Object.values(servers)) await s.srv.stop();
});

// A refusal: DC_MN01 (or DC_MN02), HTTP 400, the keys, the rule and never the number.
function refused(err, code, keys, digits) {
  assert.equal(err.status, 400, err.message);
  assert.equal(err.code, code, err.message);
  for (const k of keys) assert.ok(err.errors && err.errors[k], `errors key ${k} missing: ${JSON.stringify(err.errors)}`);
  assert.match(err.message, /§5\(2\)/);
  const text = JSON.stringify({ m: err.message, e: err.errors });
  for (const d of digits) {
    assert.ok(!text.includes(d), 'the number is never in the message');
    assert.ok(!text.includes(d.slice(4)), 'nor part of it');
  }
}

for (const mode of ['plain', 'abiko']) {
  test(`${mode}: every notation in a text field is refused, naming the field and the rule`, async () => {
    const { client, app } = servers[mode];
    const d = num();
    for (const n of notations(d)) {
      const err = await rejects(client.record.addRecord({ app, record: { text: { value: `山田 ${n}` } } }));
      refused(err, 'DC_MN01', ['record.text.value'], [d]);
      assert.match(err.message, /フィールド「text」/);
    }
    // A number field too, also when it drops a leading zero.
    let d2 = num();
    while (d2[0] === '0') d2 = num();
    const err = await rejects(client.record.addRecord({ app, record: { amount: { value: d2 } } }));
    refused(err, 'DC_MN01', ['record.amount.value'], [d2]);
    const z = '05' + d2.slice(2, 11);
    const zero = z + checkDigit(z);
    used.push(zero);
    refused(await rejects(client.record.addRecord({ app, record: { amount: { value: zero } } })), 'DC_MN01', ['record.amount.value'], [zero]);
  });

  test(`${mode}: update, bulk add, upsert and subtable rows are refused; nothing is stored`, async () => {
    const { srv, client, app, rec } = servers[mode];
    const before = (await client.record.getRecord({ app, id: rec })).record;
    const d = num();
    refused(await rejects(client.record.updateRecord({ app, id: rec, record: { text: { value: d } } })), 'DC_MN01', ['record.text.value'], [d]);
    const count = Number((await client.record.getRecords({ app, totalCount: true })).totalCount);
    refused(await rejects(client.record.addRecords({ app, records: [{ text: { value: 'a' } }, { text: { value: group(d, '-') } }] })),
      'DC_MN01', ['records[1].text.value'], [d]);
    refused(await rejects(client.record.updateRecords({ app, upsert: true, records: [{ id: rec, record: { memo: { value: `個人番号 ${d}` } } }] })),
      'DC_MN01', ['records[0].memo.value'], [d]);
    const err = await rejects(client.record.addRecord({
      app, record: { table: { value: [{ value: { t_text: { value: 'first' } } }, { value: { t_text: { value: wide(d) } } }] } },
    }));
    refused(err, 'DC_MN01', ['record.table.value[1].value.t_text.value'], [d]);
    assert.match(err.message, /テーブル「table」の 2 行目のフィールド「t_text」/);
    assert.equal(Number((await client.record.getRecords({ app, totalCount: true })).totalCount), count, 'nothing was added');
    assert.deepEqual((await client.record.getRecord({ app, id: rec })).record.text, before.text, 'nothing was changed');
    // English messages name the place and the rule too.
    const en = await call(srv, 'POST', '/k/v1/record.json', { body: { app, record: { text: { value: d } } }, headers: { 'Accept-Language': 'en' } });
    assert.equal(en.status, 400);
    assert.match(en.json.message, /The field "text" holds what looks like an individual number.*Abiko §5\(2\)/);
  });

  test(`${mode}: bulkRequest and API-token writes are refused`, async () => {
    const { srv, app, rec } = servers[mode];
    const d = num();
    const r = await call(srv, 'POST', '/k/v1/bulkRequest.json', {
      body: { requests: [
        { method: 'POST', api: '/k/v1/record.json', payload: { app, record: { text: { value: 'fine' } } } },
        { method: 'PUT', api: '/k/v1/record.json', payload: { app, id: rec, record: { text: { value: group(d, ' ') } } } },
      ] },
    });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.results[0], {});
    assert.equal(r.json.results[1].code, 'DC_MN01');
    assert.ok(r.json.results[1].errors['record.text.value']);
    assert.ok(!r.text.includes(d));
    const { token } = await addToken(srv, app, ['view', 'add']);
    const t = await call(srv, 'POST', '/k/v1/record.json', { auth: { apiToken: token }, body: { app, record: { text: { value: d } } } });
    assert.equal(t.status, 400);
    assert.equal(t.json.code, 'DC_MN01');
  });

  test(`${mode}: CSV import refuses the whole batch, naming the row and the column`, async () => {
    const { srv, client, app } = servers[mode];
    const count = Number((await client.record.getRecords({ app, totalCount: true })).totalCount);
    const d = num();
    for (const dryRun of [true, false]) {
      const r = await call(srv, 'POST', '/api/records/import.json', {
        body: { app, dryRun, records: [{ text: { value: 'row 1' } }, { text: { value: 'row 2' } }, { text: { value: 'row 3' }, memo: { value: prose(d) } }] },
      });
      assert.equal(r.status, 400, r.text);
      assert.equal(r.json.code, 'DC_MN01', 'an import has no confirmation: prose is refused too');
      assert.ok(r.json.errors['records[2].memo.value']);
      assert.match(r.json.message, /取り込む 3 件目の「経過」列（memo）/);
      assert.ok(!r.text.includes(d));
    }
    assert.equal(Number((await client.record.getRecords({ app, totalCount: true })).totalCount), count, 'no row of the batch was added');
  });

  test(`${mode}: comments: a number with a keyword is refused, a bare one in prose needs confirmation`, async () => {
    const { srv, client, app, rec } = servers[mode];
    const d = num();
    const err = await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: `マイナンバーは ${group(d, '-')} です` } }));
    refused(err, 'DC_MN01', ['comment.text'], [d]);
    assert.match(err.message, /コメント/);
    const d2 = num();
    const warn = await rejects(client.record.addRecordComment({ app, record: rec, comment: { text: prose(d2) } }));
    refused(warn, 'DC_MN02', ['comment.text'], [d2]);
    assert.match(warn.message, /X-Daicho-Confirm: mynumber/);
    const ok = await call(srv, 'POST', '/k/v1/record/comment.json', { body: { app, record: rec, comment: { text: prose(d2) } }, headers: { 'X-Daicho-Confirm': 'mynumber' } });
    assert.equal(ok.status, 200, ok.text);
    const log = sql(srv, `SELECT app_id, record_ids, result FROM access_log WHERE action = 'mynumber.confirmed' AND app_id = ${app}`);
    assert.ok(log.some((e) => e.result === 'ok' && JSON.parse(e.record_ids).map(String).includes(String(rec))), JSON.stringify(log));
    // The header does not let a refusal through.
    const still = await call(srv, 'POST', '/k/v1/record/comment.json', { body: { app, record: rec, comment: { text: `個人番号 ${d}` } }, headers: { 'X-Daicho-Confirm': 'mynumber' } });
    assert.equal(still.json.code, 'DC_MN01');
  });

  test(`${mode}: prose in a record: bare number confirms, keyword, label or grouping refuses`, async () => {
    const { srv, client, app } = servers[mode];
    const d = num();
    const warn = await rejects(client.record.addRecord({ app, record: { memo: { value: prose(d) } } }));
    refused(warn, 'DC_MN02', ['record.memo.value'], [d]);
    const ok = await call(srv, 'POST', '/k/v1/record.json', { body: { app, record: { memo: { value: prose(d) } } }, headers: { 'X-Daicho-Confirm': 'mynumber' } });
    assert.equal(ok.status, 200, ok.text);
    const log = sql(srv, `SELECT record_ids FROM access_log WHERE action = 'mynumber.confirmed' AND app_id = ${app} AND result = 'ok'`);
    assert.ok(log.some((e) => JSON.parse(e.record_ids).map(String).includes(String(ok.json.id))), 'the confirmed write is logged with its record');
    refused(await rejects(client.record.addRecord({ app, record: { memo: { value: prose(d).replace('参照', 'マイナンバー') } } })), 'DC_MN01', ['record.memo.value'], [d]);
    refused(await rejects(client.record.addRecord({ app, record: { memo: { value: prose(group(d, ' ')) } } })), 'DC_MN01', ['record.memo.value'], [d]);
    // Rich text is read without its markup: tags and &nbsp; do not hide a number.
    const html = `<div>${prose('<b>' + d.slice(0, 4) + '</b>' + d.slice(4, 8) + '&nbsp;' + d.slice(8))}</div>`;
    refused(await rejects(client.record.addRecord({ app, record: { rich: { value: html } } })), 'DC_MN01', ['record.rich.value'], [d]);
    refused(await rejects(client.record.addRecord({ app, record: { rich: { value: `<p>${prose(d)}</p>` } } })), 'DC_MN02', ['record.rich.value'], [d]);
  });

  test(`${mode}: file names and the contents of text attachments are scanned when attached`, async () => {
    const { srv, client, app } = servers[mode];
    const d = num();
    const up = async (name, data) => (await client.file.uploadFile({ file: { name, data } })).fileKey;
    // The upload itself has no app: it passes, and is checked when attached to a record.
    const csv = await up('対象者一覧.csv', `氏名,番号\n山田,${d}\n`);
    let err = await rejects(client.record.addRecord({ app, record: { file: { value: [{ fileKey: csv }] } } }));
    refused(err, 'DC_MN01', ['record.file.value'], [d]);
    assert.match(err.message, /ファイル「対象者一覧\.csv」/);
    for (const [name, data] of [['a.tsv', `x\t${group(d, '-')}\n`], ['a.json', JSON.stringify({ no: d })], ['a.TXT', `個人番号 ${d}`]]) {
      err = await rejects(client.record.addRecord({ app, record: { table: { value: [{ value: { t_file: { value: [{ fileKey: await up(name, data) }] } } }] } } }));
      refused(err, 'DC_MN01', ['record.table.value[0].value.t_file.value'], [d]);
    }
    const named = await up(`${d}.pdf`, 'binary');
    err = await rejects(client.record.addRecord({ app, record: { file: { value: [{ fileKey: named }] } } }));
    refused(err, 'DC_MN01', ['record.file.value'], [d]);
    assert.match(err.message, /ファイル名/);
    // A .txt with a bare number in prose asks for confirmation; other formats are not read.
    const txt = await up('memo.txt', prose(d));
    refused(await rejects(client.record.addRecord({ app, record: { file: { value: [{ fileKey: txt }] } } })), 'DC_MN02', ['record.file.value'], [d]);
    const ok = await call(srv, 'POST', '/k/v1/record.json', { body: { app, record: { file: { value: [{ fileKey: txt }] } } }, headers: { 'X-Daicho-Confirm': 'mynumber' } });
    assert.equal(ok.status, 200, ok.text);
    const bin = await up('scan.bin', `${d}`);
    assert.ok((await client.record.addRecord({ app, record: { file: { value: [{ fileKey: bin }] } } })).id);
  });

  test(`${mode}: corporate numbers, phone numbers, postal codes, invalid check digits and longer runs pass`, async () => {
    const { client, app } = servers[mode];
    const d = num();
    const bad = d.slice(0, 11) + String((Number(d[11]) + 1) % 10);
    const values = ['7000012050002', '法人番号 1180301018771', '03-1234-5678', '090-1234-5678', 'TEL 03-1234-5678 / 090-1234-5678',
      '〒270-1192', '270-1192', bad, group(bad, '-'), `9${d}`, `${d}7`, `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8)}-0001`, `0.${d}`];
    for (const v of values) {
      const { id } = await client.record.addRecord({ app, record: { text: { value: v }, memo: { value: `個人番号ではない: ${v}` } } });
      assert.ok(id, v);
    }
    assert.ok((await client.record.addRecord({ app, record: { amount: { value: '7000012050002' } } })).id);
  });

  test(`${mode}: an app approved for specific personal information accepts numbers`, async () => {
    const { srv, client, exempt, bucho, gyokacho } = servers[mode];
    const d = num();
    refused(await rejects(client.record.addRecord({ app: exempt, record: { text: { value: d } } })), 'DC_MN01', ['record.text.value'], [d]);
    // Flagged for specific personal information: a change request goes to the approvers,
    // and until they approve the app is not exempt.
    const put = await call(srv, 'PUT', '/api/app/governance.json', { body: { app: exempt, infoClass: 1, flags: { personal: true, myNumber: true } } });
    assert.equal(put.status, 200, put.text);
    const approval = put.json.approval;
    assert.ok(approval, `a request was made: ${put.text}`);
    await rejects(client.record.addRecord({ app: exempt, record: { text: { value: d } } }), { code: 'DC_MN01' });
    for (const u of [bucho, gyokacho]) {
      const r = await call(srv, 'POST', '/api/app/decide.json', { auth: u.auth, body: { id: approval, decision: 'approve' } });
      assert.equal(r.status, 200, r.text);
    }
    const g = await call(srv, 'GET', `/api/app/governance.json?app=${exempt}`);
    assert.equal(g.json.myNumberApproved, true, g.text);
    const { id } = await client.record.addRecord({ app: exempt, record: { text: { value: d }, memo: { value: prose(d) }, table: { value: [{ value: { t_text: { value: group(d, '-') } } }] } } });
    assert.ok(id);
    assert.ok((await client.record.addRecordComment({ app: exempt, record: id, comment: { text: `マイナンバー ${d}` } })).id);
    const r = await call(srv, 'POST', '/api/records/import.json', { body: { app: exempt, records: [{ text: { value: d } }] } });
    assert.equal(r.status, 200, r.text);
    // Other apps are still guarded.
    await rejects(client.record.addRecord({ app: servers[mode].app, record: { text: { value: d } } }), { code: 'DC_MN01' });
  });
}

test('text outside apps: incident reports and comment reports refuse numbers too', async () => {
  const { srv, app, rec } = servers.plain;	// its admin also handles incidents
  const d = num();
  const r = await call(srv, 'POST', '/api/incidents.json', { body: { kind: '漏えい', summary: `個人番号 ${group(d, '-')} を含む表を誤送信した` } });
  assert.equal(r.status, 400, r.text);
  assert.equal(r.json.code, 'DC_MN01');
  assert.ok(r.json.errors.summary, JSON.stringify(r.json));
  assert.ok(!r.text.includes(d) && !r.text.includes(d.slice(4)));
  const ok = await call(srv, 'POST', '/api/incidents.json', { body: { kind: '漏えい', summary: '住民票の写しを誤送信した（番号は記載しない）' } });
  assert.equal(ok.status, 200, ok.text);
  const d2 = num();
  const entry = await call(srv, 'POST', '/api/incident/entry.json', { body: { id: ok.json.id, kind: 'note', text: `マイナンバー ${d2}` } });
  assert.equal(entry.json.code, 'DC_MN01', entry.text);
  const d3 = num();
  const report = await call(srv, 'POST', '/api/record/comment/report.json', { body: { app, record: rec, comment: 1, reason: `個人番号 ${d3} が書かれている` } });
  assert.equal(report.json.code, 'DC_MN01', report.text);
});

test('the numbers never appear in the access log, the journal or the server output', async () => {
  assert.ok(used.length >= 10);
  for (const { srv } of Object.values(servers)) {
    const rows = sql(srv, 'SELECT * FROM access_log');
    assert.ok(rows.some((r) => r.code === 'DC_MN01'), 'refusals are logged (by code)');
    const dump = JSON.stringify(rows);
    const journal = join(srv.dataDir, 'accesslog.journal');
    const jtext = existsSync(journal) ? readFileSync(journal, 'utf8') : '';
    const out = srv.log();
    for (const d of used) {
      for (const [what, text] of [['access_log', dump], ['journal', jtext], ['server output', out]]) {
        assert.ok(!text.includes(d), `${what} holds a number`);
        assert.ok(!text.includes(group(d, '-')) && !text.includes(d.slice(4)), `${what} holds part of a number`);
      }
    }
  }
});
