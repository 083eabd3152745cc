// Class Ⅰ data encrypted at rest, and crypto-erase (RULES.md rows 24, 31; Kuki 第15条,
// 第25条; Yabu 第9条; docs/ENCRYPTION.md). An app moved into class Ⅰ keeps its values as
// ciphertext (libsodium secretbox, one key per record in data/keys): none of them can be
// found in the database file, its write-ahead log or the file store, while reads,
// queries and sorting through the kintone client work as before. Deleting a record
// destroys its key (nothing left opens its ciphertext) and writes a disposal record;
// closing the app destroys every key. Moving out of class Ⅰ decrypts everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, daichoBin } from './lib/server.mjs';
import { addUser, clientFor, isError, makeApp, rejects, sql } from './lib/util.mjs';

let srv, abiko;
before(async () => {
  [srv, abiko] = await Promise.all([startServer(), startServer({ preset: 'abiko' })]);
});
after(async () => {
  await Promise.all([srv?.stop(), abiko?.stop()]);
});

// Runs `daicho crypto ...` against a server's data directory (while it runs, as an
// administrator would); returns {status, out}.
function cryptoCli(s, ...args) {
  const r = spawnSync(daichoBin(), ['crypto', ...args, '--data', s.dataDir], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// Copies the write-ahead log into the database and empties it, so the bytes on disk are
// all there is to read.
function checkpoint(s) {
  // A checkpoint can be held off by a reader of the server ("busy" first): try again.
  for (let i = 0; i < 50; i++) {
    const out = execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(s.dataDir, 'daicho.db'), 'PRAGMA wal_checkpoint(TRUNCATE);']).toString().trim();
    if (out.startsWith('0|')) return;
    execFileSync('sleep', ['0.1']);
  }
  assert.fail('the write-ahead log could not be checkpointed');
}

// Every byte daicho keeps about records: the database, its WAL and the file store.
function diskBytes(s) {
  const parts = [];
  for (const f of ['daicho.db', 'daicho.db-wal']) {
    const p = join(s.dataDir, f);
    if (existsSync(p)) parts.push(readFileSync(p));
  }
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else parts.push(readFileSync(p));
    }
  };
  walk(join(s.dataDir, 'files'));
  return Buffer.concat(parts);
}

const props = {
  name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' },
  age: { type: 'NUMBER', code: 'age', label: '年齢' },
  note: { type: 'MULTI_LINE_TEXT', code: 'note', label: '備考' },
  kind: { type: 'DROP_DOWN', code: 'kind', label: '区分', options: { 生活: { label: '生活', index: '0' }, 医療: { label: '医療', index: '1' } } },
  tags: { type: 'CHECK_BOX', code: 'tags', label: '支援', options: { 訪問: { label: '訪問', index: '0' }, 相談: { label: '相談', index: '1' } } },
  born: { type: 'DATE', code: 'born', label: '生年月日' },
  doc: { type: 'FILE', code: 'doc', label: '申請書' },
  items: {
    type: 'SUBTABLE', code: 'items', label: '明細',
    fields: { item: { type: 'SINGLE_LINE_TEXT', code: 'item', label: '品目' } },
  },
};

// A record whose every text carries a marker we then look for on disk.
const rec = (m, age, kind = '生活', tags = ['訪問']) => ({
  name: { value: `氏名-${m}` },
  age: { value: String(age) },
  note: { value: `備考 ${m} 東京都千代田区` },
  kind: { value: kind },
  tags: { value: tags },
  born: { value: '1980-04-01' },
  items: { value: [{ value: { item: { value: `品目-${m}` } } }] },
});

const keyFile = (s, app, id) => join(s.dataDir, 'keys', `app-${app}`, `${id}.key`);
const names = (records) => records.map((r) => r.name.value);

