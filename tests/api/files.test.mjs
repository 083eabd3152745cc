// Files: upload and download through the client (binary content, Japanese names),
// attaching to FILE fields (top level and in a subtable), download keys differ from
// upload keys, keeping files on update by sending their keys, unknown keys, and
// downloads refused to users who may not view the record's app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { startServer, call } from './lib/server.mjs';
import { clientFor, makeApp, rejects, addUser, addToken, isError } from './lib/util.mjs';

let srv, client, app, sato, satoUser;
const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) % 256));
const sha = (b) => createHash('sha256').update(b).digest('hex');
const download = async (fileKey, c = client) => Buffer.from(await c.file.downloadFile({ fileKey }));
const rawDownload = (fileKey, auth) => call(srv, 'GET', `/k/v1/file.json?fileKey=${encodeURIComponent(fileKey)}`, auth ? { auth } : {});

before(async () => {
  srv = await startServer();
  client = clientFor(srv);
  satoUser = await addUser(srv, 'sato');
  sato = clientFor(srv, satoUser.auth);
  app = await makeApp(client, '添付', {
    title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'title' },
    att: { type: 'FILE', code: 'att', label: 'att' },
    other: { type: 'FILE', code: 'other', label: 'other' },
    tbl: { type: 'SUBTABLE', code: 'tbl', label: 'tbl', fields: { name: { type: 'SINGLE_LINE_TEXT', code: 'name', label: 'name' }, doc: { type: 'FILE', code: 'doc', label: 'doc' } } },
  });
});
after(async () => { await srv.stop(); });

test('upload, attach and download: binary bytes and a Japanese file name survive', async () => {
  const { fileKey } = await client.file.uploadFile({ file: { name: '報告書 2024年度（最終）.bin', data: binary } });
  assert.equal(typeof fileKey, 'string');
  const { id } = await client.record.addRecord({ app, record: { att: { value: [{ fileKey }] } } });
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record.att.value.length, 1);
  const f = record.att.value[0];
  assert.equal(f.name, '報告書 2024年度（最終）.bin');
  assert.equal(f.size, String(binary.length));
  assert.equal(typeof f.contentType, 'string');
  assert.notEqual(f.fileKey, fileKey, 'the download key differs from the upload key');
  const got = await download(f.fileKey);
  assert.equal(sha(got), sha(binary));
  // The raw response names the file (RFC 5987) and carries its bytes.
  const raw = await fetch(`${srv.baseUrl}/k/v1/file.json?fileKey=${f.fileKey}`, { headers: { 'X-Cybozu-Authorization': Buffer.from(`admin:${srv.auth.password}`).toString('base64') } });
  assert.equal(raw.status, 200);
  assert.match(raw.headers.get('content-disposition') || '', /filename\*=UTF-8''%E5%A0%B1/);
  assert.equal(sha(Buffer.from(await raw.arrayBuffer())), sha(binary));
});

test('larger, empty and text files round trip; the content type is kept', async () => {
  const big = randomBytes(3 * 1024 * 1024 + 17);
  const { fileKey: k1 } = await client.file.uploadFile({ file: { name: 'big.dat', data: big } });
  const { fileKey: k2 } = await client.file.uploadFile({ file: { name: 'empty.txt', data: '' } });
  const { fileKey: k3 } = await client.file.uploadFile({ file: { name: 'note.txt', data: 'こんにちは\n' } });
  const { id } = await client.record.addRecord({ app, record: { att: { value: [{ fileKey: k1 }, { fileKey: k2 }, { fileKey: k3 }] } } });
  const files = (await client.record.getRecord({ app, id })).record.att.value;
  assert.deepEqual(files.map((f) => f.name), ['big.dat', 'empty.txt', 'note.txt']);
  assert.deepEqual(files.map((f) => f.size), [String(big.length), '0', String(Buffer.byteLength('こんにちは\n'))]);
  assert.equal(sha(await download(files[0].fileKey)), sha(big));
  assert.equal((await download(files[1].fileKey)).length, 0);
  assert.equal((await download(files[2].fileKey)).toString('utf8'), 'こんにちは\n');
  assert.match(files[2].contentType, /^text\/plain/);
});

