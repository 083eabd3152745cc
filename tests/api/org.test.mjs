// Organisation (RULES.md rows 4, 21, 29): departments 部 and sections 課/係 with their heads
// and 保護管理者 (Kuki 第4条), users' sections, the CSV export and all-or-nothing import,
// moving a person between sections (人事異動) with what they own, everyone's inbox, and
// the role gating of these routes (Kuki 第21条: account administrators change the
// organisation, the auditor only reads it).
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { call, startServer } from './lib/server.mjs';
import { addToken, addUser, isError, makeApp, clientFor, sql } from './lib/util.mjs';

const en = { 'Accept-Language': 'en' };
let srv, abiko, aud, plainUser;

before(async () => {
  [srv, abiko] = await Promise.all([startServer(), startServer({ preset: 'abiko' })]);
  // Users created before any section exists need none.
  aud = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: 'aud', name: 'Auditor', password: 'aud-Passw0rd-long-1', roles: ['auditor'] },
  });
  assert.equal(aud.status, 200, aud.text);
  aud = { auth: { username: 'aud', password: 'aud-Passw0rd-long-1' } };
  plainUser = await addUser(srv, 'plain');
});
after(async () => {
  await srv.stop();
  await abiko.stop();
});

const unit = (body, auth) => call(srv, 'POST', '/api/admin/org.json', { body, headers: en, auth });

test('units: departments and their sections, heads and protection managers; everyone reads the tree', async () => {
  assert.equal((await unit({ kind: 'department', code: 'shimin', name: '市民部' })).status, 200);
  assert.equal((await unit({ kind: 'department', code: 'somu', name: '総務部' })).status, 200);
  const sec = await unit({ kind: 'section', code: 'shimin-ka', name: '市民課', parent: 'shimin', head: 'plain', managers: ['plain'] });
  assert.equal(sec.status, 200, sec.text);
  assert.equal((await unit({ kind: 'section', code: 'jinji', name: '人事課', parent: 'somu' })).status, 200);
  const g = await call(srv, 'GET', '/api/org.json', { auth: plainUser.auth });
  assert.equal((await call(srv, 'GET', '/api/admin/org.json', { auth: plainUser.auth })).status, 403);
  assert.equal(g.status, 200, g.text);
  const codes = g.json.units.map((u) => u.code);
  assert.deepEqual(codes, ['shimin', 'shimin-ka', 'somu', 'jinji']);
  const s = g.json.units.find((u) => u.code === 'shimin-ka');
  assert.equal(s.parent, 'shimin');
  assert.equal(s.head, 'plain');
  assert.deepEqual(s.managers, ['plain']);
  // Change: rename and a new head.
  const put = await call(srv, 'PUT', '/api/admin/org.json', { body: { code: 'jinji', name: '人事課（改）', head: 'plain' } });
  assert.equal(put.status, 200, put.text);
  const j = (await call(srv, 'GET', '/api/admin/org.json')).json.units.find((u) => u.code === 'jinji');
  assert.equal(j.name, '人事課（改）');
  assert.equal(j.head, 'plain');
});

test('validation: a section under a department, unique codes, known people', async () => {
  isError(await unit({ kind: 'section', code: 'x1', name: 'X' }), 400, 'DC_OR03');
  const under = await unit({ kind: 'section', code: 'x2', name: 'X', parent: 'shimin-ka' });
  isError(under, 400, 'DC_OR03');
  assert.match(under.json.message, /parent must be a department/);
  isError(await unit({ kind: 'department', code: 'x3', name: 'X', parent: 'shimin' }), 400, 'DC_OR03');
  isError(await unit({ kind: 'department', code: 'shimin', name: 'again' }), 400, 'CB_VA01', ['code']);
  isError(await unit({ kind: 'section', code: 'x4', name: 'X', parent: 'shimin', head: 'nobody' }), 400, 'CB_VA01', ['head']);
  isError(await unit({ kind: 'section', code: 'x5', name: 'X', parent: 'shimin', managers: ['ghost'] }), 400, 'CB_VA01', ['managers[0]']);
  isError(await unit({ kind: 'department', code: 'x6', name: 'X', managers: ['plain'] }), 400, 'CB_VA01', ['managers']);
  isError(await unit({ kind: 'team', code: 'x7', name: 'X' }), 400, 'CB_VA01', ['kind']);
  isError(await unit({ kind: 'department', code: 'x8' }), 400, 'CB_VA01', ['name']);
  assert.equal(sql(srv, "SELECT count(*) AS n FROM org_units WHERE code LIKE 'x%'")[0].n, 0);
});

