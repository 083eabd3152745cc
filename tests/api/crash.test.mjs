// Durability: kill -9 the server during a stream of acknowledged writes, start it again
// on the same data directory, and find every record the server acknowledged, with the
// values it acknowledged. Repeated at several moments, with single and bulk writes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { startServer } from './lib/server.mjs';
import { sql as sqlOf } from './lib/util.mjs';

const sql = (q) => sqlOf(srv, q);

const dir = mkdtempSync(join(tmpdir(), 'daicho-crash-'));
let srv, app;

function client(s) {
  return new KintoneRestAPIClient({ baseUrl: s.baseUrl, auth: s.auth });
}

before(async () => {
  srv = await startServer({ dataDir: dir });
  const c = client(srv);
  ({ app } = await c.app.addApp({ name: 'crash' }));
  await c.app.addFormFields({
    app,
    properties: {
      key: { type: 'SINGLE_LINE_TEXT', code: 'key', label: 'key', unique: true },
      n: { type: 'NUMBER', code: 'n', label: 'n' },
      rows: {
        type: 'SUBTABLE', code: 'rows', label: 'rows',
        fields: { item: { type: 'SINGLE_LINE_TEXT', code: 'item', label: 'item' } },
      },
    },
  });
  await c.app.deployApp({ apps: [{ app }] });
});

after(async () => {
  if (srv) await srv.stop({ keep: true });
  rmSync(dir, { recursive: true, force: true });
});

// Writes until the server dies; returns what was acknowledged: key -> {n, items}.
async function writer(s, prefix, acked) {
  const c = client(s);
  for (let i = 0; ; i++) {
    const key = `${prefix}-${i}`;
    const bulk = i % 3 === 0;
    try {
      if (bulk) {
        const records = [];
        for (let k = 0; k < 20; k++) {
          records.push({ key: { value: `${key}-${k}` }, n: { value: String(i * 100 + k) },
            rows: { value: [{ value: { item: { value: `r${k}` } } }] } });
        }
        await c.record.addRecords({ app, records });
        for (let k = 0; k < 20; k++) acked.set(`${key}-${k}`, { n: String(i * 100 + k), items: [`r${k}`] });
      } else {
        await c.record.addRecord({ app, record: { key: { value: key }, n: { value: String(i) },
          rows: { value: [{ value: { item: { value: 'a' } } }, { value: { item: { value: 'b' } } }] } } });
        acked.set(key, { n: String(i), items: ['a', 'b'] });
      }
    } catch {
      return; // the server is gone: anything not acknowledged may or may not be there
    }
  }
}

for (const [round, delay] of [[1, 300], [2, 750], [3, 1200]]) {
  test(`every acknowledged record survives kill -9 (round ${round}, after ${delay} ms)`, async () => {
    const acked = new Map();
    const writers = [1, 2, 3].map((w) => writer(srv, `r${round}w${w}`, acked));
    await new Promise((r) => setTimeout(r, delay));
    srv.child.kill('SIGKILL');
    await Promise.all(writers);
    await srv.stop({ keep: true });
    assert.ok(acked.size > 0, 'some writes were acknowledged before the kill');

    srv = await startServer({ dataDir: dir });
    const got = await client(srv).record.getAllRecords({
      app, condition: `key like "r${round}w"`, fields: ['key', 'n', 'rows'],
    });
    const found = new Map(got.map((r) => [r.key.value, r]));
    for (const [key, want] of acked) {
      const r = found.get(key);
      assert.ok(r, `acknowledged record ${key} is missing after the restart`);
      assert.equal(r.n.value, want.n);
      assert.deepEqual(r.rows.value.map((row) => row.value.item.value), want.items);
    }
    // Nothing half-written: every record found has its whole subtable.
    for (const r of got) assert.ok(r.rows.value.length >= 1, `record ${r.key.value} lost its rows`);
  });
}

test('access-log entries of reads answered before a kill -9 are in the log after the restart', async () => {
  const c = client(srv);
  const { id } = await c.record.addRecord({ app, record: { key: { value: 'read-me' }, n: { value: '1' } } });
  const before = Number(sql(`SELECT count(*) AS n FROM access_log WHERE action = 'record.read'`)[0].n);
  const reads = 50;
  for (let i = 0; i < reads; i++) await c.record.getRecord({ app, id });
  srv.child.kill('SIGKILL'); // before the ingester may have moved them
  await srv.stop({ keep: true });
  srv = await startServer({ dataDir: dir });
  const after = Number(sql(`SELECT count(*) AS n FROM access_log WHERE action = 'record.read'`)[0].n);
  assert.ok(after - before >= reads, `${after - before} of ${reads} read entries survived`);
});