test('a class Ⅰ app keeps ciphertext only: database, WAL and files hold no value; reads, queries and sorting work', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '生活保護台帳', props);
  // Records written before the app becomes class Ⅰ are encrypted by the migration.
  const { fileKey: up0 } = await client.file.uploadFile({ file: { name: 'kyutenpu-NAMEQ1.txt', data: 'FILEQ7 古い添付' } });
  const { ids: before } = await client.record.addRecords({ app, records: [{ ...rec('MIGRAQ1', 41), doc: { value: [{ fileKey: up0 }] } }, rec('MIGRAQ2', 29, '医療', ['相談'])] });
  await client.record.addRecordComment({ app, record: before[0], comment: { text: '面談メモ COMMQ1' } });
  let r = cryptoCli(srv, 'class', app, '1');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /records encrypted/);
  const { ids: afterIds } = await client.record.addRecords({ app, records: [rec('SEALQ3', 35), rec('SEALQ4', 52, '医療', ['訪問', '相談'])] });
  // Attachments: one attached after the app became class Ⅰ (a new record), one to an
  // existing record; a file larger than one 64 KiB chunk.
  const big = Buffer.alloc(200000, 0);
  big.write('FILEQ7 申請者 ', 0);
  big.write('FILEQ7-END', big.length - 10);
  const { fileKey: up1 } = await client.file.uploadFile({ file: { name: 'shinsei-NAMEQ2.txt', data: 'FILEQ6 申請書の本文' } });
  const { id: withFile } = await client.record.addRecord({ app, record: { ...rec('SEALQ8', 20), doc: { value: [{ fileKey: up1 }] } } });
  const { fileKey: up2 } = await client.file.uploadFile({ file: { name: 'big.bin', data: big } });
  await client.record.updateRecord({ app, id: afterIds[1], record: { doc: { value: [{ fileKey: up2 }] } } });
  await client.record.updateRecord({ app, id: afterIds[0], record: { note: { value: '備考 SEALQ3 更新 UPDQ5' } } });

  // Reads decrypt.
  const one = (await client.record.getRecord({ app, id: before[0] })).record;
  assert.equal(one.name.value, '氏名-MIGRAQ1');
  assert.equal(one.age.value, '41');
  assert.deepEqual(one.tags.value, ['訪問']);
  assert.equal(one.items.value[0].value.item.value, '品目-MIGRAQ1');
  assert.equal(one.doc.value[0].name, 'kyutenpu-NAMEQ1.txt');
  assert.equal(Buffer.from(await client.file.downloadFile({ fileKey: one.doc.value[0].fileKey })).toString(), 'FILEQ7 古い添付');
  assert.equal((await client.record.getRecord({ app, id: afterIds[0] })).record.note.value, '備考 SEALQ3 更新 UPDQ5');

  // Queries and sorting through the client: numbers, text, lists, subtables, drop-downs.
  const q = async (query) => names((await client.record.getRecords({ app, query })).records);
  // Comments: the one from before (migrated) and a new one, both readable.
  await client.record.addRecordComment({ app, record: before[0], comment: { text: '追記 COMMQ2' } });
  const { comments } = await client.record.getRecordComments({ app, record: before[0], order: 'asc' });
  assert.deepEqual(comments.map((c) => c.text.trim()), ['面談メモ COMMQ1', '追記 COMMQ2']);
  // Attachments come back whole.
  const f1 = (await client.record.getRecord({ app, id: withFile })).record.doc.value[0];
  assert.equal(f1.name, 'shinsei-NAMEQ2.txt');
  assert.equal(Buffer.from(await client.file.downloadFile({ fileKey: f1.fileKey })).toString(), 'FILEQ6 申請書の本文');
  const f2 = (await client.record.getRecord({ app, id: afterIds[1] })).record.doc.value[0];
  assert.equal(f2.size, String(big.length));
  assert.ok(Buffer.from(await client.file.downloadFile({ fileKey: f2.fileKey })).equals(big), 'the large file is intact');
  assert.deepEqual(await q('doc like "shinsei"'), ['氏名-SEALQ8']);
  // The download names the file as uploaded.
  const dl = await call(srv, 'GET', `/k/v1/file.json?fileKey=${f1.fileKey}`);
  assert.match(dl.headers.get('content-disposition'), /shinsei-NAMEQ2\.txt/);
  await client.record.deleteRecords({ app, ids: [withFile] });

  assert.deepEqual(await q('age > 30 order by age asc'), ['氏名-SEALQ3', '氏名-MIGRAQ1', '氏名-SEALQ4']);
  assert.deepEqual(await q('order by name desc'), ['氏名-SEALQ4', '氏名-SEALQ3', '氏名-MIGRAQ2', '氏名-MIGRAQ1']);
  assert.deepEqual(await q('name like "MIGRAQ" order by $id asc'), ['氏名-MIGRAQ1', '氏名-MIGRAQ2']);
  assert.deepEqual(await q('name = "氏名-SEALQ4"'), ['氏名-SEALQ4']);
  assert.deepEqual(await q('tags in ("相談") order by age asc'), ['氏名-MIGRAQ2', '氏名-SEALQ4']);
  assert.deepEqual(await q('kind in ("医療") order by age desc'), ['氏名-SEALQ4', '氏名-MIGRAQ2']);
  assert.deepEqual(await q('item like "SEALQ3"'), ['氏名-SEALQ3']);
  assert.deepEqual(await q('note like "UPDQ5"'), ['氏名-SEALQ3']);
  assert.deepEqual(await q('born = "1980-04-01" and age <= 35 order by age asc'), ['氏名-MIGRAQ2', '氏名-SEALQ3']);
  // Graphs: grouping and sums over sealed values.
  const agg = await call(srv, 'GET', `/api/records/aggregate.json?app=${app}&group=kind&func=SUM&field=age`);
  assert.equal(agg.status, 200, agg.text);
  assert.deepEqual(agg.json.groups.map((g) => [g.key, String(g.count), String(g.value)]), [['医療', '2', '81'], ['生活', '2', '76']]);
  const byTag = await call(srv, 'GET', `/api/records/aggregate.json?app=${app}&group=tags`);
  assert.deepEqual(byTag.json.groups.map((g) => [g.key, String(g.count)]), [['相談', '2'], ['訪問', '3']]);
  const total = await client.record.getRecords({ app, query: 'age >= 0', totalCount: true });
  assert.equal(total.totalCount, '4');
  // The record history shows earlier revisions in the clear through the API.
  const h = await call(srv, 'GET', `/api/record/history.json?app=${app}&id=${afterIds[0]}`);
  assert.equal(h.status, 200, h.text);
  assert.ok(h.text.includes('備考 SEALQ3 東京都千代田区'), 'history is readable through the API');

  // On disk: no marker anywhere. (The same search finds an ordinary app's value.)
  const plain = await makeApp(client, '通常の台帳', { name: props.name });
  await client.record.addRecord({ app: plain, record: { name: { value: 'PLAINQ9' } } });
  checkpoint(srv);
  const bytes = diskBytes(srv);
  assert.notEqual(bytes.indexOf(Buffer.from('PLAINQ9')), -1, 'the search sees plaintext');
  for (const m of ['MIGRAQ1', 'MIGRAQ2', 'SEALQ3', 'SEALQ4', 'UPDQ5', '東京都千代田区', '品目-', 'FILEQ6', 'FILEQ7', '申請書の本文', 'NAMEQ1', 'NAMEQ2', 'COMMQ1', 'COMMQ2']) {
    assert.equal(bytes.indexOf(Buffer.from(m)), -1, `${m} found in plaintext on disk`);
  }
  // Attachments are stored only as sealed copies under random names.
  const blobs = sql(srv, `SELECT sha256 FROM files WHERE app_id = ${app}`).map((x) => x.sha256);
  assert.ok(blobs.length >= 1 && blobs.every((b) => b.startsWith('sealed-')), JSON.stringify(blobs));
  // The cells are BLOBs (sealed values), NUMBER's shadow column is empty, history too.
  const cols = sql(srv, `SELECT name FROM pragma_table_info('app_${app}') WHERE name GLOB 'f[0-9]*'`).map((c) => c.name);
  for (const c of cols.filter((c) => !c.endsWith('_n'))) {
    // Empty values ('', '[]', NULL) stay as they are: their length would tell anyway.
    const kinds = sql(srv, `SELECT DISTINCT typeof("${c}") AS t FROM app_${app} WHERE "${c}" NOT IN ('', '[]')`).map((x) => x.t);
    assert.ok(kinds.every((t) => t === 'blob'), `column ${c} holds ${kinds}`);
  }
  for (const c of cols.filter((c) => c.endsWith('_n'))) {
    assert.deepEqual(sql(srv, `SELECT DISTINCT typeof("${c}") AS t FROM app_${app}`).map((x) => x.t), ['null']);
  }
  assert.deepEqual(sql(srv, `SELECT DISTINCT typeof(data) AS t FROM record_history WHERE app_id = ${app}`).map((x) => x.t), ['blob']);
  // One key file per record, private to daicho.
  const keys = join(srv.dataDir, 'keys');
  assert.equal(statSync(keys).mode & 0o777, 0o700);
  for (const id of [...before, ...afterIds]) {
    assert.equal(statSync(keyFile(srv, app, id)).mode & 0o777, 0o600);
    assert.equal(statSync(keyFile(srv, app, id)).size, 32);
  }
});