test('users: a section is required once sections exist; section in user JSON', async () => {
  const none = await call(srv, 'POST', '/api/admin/users.json', {
    headers: en, body: { code: 'nosec', name: 'No section', password: 'nosec-Passw0rd-long-1' },
  });
  isError(none, 400, 'DC_OR02');
  assert.match(none.json.message, /Kuki art\. 4/);
  const dep = await call(srv, 'POST', '/api/admin/users.json', {
    headers: en, body: { code: 'nosec', name: 'N', password: 'nosec-Passw0rd-long-1', section: 'shimin' },
  });
  isError(dep, 400, 'CB_VA01', ['section']);
  const ok = await call(srv, 'POST', '/api/admin/users.json', {
    body: { code: 'tanaka', name: '田中', password: 'tanaka-Passw0rd-long-1', section: 'shimin-ka' },
  });
  assert.equal(ok.status, 200, ok.text);
  const put = await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'plain', section: 'shimin-ka' } });
  assert.equal(put.status, 200, put.text);
  isError(await call(srv, 'PUT', '/api/admin/users.json', { body: { code: 'plain', section: '' } }), 400, 'DC_OR02');
  const list = await call(srv, 'GET', '/api/admin/users.json');
  const byCode = Object.fromEntries(list.json.users.map((u) => [u.code, u]));
  assert.equal(byCode.tanaka.section, 'shimin-ka');
  assert.equal(byCode.plain.section, 'shimin-ka');
  assert.equal(byCode.aud.section, '');
});

test('delete: refused with what remains, then allowed when empty', async () => {
  const dep = await call(srv, 'DELETE', '/api/admin/org.json', { headers: en, body: { code: 'shimin' } });
  isError(dep, 409, 'DC_OR01');
  assert.match(dep.json.message, /1 section\(s\)/);
  const sec = await call(srv, 'DELETE', '/api/admin/org.json', { headers: en, body: { code: 'shimin-ka' } });
  isError(sec, 409, 'DC_OR01');
  assert.match(sec.json.message, /2 member\(s\)/);
  assert.equal((await unit({ kind: 'department', code: 'tmp', name: '仮' })).status, 200);
  assert.equal((await call(srv, 'DELETE', '/api/admin/org.json', { body: { code: 'tmp' } })).status, 200);
  isError(await call(srv, 'DELETE', '/api/admin/org.json', { body: { code: 'tmp' } }), 400, 'CB_VA01', ['code']);
});

