import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { startMediaServer } from '../src/index';
import { call, closeClient, connectClient, create, KClient } from './helpers/kurento';
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

  /** Host names resolved while `action` runs (werift resolves a STUN server's name before querying it). */
  async function lookupsDuring(action: () => Promise<void>): Promise<string[]> {
    const names: string[] = [];
    const lookup = dns.promises.lookup;
    dns.promises.lookup = ((hostname: string, ...rest: unknown[]) => {
      names.push(hostname);
      return (lookup as (...args: unknown[]) => unknown).call(dns.promises, hostname, ...rest);
    }) as typeof lookup;
    try {
      await action();
    } finally {
      dns.promises.lookup = lookup;
    }
    return names;
  }

  /** Negotiates a viewer with a fresh endpoint of `client` and waits until its ICE gathering is done. */
  async function negotiate(client: KClient): Promise<void> {
    const pipeline = await create(client, 'MediaPipeline');
    const ep = await create(pipeline, 'WebRtcEndpoint');
    const done = new Promise<void>((resolve) => ep.on('IceGatheringDone', () => resolve()));
    const viewer = await WeriftPeer.connect(ep, 'viewer');
    peers.push(viewer);
    await done;
    await viewer.connected();
    await call(pipeline, 'release');
  }

  // werift falls back to stun.l.google.com:19302 when given no STUN server: a self-hosted server
  // would query a third party on every offer, and offline the lookup can hold processOffer for 5 s.
  it('queries no STUN server unless one is configured, and the one configured when there is', async () => {
    const unconfigured = await lookupsDuring(() => negotiate(rig.client));
    assert.deepEqual(unconfigured.filter((name) => /stun/.test(name)), [], `looked up: ${unconfigured}`);

    const server = await startMediaServer({ port: 0, recordingsDir: rig.dir, announcedAddresses: ['127.0.0.1'],
      iceServers: [{ urls: 'stun:stun.onair-test.invalid:3478' }] });
    const client = await connectClient(server.url);
    try {
      const configured = await lookupsDuring(() => negotiate(client));
      assert.ok(configured.includes('stun.onair-test.invalid'), `looked up: ${configured}`);
      assert.ok(!configured.includes('stun.l.google.com'), `looked up: ${configured}`);
    } finally {
      for (const peer of peers.splice(0)) await peer.close();
      closeClient(client);
      await server.close();
    }
  });
});
