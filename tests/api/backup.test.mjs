// Backups (RULES.md row 33, Kuki 第31条): encrypted, verified backups in a second place,
// made online while the server serves, on a schedule and on demand; restore tests that
// are logged; and the whole path a person takes after losing a server: backup -> wipe ->
// `daicho restore` -> every record, file and comment back, the access log verifying.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, daichoBin, startServer } from './lib/server.mjs';
import { clientFor, makeApp, rejects, sql } from './lib/util.mjs';

const PW = 'a-Long-passphrase-42';
const SECRET_TEXT = '山田太郎の相談記録 unique-plaintext-7f3a';
const FILE_TEXT = 'attachment body unique-plaintext-91c2';
let srv, plain, work, backups, app, auditor, clerk;

function daicho(args, dataDir, extraEnv = {}) {
  const r = spawnSync(daichoBin(), args, {
    env: { PATH: process.env.PATH, DAICHO_DATA: dataDir, DAICHO_TZ: 'Asia/Tokyo', ...extraEnv },
    encoding: 'utf8',
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

// Every regular file under dir, recursively.
function filesUnder(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

async function user(s, code, roles = []) {
  const r = await call(s, 'POST', '/api/admin/users.json', { body: { code, name: `User ${code}`, password: PW, roles } });
  assert.equal(r.status, 200, r.text);
  return { username: code, password: PW };
}

async function waitFor(fn, what, ms = 15000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'daicho-backup-test-'));
  backups = join(work, 'second-disk');
  [srv, plain] = await Promise.all([
    startServer({ env: { DAICHO_BACKUP_DIR: backups, DAICHO_BACKUP_HOURS: '24', DAICHO_BACKUP_KEEP: '3' } }),
    startServer(),
  ]);
  const client = clientFor(srv);
  app = await makeApp(client, '相談記録', {
    note: { type: 'MULTI_LINE_TEXT', code: 'note', label: '内容' },
    doc: { type: 'FILE', code: 'doc', label: '添付' },
    rows: { type: 'SUBTABLE', code: 'rows', label: '明細', fields: { item: { type: 'SINGLE_LINE_TEXT', code: 'item', label: '品目' } } },
  });
  const { fileKey } = await client.file.uploadFile({ file: { name: 'memo.txt', data: FILE_TEXT } });
  await client.record.addRecord({ app, record: { note: { value: SECRET_TEXT }, doc: { value: [{ fileKey }] }, rows: { value: [{ value: { item: { value: '椅子' } } }] } } });
  await client.record.addRecords({ app, records: Array.from({ length: 30 }, (_, i) => ({ note: { value: `record ${i}` } })) });
  await client.record.addRecordComment({ app, record: 1, comment: { text: 'コメントも戻ること' } });
  auditor = await user(srv, 'auditor1', ['auditor']);
  clerk = await user(srv, 'clerk1');
});

after(async () => {
  await Promise.all([srv?.stop(), plain?.stop()]);
  rmSync(work, { recursive: true, force: true });
});

test('the schedule makes a backup when the server starts, and runs a logged restore test on it', async () => {
  const status = await waitFor(async () => {
    const r = await call(srv, 'GET', '/api/admin/backups.json');
    assert.equal(r.status, 200, r.text);
    const kinds = r.json.runs.filter((x) => x.by === 'daicho (schedule)' && x.ok).map((x) => x.kind);
    return kinds.includes('backup') && kinds.includes('restore_test') ? r.json : null;
  }, 'the scheduled backup and its restore test');
  assert.equal(status.dir, backups);
  assert.equal(status.hours, 24);
  assert.equal(status.key.present, true);
  assert.match(status.key.fingerprint, /^[0-9a-f]{16}$/);
  assert.ok(status.backups.length >= 1 && status.backups[0].manifestOk && status.backups[0].sameKey);
  const test = status.runs.find((x) => x.kind === 'restore_test');
  assert.equal(test.detail.log_verified, true);
  const log = sql(srv, "SELECT action, user_code, result FROM access_log WHERE action LIKE 'backup.%' ORDER BY id");
  assert.deepEqual(log.slice(0, 2).map((l) => [l.action, l.user_code, l.result]),
    [['backup.make', 'daicho (schedule)', 'ok'], ['backup.restore_test', 'daicho (schedule)', 'ok']]);
});

test('back up now from the admin API: online, encrypted (no plaintext in the backup), read back, restore-tested', async () => {
  const made = await call(srv, 'POST', '/api/admin/backups.json', { body: {} });
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.ok, true);
  assert.equal(made.json.stats.records, 31);
  assert.ok(made.json.files >= 2, 'the attachment and the signing key are in the backup');
  const dir = join(backups, made.json.name);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  assert.equal(manifest.format, 'daicho-backup-1');
  assert.equal(manifest.stats.records, 31);
  // No plaintext of a record, a file or the database header anywhere in the backup.
  for (const f of filesUnder(dir)) {
    const bytes = readFileSync(f);
    for (const needle of [SECRET_TEXT, FILE_TEXT, 'SQLite format 3', 'コメントも戻ること'])
      assert.equal(bytes.includes(Buffer.from(needle)), false, `${needle} in plaintext in ${f}`);
  }
  assert.equal(statSync(dir).mode & 0o077, 0, 'the backup directory is private');
  const tested = await call(srv, 'POST', '/api/admin/backup/test.json', { auth: auditor, body: { name: made.json.name } });
  assert.equal(tested.status, 200, tested.text);
  assert.equal(tested.json.logVerified, true);
  assert.equal(tested.json.stats.records, 31);
});