test('deleting a record of a class Ⅰ app destroys its key: no remaining key opens its data; a disposal record says who and when', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '相談記録', props);
  assert.equal(cryptoCli(srv, 'class', app, '1').status, 0);
  const { ids } = await client.record.addRecords({ app, records: [rec('DELQ1', 60), rec('KEEPQ2', 61), rec('KEEPQ3', 62)] });
  await client.record.updateRecord({ app, id: ids[0], record: { age: { value: '63' } } });
  const victim = ids[0];
  // The sealed bytes of the victim: a record cell and a history revision.
  const col = sql(srv, `SELECT name FROM pragma_table_info('app_${app}') WHERE name GLOB 'f[0-9]*' AND name NOT GLOB '*_n'`)[0].name;
  const [{ h: cell }] = sql(srv, `SELECT hex("${col}") AS h FROM app_${app} WHERE id = ${victim}`);
  const [{ h: hist }] = sql(srv, `SELECT hex(data) AS h FROM record_history WHERE app_id = ${app} AND record_id = ${victim} LIMIT 1`);
  // While the key exists it opens them (the check below is not vacuous).
  assert.equal(cryptoCli(srv, 'try', cell).status, 1);
  assert.ok(existsSync(keyFile(srv, app, victim)));

  // A deletion that does not commit destroys nothing: a bulk request whose second part
  // fails rolls back the whole, and the key and the record stay.
  await rejects(client.bulkRequest({ requests: [
    { method: 'DELETE', api: '/k/v1/records.json', payload: { app, ids: [victim] } },
    { method: 'PUT', api: '/k/v1/record.json', payload: { app, id: 999999, record: {} } },
  ] }));
  assert.ok(existsSync(keyFile(srv, app, victim)), 'the key survives the rolled-back deletion');
  assert.equal((await client.record.getRecord({ app, id: victim })).record.name.value, '氏名-DELQ1');
  const backup = readFileSync(keyFile(srv, app, victim));	// as a backup of keys_dir would hold it
  await client.record.deleteRecords({ app, ids: [victim] });
  assert.equal(existsSync(keyFile(srv, app, victim)), false, 'the key file is gone');
  for (const hex of [cell, hist]) {
    const t = cryptoCli(srv, 'try', hex);
    assert.equal(t.status, 0, t.out);
    assert.match(t.out, /no key opens it \((\d+) keys tried\)/);
    assert.ok(Number(/\((\d+) keys/.exec(t.out)[1]) >= 2, 'the other records\' keys were tried');
  }
  // A key brought back by restoring an old backup of keys_dir is destroyed again by the
  // sweep (daicho serve runs it at start): the erase log outside the database remembers.
  writeFileSync(keyFile(srv, app, victim), backup, { mode: 0o600 });
  assert.equal(cryptoCli(srv, 'try', cell).status, 1, 'the restored key opens the old data');
  assert.equal(cryptoCli(srv, 'sweep').status, 0);
  assert.equal(existsSync(keyFile(srv, app, victim)), false, 'the restored key is destroyed again');
  assert.equal(cryptoCli(srv, 'try', cell).status, 0);
  assert.match(readFileSync(join(srv.dataDir, 'keys', 'erased.log'), 'utf8'), new RegExp(`^${app} ${victim}$`, 'm'));
  // The old revisions stay as ciphertext nobody can read.
  assert.deepEqual(sql(srv, `SELECT DISTINCT typeof(data) AS t FROM record_history WHERE app_id = ${app} AND record_id = ${victim}`).map((x) => x.t), ['blob']);
  // The other records are untouched.
  assert.deepEqual(names((await client.record.getRecords({ app, query: 'order by age asc' })).records), ['氏名-KEEPQ2', '氏名-KEEPQ3']);

  // The disposal register: auditors and security administrators read it; others are refused.
  const auditor = await addUser(srv, 'crypto-auditor');
  assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code: auditor.code, roles: ['auditor'] } })).status, 200);
  const list = await call(srv, 'GET', '/api/admin/disposals.json', { auth: auditor.auth });
  assert.equal(list.status, 200, list.text);
  const row = list.json.disposals.find((d) => d.app === String(app) && d.record === String(victim));
  assert.ok(row, JSON.stringify(list.json));
  assert.equal(row.what, 'record');
  assert.equal(row.records, '1');
  assert.equal(row.who, 'admin');
  assert.equal(row.method, 'crypto-erase');
  assert.equal(row.appName, '相談記録');
  assert.match(row.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  const nobody = await addUser(srv, 'crypto-nobody');
  isError(await call(srv, 'GET', '/api/admin/disposals.json', { auth: nobody.auth }), 403, 'CB_NO02');
  // The register cannot be rewritten, even behind daicho's back.
  assert.throws(() => execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), 'DELETE FROM disposals'], { stdio: 'pipe' }), /append-only/);
  // Deleting a record of an ordinary app writes no disposal record.
  const plainApp = await makeApp(client, '通常アプリ', { name: props.name });
  const { id } = await client.record.addRecord({ app: plainApp, record: { name: { value: 'x' } } });
  await client.record.deleteRecords({ app: plainApp, ids: [id] });
  const again = await call(srv, 'GET', '/api/admin/disposals.json', { auth: auditor.auth });
  assert.equal(again.json.disposals.filter((d) => d.app === String(plainApp)).length, 0);
});

