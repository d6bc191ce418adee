import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startMediaServer } from '@onair/media-server';
import type { RunningApi } from '../src/app/server';
import { HEALTHZ_TOKEN, healthDetails, startTestApi, tempDir } from './support/api';

describe('GET /healthz', () => {
  const apis: RunningApi[] = [];
  after(async () => { await Promise.allSettled(apis.map((api) => api.close())); });

  it('reports the database, pub/sub and the embedded media server it started', async () => {
    const api = await startTestApi({});
    apis.push(api);
    const health = await healthDetails(api.url);
    assert.equal(health.status, 'ok');
    assert.deepEqual(health.database, { kind: 'sqlite', ok: true });
    assert.deepEqual(health.pubsub, { kind: 'in-process', ok: true });
    assert.equal(health.mediaServer.kind, 'embedded');
    assert.equal(health.mediaServer.ok, true);
    assert.match(health.mediaServer.url, /^ws:\/\/127\.0\.0\.1:\d+\/kurento$/);
  });

  it('tells anyone without the token its status only, and nothing when no token is configured', async () => {
    const api = await startTestApi({});
    apis.push(api);
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: `Bearer ${HEALTHZ_TOKEN}x` }]) {
      const response = await fetch(`${api.url}/healthz`, { headers });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { status: 'ok' }, JSON.stringify(headers));
    }
    const untokened = await startTestApi({ HEALTHZ_TOKEN: '' });
    apis.push(untokened);
    assert.deepEqual(await (await fetch(`${untokened.url}/healthz`, { headers: { authorization: 'Bearer ' } })).json(), { status: 'ok' });
    assert.deepEqual(await healthDetails(untokened.url), { status: 'ok' });
  });

  it('uses an external media server from KMS_URL and says when it is unreachable', async () => {
    const media = await startMediaServer({ port: 0, recordingsDir: tempDir() });
    const api = await startTestApi({ KMS_URL: media.url });
    apis.push(api);
    let health = await healthDetails(api.url);
    assert.deepEqual([health.mediaServer.kind, health.mediaServer.url, health.mediaServer.ok], ['external', media.url, true]);
    await media.close();
    const response = await fetch(`${api.url}/healthz`);
    assert.equal(response.status, 503);
    assert.deepEqual(await response.json(), { status: 'degraded' }, 'anonymous: status only');
    health = await healthDetails(api.url);
    assert.equal(health.status, 'degraded');
    assert.equal(health.mediaServer.ok, false);
    assert.ok(health.mediaServer.error);
  });
});