test('files are kept on update by sending their keys, removed when left out', async () => {
  const up = async (name) => (await client.file.uploadFile({ file: { name, data: `data of ${name}` } })).fileKey;
  const { id } = await client.record.addRecord({ app, record: { att: { value: [{ fileKey: await up('a.txt') }, { fileKey: await up('b.txt') }] } } });
  let files = (await client.record.getRecord({ app, id })).record.att.value;
  const [a, b] = files;
  // Updating another field leaves the files alone.
  await client.record.updateRecord({ app, id, record: { title: { value: 'x' } } });
  assert.deepEqual((await client.record.getRecord({ app, id })).record.att.value, files);
  // Keep a, drop b, add c.
  await client.record.updateRecord({ app, id, record: { att: { value: [{ fileKey: a.fileKey }, { fileKey: await up('c.txt') }] } } });
  files = (await client.record.getRecord({ app, id })).record.att.value;
  assert.deepEqual(files.map((f) => f.name), ['a.txt', 'c.txt']);
  assert.equal(files[0].fileKey, a.fileKey, 'a kept its key');
  assert.equal((await download(a.fileKey)).toString(), 'data of a.txt');
  assert.equal((await rawDownload(b.fileKey)).status, 404, 'a removed attachment is no longer downloadable');
  // A record's key cannot be attached to another record or another field.
  const e = await rejects(client.record.addRecord({ app, record: { att: { value: [{ fileKey: a.fileKey }] } } }), { code: 'CB_VA01', keys: ['record.att.values[0].value'] });
  assert.ok(e.errors);
  await rejects(client.record.updateRecord({ app, id, record: { other: { value: [{ fileKey: a.fileKey }] } } }), { code: 'CB_VA01' });
  // An unknown key in a record.
  await rejects(client.record.addRecord({ app, record: { att: { value: [{ fileKey: 'no-such-key' }] } } }), { code: 'CB_VA01', keys: ['record.att.values[0].value'] });
  await rejects(client.record.addRecord({ app, record: { att: { value: [{ name: 'x' }] } } }), { code: 'CB_VA01' });
  // Clearing.
  await client.record.updateRecord({ app, id, record: { att: { value: [] } } });
  assert.deepEqual((await client.record.getRecord({ app, id })).record.att.value, []);
});

test('files in subtable rows stay with their rows across updates', async () => {
  const up = async (name) => (await client.file.uploadFile({ file: { name, data: `row file ${name}` } })).fileKey;
  const { id } = await client.record.addRecord({
    app,
    record: { tbl: { value: [{ value: { name: { value: 'r1' }, doc: { value: [{ fileKey: await up('r1.txt') }] } } }, { value: { name: { value: 'r2' }, doc: { value: [{ fileKey: await up('r2a.txt') }, { fileKey: await up('r2b.txt') }] } } }] } },
  });
  const rows = (await client.record.getRecord({ app, id })).record.tbl.value;
  assert.deepEqual(rows.map((r) => r.value.doc.value.map((f) => f.name)), [['r1.txt'], ['r2a.txt', 'r2b.txt']]);
  // Send the rows back as read (what a client does to change one cell).
  await client.record.updateRecord({
    app, id,
    record: { tbl: { value: rows.map((r, i) => ({ id: r.id, value: { name: { value: `${r.value.name.value}!` }, doc: { value: r.value.doc.value.map((f) => ({ fileKey: f.fileKey })) } } })) } },
  });
  const after = (await client.record.getRecord({ app, id })).record.tbl.value;
  assert.deepEqual(after.map((r) => r.value.name.value), ['r1!', 'r2!']);
  assert.deepEqual(after.map((r) => r.value.doc.value.map((f) => f.name)), [['r1.txt'], ['r2a.txt', 'r2b.txt']]);
  for (const r of after) for (const f of r.value.doc.value) assert.equal((await download(f.fileKey)).toString(), `row file ${f.name}`);
  // Updating only the first row's file list keeps the second row's files.
  await client.record.updateRecord({ app, id, record: { tbl: { value: [{ id: after[0].id, value: { doc: { value: [] } } }, { id: after[1].id, value: {} }] } } });
  const last = (await client.record.getRecord({ app, id })).record.tbl.value;
  assert.deepEqual(last.map((r) => r.value.doc.value.map((f) => f.name)), [[], ['r2a.txt', 'r2b.txt']]);
  assert.equal((await rawDownload(after[0].value.doc.value[0].fileKey)).status, 404, 'the file taken out of row 1 is gone');
  // Removing the rows removes their files.
  await client.record.updateRecord({ app, id, record: { tbl: { value: [] } } });
  for (const f of last[1].value.doc.value) assert.equal((await rawDownload(f.fileKey)).status, 404, f.name);
});

