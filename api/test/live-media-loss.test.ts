import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { MediaServer, startMediaServer } from '@onair/media-server';
import WebSocket from 'ws';
import type { RunningApi } from '../src/app/server';
import { healthDetails, startTestApi, tempDir } from './support/api';
import { errorCode } from './support/graphql';
import { eventually, LiveUser, LIVE_EVENTS, withoutCandidates } from './support/live-client';
import { TestPeer } from './support/peer';

describe('losing the media server', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  after(async () => { for (const step of cleanup.reverse()) await step().catch(() => undefined); });

  it('ends its lives cleanly, tells everyone, and works again once the media server is back', async () => {
    const recordings = tempDir();
    let media: MediaServer = await startMediaServer({ port: 0, recordingsDir: recordings });
    const port = Number(new URL(media.url).port);
    cleanup.push(() => media.close());
    const api: RunningApi = await startTestApi({ KMS_URL: media.url, RECORDINGS_DIR: recordings });
    cleanup.push(() => api.close());
    const presenter = await LiveUser.register(api, 'host');
    const viewer = await LiveUser.register(api, 'guest');
    cleanup.push(() => presenter.ws.dispose(), () => viewer.ws.dispose());

    const goLive = async () => {
      const pc = new TestPeer('presenter');
      cleanup.push(() => pc.close());
      const id = randomUUID();
      const feed = presenter.mediaEvents(id);
      const result = await presenter.goLive(await pc.offer(), id);
      return { result, feed, pc };
    };
    const { result, feed } = await goLive();
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const liveId = result.data!.goLive.live.id;
    const audience = viewer.subscribe(LIVE_EVENTS, { id: liveId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    await media.close();
    const ended = await audience.next((e) => e.liveEvents.type === 'LIVE_ENDED', 15_000);
    assert.equal(ended.liveEvents.reason, 'media-server-lost');
    await feed.next((e) => e.mediaSessionEvents.type === 'ENDED');
    const row = await presenter.gql(`query ($id: ID!) { live(id: $id) { status endedAt } }`, { id: liveId });
    assert.equal(row.data!.live.status, 'ENDED');
    const health = await healthDetails(api.url) as { mediaServer: { ok: boolean } };
    assert.equal(health.mediaServer.ok, false);
    const refused = (await goLive()).result;
    assert.equal(errorCode(refused), 'MEDIA_UNAVAILABLE', JSON.stringify(refused.errors));

    media = await startMediaServer({ port, recordingsDir: recordings });
    await eventually('media server back', async () => ((await healthDetails(api.url)) as { mediaServer: { ok: boolean } }).mediaServer.ok, (ok) => ok, 30_000);
    const again = await goLive();
    assert.equal(again.result.errors, undefined, JSON.stringify(again.result.errors));
    await again.pc.answer(withoutCandidates(again.result.data!.goLive.answer));
    await presenter.gql(`mutation ($id: ID!) { stopLive(liveId: $id) { id } }`, { id: again.result.data!.goLive.live.id });
    await eventually('objects released', async () => media.objectCount(), (n) => n === 0);
  });

  it("ends a live whose pipeline someone else releases (media-lost) and tells everyone at once", async () => {
    const recordings = tempDir();
    const media = await startMediaServer({ port: 0, recordingsDir: recordings });
    cleanup.push(() => media.close());
    const api: RunningApi = await startTestApi({ KMS_URL: media.url, RECORDINGS_DIR: recordings });
    cleanup.push(() => api.close());
    const presenter = await LiveUser.register(api, 'host2');
    const viewer = await LiveUser.register(api, 'guest2');
    cleanup.push(() => presenter.ws.dispose(), () => viewer.ws.dispose());
    const pc = new TestPeer('presenter');
    cleanup.push(() => pc.close());
    const id = randomUUID();
    const feed = presenter.mediaEvents(id);
    const result = await presenter.goLive(await pc.offer(), id);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    const liveId = result.data!.goLive.live.id;
    const audience = viewer.subscribe(LIVE_EVENTS, { id: liveId });
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Another client of the media server (an operator's script) releases every pipeline it finds.
    const other = await rawKurento(media.url);
    cleanup.push(() => other.close());
    const pipelines = (await other.call('invoke', { object: 'manager_ServerManager', operation: 'getPipelines' })) as { value: string[] };
    assert.equal(pipelines.value.length, 1);
    await other.call('release', { object: pipelines.value[0] });

    const ended = await audience.next((e) => e.liveEvents.type === 'LIVE_ENDED', 10_000);
    assert.equal(ended.liveEvents.reason, 'media-lost');
    assert.equal((await feed.next((e) => e.mediaSessionEvents.type === 'ENDED')).mediaSessionEvents.reason, 'live-ended');
    const row = await presenter.gql(`query ($id: ID!) { live(id: $id) { status endedAt } }`, { id: liveId });
    assert.equal(row.data!.live.status, 'ENDED');
    assert.ok(row.data!.live.endedAt);
    const next = new TestPeer('presenter');
    cleanup.push(() => next.close());
    const again = await presenter.goLive(await next.offer());
    assert.equal(again.errors, undefined, 'the presenter may go live again at once');
  });
});

/** A bare JSON-RPC client of a media server (what any local process could open). */
async function rawKurento(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => { socket.once('open', resolve); socket.once('error', reject); });
  let next = 1;
  let sessionId: string | undefined;
  const waiting = new Map<number, (message: { result?: { sessionId?: string }; error?: unknown }) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  return {
    async call(method: string, params: Record<string, unknown>): Promise<unknown> {
      const id = next++;
      const answer = await new Promise<{ result?: { sessionId?: string }; error?: unknown }>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params: { ...params, ...(sessionId ? { sessionId } : {}) } }));
      });
      if (answer.error) throw new Error(JSON.stringify(answer.error));
      sessionId ??= answer.result?.sessionId;
      return answer.result;
    },
    close: async () => socket.close(),
  };
}
