// The tamper-evident access log (docs/AUDIT.md; Kuki 第19条): every entry carries a
// SHA-256 chain hash over the previous one and its canonical encoding; `daicho audit
// verify` names the FIRST entry that was changed, removed, inserted or reordered, and,
// with a checkpoint file exported earlier, a truncated or rewritten tail. Each tampering
// case works on its own copy of the data directory, with the server stopped, using the
// sqlite3 tool the way an intruder with file access would (dropping the triggers first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, call, daichoBin } from './lib/server.mjs';
import { clientFor, makeApp, sql } from './lib/util.mjs';

let srv, base, work, file;

// Runs `daicho audit ...` on a data directory; returns {status, stdout, stderr, json}.
function audit(dir, args) {
  const r = spawnSync(daichoBin(), ['audit', ...args], {
    env: { ...process.env, DAICHO_DATA: dir }, encoding: 'utf8',
  });
  let json;
  try { json = JSON.parse(r.stdout); } catch { json = undefined; }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}

// A copy of the stopped server's data directory, tampered with by these SQL statements.
let copies = 0;
function tampered(stmts) {
  const dir = join(work, `case-${++copies}`);
  cpSync(base, dir, { recursive: true });
  if (stmts) {
    execFileSync('sqlite3', ['-bail', join(dir, 'daicho.db'), stmts], { encoding: 'utf8' });
  }
  return dir;
}