test('who may: the auditor tests but does not make backups; staff neither; a missing name or directory is a clear error', async () => {
  const byAuditor = await call(srv, 'POST', '/api/admin/backups.json', { auth: auditor, body: {} });
  assert.equal(byAuditor.status, 403);
  const byClerk = await call(srv, 'GET', '/api/admin/backups.json', { auth: clerk });
  assert.equal(byClerk.status, 403);
  const unknown = await call(srv, 'POST', '/api/admin/backup/test.json', { body: { name: 'daicho-19990101T000000Z' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.code, 'DC_BK03');
  const sneaky = await call(srv, 'POST', '/api/admin/backup/test.json', { body: { name: '../../etc' } });
  assert.equal(sneaky.json.code, 'DC_BK03');
  const nameless = await call(srv, 'POST', '/api/admin/backup/test.json', { body: {} });
  assert.equal(nameless.status, 400);
  assert.ok(nameless.json.errors?.name, nameless.text);
  // The command line says what is missing and exits 2 (a usage error).
  const noDir = daicho(['backup'], plain.dataDir);
  assert.equal(noDir.code, 2);
  assert.match(noDir.out, /Give --to DIR or set backup_dir/);
  const badKeep = daicho(['backup', '--to', backups, '--keep', 'many'], srv.dataDir);
  assert.equal(badKeep.code, 2);
  assert.match(badKeep.out, /--keep takes a number/);
  const noFrom = daicho(['restore'], plain.dataDir);
  assert.equal(noFrom.code, 2);
  assert.match(noFrom.out, /give --from PATH/);
  const none = await call(plain, 'POST', '/api/admin/backups.json', { body: {}, headers: { 'Accept-Language': 'en' } });
  assert.equal(none.status, 409);
  assert.equal(none.json.code, 'DC_BK01');
  assert.match(none.json.message, /backup_dir/);
});

test('a damaged or altered backup fails its restore test, naming what is wrong', async () => {
  const made = await call(srv, 'POST', '/api/admin/backups.json', { body: {} });
  const dir = join(backups, made.json.name);
  const victim = filesUnder(join(dir, 'data')).find((f) => f.includes('/files/'));
  const bytes = readFileSync(victim);
  bytes[bytes.length - 5] ^= 0x55;
  writeFileSync(victim, bytes);
  const r = await call(srv, 'POST', '/api/admin/backup/test.json', { body: { name: made.json.name }, headers: { 'Accept-Language': 'en' } });
  assert.equal(r.status, 500);
  assert.equal(r.json.code, 'DC_BK02');
  assert.match(r.json.message, /damaged or missing: files\//);
  // An edited manifest no longer matches its MAC.
  const m = join(dir, 'manifest.json');
  writeFileSync(m, readFileSync(m, 'utf8').replace('"records": 31', '"records": 32'));
  const cli = daicho(['backup', 'test', '--to', backups, made.json.name], srv.dataDir);
  assert.equal(cli.code, 1);
  assert.match(cli.out, /manifest .* does not match the backup key/);
  rmSync(dir, { recursive: true, force: true });
  const runs = (await call(srv, 'GET', '/api/admin/backups.json')).json.runs;
  assert.ok(runs.some((x) => x.kind === 'restore_test' && !x.ok), 'the failed test is recorded');
});

test('backup -> wipe -> restore: every record, file and comment back, and the access log verifies', async () => {
  const client = clientFor(srv);
  const before = await client.record.getRecords({ app, query: 'order by $id asc limit 100' });
  const made = await call(srv, 'POST', '/api/admin/backups.json', { body: {} });
  assert.equal(made.status, 200, made.text);
  const dir = join(backups, made.json.name);
  // The key lives beside the data by default: keep it elsewhere, as docs/BACKUP.md asks.
  const keyCopy = join(work, 'backup.key');
  copyFileSync(join(srv.dataDir, 'backup.key'), keyCopy);
  chmodSync(keyCopy, 0o600);
  // A restore under a running server is refused.
  const busy = daicho(['restore', '--from', dir, '--key-file', keyCopy, '--force'], srv.dataDir);
  assert.equal(busy.code, 1);
  assert.match(busy.out, /stop the server first/);
  await srv.stop({ keep: true });
  const data = srv.dataDir;
  rmSync(data, { recursive: true, force: true });
  const wrongKey = join(work, 'wrong.key');
  writeFileSync(wrongKey, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
  const refused = daicho(['restore', '--from', dir, '--key-file', wrongKey], data);
  assert.equal(refused.code, 1);
  assert.match(refused.out, /another key/);
  const restored = daicho(['restore', '--from', dir, '--key-file', keyCopy], data);
  assert.equal(restored.code, 0, restored.out);
  assert.match(restored.out, /access log verified/);
  const again = daicho(['restore', '--from', dir, '--key-file', keyCopy], data);
  assert.equal(again.code, 1, 'an existing database is not replaced without --force');
  assert.match(again.out, /--force/);
  srv = await startServer({ dataDir: data });
  const back = clientFor(srv);
  const after = await back.record.getRecords({ app, query: 'order by $id asc limit 100' });
  assert.deepEqual(after.records, before.records);
  const rec = await back.record.getRecord({ app, id: 1 });
  const file = Buffer.from(await back.file.downloadFile({ fileKey: rec.record.doc.value[0].fileKey })).toString();
  assert.equal(file, FILE_TEXT);
  const { comments } = await back.record.getRecordComments({ app, record: 1 });
  assert.equal(comments[0].text.trim(), 'コメントも戻ること');
  const verify = daicho(['audit', 'verify'], data);
  assert.equal(verify.code, 0, verify.out);
  const restoreLog = sql(srv, "SELECT user_code, result FROM access_log WHERE action = 'backup.restore'");
  assert.equal(restoreLog.length, 1);
  assert.equal(restoreLog[0].result, 'ok');
});
