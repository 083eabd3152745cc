// Permission decisions against a small reference model (RULES.md rows 21 and 29): random
// people with random sets of administrative roles, random app permission lists
// (kintone app/acl.json, USER and everyone entries, the first match deciding), and random
// requests to a fixed list of role-gated admin routes and record routes. The server's
// allow/deny must equal the model's. The seed is fixed (PERM_SEED overrides it) and
// printed with every mismatch, so a failure can be replayed.
import test, { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, startServer } from './lib/server.mjs';
import { clientFor, makeApp } from './lib/util.mjs';

const SEED = Number(process.env.PERM_SEED || 20261123);
const ROLES = ['account_admin', 'system_admin', 'security_admin', 'auditor', 'chief_protection_manager'];
const ANY_ADMIN = ['account_admin', 'system_admin', 'security_admin'];

// The role-gated routes (reads, so the test changes nothing) and who may use them.
const ADMIN_ROUTES = [
  ['GET', '/api/admin/users.json', ['account_admin', 'auditor']],
  ['GET', '/api/admin/tokens.json', ['system_admin', 'security_admin', 'auditor']],
  ['GET', '/api/admin/policy.json', [...ANY_ADMIN, 'auditor']],
  ['GET', '/api/admin/hours.json', ['security_admin', 'auditor']],
  ['GET', '/api/admin/org.json', [...ANY_ADMIN, 'auditor', 'chief_protection_manager']],
  ['GET', '/api/admin/org.csv', ['account_admin', 'auditor']],
];
// Record and app routes and the right each needs.
const APP_ROUTES = [
  ['GET', (app) => `/k/v1/records.json?app=${app}`, 'view'],
  ['GET', (app) => `/k/v1/app/form/fields.json?app=${app}`, 'view'],
  ['POST', () => '/k/v1/record.json', 'add'],
  ['GET', (app) => `/k/v1/app/acl.json?app=${app}`, 'manage'],
];

// mulberry32: a small deterministic generator.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let srv;
const rand = rng(SEED);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const coin = (p = 0.5) => rand() < p;
const people = [];
const apps = [];

before(async () => {
  srv = await startServer();
  for (let i = 0; i < 7; i++) {
    const code = `p${i}`;
    const roles = ROLES.filter(() => coin(0.3));
    const password = `perm-${i}-Passw0rd-long`;
    const r = await call(srv, 'POST', '/api/admin/users.json', { body: { code, name: code, password, roles } });
    assert.equal(r.status, 200, r.text);
    people.push({ code, roles, auth: { username: code, password } });
  }
  const client = clientFor(srv);
  for (let k = 0; k < 3; k++) {
    const acl = [];
    for (const p of people) {
      if (!coin(0.6)) continue;
      const view = coin(0.7);
      acl.push({
        entity: { type: 'USER', code: p.code },
        appEditable: coin(0.3), recordViewable: view, recordAddable: view && coin(), recordEditable: view && coin(),
        recordDeletable: view && coin(), recordImportable: false, recordExportable: false,
      });
    }
    // Shuffle, and sometimes end with an entry for everyone.
    acl.sort(() => rand() - 0.5);
    if (coin()) {
      const view = coin();
      acl.push({ entity: { type: 'GROUP', code: 'everyone' }, appEditable: false, recordViewable: view,
        recordAddable: view && coin(), recordEditable: false, recordDeletable: false, recordImportable: false, recordExportable: false });
    }
    const app = await makeApp(client, `perm${k}`, { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } }, { acl });
    apps.push({ id: app, acl });
  }
});
after(async () => {
  await srv.stop();
});

// The model: role routes admit any of their roles; an app's rights come from the first
// matching entry of its list, and system administrators may always manage apps.
function modelAllows(person, route) {
  if (route.kind === 'role') return route.roles.some((r) => person.roles.includes(r));
  const entry = route.app.acl.find((e) => (e.entity.type === 'USER' && e.entity.code === person.code) || e.entity.type === 'GROUP');
  const rights = {
    view: !!entry?.recordViewable,
    add: !!entry?.recordAddable,
    manage: !!entry?.appEditable || person.roles.includes('system_admin'),
  };
  return rights[route.right];
}

test(`random permission decisions match the model (seed ${SEED})`, async () => {
  const mismatches = [];
  let allowed = 0;
  for (let n = 0; n < 160; n++) {
    const person = pick(people);
    let route, res;
    if (coin(0.4)) {
      const [method, path, roles] = pick(ADMIN_ROUTES);
      route = { kind: 'role', method, path, roles };
      res = await call(srv, method, path, { auth: person.auth });
    } else {
      const [method, path, right] = pick(APP_ROUTES);
      const app = pick(apps);
      route = { kind: 'app', method, path: path(app.id), right, app };
      res = await call(srv, method, route.path, {
        auth: person.auth, body: method === 'POST' ? { app: app.id, record: { t: { value: `by ${person.code}` } } } : undefined,
      });
    }
    const want = modelAllows(person, route);
    const got = res.status === 200;
    if (got) allowed++;
    if (!got && res.status !== 403)
      mismatches.push(`#${n} ${person.code} ${route.method} ${route.path}: unexpected ${res.status} ${res.text.slice(0, 200)}`);
    else if (got !== want)
      mismatches.push(`#${n} ${person.code} [${person.roles}] ${route.method} ${route.path}: server ${got ? 'allowed' : 'denied'}, model ${want ? 'allows' : 'denies'}`);
  }
  assert.deepEqual(mismatches, [], `seed ${SEED} (replay with PERM_SEED=${SEED}); acl: ${JSON.stringify(apps.map((a) => a.acl))}`);
  // Both outcomes occur, so the comparison means something.
  assert.ok(allowed > 10 && allowed < 150, `allowed ${allowed} of 160 (seed ${SEED})`);
});
