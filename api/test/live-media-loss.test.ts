import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { MediaServer, startMediaServer } from '@onair/media-server';
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
});
