import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserPeer } from './helpers/browserPeer';
import { call, collect, create, until } from './helpers/kurento';
import { useMediaRig } from './helpers/rig';

describe('WebRtcEndpoint with headless Chromium: loopback', () => {
  const rig = useMediaRig('onair-ms-loop-');

  it('a browser sees its own stream looped back through the server', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const endpoint = await create(pipeline, 'WebRtcEndpoint');
    const events: Record<string, unknown[]> = {};
    for (const type of ['IceCandidateFound', 'IceGatheringDone', 'IceComponentStateChanged', 'NewCandidatePairSelected',
      'ConnectionStateChanged', 'MediaStateChanged', 'MediaFlowInStateChanged', 'MediaFlowOutStateChanged']) {
      events[type] = collect(endpoint, type);
    }
    await call(endpoint, 'connect', endpoint);
    const page = await rig.browser.context.newPage();
    await page.goto(rig.pages.url);
    const startedAt = Date.now();
    const peer = await BrowserPeer.connect(page, endpoint, 'sendrecv');
    try {
      const stats = await peer.waitFrames(30);
      console.log(`loopback: first 30 frames after ${Date.now() - startedAt} ms`, stats);
      assert.ok(stats.audioPackets > 0, 'audio comes back too');
      await until(() => events.MediaFlowInStateChanged.length >= 2 && events.MediaFlowOutStateChanged.length >= 2,
        5000, 'flow events for audio and video');
      const candidates = events.IceCandidateFound as { candidate: { candidate: string } }[];
      assert.ok(candidates.length > 0 && candidates.every((e) => / 127\.0\.0\.1 /.test(e.candidate.candidate)),
        'only announced host candidates');
      assert.equal(events.IceGatheringDone.length, 1);
      assert.ok(events.NewCandidatePairSelected.length === 1);
      assert.ok((events.IceComponentStateChanged as { state: string }[]).some((e) => e.state === 'CONNECTED'));
      assert.deepEqual((events.ConnectionStateChanged as { newState: string }[]).map((e) => e.newState), ['CONNECTED']);
      assert.deepEqual((events.MediaStateChanged as { newState: string }[]).map((e) => e.newState), ['CONNECTED']);
      assert.ok((events.MediaFlowInStateChanged as { state: string }[]).every((e) => e.state === 'FLOWING'));
      assert.equal(await call(endpoint, 'isMediaFlowingIn', 'VIDEO'), true);
      assert.equal(await call(endpoint, 'isMediaFlowingOut', 'AUDIO'), true);
      assert.equal(await call(endpoint, 'getMediaState'), 'CONNECTED');
      assert.equal(await call(endpoint, 'getConnectionState'), 'CONNECTED');
      assert.match(await call(endpoint, 'getLocalSessionDescriptor'), /^v=0/);
      assert.match(await call(endpoint, 'getRemoteSessionDescriptor'), /a=mid:/);
      assert.ok(stats.codecs.some((c) => /VP8/i.test(c)) && stats.codecs.some((c) => /opus/i.test(c)), String(stats.codecs));
    } finally {
      await peer.close();
      await page.close();
      await call(pipeline, 'release');
    }
  });
});