test('a key left behind by a crash between a deletion\'s commit and its erase is destroyed by the sweep at start', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '掃除の確認', props);
  assert.equal(cryptoCli(srv, 'class', app, '1').status, 0);
  const { id } = await client.record.addRecord({ app, record: rec('SWEEPQ1', 5) });
  // As if daicho died right after committing the deletion of record 999.
  writeFileSync(keyFile(srv, app, 999), Buffer.alloc(32, 1), { mode: 0o600 });
  const young = keyFile(srv, app, 998);
  writeFileSync(young, Buffer.alloc(32, 2), { mode: 0o600 });
  const old = new Date(Date.now() - 120000);
  utimesSync(keyFile(srv, app, 999), old, old);
  utimesSync(keyFile(srv, app, id), old, old);
  const r = cryptoCli(srv, 'sweep');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /^1 keys destroyed/);
  assert.equal(existsSync(keyFile(srv, app, 999)), false);
  assert.ok(existsSync(keyFile(srv, app, id)), 'the key of a live record stays');
  assert.ok(existsSync(young), 'a key younger than a minute may be a write in progress: it stays');
  assert.equal((await client.record.getRecord({ app, id })).record.name.value, '氏名-SWEEPQ1');
});

test('restoring a backup made before a crypto-erase does not bring the erased record back', async () => {
  const s = await startServer();
  const backups = mkdtempSync(join(tmpdir(), 'daicho-crypto-backups-'));
  try {
    const client = clientFor(s);
    const app = await makeApp(client, 'バックアップ後に削除', props);
    assert.equal(cryptoCli(s, 'class', app, '1').status, 0);
    const { ids } = await client.record.addRecords({ app, records: [rec('GONEQ1', 10), rec('STAYQ2', 11)] });
    const made = spawnSync(daichoBin(), ['backup', '--to', backups, '--data', s.dataDir], { encoding: 'utf8' });
    assert.equal(made.status, 0, `${made.stdout}${made.stderr}`);
    await client.record.deleteRecords({ app, ids: [ids[0]] });
    await s.stop({ keep: true });
    const name = readdirSync(backups).find((n) => !n.startsWith('.'));
    const restored = spawnSync(daichoBin(), ['restore', '--from', join(backups, name), '--force', '--data', s.dataDir], { encoding: 'utf8' });
    assert.equal(restored.status, 0, `${restored.stdout}${restored.stderr}`);
    const back = await startServer({ dataDir: s.dataDir });
    try {
      // The backup brought the key back; the erase log kept across the restore had the
      // sweep at start destroy it again. The record is there, its values unreadable.
      assert.equal(existsSync(keyFile(back, app, ids[0])), false, 'the erased key stays destroyed');
      const gone = (await clientFor(back).record.getRecord({ app, id: ids[0] })).record;
      assert.equal(gone.name.value, '');
      assert.equal(gone.note.value, '');
      const stay = (await clientFor(back).record.getRecord({ app, id: ids[1] })).record;
      assert.equal(stay.name.value, '氏名-STAYQ2');
    } finally {
      await back.stop();
    }
  } finally {
    rmSync(backups, { recursive: true, force: true });
  }
});

