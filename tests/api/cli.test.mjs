// cli-kintone against daicho: export an app with every field type (a subtable and
// attachments included), import into a second app with the same form, upsert with
// --update-key, delete with an API token; password and API-token authentication.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib/server.mjs';
import { clientFor, makeApp, addToken, addUser, everyFieldProps } from './lib/util.mjs';

const CLI = new URL('./node_modules/.bin/cli-kintone', import.meta.url).pathname;
let srv, client, src, dst, work, props;

// Runs cli-kintone with a clean environment; resolves {code, stdout, stderr}.
function cli(args, { input } = {}) {
  return new Promise((resolve) => {
    const child = execFile(CLI, args, {
      env: { PATH: process.env.PATH, HOME: work, NO_COLOR: '1' },
      timeout: 120000,
      maxBuffer: 64 * 1024 * 1024,
    }, (err, stdout, stderr) => resolve({ code: err ? (err.code ?? 1) : 0, stdout, stderr }));
    if (input !== undefined) child.stdin.end(input);
  });
}
const pw = () => ['--base-url', srv.baseUrl, '--username', 'admin', '--password', srv.auth.password];
const tok = (t) => ['--base-url', srv.baseUrl, '--api-token', t];

const all = async (app) => (await client.record.getRecords({ app, query: 'order by $id asc limit 500' })).records;
// A record's values for comparison: no ids, row ids dropped, files as name + content.
async function comparable(rec, { system = true } = {}) {
  const out = {};
  for (const [k, v] of Object.entries(rec)) {
    if (v.type === '__ID__' || v.type === '__REVISION__' || v.type === 'RECORD_NUMBER') continue;
    if (!system && ['CREATOR', 'CREATED_TIME', 'MODIFIER', 'UPDATED_TIME'].includes(v.type)) continue;
    if (v.type === 'FILE') {
      out[k] = [];
      for (const f of v.value) out[k].push({ name: f.name, size: f.size, data: Buffer.from(await client.file.downloadFile({ fileKey: f.fileKey })).toString('base64') });
    } else if (v.type === 'SUBTABLE') {
      out[k] = [];
      for (const row of v.value) out[k].push(await comparable(row.value));
    } else {
      out[k] = v;
    }
  }
  return out;
}

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  await addUser(srv, 'sato', { name: '佐藤' });
  work = mkdtempSync(join(tmpdir(), 'daicho-cli-'));
  props = everyFieldProps();
  props.code = { type: 'SINGLE_LINE_TEXT', code: 'code', label: 'code', unique: true };
  src = await makeApp(client, 'cli 元', props);
  const { layout } = await client.app.getFormLayout({ app: src });
  dst = await makeApp(client, 'cli 先', props, { layout });
  const up = async (name, data) => ({ fileKey: (await client.file.uploadFile({ file: { name, data } })).fileKey });
  const recs = [
    {
      code: { value: 'R1' }, text: { value: 'hello, "world"' }, memo: { value: '一行目\n二行目\r\n三行目' }, rich: { value: '<p>太字 <b>b</b></p>' },
      num: { value: '-1234.5' }, radio: { value: 'ｶﾅ' }, check: { value: ['x', '選択肢"3'] }, multi: { value: ['m1', 'm3'] }, drop: { value: 'd2' },
      date: { value: '2024-02-29' }, time: { value: '23:59' }, dt: { value: '2024-03-01T12:34:00Z' }, link: { value: 'https://example.jp/?q=a,b' },
      file: { value: [await up('報告書.pdf', Buffer.from([0, 1, 2, 255, 254])), await up('メモ.txt', 'テキスト\n')] },
      user: { value: [{ code: 'admin' }, { code: 'sato' }] },
      table: { value: [
        { value: { t_text: { value: '行1' }, t_num: { value: '1' }, t_date: { value: '2024-01-01' }, t_check: { value: ['p'] }, t_user: { value: [{ code: 'sato' }] }, t_file: { value: [await up('row1.bin', Buffer.from('row one'))] } } },
        { value: { t_text: { value: '行2, "quoted"' }, t_num: { value: '' }, t_date: { value: null }, t_check: { value: [] }, t_user: { value: [] }, t_file: { value: [] } } },
      ] },
      '作成日時': { value: '2023-04-01T00:00:00Z' }, '作成者': { value: { code: 'sato' } },
    },
    { code: { value: 'R2' }, text: { value: '' }, num: { value: '0' }, radio: { value: 'A' }, table: { value: [] }, file: { value: [await up('same.txt', 'one')] } },
    { code: { value: 'R3' }, text: { value: 'three' }, memo: { value: '' }, table: { value: [{ value: { t_text: { value: 'only row' }, t_file: { value: [await up('same.txt', 'two')] } } }] } },
  ];
  await client.record.addRecords({ app: src, records: recs });
});
after(async () => {
  await srv.stop();
  rmSync(work, { recursive: true, force: true });
});

