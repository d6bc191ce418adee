import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BrowserPeer, Mode } from './helpers/browserPeer';
import { call, create, KObject, nextEvent } from './helpers/kurento';
import { useMediaRig } from './helpers/rig';

describe('WebRtcEndpoint with headless Chromium: fan-out, codecs, negotiation', () => {
  const peers: BrowserPeer[] = [];
  const rig = useMediaRig('onair-ms-fan-', async () => {
    for (const peer of peers) await peer.close();
  });

  async function open(endpoint: KObject, mode: Mode, options: { serverOffers?: boolean; codec?: string } = {}) {
    const page = await rig.browser.context.newPage();
    await page.goto(rig.pages.url);
    const peer = await BrowserPeer.connect(page, endpoint, mode, options);
    peers.push(peer);
    return peer;
  }

  async function closeAll(pipeline: KObject) {
    for (const peer of peers.splice(0)) {
      await peer.close();
      await peer.page.close();
    }
    await call(pipeline, 'release');
  }

  it('one publisher reaches three viewers, each decoding frames', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    const publisher = await open(publisherEp, 'send');
    await nextEvent(publisherEp, 'MediaFlowOutStateChanged', (e) => e.state === 'FLOWING' && e.mediaType === 'VIDEO', 15_000);
    const viewers: BrowserPeer[] = [];
    for (let i = 0; i < 3; i++) {
      const ep = await create(pipeline, 'WebRtcEndpoint', { recvonly: false });
      await call(publisherEp, 'connect', ep);
      viewers.push(await open(ep, 'recv'));
    }
    const started = Date.now();
    const stats = await Promise.all(viewers.map((v) => v.waitFrames(30)));
    console.log(`fan-out: 3 viewers at 30 frames after ${Date.now() - started} ms`, stats.map((s) => s.framesDecoded));
    for (const s of stats) {
      assert.ok(s.framesDecoded >= 30 && s.audioPackets > 0, JSON.stringify(s));
      assert.ok(s.codecs.some((c) => /VP8/i.test(c)));
    }
    assert.equal((await call(publisherEp, 'getSinkConnections', 'VIDEO')).length, 3);
    assert.equal((await publisher.stats()).framesDecoded, 0, 'publisher receives nothing back (not connected to itself)');
    await closeAll(pipeline);
  });

  it('a viewer goes on decoding when its source is replaced, right away or after a pause (a publisher coming back)', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const viewerEp = await create(pipeline, 'WebRtcEndpoint', { recvonly: false });
    let source = await create(pipeline, 'WebRtcEndpoint');
    let publisher = await open(source, 'send');
    await call(source, 'connect', viewerEp);
    const viewer = await open(viewerEp, 'recv');
    let decoded = (await viewer.waitFrames(20)).framesDecoded;
    // Each new browser source starts at random sequence numbers: three switches, so luck cannot pass it.
    for (const pauseMs of [0, 1500, 3000]) {
      const next = await create(pipeline, 'WebRtcEndpoint');
      const nextPublisher = await open(next, 'send');
      await nextEvent(next, 'MediaFlowOutStateChanged', (e) => e.state === 'FLOWING' && e.mediaType === 'VIDEO', 15_000);
      await call(source, 'release');
      await publisher.close();
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await call(next, 'connect', viewerEp);
      const stats = await viewer.waitFrames(decoded + 20);
      assert.ok(stats.framesDecoded >= decoded + 20, `after a ${pauseMs} ms switch: ${JSON.stringify(stats)}`);
      decoded = stats.framesDecoded;
      [source, publisher] = [next, nextPublisher];
    }
    await closeAll(pipeline);
  });

  it('server-side offer: generateOffer / processAnswer', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    await open(publisherEp, 'send');
    const viewerEp = await create(pipeline, 'WebRtcEndpoint', { sendonly: true });
    await call(publisherEp, 'connect', viewerEp);
    const viewer = await open(viewerEp, 'recv', { serverOffers: true });
    const stats = await viewer.waitFrames(20);
    assert.ok(stats.framesDecoded >= 20);
    assert.match(await call(viewerEp, 'getRemoteSessionDescriptor'), /a=recvonly/);
    await assert.rejects(call(viewerEp, 'processAnswer', 'v=0'), (e: { code: number }) => e.code === 40208);
    await closeAll(pipeline);
  });

  it('H.264 passes through when both sides negotiate it', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    await open(publisherEp, 'send', { codec: 'video/H264' });
    const viewerEp = await create(pipeline, 'WebRtcEndpoint');
    await call(publisherEp, 'connect', viewerEp);
    const viewer = await open(viewerEp, 'recv', { codec: 'video/H264' });
    const stats = await viewer.waitFrames(20);
    assert.ok(stats.codecs.some((c) => /H264/i.test(c)) && !stats.codecs.some((c) => /VP8/i.test(c)), String(stats.codecs));
    await closeAll(pipeline);
  });

  it('a codec the viewer did not negotiate is an Error event, not silence', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    await open(publisherEp, 'send', { codec: 'video/H264' });
    const viewerEp = await create(pipeline, 'WebRtcEndpoint');
    const error = nextEvent(viewerEp, 'Error', () => true, 15_000);
    await call(publisherEp, 'connect', viewerEp);
    await open(viewerEp, 'recv', { codec: 'video/VP8' });
    const event = await error;
    assert.equal(event.type, 'UNSUPPORTED_MEDIA_TYPE');
    assert.match(event.description, /H264/i);
    await closeAll(pipeline);
  });

  it('orders pipelined requests: getLocalSessionDescriptor right after processOffer sees the answer', async () => {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const offerer = await create(pipeline, 'WebRtcEndpoint');
    const answerer = await create(pipeline, 'WebRtcEndpoint');
    const offer: string = await call(offerer, 'generateOffer');
    const answer = call(answerer, 'processOffer', offer);
    const local = call(answerer, 'getLocalSessionDescriptor');
    assert.equal(await local, await answer);
    await assert.rejects(call(answerer, 'processOffer', offer), (e: { code: number }) => e.code === 40208);
    const broken = await create(pipeline, 'WebRtcEndpoint');
    await assert.rejects(call(broken, 'processOffer', 'not an sdp'), (e: { code: number }) => e.code === 40201);
    const vp9Only = offer.replace(/a=rtpmap:\d+ VP8\/90000/, 'a=rtpmap:96 VP9/90000').replace(/a=rtpmap:\d+ H264\/90000/g, 'a=rtpmap:97 VP9/90000');
    const audioless = vp9Only.replace(/a=rtpmap:\d+ (OPUS|opus)\/48000\/2/g, 'a=rtpmap:111 G722/8000');
    await assert.rejects(call(broken, 'processOffer', audioless), (e: { code: number }) => e.code === 40205);
    await assert.rejects(call(broken, 'getLocalSessionDescriptor'), (e: { code: number }) => e.code === 40202);
    await assert.rejects(call(broken, 'processAnswer', 'v=0'), (e: { code: number }) => e.code === 40209);
    await call(pipeline, 'release');
  });
});
