import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mdnsHostOf } from '../src/objects/webRtcEndpoint';
import { call, create, getComplexType } from './helpers/kurento';
import { useServerRig } from './helpers/rig';
import { WeriftPeer } from './helpers/weriftPeer';

/** A candidate line with its address replaced by an mDNS name, as a browser hiding its addresses sends it. */
const asMdns = (line: string) => line.split(' ').map((field, i) => (i === 4 ? `${randomUUID()}.local` : field)).join(' ');

describe('WebRtcEndpoint.addIceCandidate: mDNS host candidates (werift peers)', { timeout: 40_000 }, () => {
  const peers: WeriftPeer[] = [];
  const rig = useServerRig('onair-ms-ice-', async () => {
    for (const peer of peers.splice(0)) await peer.close();
  });

  /** A pipeline where a negotiated werift publisher feeds a viewer endpoint (not negotiated yet). */
  async function publisherToViewer() {
    const pipeline = await create(rig.client, 'MediaPipeline');
    const publisherEp = await create(pipeline, 'WebRtcEndpoint');
    const viewerEp = await create(pipeline, 'WebRtcEndpoint');
    await call(publisherEp, 'connect', viewerEp);
    const publisher = await WeriftPeer.connect(publisherEp, 'publisher');
    peers.push(publisher);
    return { pipeline, viewerEp, publisher };
  }

  it('recognises mDNS candidates by their address field only', () => {
    assert.equal(mdnsHostOf('candidate:1 1 udp 2122260223 0b8e2a1c-7d3f-4e55-9a61-2f0c6d1e9b7a.local 54321 typ host generation 0'),
      '0b8e2a1c-7d3f-4e55-9a61-2f0c6d1e9b7a.local');
    assert.equal(mdnsHostOf('a=candidate:1 1 UDP 2122260223 Host-A.LOCAL. 9 typ host'), 'Host-A.LOCAL.');
    assert.equal(mdnsHostOf('candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host'), undefined);
    assert.equal(mdnsHostOf('candidate:1 1 udp 1686052607 203.0.113.5 40000 typ srflx raddr x.local rport 9'), undefined);
  });

  it('answers a .local candidate at once; the endpoint connects and carries media afterwards', async () => {
    const IceCandidate = getComplexType('IceCandidate');
    const { pipeline, viewerEp, publisher } = await publisherToViewer();
    // As a browser hiding its addresses: every candidate comes by addIceCandidate and names an mDNS
    // host. The server learns the viewer's address from its connectivity checks alone.
    const viewer = await WeriftPeer.connect(viewerEp, 'viewer', { trickleOnly: true, candidate: asMdns });
    peers.push(viewer);

    const started = Date.now();
    await call(viewerEp, 'addIceCandidate', IceCandidate({ sdpMid: '0', sdpMLineIndex: 0,
      candidate: `candidate:1 1 udp 2122260223 ${randomUUID()}.local 54321 typ host generation 0` }));
    const took = Date.now() - started;
    // werift's multicast DNS lookup held this for 10 s; a generous bound, not a benchmark.
    assert.ok(took < 2_000, `addIceCandidate with an mDNS host answered after ${took} ms`);

    await Promise.all([publisher.connected(), viewer.connected()]);
    publisher.startSending();
    await viewer.waitReceived(10, 5_000);
    assert.ok(viewer.candidateAnswers.length > 0, 'the viewer sent candidates');
    assert.ok(viewer.candidateAnswers.every((ms) => ms < 2_000), `answer times: ${viewer.candidateAnswers}`);
    // A real candidate is still accepted on the same endpoint.
    await call(viewerEp, 'addIceCandidate', IceCandidate({ sdpMid: '0', sdpMLineIndex: 0,
      candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 9 typ host generation 0' }));
    await call(pipeline, 'release');
  });

  it('answers an offer that carries .local candidates at once; the endpoint connects and carries media', async () => {
    const { pipeline, viewerEp, publisher } = await publisherToViewer();
    // As a browser that gathered before sending its offer: the offer's candidates name mDNS hosts
    // (and, gathering going on, it does not say end-of-candidates).
    const started = Date.now();
    const viewer = await WeriftPeer.connect(viewerEp, 'viewer', { candidate: asMdns, endOfCandidates: false });
    peers.push(viewer);
    const took = Date.now() - started;
    assert.match(viewer.offer, /^a=candidate:\S+ \d+ \S+ \d+ \S+\.local /m, 'the offer carried mDNS candidates');
    // werift's multicast DNS lookups held processOffer for 10 s; a generous bound, not a benchmark.
    assert.ok(took < 2_000, `processOffer with mDNS candidates in the offer answered after ${took} ms`);
    await Promise.all([publisher.connected(), viewer.connected()]);
    publisher.startSending();
    await viewer.waitReceived(10, 5_000);
    await call(pipeline, 'release');
  });
});