const rows = (dir, q) => {
  const out = execFileSync('sqlite3', ['-readonly', '-json', join(dir, 'daicho.db'), q], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : [];
};
const DROP = 'DROP TRIGGER access_log_append_only_u; DROP TRIGGER access_log_append_only_d;'
  + ' DROP TRIGGER audit_checkpoints_d;';
const COLS = 'at, user_id, user_code, auth, token_id, app_id, action, record_ids, result, status, code, client, request_id';

before(async () => {
  srv = await startServer();
  work = mkdtempSync(join(tmpdir(), 'daicho-audit-'));
  const client = clientFor(srv);
  const app = await makeApp(client, '監査チェーン', { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' } });
  for (let i = 0; i < 5; i++) {
    const { id } = await client.record.addRecord({ app, record: { title: { value: `r${i}` } } });
    await client.record.getRecord({ app, id });
  }
  await call(srv, 'GET', `/k/v1/records.json?app=${app}`, { auth: { username: 'admin', password: 'wrong-password-1' } });
  sql(srv, 'SELECT count(*) FROM access_log'); // waits for the journal to be moved in
  // The auditor's checkpoint, kept away from the server.
  file = join(work, 'checkpoint.json');
  const cp = audit(srv.dataDir, ['checkpoint', '--out', file]);
  assert.equal(cp.status, 0, cp.stderr);
  await srv.stop({ keep: true });
  base = srv.dataDir;
});
after(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(base, { recursive: true, force: true });
});

test('every entry is chained; the chain follows the documented canonical encoding', () => {
  const log = rows(base, `SELECT id, ${COLS}, hash FROM access_log ORDER BY id`);
  assert.ok(log.length >= 10, `entries: ${log.length}`);
  let prev = Buffer.alloc(32);
  let id = 0;
  const ns = (v) => { const b = Buffer.from(String(v ?? ''), 'utf8'); return `${b.length}:${b.toString('utf8')},`; };
  for (const e of log) {
    assert.equal(e.id, ++id, 'ids are consecutive');
    const enc = [ns('daicho-log-1'), ns(e.at), ns(e.user_id ?? 0), ns(e.user_code), ns(e.auth),
      ns(e.token_id ?? 0), ns(e.app_id ?? 0), ns(e.action), ns(e.record_ids), ns(e.result),
      ns(e.status), ns(e.code), ns(e.client), ns(e.request_id)].join('');
    const h = createHash('sha256').update(prev).update(Buffer.from(enc, 'utf8')).digest('hex');
    assert.equal(e.hash, h, `entry ${e.id}`);
    prev = Buffer.from(h, 'hex');
  }
});

test('an untouched log verifies, also against the checkpoint file; --json says so', () => {
  const r = audit(base, ['verify', '--checkpoint', file]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /result: intact/);
  const j = audit(base, ['verify', '--json']);
  assert.equal(j.status, 0, j.stdout);
  assert.equal(j.json.ok, true);
  assert.deepEqual(j.json.problems, []);
  assert.ok(j.json.entries >= 10);
  assert.ok(j.json.checkpoints >= 1);
});

test('the checkpoint file carries the public key and a signature; the private key is 0400', () => {
  const cp = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(cp.format, 'daicho-checkpoint-1');
  assert.match(cp.hash, /^[0-9a-f]{64}$/);
  assert.match(cp.signature, /^[0-9a-f]{128}$/);
  const key = audit(base, ['key']);
  assert.equal(key.stdout.trim(), cp.public_key);
  assert.equal(statSync(join(base, 'keys', 'audit-ed25519.key')).mode & 0o777, 0o400);
  const last = rows(base, 'SELECT max(id) AS m FROM access_log')[0].m;
  assert.equal(cp.entry_id, last);
  // The key never reaches the server's output.
  const secret = readFileSync(join(base, 'keys', 'audit-ed25519.key'), 'utf8').trim();
  assert.ok(!srv.log().includes(secret));
});

function firstProblem(dir, args = []) {
  const r = audit(dir, ['verify', '--json', ...args]);
  assert.equal(r.status, 1, `verify must fail: ${r.stdout}${r.stderr}`);
  assert.equal(r.json.ok, false);
  const human = audit(dir, ['verify', ...args]);
  assert.equal(human.status, 1);
  assert.match(human.stdout, /FIRST PROBLEM/);
  assert.match(human.stdout, /result: NOT INTACT/);
  return r.json.problems[0];
}

test('an edited entry is named: changed', () => {
  const dir = tampered(`${DROP} UPDATE access_log SET user_code = 'mallory' WHERE id = 7;`);
  const p = firstProblem(dir);
  assert.equal(p.kind, 'changed');
  assert.equal(p.entry_id, 7);
  assert.match(audit(dir, ['verify']).stdout, /entry 7 was changed/);
});

test('a deleted entry is named: removed', () => {
  const dir = tampered(`${DROP} DELETE FROM access_log WHERE id = 5;`);
  const p = firstProblem(dir);
  assert.equal(p.kind, 'removed');
  assert.equal(p.entry_id, 5);
});

test('an inserted entry is named: inserted', () => {
  const dir = tampered(`INSERT INTO access_log(${COLS}) VALUES ('2026-01-01T00:00:00.000Z', 1, 'admin',`
    + " 'password', NULL, NULL, 'records.read', '[]', 'ok', 200, '', '127.0.0.1', 'forged');");
  const id = rows(dir, 'SELECT max(id) AS m FROM access_log')[0].m;
  const p = firstProblem(dir);
  assert.equal(p.kind, 'inserted');
  assert.equal(p.entry_id, id);
});

test('two entries whose contents were swapped are named: reordered', () => {
  const swap = (cols) => `${DROP} CREATE TEMP TABLE t AS SELECT * FROM access_log WHERE id IN (8, 9);`
    + ` UPDATE access_log SET (${cols}) = (SELECT ${cols} FROM t WHERE t.id = 17 - access_log.id) WHERE id IN (8, 9);`;
  for (const cols of [COLS, `${COLS}, hash`]) {
    const dir = tampered(swap(cols));
    const p = firstProblem(dir);
    assert.equal(p.kind, 'reordered', cols);
    assert.equal(p.entry_id, 8);
    assert.equal(p.other_id, 9);
  }
});

test('a truncated tail passes the chain but not the checkpoint file: truncated', () => {
  const last = rows(base, 'SELECT max(id) AS m FROM access_log')[0].m;
  const dir = tampered(`${DROP} DELETE FROM access_log WHERE id > ${last - 3}; DELETE FROM audit_checkpoints;`);
  // The stored checkpoints are gone too: the chain alone cannot tell.
  assert.equal(audit(dir, ['verify']).status, 0);
  const p = firstProblem(dir, ['--checkpoint', file]);
  assert.equal(p.kind, 'truncated');
  assert.equal(p.entry_id, last - 3);
  assert.equal(p.other_id, last);
  // With the stored checkpoints left in place, they tell by themselves.
  const dir2 = tampered(`${DROP} DELETE FROM access_log WHERE id > ${last - 3};`);
  assert.equal(firstProblem(dir2).kind, 'truncated');
});

test('a checkpoint file with a forged signature is refused', () => {
  const cp = JSON.parse(readFileSync(file, 'utf8'));
  cp.entry_id -= 1;
  const forged = join(work, 'forged.json');
  execFileSync('sh', ['-c', `cat > ${forged}`], { input: JSON.stringify(cp) });
  const p = firstProblem(base, ['--checkpoint', forged]);
  assert.equal(p.kind, 'signature');
});

test('purge: old entries leave behind a signed anchor, the purge is logged, the log still verifies', () => {
  const dir = tampered();
  const before = rows(dir, 'SELECT max(id) AS m FROM access_log')[0].m;
  const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
  const r = audit(dir, ['purge', '--before', tomorrow]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`purged ${before} entries`));
  const left = rows(dir, 'SELECT id, action, user_code, auth FROM access_log ORDER BY id');
  assert.equal(left.length, 1);
  assert.equal(left[0].action, 'audit.purge');
  assert.equal(left[0].id, before + 1);
  assert.match(left[0].user_code, /^os:/);
  const anchor = rows(dir, 'SELECT * FROM audit_anchor')[0];
  assert.equal(anchor.entry_id, before);
  const v = audit(dir, ['verify', '--json', '--checkpoint', file]);
  assert.equal(v.status, 0, v.stdout);
  assert.equal(v.json.anchor.entry_id, before);
  // Ordinary SQL still cannot delete entries, nor move the anchor.
  const run = (stmt) => spawnSync('sqlite3', ['-bail', join(dir, 'daicho.db'), stmt], { encoding: 'utf8' });
  assert.match(run('DELETE FROM access_log').stderr, /append-only/);
  assert.match(run('UPDATE audit_anchor SET entry_id = 0').stderr, /purge/);
  assert.match(run('DELETE FROM audit_checkpoints').stderr, /append-only/);
  // An entry slipped in before the anchor (where only purged entries were) is caught.
  execFileSync('sqlite3', [join(dir, 'daicho.db'), `INSERT INTO access_log(id, ${COLS}) VALUES (2,`
    + " '2026-01-01T00:00:00.000Z', 1, 'admin', 'password', NULL, NULL, 'records.read', '[]', 'ok', 200, '', '', 'x');"]);
  const p = firstProblem(dir);
  assert.equal(p.kind, 'inserted');
  assert.equal(p.entry_id, 2);
  const dir2 = tampered();
  const r2 = audit(dir2, ['purge', '--before', '2000-01-01']);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /purged 0 entries/);
  assert.equal(audit(dir2, ['verify']).status, 0);
});