test('CSV: export with BOM, import all or nothing with row-numbered errors, round trip', async () => {
  const r = await fetch(srv.baseUrl + '/api/admin/org.csv', {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`${aud.auth.username}:${aud.auth.password}`).toString('base64') },
  });
  assert.equal(r.status, 200);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8').slice(1);
  assert.match(csv, /^"kind","code","name","parent","head","managers"\r\n/);
  assert.match(csv, /"section","shimin-ka","市民課","shimin","plain","plain"/);
  // Who belongs where.
  const m = await call(srv, 'GET', '/api/admin/org/members.csv', { auth: aud.auth });
  assert.equal(m.status, 200);
  assert.match(m.text, /^"login","name","section"\r\n/); // (text() drops the BOM)
  assert.match(m.text, /"tanaka","田中","shimin-ka"\r\n/);
  assert.match(m.text, /"aud","Auditor",\r\n/);
  assert.equal((await call(srv, 'GET', '/api/admin/org/members.csv', { auth: plainUser.auth })).status, 403);
  // A bad row refuses everything, naming the row.
  const bad = 'kind,code,name,parent,head,managers\ndepartment,kenko,健康部,,,\nsection,hoken,保険課,kenko,ghost,\n';
  const b = await call(srv, 'POST', '/api/admin/org/import.json', { body: { csv: bad } });
  isError(b, 400, 'CB_VA01', ['rows[3].head']);
  assert.equal(sql(srv, "SELECT count(*) AS n FROM org_units WHERE code = 'kenko'")[0].n, 0);
  // Text that is not CSV (an unclosed quote in row 3) is refused, naming the row.
  const notCsv = 'kind,code,name,parent,head,managers\ndepartment,kenko,健康部,,,\nsection,"hoken,保険課,kenko,,\n';
  const nc = isError(await call(srv, 'POST', '/api/admin/org/import.json', { body: { csv: notCsv } }), 400, 'CB_VA01', ['rows[3]']);
  assert.match(nc.errors['rows[3]'].messages[0], /CSV/);
  const wrongParent = await call(srv, 'POST', '/api/admin/org/import.json', { body: { csv: 'kind,code,name\nsection,z,Z,nowhere\n' } });
  isError(wrongParent, 400, 'DC_OR03');
  // Good import: new units and a changed one.
  const good = 'kind,code,name,parent,head,managers\ndepartment,kenko,健康部,,,\nsection,"hoken","保険課, 国保係",kenko,tanaka,"tanaka,plain"\nsection,jinji,人事課,somu,,\n';
  const g = await call(srv, 'POST', '/api/admin/org/import.json', { body: { csv: good } });
  assert.equal(g.status, 200, g.text);
  assert.deepEqual(g.json, { created: '2', changed: '1' });
  const hoken = (await call(srv, 'GET', '/api/admin/org.json')).json.units.find((u) => u.code === 'hoken');
  assert.equal(hoken.name, '保険課, 国保係');
  assert.deepEqual(hoken.managers, ['plain', 'tanaka']);
  // Round trip: importing the export changes nothing.
  const before = (await call(srv, 'GET', '/api/admin/org.json')).json.units.map(({ position, ...u }) => u);
  const again = await (await fetch(srv.baseUrl + '/api/admin/org.csv', {
    headers: { 'X-Cybozu-Authorization': Buffer.from(`${srv.auth.username}:${srv.auth.password}`).toString('base64') },
  })).text();
  const rt = await call(srv, 'POST', '/api/admin/org/import.json', { body: { csv: again } });
  assert.equal(rt.status, 200, rt.text);
  assert.equal(rt.json.created, '0');
  const afterUnits = (await call(srv, 'GET', '/api/admin/org.json')).json.units.map(({ position, ...u }) => u);
  assert.deepEqual(afterUnits, before);
});

test('move (人事異動): dry run shows what they own; the move clears headship and protection elsewhere', async () => {
  const app = await makeApp(clientFor(srv), 'owned', { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } });
  sqlWrite(`UPDATE apps SET creator_id = (SELECT id FROM users WHERE code = 'plain') WHERE id = ${app}`);
  await addToken(srv, app, ['view'], { owner: 'plain' });
  sqlWrite(`INSERT INTO inbox(user_id, kind, ref_id, subject, detail, created_at)
    SELECT id, 'test', 1, '確認してください', '{}', 0 FROM users WHERE code = 'plain'`);
  const dry = await call(srv, 'POST', '/api/admin/user/move.json', { body: { code: 'plain', section: 'hoken', dryRun: true } });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.from, 'shimin-ka');
  assert.equal(dry.json.to, 'hoken');
  const kinds = dry.json.owned.map((o) => o.kind).sort();
  assert.deepEqual(kinds, ['app', 'head', 'inbox', 'protection', 'protection', 'token']);
  // (the import above left 人事課 without a head.) Heading and protecting 市民課 end;
  // protecting 保険課 (the new section) stays.
  assert.deepEqual(dry.json.cleared.map((c) => `${c.kind} ${c.label}`).sort(), ['head shimin-ka 市民課', 'protection shimin-ka 市民課']);
  assert.equal(sql(srv, "SELECT s.code FROM users u JOIN org_units s ON s.id = u.section_id WHERE u.code = 'plain'")[0].code, 'shimin-ka');
  const mv = await call(srv, 'POST', '/api/admin/user/move.json', { body: { code: 'plain', section: 'hoken' } });
  assert.equal(mv.status, 200, mv.text);
  const units = Object.fromEntries((await call(srv, 'GET', '/api/admin/org.json')).json.units.map((u) => [u.code, u]));
  assert.equal(units['shimin-ka'].head, '');
  assert.deepEqual(units['shimin-ka'].managers, []);
  assert.equal(units.jinji.head, '');
  assert.deepEqual(units.hoken.managers, ['plain', 'tanaka']);
  assert.equal(units.hoken.members, '1');
  isError(await call(srv, 'POST', '/api/admin/user/move.json', { body: { code: 'plain', section: 'kenko' } }), 400, 'CB_VA01', ['section']);
});