test('closing a class Ⅰ app destroys every key of the app, with one disposal record for it', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '閉鎖する台帳', props);
  assert.equal(cryptoCli(srv, 'class', app, '1').status, 0);
  const { ids } = await client.record.addRecords({ app, records: [rec('CLOSEQ1', 1), rec('CLOSEQ2', 2), rec('CLOSEQ3', 3)] });
  const col = sql(srv, `SELECT name FROM pragma_table_info('app_${app}') WHERE name GLOB 'f[0-9]*' AND name NOT GLOB '*_n'`)[0].name;
  const cells = sql(srv, `SELECT hex("${col}") AS h FROM app_${app}`).map((x) => x.h);
  assert.equal(cells.length, 3);
  for (const id of ids) assert.ok(existsSync(keyFile(srv, app, id)));

  const r = cryptoCli(srv, 'close', app, '--as', 'crypto-closer');
  assert.equal(r.status, 0, r.out);
  assert.equal(existsSync(join(srv.dataDir, 'keys', `app-${app}`)), false, 'the app\'s key directory is gone');
  for (const hex of cells) assert.equal(cryptoCli(srv, 'try', hex).status, 0);
  // The closed app refuses its records (DC_AP01), and the register names the app.
  await rejects(client.record.getRecords({ app }), { code: 'DC_AP01', status: 403 });
  const sec = await addUser(srv, 'crypto-sec');
  await call(srv, 'PUT', '/api/admin/users.json', { body: { code: sec.code, roles: ['security_admin'] } });
  const rows = (await call(srv, 'GET', '/api/admin/disposals.json', { auth: sec.auth })).json.disposals.filter((d) => d.app === String(app));
  assert.equal(rows.length, 1);
  assert.equal(rows[0].what, 'app');
  assert.equal(rows[0].record, null);
  assert.equal(rows[0].records, '3');
  assert.equal(rows[0].who, 'crypto-closer');
  // Closing again erases nothing more.
  assert.equal(cryptoCli(srv, 'close', app).status, 0);
  assert.equal((await call(srv, 'GET', '/api/admin/disposals.json', { auth: sec.auth })).json.disposals.filter((d) => d.app === String(app)).length, 1);
});

