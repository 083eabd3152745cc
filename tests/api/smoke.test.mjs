// The first thing a new user does: start daicho, build an app, add and read a record
// with the official client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { KintoneRestAPIClient } from '@kintone/rest-api-client';
import { startServer } from './lib/server.mjs';

let srv, client;
before(async () => {
  srv = await startServer();
  client = new KintoneRestAPIClient({ baseUrl: srv.baseUrl, auth: srv.auth });
});
after(async () => { await srv.stop(); });

test('an app built through the API takes and returns a record', async () => {
  const { app } = await client.app.addApp({ name: 'Smoke' });
  await client.app.addFormFields({
    app,
    properties: { title: { type: 'SINGLE_LINE_TEXT', code: 'title', label: 'Title' } },
  });
  await client.app.deployApp({ apps: [{ app }] });
  const { apps } = await client.app.getDeployStatus({ apps: [app] });
  assert.equal(apps[0].status, 'SUCCESS');
  const { id, revision } = await client.record.addRecord({ app, record: { title: { value: '台帳' } } });
  assert.equal(revision, '1');
  const { record } = await client.record.getRecord({ app, id });
  assert.equal(record.title.value, '台帳');
  assert.equal(record.$id.value, id);
});