test('a log rewritten from an entry on (hashes recomputed) is caught by the checkpoint', () => {
  // Rewrite entry 3 and every later hash with the documented algorithm.
  const dir = tampered(`${DROP} DROP TRIGGER audit_checkpoints_u; DELETE FROM audit_checkpoints;`);
  const log = rows(dir, `SELECT id, ${COLS}, hash FROM access_log ORDER BY id`);
  const ns = (v) => { const b = Buffer.from(String(v ?? ''), 'utf8'); return `${b.length}:${b.toString('utf8')},`; };
  let prev = Buffer.from(log[1].hash, 'hex');
  const stmts = [];
  for (const e of log.slice(2)) {
    if (e.id === 3) e.user_code = 'mallory';
    const enc = [ns('daicho-log-1'), ns(e.at), ns(e.user_id ?? 0), ns(e.user_code), ns(e.auth),
      ns(e.token_id ?? 0), ns(e.app_id ?? 0), ns(e.action), ns(e.record_ids), ns(e.result),
      ns(e.status), ns(e.code), ns(e.client), ns(e.request_id)].join('');
    const h = createHash('sha256').update(prev).update(Buffer.from(enc, 'utf8')).digest('hex');
    stmts.push(`UPDATE access_log SET user_code = '${e.user_code.replace(/'/g, "''")}', hash = '${h}' WHERE id = ${e.id};`);
    prev = Buffer.from(h, 'hex');
  }
  execFileSync('sqlite3', ['-bail', join(dir, 'daicho.db'), stmts.join('\n')]);
  assert.equal(audit(dir, ['verify']).status, 0, 'the chain alone was rebuilt');
  const p = firstProblem(dir, ['--checkpoint', file]);
  assert.equal(p.kind, 'rewritten');
  assert.equal(p.entry_id, log[log.length - 1].id);
});

test('the auditor verifies with the key on record, without the secret key', () => {
  const dir = tampered();
  rmSync(join(dir, 'keys', 'audit-ed25519.key'), { force: true });
  const pub = readFileSync(join(dir, 'keys', 'audit-ed25519.pub'), 'utf8').trim();
  const ok = audit(dir, ['verify', '--key', pub, '--checkpoint', file]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  // Checkpoints signed by any other key are refused.
  const other = 'ab'.repeat(32);
  const p = firstProblem(dir, ['--key', other]);
  assert.equal(p.kind, 'signature');
  assert.equal(audit(dir, ['verify', '--key', 'nothex']).status, 2);
});