test('moving an app out of class Ⅰ decrypts every value in one go and retires its keys', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '降格する台帳', props);
  assert.equal(cryptoCli(srv, 'class', app, '1').status, 0);
  const { fileKey } = await client.file.uploadFile({ file: { name: 'down.txt', data: 'DOWNQ3 添付' } });
  const { ids } = await client.record.addRecords({ app, records: [{ ...rec('DOWNQ1', 70), doc: { value: [{ fileKey }] } }, rec('DOWNQ2', 71)] });
  const r = cryptoCli(srv, 'class', app, '3');
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /records not encrypted/);
  assert.equal(existsSync(join(srv.dataDir, 'keys', `app-${app}`)), false);
  const cols = sql(srv, `SELECT name FROM pragma_table_info('app_${app}') WHERE name GLOB 'f[0-9]*'`).map((c) => c.name);
  for (const c of cols) {
    const kinds = sql(srv, `SELECT DISTINCT typeof("${c}") AS t FROM app_${app}`).map((x) => x.t);
    assert.ok(!kinds.includes('blob'), `column ${c} still sealed`);
  }
  // NUMBER's numeric column is back, so sorting uses it again.
  assert.deepEqual(names((await client.record.getRecords({ app, query: 'age > 70 order by age desc' })).records), ['氏名-DOWNQ2']);
  const down = (await client.record.getRecord({ app, id: ids[0] })).record;
  assert.equal(down.items.value[0].value.item.value, '品目-DOWNQ1');
  assert.equal(Buffer.from(await client.file.downloadFile({ fileKey: down.doc.value[0].fileKey })).toString(), 'DOWNQ3 添付');
  assert.ok(sql(srv, `SELECT sha256 FROM files WHERE app_id = ${app}`).every((x) => !x.sha256.startsWith('sealed-')));
  // No disposal record: nothing was erased, the data is still there.
  const sec = await addUser(srv, 'crypto-sec2');
  await call(srv, 'PUT', '/api/admin/users.json', { body: { code: sec.code, roles: ['security_admin'] } });
  const rows = (await call(srv, 'GET', '/api/admin/disposals.json', { auth: sec.auth })).json.disposals;
  assert.equal(rows.filter((d) => d.app === String(app)).length, 0);
});

