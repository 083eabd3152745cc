// Error messages: Japanese by default (the official Node clients send no
// Accept-Language), English with Accept-Language: en, the same codes and keys in both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects } from './lib/util.mjs';

let srv, client, app;
const EN = { 'Accept-Language': 'en' };
const JA_TEXT = /[\u3040-\u30ff\u4e00-\u9fff]/;

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  app = await makeApp(client, '言語', {
    req: { type: 'SINGLE_LINE_TEXT', code: 'req', label: 'req', required: true },
    n: { type: 'NUMBER', code: 'n', label: 'n', maxValue: '10' },
    r: { type: 'RADIO_BUTTON', code: 'r', label: 'r', options: { a: { label: 'a', index: '0' } } },
  });
});
after(async () => { await srv.stop(); });

// Each request with its expected code, English message and (optionally) error keys with messages.
const cases = () => [
  { name: 'no credentials', req: ['GET', `/k/v1/records.json?app=${app}`, { auth: null }], code: 'CB_AU01', status: 401, en: 'Please login.', ja: 'ログインしてください。' },
  { name: 'bad password', req: ['GET', `/k/v1/records.json?app=${app}`, { auth: { username: 'admin', password: 'x' } }], code: 'CB_WA01', status: 401, en: 'Password authentication failed. The value in http header of X-Cybozu-Authorization is not valid.' },
  { name: 'unknown record', req: ['GET', `/k/v1/record.json?app=${app}&id=99`], code: 'GAIA_RE01', status: 404, en: 'The specified record (ID: 99) is not found.' },
  { name: 'unknown app', req: ['GET', '/k/v1/records.json?app=9999'], code: 'GAIA_AP01', status: 404, en: /9999/ },
  { name: 'missing parameter', req: ['GET', `/k/v1/record.json?app=${app}`], code: 'CB_VA01', status: 400, en: 'Missing or invalid input.', keys: { id: ['Required field.'] } },
  { name: 'record validation', req: ['POST', '/k/v1/record.json', { body: { app, record: { n: { value: '11' }, r: { value: 'zz' } } } }], code: 'CB_VA01', status: 400, en: 'Missing or invalid input.', keys: { 'record.req.value': ['Required.'], 'record.n.value': ['The value must be 10 or less.'], 'record.r.value': ['The value, "zz", is not in options.'] } },
  { name: 'too many records', req: ['POST', '/k/v1/records.json', { body: { app, records: Array.from({ length: 101 }, () => ({ req: { value: 'x' } })) } }], code: 'CB_VA01', status: 400, keys: { records: ['A maximum of 100 records can be added at one time.'] } },
  { name: 'query syntax', req: ['GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent('req = ')}`], code: 'CB_VA01', status: 400, keysOnly: ['query'] },
  { name: 'limit', req: ['GET', `/k/v1/records.json?app=${app}&query=limit%20501`], code: 'GAIA_QU01', status: 400 },
  { name: 'malformed JSON', req: ['POST', '/k/v1/record.json', { raw: '{"app":', headers: { 'Content-Type': 'application/json' } }], code: 'CB_IJ01', status: 400 },
  { name: 'unknown route', req: ['GET', '/k/v1/nope.json'], code: 'DC_NF01', status: 404 },
  { name: 'unknown file', req: ['GET', '/k/v1/file.json?fileKey=nope'], code: 'GAIA_BL01', status: 404 },
  { name: 'wrong operator', req: ['GET', `/k/v1/records.json?app=${app}&query=${encodeURIComponent('r = "a"')}`], code: 'GAIA_IQ03', status: 400, en: /"r"/ },
];

async function run(c, headers) {
  const [method, path, opts = {}] = c.req;
  return call(srv, method, path, { ...opts, headers: { ...(opts.headers || {}), ...headers } });
}

test('English with Accept-Language: en', async () => {
  for (const c of cases()) {
    const r = await run(c, EN);
    assert.equal(r.status, c.status, `${c.name}: ${r.text}`);
    assert.equal(r.json.code, c.code, c.name);
    assert.ok(!JA_TEXT.test(r.json.message), `${c.name}: ${r.json.message}`);
    if (typeof c.en === 'string') assert.equal(r.json.message, c.en, c.name);
    if (c.en instanceof RegExp) assert.match(r.json.message, c.en, c.name);
    for (const [k, msgs] of Object.entries(c.keys || {})) assert.deepEqual(r.json.errors[k].messages, msgs, `${c.name} ${k}`);
    for (const k of c.keysOnly || []) assert.ok(r.json.errors[k].messages.every((m) => !JA_TEXT.test(m)), `${c.name}: ${r.text}`);
  }
});

test('Japanese by default, and for Accept-Language values that prefer it', async () => {
  for (const headers of [{}, { 'Accept-Language': 'ja' }, { 'Accept-Language': 'ja-JP,ja;q=0.9,en;q=0.8' }, { 'Accept-Language': 'en;q=0.1, ja;q=0.9' }, { 'Accept-Language': 'fr' }, { 'Accept-Language': '*' }]) {
    for (const c of cases()) {
      const r = await run(c, headers);
      assert.equal(r.json.code, c.code, c.name);
      assert.ok(JA_TEXT.test(r.json.message), `${c.name} with ${JSON.stringify(headers)}: ${r.json.message}`);
      if (c.ja) assert.equal(r.json.message, c.ja, c.name);
      for (const [k, msgs] of Object.entries(c.keys || {})) {
        assert.equal(r.json.errors[k].messages.length, msgs.length);
        assert.ok(r.json.errors[k].messages.every((m) => JA_TEXT.test(m)), `${c.name} ${k}: ${r.json.errors[k].messages}`);
      }
    }
  }
  // The CB_VA01 summary in Japanese.
  const v = await run(cases().find((c) => c.name === 'record validation'), {});
  assert.equal(v.json.message, '入力内容が正しくありません。');
  assert.deepEqual(v.json.errors['record.req.value'].messages, ['必須です。']);
  // English wins when preferred.
  for (const al of ['en-US,en;q=0.9', 'en-GB', 'ja;q=0.2, en;q=0.8']) {
    const r = await run(cases()[0], { 'Accept-Language': al });
    assert.equal(r.json.message, 'Please login.', al);
  }
});

test('the official client shows the Japanese message (it sends no Accept-Language)', async () => {
  const e = await rejects(client.record.getRecord({ app, id: 12345 }), { code: 'GAIA_RE01', status: 404 });
  assert.ok(JA_TEXT.test(e.message), e.message);
  assert.match(e.message, /^\[404\] \[GAIA_RE01\] .*12345.* \(\d+-\d+\)$/);
});

test('bulk errors and deployment failures follow the language too', async () => {
  const body = { requests: [{ method: 'POST', api: '/k/v1/record.json', payload: { app, record: { req: { value: 'ok' } } } }, { method: 'POST', api: '/k/v1/record.json', payload: { app, record: {} } }] };
  const en = await call(srv, 'POST', '/k/v1/bulkRequest.json', { body, headers: EN });
  assert.equal(en.json.results[1].message, 'Missing or invalid input.');
  assert.deepEqual(en.json.results[1].errors['record.req.value'].messages, ['Required.']);
  const ja = await call(srv, 'POST', '/k/v1/bulkRequest.json', { body });
  assert.deepEqual(ja.json.results[1].errors['record.req.value'].messages, ['必須です。']);
  assert.equal((await client.record.getRecords({ app, totalCount: true })).totalCount, '0');
  // A failed deployment's reason is told in the language of whoever reads the status.
  const dup = await makeApp(client, '重複', { k: { type: 'SINGLE_LINE_TEXT', code: 'k', label: 'k' } });
  await client.record.addRecords({ app: dup, records: [{ k: { value: 'same' } }, { k: { value: 'same' } }] });
  await client.app.updateFormFields({ app: dup, properties: { k: { unique: true } } });
  assert.equal((await call(srv, 'POST', '/k/v1/preview/app/deploy.json', { body: { apps: [{ app: dup }] }, headers: EN })).status, 200);
  for (const [headers, re] of [[EN, /^[\x20-\x7e]+$/], [{}, JA_TEXT]]) {
    const st = (await call(srv, 'GET', `/k/v1/preview/app/deploy.json?apps[0]=${dup}`, { headers })).json.apps[0];
    assert.equal(st.status, 'FAIL');
    assert.ok(st.error && st.error.errors, JSON.stringify(st));
    const msgs = Object.values(st.error.errors).flatMap((x) => x.messages);
    assert.ok(msgs.length > 0 && msgs.every((m) => re.test(m)), JSON.stringify(st.error));
  }
});

test('a server started with DAICHO_LANG=en answers in English by default', async () => {
  const s2 = await startServer({ env: { DAICHO_LANG: 'en' } });
  try {
    const r = await call(s2, 'GET', '/k/v1/records.json?app=1', { auth: null });
    assert.equal(r.json.message, 'Please login.');
    const j = await call(s2, 'GET', '/k/v1/records.json?app=1', { auth: null, headers: { 'Accept-Language': 'ja' } });
    assert.equal(j.json.message, 'ログインしてください。');
  } finally {
    await s2.stop();
  }
});
