import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startMediaServer } from '@onair/media-server';
import type { RunningApi } from '../src/app/server';
import { startTestApi, tempDir } from './support/api';

describe('GET /healthz', () => {
  const apis: RunningApi[] = [];
  after(async () => { await Promise.allSettled(apis.map((api) => api.close())); });

  it('reports the database, pub/sub and the embedded media server it started', async () => {
    const api = await startTestApi({});
    apis.push(api);
    const response = await fetch(`${api.url}/healthz`);
    assert.equal(response.status, 200);
    const health = (await response.json()) as any;
    assert.equal(health.status, 'ok');
    assert.deepEqual(health.database, { kind: 'sqlite', ok: true });
    assert.deepEqual(health.pubsub, { kind: 'in-process', ok: true });
    assert.equal(health.mediaServer.kind, 'embedded');
    assert.equal(health.mediaServer.ok, true);
    assert.match(health.mediaServer.url, /^ws:\/\/127\.0\.0\.1:\d+\/kurento$/);
  });

  it('uses an external media server from KMS_URL and says when it is unreachable', async () => {
    const media = await startMediaServer({ port: 0, recordingsDir: tempDir() });
    const api = await startTestApi({ KMS_URL: media.url });
    apis.push(api);
    let health = (await (await fetch(`${api.url}/healthz`)).json()) as any;
    assert.deepEqual([health.mediaServer.kind, health.mediaServer.url, health.mediaServer.ok], ['external', media.url, true]);
    await media.close();
    const response = await fetch(`${api.url}/healthz`);
    health = (await response.json()) as any;
    assert.equal(response.status, 503);
    assert.equal(health.status, 'degraded');
    assert.equal(health.mediaServer.ok, false);
    assert.ok(health.mediaServer.error);
  });
});