test('the governance API changes the class and the data follows at once (rules off)', async () => {
  const client = clientFor(srv);
  const app = await makeApp(client, '登録画面から', props);
  const { id } = await client.record.addRecord({ app, record: rec('GOVQ1', 44) });
  const col = sql(srv, `SELECT name FROM pragma_table_info('app_${app}') WHERE name GLOB 'f[0-9]*' AND name NOT GLOB '*_n'`)[0].name;
  const kind = () => sql(srv, `SELECT typeof("${col}") AS t FROM app_${app} WHERE id = ${id}`)[0].t;
  assert.equal(kind(), 'text');
  const put = (infoClass) => call(srv, 'PUT', '/api/app/governance.json', { body: { app, infoClass } });
  assert.equal((await put(1)).status, 200);
  assert.equal(kind(), 'blob');
  assert.ok(existsSync(keyFile(srv, app, id)));
  assert.equal((await client.record.getRecord({ app, id })).record.name.value, '氏名-GOVQ1');
  assert.equal((await put(2)).status, 200);
  assert.equal(kind(), 'text');
  assert.equal(existsSync(join(srv.dataDir, 'keys', `app-${app}`)), false);
  assert.deepEqual(names((await client.record.getRecords({ app, query: 'age = 44' })).records), ['氏名-GOVQ1']);
});

test('the errors a person meets: no usable key directory (DC_CE01), a lost key (DC_CE02); nothing changes', async () => {
  let s = await startServer();
  try {
    const client = clientFor(s);
    const app = await makeApp(client, '鍵の障害', props);
    assert.equal(cryptoCli(s, 'class', app, '1').status, 0);
    const { id } = await client.record.addRecord({ app, record: rec('ERRQ1', 30) });
    // The app's key folder replaced by a file: no key can be made for a new record.
    const dir = join(s.dataDir, 'keys', `app-${app}`);
    const saved = readFileSync(keyFile(s, app, id));
    rmSync(dir, { recursive: true });
    writeFileSync(dir, 'not a directory');
    const e1 = await rejects(client.record.addRecord({ app, record: rec('ERRQ2', 31) }), { code: 'DC_CE01', status: 500 });
    assert.match(e1.message, /久喜市 第25条/);
    const en = await call(s, 'POST', '/k/v1/record.json', { body: { app, record: rec('ERRQ3', 32) }, headers: { 'Accept-Language': 'en' } });
    assert.match(isError(en, 500, 'DC_CE01').message, /keys_dir/);
    assert.equal((await client.record.getRecords({ app, query: 'age >= 31' })).records.length, 0, 'nothing was written');
    // Its key lost (and the server restarted, so no copy is left in memory): leaving
    // class Ⅰ cannot open the record, and changes nothing.
    rmSync(dir);
    await s.stop({ keep: true });
    s = await startServer({ dataDir: s.dataDir });
    const e2 = await call(s, 'PUT', '/api/app/governance.json', { body: { app, infoClass: 3 } });
    assert.match(isError(e2, 409, 'DC_CE02').message, /久喜市 第15条/);
    assert.deepEqual(sql(s, `SELECT info_class, sealed FROM apps WHERE id = ${app}`), [{ info_class: 1, sealed: 1 }]);
    // The record reads as empty: its values cannot be opened.
    assert.equal((await clientFor(s).record.getRecord({ app, id })).record.name.value, '');
    // With the key back (from a key backup), it works again.
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(keyFile(s, app, id), saved, { mode: 0o600 });
    assert.equal((await call(s, 'PUT', '/api/app/governance.json', { body: { app, infoClass: 3 } })).status, 200);
    assert.equal((await clientFor(s).record.getRecord({ app, id })).record.name.value, '氏名-ERRQ1');
  } finally {
    await s.stop();
  }
});