test('record export writes every field type, the subtable and the attachments', async () => {
  const dir = join(work, 'att-export');
  const r = await cli(['record', 'export', ...pw(), '--app', src, '--attachments-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  const csv = r.stdout;
  const header = csv.split('\n')[0];
  assert.ok(header.startsWith('*,'), header);
  for (const code of Object.keys(props)) assert.ok(header.includes(`"${code}"`), `${code} in ${header}`);
  for (const code of Object.keys(props.table.fields)) assert.ok(header.includes(`"${code}"`), code);
  assert.ok(csv.includes('"hello, ""world"""'));
  assert.ok(csv.includes('"一行目\n二行目'));
  assert.ok(existsSync(join(dir, 'file-1', '報告書.pdf')), readdirSync(dir).join());
  assert.deepEqual([...readFileSync(join(dir, 'file-1', '報告書.pdf'))], [0, 1, 2, 255, 254]);
  assert.equal(readFileSync(join(dir, 'file-1', 'メモ.txt'), 'utf8'), 'テキスト\n');
  assert.ok(readdirSync(dir).some((d) => d.startsWith('t_file-1-')), readdirSync(dir).join());
  writeFileSync(join(work, 'export.csv'), csv);
  // With an API token, a condition and an order: the cursor path.
  const t = await addToken(srv, src, ['view']);
  const r2 = await cli(['record', 'export', ...tok(t.token), '--app', src, '--condition', 'code in ("R1", "R3")', '--order-by', 'code desc', '--fields', 'code,text']);
  assert.equal(r2.code, 0, r2.stderr);
  const lines = r2.stdout.trim().split('\n');
  assert.equal(lines[0], '"code","text"');
  assert.deepEqual(lines.slice(1), ['"R3","three"', '"R1","hello, ""world"""']);
});

test('record import into an app with the same form gives the same records', async () => {
  const dir = join(work, 'att-export');
  const r = await cli(['record', 'import', ...pw(), '--app', dst, '--file-path', join(work, 'export.csv'), '--attachments-dir', dir]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const a = await all(src);
  const b = await all(dst);
  assert.equal(b.length, a.length);
  for (let i = 0; i < a.length; i++) {
    // The cli sends the system fields back; an administrator may set them, so they match too.
    assert.deepEqual(await comparable(b[i]), await comparable(a[i]), `record ${i + 1}`);
  }
  assert.equal(b[0]['作成者'].value.code, 'sato');
  assert.equal(b[0]['作成日時'].value, '2023-04-01T00:00:00Z');
  // New keys for the imported files.
  assert.notEqual(b[0].file.value[0].fileKey, a[0].file.value[0].fileKey);
});

test('record import --update-key upserts, with a password and with an API token', async () => {
  // Change R1's text, drop R2, add R4 (new), keep R3: by the unique "code" field.
  const csv = readFileSync(join(work, 'export.csv'), 'utf8')
    .replace('"hello, ""world"""', '"changed by upsert"')
    .replace(/\n\*,"2",[^\n]*\n/, '\n');
  const header = csv.split('\n')[0].split(',');
  const row = header.map((h) => ({ '*': '*', '"code"': '"R4"', '"text"': '"four"', '"num"': '"4"', '"radio"': '"B"' }[h] ?? ''));
  const file = join(work, 'upsert.csv');
  writeFileSync(file, `${csv.trimEnd()}\n${row.join(',')}\n`);
  const before = await all(dst);
  const r = await cli(['record', 'import', ...pw(), '--app', dst, '--file-path', file, '--attachments-dir', join(work, 'att-export'), '--update-key', 'code']);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const after = await all(dst);
  assert.equal(after.length, before.length + 1);
  const byCode = Object.fromEntries(after.map((x) => [x.code.value, x]));
  assert.equal(byCode.R1.text.value, 'changed by upsert');
  assert.equal(byCode.R1.$id.value, before[0].$id.value, 'updated in place');
  assert.equal(Number(byCode.R1.$revision.value), Number(before[0].$revision.value) + 1);
  assert.equal(byCode.R1.table.value.length, 2);
  assert.equal(byCode.R4.text.value, 'four');
  assert.equal(byCode.R4.num.value, '4');
  assert.equal(byCode.R2.$revision.value, before.find((x) => x.code.value === 'R2').$revision.value, 'R2 (not in the file) left alone');

  // The same with an API token (view, add, edit), keyed by the record number.
  const t = await addToken(srv, dst, ['view', 'add', 'edit']);
  const exp = await cli(['record', 'export', ...tok(t.token), '--app', dst, '--fields', 'レコード番号,text']);
  assert.equal(exp.code, 0, exp.stderr);
  const lines = exp.stdout.trim().split('\n');
  assert.equal(lines[0], '"レコード番号","text"');
  const edited = [lines[0], ...lines.slice(1).map((l) => l.replace(/,"([^"]*)"$/, ',"$1 (token)"').replace(/,$/, ',"(token)"')), ',"brand new"'].join('\n');
  writeFileSync(join(work, 'token.csv'), `${edited}\n`);
  const r2 = await cli(['record', 'import', ...tok(t.token), '--app', dst, '--file-path', join(work, 'token.csv'), '--update-key', 'レコード番号']);
  assert.equal(r2.code, 0, r2.stderr + r2.stdout);
  const final = await all(dst);
  assert.equal(final.length, after.length + 1);
  for (const x of final.slice(0, after.length)) assert.ok(x.text.value.endsWith('(token)'), x.text.value);
  assert.equal(final[final.length - 1].text.value, 'brand new');
  // A token cannot set system fields: the new record is the token owner's, created now.
  assert.equal(final[final.length - 1]['作成者'].value.code, 'admin');
});

test('a failing import writes nothing and exits non-zero', async () => {
  const before = await all(dst);
  const header = '"code","num"';
  const rows = Array.from({ length: 150 }, (_, i) => `"BAD${i}","${i === 120 ? 'not a number' : i}"`);
  writeFileSync(join(work, 'bad.csv'), `${[header, ...rows].join('\n')}\n`);
  const r = await cli(['record', 'import', ...pw(), '--app', dst, '--file-path', join(work, 'bad.csv')]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr + r.stdout, /num/);
  assert.equal((await all(dst)).length, before.length);
  // A duplicate unique value, also rolled back.
  writeFileSync(join(work, 'dup.csv'), `${header}\n"X1","1"\n"X1","2"\n`);
  const r2 = await cli(['record', 'import', ...pw(), '--app', dst, '--file-path', join(work, 'dup.csv')]);
  assert.notEqual(r2.code, 0);
  assert.equal((await all(dst)).length, before.length);
});

test('record delete: only with an API token, by file or everything', async () => {
  const count = async () => (await all(dst)).length;
  const n = await count();
  assert.ok(n >= 4);
  const del = await addToken(srv, dst, ['view', 'delete']);
  const viewOnly = await addToken(srv, dst, ['view']);
  // Password auth is not accepted by the cli for delete.
  const refused = await cli(['record', 'delete', ...pw(), '--app', dst, '--yes']);
  assert.notEqual(refused.code, 0);
  assert.equal(await count(), n);
  // A token without the delete right: refused by the server, nothing deleted.
  const noright = await cli(['record', 'delete', ...tok(viewOnly.token), '--app', dst, '--yes']);
  assert.notEqual(noright.code, 0);
  assert.match(noright.stderr + noright.stdout, /GAIA_NO01|API/);
  assert.equal(await count(), n);
  // By file: the record number column.
  const first = (await all(dst)).slice(0, 2).map((x) => x.$id.value);
  writeFileSync(join(work, 'del.csv'), `"レコード番号"\n${first.map((id) => `"${id}"`).join('\n')}\n`);
  const byFile = await cli(['record', 'delete', ...tok(del.token), '--app', dst, '--file-path', join(work, 'del.csv'), '--yes']);
  assert.equal(byFile.code, 0, byFile.stderr + byFile.stdout);
  assert.equal(await count(), n - 2);
  assert.ok(!(await all(dst)).some((x) => first.includes(x.$id.value)));
  // Everything.
  const everything = await cli(['record', 'delete', ...tok(del.token), '--app', dst, '--yes']);
  assert.equal(everything.code, 0, everything.stderr + everything.stdout);
  assert.equal(await count(), 0);
  // The source app is untouched.
  assert.equal((await all(src)).length, 3);
});

test('wrong credentials make the cli fail with the server\'s error', async () => {
  const r = await cli(['record', 'export', '--base-url', srv.baseUrl, '--username', 'admin', '--password', 'wrong', '--app', src]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr + r.stdout, /CB_WA01|401/);
  const r2 = await cli(['record', 'export', ...tok('not-a-token'), '--app', src]);
  assert.notEqual(r2.code, 0);
  assert.match(r2.stderr + r2.stdout, /401|GAIA_IA02/);
});