function sqlWrite(query) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), query]);
}

test("inbox: one's own items, marking one done; others cannot", async () => {
  const mine = await call(srv, 'GET', '/api/inbox.json', { auth: plainUser.auth });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items.length, 1);
  const it = mine.json.items[0];
  assert.equal(it.subject, '確認してください');
  assert.deepEqual(it.detail, {});
  assert.equal(it.doneAt, null);
  const other = await call(srv, 'PUT', '/api/inbox/done.json', { body: { id: it.id } });
  isError(other, 400, 'CB_VA01', ['id']);
  const done = await call(srv, 'PUT', '/api/inbox/done.json', { auth: plainUser.auth, body: { id: it.id } });
  assert.equal(done.status, 200, done.text);
  assert.equal((await call(srv, 'GET', '/api/inbox.json', { auth: plainUser.auth })).json.items.length, 0);
  const all = await call(srv, 'GET', '/api/inbox.json?all=true', { auth: plainUser.auth });
  assert.equal(all.json.items.length, 1);
  assert.ok(all.json.items[0].doneAt);
});

test('role gating: the auditor reads, only account administrators change (Kuki art. 21)', async () => {
  assert.equal((await call(srv, 'GET', '/api/admin/org.json', { auth: aud.auth })).status, 200);
  for (const [m, p, body] of [
    ['POST', '/api/admin/org.json', { kind: 'department', code: 'y', name: 'Y' }],
    ['PUT', '/api/admin/org.json', { code: 'kenko', name: 'Y' }],
    ['DELETE', '/api/admin/org.json', { code: 'kenko' }],
    ['POST', '/api/admin/org/import.json', { csv: 'kind,code,name\n' }],
    ['POST', '/api/admin/user/move.json', { code: 'tanaka', section: 'jinji' }],
  ]) {
    for (const auth of [aud.auth, plainUser.auth]) {
      const r = await call(srv, m, p, { auth, body, headers: en });
      assert.equal(r.status, 403, `${m} ${p}: ${r.text}`);
      assert.ok(r.json && r.json.code && r.json.message, r.text);
    }
  }
  assert.equal((await call(srv, 'GET', '/api/admin/org.csv', { auth: plainUser.auth })).status, 403);
});

test('abiko preset: separated duties refuse combined roles through the users API', async () => {
  const r = await call(abiko, 'POST', '/api/admin/users.json', {
    headers: en, body: { code: 'both', name: 'Both', password: 'a-Long-passphrase-42', roles: ['security_admin', 'auditor'] },
  });
  isError(r, 400, 'CB_VA01', ['roles']);
  assert.match(r.json.errors.roles.messages[0], /Kuki art\. 21/);
  // With sections in place, a new person needs one even under the preset.
  assert.equal((await call(abiko, 'POST', '/api/admin/org.json', { body: { kind: 'department', code: 'd', name: 'D' } })).status, 200);
  assert.equal((await call(abiko, 'POST', '/api/admin/org.json', { body: { kind: 'section', code: 's', name: 'S', parent: 'd' } })).status, 200);
  isError(await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'newbie', name: 'N', password: 'a-Long-passphrase-42' },
  }), 400, 'DC_OR02');
  const ok = await call(abiko, 'POST', '/api/admin/users.json', {
    body: { code: 'newbie', name: 'N', password: 'a-Long-passphrase-42', section: 's' },
  });
  assert.equal(ok.status, 200, ok.text);
});
