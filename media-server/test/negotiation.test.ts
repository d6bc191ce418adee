import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { call, create } from './helpers/kurento';
import { useServerRig } from './helpers/rig';
import { WeriftPeer } from './helpers/weriftPeer';

const setupOf = (sdp: string) => [...new Set(sdp.match(/^a=setup:\w+/gm))];

describe('WebRtcEndpoint DTLS roles (werift peers)', { timeout: 40_000 }, () => {
  const peers: WeriftPeer[] = [];
  const rig = useServerRig('onair-ms-dtls-', async () => {
    for (const peer of peers.splice(0)) await peer.close();
  });

  // A browser offers actpass. Answering as DTLS server lets the browser's ClientHello go out as
  // soon as its ICE connects; werift as client would wait 100 ms first (on every viewer's join).
  for (const [offered, answered] of [['actpass', 'passive'], ['passive', 'active']] as const) {
    it(`answers a setup:${offered} offer with setup:${answered}, and media flows`, async () => {
      const pipeline = await create(rig.client, 'MediaPipeline');
      const publisherEp = await create(pipeline, 'WebRtcEndpoint');
      const viewerEp = await create(pipeline, 'WebRtcEndpoint');
      await call(publisherEp, 'connect', viewerEp);
      const publisher = await WeriftPeer.connect(publisherEp, 'publisher', { setup: offered });
      const viewer = await WeriftPeer.connect(viewerEp, 'viewer', { setup: offered });
      peers.push(publisher, viewer);
      assert.deepEqual([setupOf(publisher.answer!), setupOf(viewer.answer!)], [[`a=setup:${answered}`], [`a=setup:${answered}`]]);
      await Promise.all([publisher.connected(), viewer.connected()]);
      publisher.startSending();
      await viewer.waitReceived(10, 5_000);
      for (const peer of peers.splice(0)) await peer.close();
      await call(pipeline, 'release');
    });
  }
});
