import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { call, create, KObject, nextEvent, until } from './helpers/kurento';
import { useServerRig } from './helpers/rig';
import { KeyframeRequest, WeriftPeer } from './helpers/weriftPeer';

/** src/media/stream.ts KEYFRAME_MIN_INTERVAL_MS: one upstream request per source per 500 ms. */
const KEYFRAME_INTERVAL_MS = 500;
/** How long after the trigger a key-frame request must reach the publisher. */
const DEADLINE_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Server and peers share this process, so the publisher sees a request late by as much as the
 * event loop stalled: two requests the server sent 500 ms apart can arrive closer than that by
 * up to the worst stall. Gap assertions allow for it (measured, plus 30 ms).
 */
function loopLag(): { slackMs(): number; stop(): void } {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  return { slackMs: () => Math.round(histogram.max / 1e6) + 30, stop: () => histogram.disable() };
}

describe('key-frame requests: attach, sinks\' PLI/FIR upstream, rate limit (werift peers)', { timeout: 55_000 }, () => {
  const peers: WeriftPeer[] = [];
  const rig = useServerRig('onair-ms-key-', async () => {
    for (const peer of peers.splice(0)) await peer.close();
  });

  async function open(endpoint: KObject, role: 'publisher' | 'viewer'): Promise<WeriftPeer> {
    const peer = await WeriftPeer.connect(endpoint, role);
    peers.push(peer);
    await peer.connected();
    return peer;
  }

  /** A pipeline with a publisher already sending VP8 that the server has received. */
  async function publishing(): Promise<{ pipeline: KObject; publisherEp: KObject; publisher: WeriftPeer }> {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    const media = nextEvent(publisherEp, 'MediaStateChanged', (e) => e.newState === 'CONNECTED', 10_000);
    const publisher = await open(publisherEp, 'publisher');
    publisher.startSending();
    await media;
    return { pipeline, publisherEp, publisher };
  }

  async function viewing(pipeline: KObject, publisherEp: KObject): Promise<{ ep: KObject; viewer: WeriftPeer }> {
    const ep = await create(pipeline, 'WebRtcEndpoint');
    await call(publisherEp, 'connect', ep);
    const viewer = await open(ep, 'viewer');
    await viewer.waitReceived(10, 5_000);
    return { ep, viewer };
  }

  /** Waits (bounded) for the publisher's `index`-th key-frame request; returns it. */
  async function requestNumber(publisher: WeriftPeer, index: number, timeoutMs: number, what: string): Promise<KeyframeRequest> {
    await until(() => publisher.keyframeRequests.length > index, timeoutMs,
      `${what} (publisher saw ${publisher.keyframeRequests.length} key-frame requests)`);
    return publisher.keyframeRequests[index];
  }

  /** Lets the rate-limit window of the last request close, so the next request goes out at once. */
  async function quiet(publisher: WeriftPeer): Promise<void> {
    const last = publisher.keyframeRequests.at(-1)?.at ?? 0;
    const wait = last + KEYFRAME_INTERVAL_MS + 150 - Date.now();
    if (wait > 0) await sleep(wait);
  }

  async function closePeers(pipeline: KObject): Promise<void> {
    for (const peer of peers.splice(0)) await peer.close();
    await call(pipeline, 'release');
  }

  /** Opens a viewer peer on an endpoint already fed by the publisher; returns when its peer connected. */
  async function openViewer(ep: KObject): Promise<{ viewer: WeriftPeer; connectedAt: number }> {
    const viewer = await WeriftPeer.connect(ep, 'viewer');
    peers.push(viewer);
    await viewer.connected();
    return { viewer, connectedAt: Date.now() };
  }

  // A key frame sent before the viewer's DTLS is up never reaches it, and encoders ignore a request
  // that follows the previous one too closely (libwebrtc: 300 ms), so asking on attach would cost
  // every viewer a full rate-limit window before its first picture.
  it('a viewer endpoint asks the publisher for a key frame when its peer connects, not before; so does each later viewer', async () => {
    const { pipeline, publisherEp, publisher } = await publishing();
    await sleep(300);
    assert.equal(publisher.keyframeRequests.length, 0, 'no key-frame request before anything is attached');

    const first = await create(pipeline, 'WebRtcEndpoint');
    await call(publisherEp, 'connect', first);
    await sleep(300);
    assert.equal(publisher.keyframeRequests.length, 0, 'no request while the attached viewer cannot receive');
    const { viewer: firstViewer, connectedAt: c1 } = await openViewer(first);
    const r1 = await requestNumber(publisher, 0, DEADLINE_MS, 'PLI once the first viewer connected');
    assert.equal(r1.type, 'PLI');
    await firstViewer.waitReceived(10, 5_000);

    await quiet(publisher);
    const before2 = publisher.keyframeRequests.length;
    const second = await create(pipeline, 'WebRtcEndpoint');
    await call(publisherEp, 'connect', second);
    await sleep(300);
    assert.equal(publisher.keyframeRequests.length, before2, 'no request while the second viewer cannot receive');
    const { viewer: secondViewer, connectedAt: c2 } = await openViewer(second);
    const r2 = await requestNumber(publisher, before2, DEADLINE_MS, 'PLI once the second viewer connected');
    await secondViewer.waitReceived(10, 5_000);
    console.log(`viewer connected → PLI at the publisher: first ${r1.at - c1} ms, second ${r2.at - c2} ms`);
    assert.ok(r1.at - c1 <= DEADLINE_MS && r2.at - c2 <= DEADLINE_MS);

    // An endpoint whose peer is connected asks as soon as it is attached to a source.
    await quiet(publisher);
    const before3 = publisher.keyframeRequests.length;
    await call(publisherEp, 'disconnect', first);
    const t0 = Date.now();
    await call(publisherEp, 'connect', first);
    const r3 = await requestNumber(publisher, before3, DEADLINE_MS, 'PLI when a connected viewer is attached again');
    assert.ok(r3.at - t0 <= DEADLINE_MS, `re-attach → PLI ${r3.at - t0} ms`);

    // Nothing else asks the publisher for key frames meanwhile: one request per event above.
    await sleep(KEYFRAME_INTERVAL_MS + 200);
    assert.equal(publisher.keyframeRequests.length, before3 + 1,
      `exactly one request per viewer connected or re-attached (saw ${JSON.stringify(publisher.keyframeRequests)})`);
    await closePeers(pipeline);
  });

  /**
   * Runs `action` once the rate-limit window is clear, waits (bounded) for the first PLI it
   * causes at the publisher, then one more window for any deferred one. Returns the latency of
   * the first and how many requests reached the publisher in all.
   */
  async function requestUpstream(publisher: WeriftPeer, what: string,
    action: () => Promise<void>): Promise<{ latency: number; count: number }> {
    await quiet(publisher);
    const before = publisher.keyframeRequests.length;
    const t0 = Date.now();
    await action();
    const request = await requestNumber(publisher, before, DEADLINE_MS, `key-frame request upstream after the viewer's ${what}`);
    assert.equal(request.type, 'PLI', 'the server asks its source with a PLI');
    await sleep(KEYFRAME_INTERVAL_MS + 150);
    return { latency: request.at - t0, count: publisher.keyframeRequests.length - before };
  }

  it('a viewer\'s PLI and FIR go upstream to the publisher as key-frame requests', async () => {
    const { pipeline, publisherEp, publisher } = await publishing();
    const { viewer } = await viewing(pipeline, publisherEp);
    const results = {
      pli: await requestUpstream(publisher, 'PLI', () => viewer.sendPli()),
      secondPli: await requestUpstream(publisher, 'second PLI', () => viewer.sendPli()),
      fir: await requestUpstream(publisher, 'FIR', () => viewer.sendFir('ssrc')),
    };
    console.log('viewer request → PLI at the publisher (latency ms, requests upstream):', results);
    for (const [what, r] of Object.entries(results)) {
      assert.ok(r.latency <= DEADLINE_MS, `${what}: ${r.latency} ms`);
      // One at once, at most one more when the window ends (the next test asks for exactly one).
      assert.ok(r.count >= 1 && r.count <= 2, `${what}: ${r.count} requests upstream`);
    }
    await closePeers(pipeline);
  });

  // werift fires both onTransceiverAdded and onRemoteTransceiverAdded for a transceiver that
  // setRemoteDescription(offer) creates: a server listening per transceiver would handle every
  // PLI/FIR twice (one PLI at once, a second one 500 ms later).
  it('one viewer PLI or FIR causes exactly one key-frame request upstream', async () => {
      const { pipeline, publisherEp, publisher } = await publishing();
      const { viewer } = await viewing(pipeline, publisherEp);
      try {
        const pli = await requestUpstream(publisher, 'PLI', () => viewer.sendPli());
        const fir = await requestUpstream(publisher, 'FIR', () => viewer.sendFir('ssrc'));
        assert.deepEqual([pli.count, fir.count], [1, 1],
          `requests upstream per PLI, per FIR (${JSON.stringify(publisher.keyframeRequests)})`);
      } finally {
        await closePeers(pipeline);
      }
    });

  // werift routes payload-specific feedback by `ssrcTable[senderSsrc] || ssrcTable[mediaSsrc]`.
  // A peer that announced its own SSRC in its SDP (werift always does, a sendrecv browser does)
  // has that SSRC registered on the server as a *receiver*, so werift hands its PLI to the
  // server's RTCRtpReceiver; an RFC 5104 FIR (media-source field 0, SSRC in the FCI) is routed
  // nowhere. The server matches key-frame requests itself (peer.ts watchKeyframeRequests).
  it('a PLI from an SSRC the viewer announced in its SDP (werift sendRtcpPLI) goes upstream', async () => {
      const { pipeline, publisherEp, publisher } = await publishing();
      const { viewer } = await viewing(pipeline, publisherEp);
      try {
        await requestUpstream(publisher, 'announced-SSRC PLI', () => viewer.sendPli('announced'));
      } finally {
        await closePeers(pipeline);
      }
    });

  it('an RFC 5104 FIR (media-source field 0) goes upstream', async () => {
      const { pipeline, publisherEp, publisher } = await publishing();
      const { viewer } = await viewing(pipeline, publisherEp);
      try {
        await requestUpstream(publisher, 'RFC 5104 FIR', () => viewer.sendFir(0));
      } finally {
        await closePeers(pipeline);
      }
    });

  it('a burst of viewer PLIs reaches the publisher at most once per 500 ms (and at least once)', async () => {
    const { pipeline, publisherEp, publisher } = await publishing();
    const { viewer: a } = await viewing(pipeline, publisherEp);
    const { viewer: b } = await viewing(pipeline, publisherEp);
    await quiet(publisher);
    const before = publisher.keyframeRequests.length;
    const lag = loopLag();

    // Two viewers, 25 PLIs each, one every 40 ms: 50 requests in about a second.
    const PER_VIEWER = 25;
    const burstStart = Date.now();
    await Promise.all([a, b].map(async (viewer, i) => {
      if (i === 1) await sleep(20);
      for (let n = 0; n < PER_VIEWER; n++) {
        await viewer.sendPli();
        await sleep(40);
      }
    }));
    const burstEnd = Date.now();
    // The last request inside a window goes out when that window ends: wait one window past the burst.
    await sleep(KEYFRAME_INTERVAL_MS + 300);
    const upstream = publisher.keyframeRequests.slice(before);
    const duration = burstEnd - burstStart;
    const limit = Math.ceil(duration / KEYFRAME_INTERVAL_MS) + 1;
    const gaps = upstream.slice(1).map((r, i) => r.at - upstream[i].at);
    const slack = lag.slackMs();
    lag.stop();
    console.log(`burst: ${2 * PER_VIEWER} viewer PLIs in ${duration} ms → ${upstream.length} PLIs upstream `
      + `(limit ${limit}), gaps ${JSON.stringify(gaps)} ms, event-loop slack ${slack} ms`);
    assert.ok(upstream.length >= 1, 'the burst is passed upstream at least once');
    assert.ok(upstream.length <= limit, `${upstream.length} upstream requests > ${limit} (one per ${KEYFRAME_INTERVAL_MS} ms)`);
    assert.ok(upstream.length >= 2, 'requests inside a window are sent when it ends, not dropped');
    for (const gap of gaps) assert.ok(gap >= KEYFRAME_INTERVAL_MS - slack, `upstream requests ${gap} ms apart (slack ${slack} ms)`);
    assert.ok(upstream.every((r) => r.at >= burstStart), 'nothing counted from before the burst');
    await closePeers(pipeline);
  });
});