test('at start, a class Ⅰ app whose data is still plain (changed behind daicho\'s back) is sealed', async () => {
  let s = await startServer();
  try {
    const client = clientFor(s);
    const app = await makeApp(client, '裏で変更', props);
    const { id } = await client.record.addRecord({ app, record: rec('LATEQ1', 50) });
    await s.stop({ keep: true });
    execFileSync('sqlite3', [join(s.dataDir, 'daicho.db'), `UPDATE apps SET info_class = 1 WHERE id = ${Number(app)}`]);
    s = await startServer({ dataDir: s.dataDir });
    assert.deepEqual(sql(s, `SELECT sealed FROM apps WHERE id = ${app}`), [{ sealed: 1 }]);
    assert.ok(existsSync(keyFile(s, app, id)));
    assert.equal((await clientFor(s).record.getRecord({ app, id })).record.name.value, '氏名-LATEQ1');
    checkpoint(s);
    assert.equal(diskBytes(s).indexOf(Buffer.from('LATEQ1')), -1);
  } finally {
    await s.stop();
  }
});

test('abiko preset: a published class Ⅰ app is encrypted the same way; the register follows the roles', async () => {
  const client = clientFor(abiko);
  const app = await makeApp(client, '介護認定台帳', props);
  // Publication goes through approvals (lifecycle.test.mjs); here it is set directly.
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(abiko.dataDir, 'daicho.db'),
    `UPDATE apps SET state = 'published', gov_revision = gov_revision + 1 WHERE id = ${Number(app)}`]);
  assert.equal(cryptoCli(abiko, 'class', app, '1').status, 0);
  const { id } = await client.record.addRecord({ app, record: rec('ABIKOQ1', 80) });
  assert.deepEqual(names((await client.record.getRecords({ app, query: 'name like "ABIKOQ1"' })).records), ['氏名-ABIKOQ1']);
  // A deleted comment kept for the record (the comment history) stays sealed too.
  const { id: cid } = await client.record.addRecordComment({ app, record: id, comment: { text: '消すメモ KEPTQ2' } });
  await client.record.deleteRecordComment({ app, record: id, comment: cid });
  const kept = await call(abiko, 'GET', `/api/record/comment/history.json?app=${app}&record=${id}`);
  assert.equal(kept.status, 200, kept.text);
  assert.equal(kept.json.comments.find((c) => c.id === String(cid)).text.trim(), '消すメモ KEPTQ2');
  checkpoint(abiko);
  assert.equal(diskBytes(abiko).indexOf(Buffer.from('ABIKOQ1')), -1);
  assert.equal(diskBytes(abiko).indexOf(Buffer.from('KEPTQ2')), -1);
  await client.record.deleteRecords({ app, ids: [id] });
  assert.equal(existsSync(keyFile(abiko, app, id)), false);
  const auditor = await addUser(abiko, 'crypto-kansa');
  await call(abiko, 'PUT', '/api/admin/users.json', { body: { code: auditor.code, roles: ['auditor'] } });
  const list = await call(abiko, 'GET', '/api/admin/disposals.json', { auth: auditor.auth });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.disposals.filter((d) => d.app === String(app)).length, 1);
  isError(await call(abiko, 'GET', '/api/admin/disposals.json?limit=0', { auth: auditor.auth }), 400, 'CB_VA01', ['limit']);
});
