// The auditor's report (RULES.md row 34; Kuki 第42–44条): for a chosen period, one answer
// with the ledger, the permissions of class Ⅰ apps (who can view, edit, export), the
// access log's verification, the download thresholds and when they were last reviewed,
// the incidents and the approvals of the period. Auditors, chief protection managers and
// security administrators only. Run with the abiko preset and on a fresh install.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, call } from './lib/server.mjs';
import { addUser, clientFor, isError, logSettled, makeApp } from './lib/util.mjs';

const servers = {};
before(async () => {
  [servers.abiko, servers.plain] = await Promise.all([startServer({ preset: 'abiko' }), startServer()]);
});
after(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.stop()));
});

function sqlWrite(srv, q) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', join(srv.dataDir, 'daicho.db'), q]);
}

const en = { 'Accept-Language': 'en' };
const today = new Date().toISOString().slice(0, 10);

for (const preset of ['abiko', 'plain']) {
  test(`${preset}: the report gathers ledger, class Ⅰ permissions, verification, thresholds, incidents and approvals`, async () => {
    const srv = servers[preset];
    const kansa = await addUser(srv, 'kansa');
    const chief = await addUser(srv, 'chief');
    const sec = await addUser(srv, 'sec');
    const member = await addUser(srv, 'member');
    const approver = await addUser(srv, 'bucho');
    for (const [code, role] of [['kansa', 'auditor'], ['chief', 'chief_protection_manager'], ['sec', 'security_admin']])
      assert.equal((await call(srv, 'PUT', '/api/admin/users.json', { body: { code, roles: [role] } })).status, 200);
    const admin = clientFor(srv);
    const secret = await makeApp(admin, '生活保護台帳', { name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: '氏名' } }, {
      acl: [
        { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true, recordExportable: true },
        { entity: { type: 'USER', code: 'member' }, recordViewable: true, recordEditable: false, recordExportable: false },
        { entity: { type: 'GROUP', code: 'everyone' }, recordViewable: false },
      ],
    });
    const open = await makeApp(admin, '会議室予約', { room: { type: 'SINGLE_LINE_TEXT', code: 'room', label: '部屋' } });
    const now = Math.floor(Date.now() / 1000);
    sqlWrite(srv, `UPDATE apps SET info_class = 1, flags = 3, state = 'published', gov_revision = gov_revision + 1 WHERE id = ${Number(secret)};
      UPDATE apps SET info_class = 3, state = 'published', gov_revision = gov_revision + 1 WHERE id = ${Number(open)};
      INSERT INTO app_approvals(id, app_id, kind, requested_by, requested_at, request, status, decided_at)
        VALUES (1, ${Number(secret)}, 'publish', 1, ${now - 3600}, '{}', 'approved', ${now - 60});
      INSERT INTO app_approval_steps(approval_id, pos, step, approver_id, decision, comment, decided_at)
        VALUES (1, 0, 'department_head', ${approver.id}, 'approved', '適切', ${now - 60});`);
    // Thresholds set and reviewed by the security administrator.
    assert.equal((await call(srv, 'PUT', '/api/admin/downloads.json', { auth: sec.auth, body: { app: secret, threshold: 50, hardCap: 200 } })).status, 200);
    assert.equal((await call(srv, 'POST', '/api/admin/downloads/review.json', { auth: sec.auth, body: { app: secret } })).status, 200);
    // An incident reported by a member.
    const rep = await call(srv, 'POST', '/api/me/report.json', { auth: member.auth, body: { kind: 'other', summary: 'USB メモリの紛失の疑い' } });
    assert.equal(rep.status, 200, rep.text);
    logSettled(srv);

    const r = await call(srv, 'GET', `/api/audit/app-report.json?from=${today}&to=${today}`, { auth: kansa.auth });
    assert.equal(r.status, 200, r.text);
    const j = r.json;
    assert.equal(j.from, today);
    assert.equal(j.to, today);
    assert.equal(j.generatedBy.code, 'kansa');
    // 1. the ledger snapshot: every app.
    assert.deepEqual(j.ledger.apps.map((a) => a.name).sort(), ['会議室予約', '生活保護台帳']);
    assert.equal(j.ledger.apps.find((a) => a.id === secret).flags.sensitive, true);
    // 2. permissions review: class Ⅰ apps only.
    assert.deepEqual(j.permissions.map((p) => p.app), [secret]);
    const perm = j.permissions[0];
    assert.equal(perm.classLabel, 'Ⅰ');
    const m = perm.entries.find((e) => e.code === 'member');
    assert.deepEqual([m.view, m.edit, m.export], [true, false, false]);
    const creator = perm.entries.find((e) => e.type === 'CREATOR');
    assert.equal(creator.code, 'admin');
    assert.deepEqual([creator.view, creator.edit, creator.export], [true, true, true]);
    assert.ok(perm.systemAdmins.includes('admin'));
    // 3. the log verifies.
    assert.equal(j.verification.ok, true);
    assert.ok(Number(j.verification.entries) > 0);
    assert.equal(j.verification.problems, '0');
    // 4. thresholds with their review.
    const t = j.thresholds.apps.find((a) => a.app === secret);
    assert.equal(t.threshold, '50');
    assert.equal(t.hardCap, '200');
    assert.equal(t.reviewedBy, 'sec');
    assert.match(t.reviewedAt, /^\d{4}-/);
    assert.equal(j.thresholds.enabled, preset === 'abiko');
    // 5. incidents of the period.
    assert.equal(j.incidents.length, 1);
    assert.equal(j.incidents[0].reporter, 'member');
    assert.equal(j.incidents[0].summary, 'USB メモリの紛失の疑い');
    assert.equal(j.incidents[0].status, 'open');
    // 6. approvals of the period, with who decided.
    assert.equal(j.approvals.length, 1);
    assert.equal(j.approvals[0].app, secret);
    assert.equal(j.approvals[0].status, 'approved');
    assert.equal(j.approvals[0].steps[0].approver, 'bucho');
    assert.equal(j.approvals[0].steps[0].decision, 'approved');

    // A period long ago has no incidents nor approvals, but the ledger is today's.
    const old = await call(srv, 'GET', '/api/audit/app-report.json?from=2020-01-01&to=2020-01-31', { auth: chief.auth });
    assert.equal(old.status, 200, old.text);
    assert.deepEqual(old.json.incidents, []);
    assert.deepEqual(old.json.approvals, []);
    assert.equal(old.json.ledger.apps.length, 2);
    // The security administrator may read it too.
    assert.equal((await call(srv, 'GET', '/api/audit/app-report.json', { auth: sec.auth })).status, 200);
    // Refusals: other people; a bad period.
    isError(await call(srv, 'GET', '/api/audit/app-report.json', { auth: member.auth }), 403, 'CB_NO02');
    isError(await call(srv, 'GET', '/api/audit/app-report.json?from=2026-02-01&to=2026-01-01', { auth: kansa.auth, headers: en }), 400, 'DC_LG02');
    isError(await call(srv, 'GET', '/api/audit/app-report.json?from=yesterday', { auth: kansa.auth, headers: en }), 400, 'DC_LG01');
  });
}