test('unknown file keys are 404 GAIA_BL01; a missing fileKey or file part is a CB_VA01', async () => {
  const r = await rawDownload('this-key-does-not-exist');
  isError(r, 404, 'GAIA_BL01');
  // The client asks for an arraybuffer: it keeps only the status.
  const e = await rejects(client.file.downloadFile({ fileKey: 'this-key-does-not-exist' }), { status: 404 });
  assert.ok(e);
  isError(await call(srv, 'GET', '/k/v1/file.json'), 400, 'CB_VA01', ['fileKey']);
  isError(await rawDownload('x'.repeat(5000)), 404, 'GAIA_BL01');
  // A multipart body without a "file" part, and a non-multipart body.
  const form = new FormData();
  form.append('other', 'x');
  const res = await fetch(`${srv.baseUrl}/k/v1/file.json`, { method: 'POST', body: form, headers: { 'X-Cybozu-Authorization': Buffer.from(`admin:${srv.auth.password}`).toString('base64') } });
  const json = await res.json();
  assert.equal(res.status, 400);
  assert.equal(json.code, 'CB_VA01');
  isError(await call(srv, 'POST', '/k/v1/file.json', { body: { file: 'x' } }), 400, 'CB_VA01');
});

test('downloads need the view right on the record\'s app; upload keys belong to their uploader', async () => {
  const { fileKey } = await client.file.uploadFile({ file: { name: 'secret.txt', data: 'secret' } });
  // Before attaching, nobody else can use or read the upload key.
  isError(await rawDownload(fileKey, satoUser.auth), 404, 'GAIA_BL01');
  const { id } = await client.record.addRecord({ app, record: { att: { value: [{ fileKey }] } } });
  const key = (await client.record.getRecord({ app, id })).record.att.value[0].fileKey;
  // sato may not view the app (creator-only rights): refused.
  isError(await rawDownload(key, satoUser.auth), 403, 'CB_NO02');
  await rejects(sato.file.downloadFile({ fileKey: key }), { status: 403 });
  // sato's own upload cannot be attached by admin.
  const { fileKey: satoKey } = await sato.file.uploadFile({ file: { name: 'mine.txt', data: 'mine' } });
  await rejects(client.record.addRecord({ app, record: { att: { value: [{ fileKey: satoKey }] } } }), { code: 'CB_VA01' });
  // API tokens: a token of this app with view may download; a token of another app may not.
  const other = await makeApp(client, '別アプリ', { t: { type: 'SINGLE_LINE_TEXT', code: 't', label: 't' } });
  const good = await addToken(srv, app, ['view']);
  const bad = await addToken(srv, other, ['view', 'add', 'edit', 'delete']);
  assert.equal((await download(key, clientFor(srv, { apiToken: good.token }))).toString(), 'secret');
  isError(await rawDownload(key, { apiToken: bad.token }), 403, 'GAIA_NO01');
  // Once sato gets the view right, the download works.
  await client.app.updateAppAcl({ app, rights: [
    { entity: { type: 'CREATOR' }, appEditable: true, recordViewable: true, recordAddable: true, recordEditable: true, recordDeletable: true },
    { entity: { type: 'USER', code: 'sato' }, recordViewable: true },
  ] });
  await client.app.deployApp({ apps: [{ app }] });
  for (let i = 0; i < 100 && (await client.app.getDeployStatus({ apps: [app] })).apps[0].status === 'PROCESSING'; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal((await download(key, sato)).toString(), 'secret');
});
