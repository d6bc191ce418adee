import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RTCPeerConnection } from 'werift';
import { resolveConfig } from '../src/config';
import { Peer, withoutImplicitStun } from '../src/media/peer';
import { clientHelloCookieLength } from '../src/media/staleClientHello';
import { withTimeout } from './helpers/kurento';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Peer: DTLS that arrives before werift starts its DTLS server', () => {
  const closing: (() => Promise<unknown>)[] = [];
  after(async () => { for (const close of closing) await close().catch(() => undefined); });

  /**
   * A werift client (recvonly) and the server's Peer over loopback, candidates exchanged as found; the
   * server has its answer (as DTLS server) but the client not yet: setRemoteDescription starts it all.
   */
  async function negotiated(): Promise<{ server: Peer; client: RTCPeerConnection }> {
    const server = new Peer(resolveConfig({ announcedAddresses: ['127.0.0.1'] }), () => undefined, () => undefined);
    const client = new RTCPeerConnection({ iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle' });
    closing.push(() => server.close(), () => client.close());
    client.onIceCandidate.subscribe((c) => { if (c) server.pc.addIceCandidate(c).catch(() => undefined); });
    server.pc.onIceCandidate.subscribe((c) => { if (c) client.addIceCandidate(c).catch(() => undefined); });
    client.addTransceiver('video', { direction: 'recvonly' });
    withoutImplicitStun(client);
    await client.setLocalDescription(await client.createOffer());
    await server.pc.setRemoteDescription(client.localDescription!);
    const answer = await server.pc.createAnswer();
    await server.setLocalDescription({ type: 'answer', sdp: answer.sdp.replace(/^a=setup:active/gm, 'a=setup:passive') });
    return { server, client };
  }

  // A browser sends its ClientHello the moment its side of ICE is up; werift starts its DTLS server
  // only once its own side is, and used to drop what came before. Here the server's DTLS start is
  // held back 300 ms (a busy event loop), so the client's ClientHello (werift: 100 ms after ICE)
  // comes too early; its first retransmission would only come 500 ms after it.
  it('keeps the early ClientHello and completes the handshake as soon as the server starts', async () => {
    const { server, client } = await negotiated();
    const transport = server.pc.dtlsTransports[0];
    const start = transport.start.bind(transport);
    let started = 0;
    transport.start = async () => { await sleep(300); started = Date.now(); return start(); };
    let early = 0;
    transport.iceTransport.connection.onData.subscribe((packet) => { if (packet[0] === 22 && transport.state === 'new') early++; });

    const connected = new Promise<number>((resolve) => server.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve(Date.now());
    }));
    await client.setRemoteDescription(server.pc.localDescription!);
    const at = await withTimeout(connected, 10_000, 'server connected');
    assert.ok(early > 0, 'the ClientHello came before the server started DTLS');
    // Without it the handshake waits for the retransmission: ≥ 300 ms after the start here.
    assert.ok(at - started < 250, `handshake done ${at - started} ms after the server's DTLS started`);
  });

  // A browser's ClientHello may be handled twice (catchEarlyDtls's copy, a retransmission on another ICE
  // path); seen in the call bench: a copy without the cookie handled after the one with it made werift
  // draw a new random and key pair after its ServerHello, and the handshake never completed.
  it('completes the handshake when a stale ClientHello (no cookie) arrives after the one with the cookie', async () => {
    const { server, client } = await negotiated();
    const ice = server.pc.dtlsTransports[0].iceTransport.connection;
    // Record layer header (13 bytes) + handshake header (12 bytes), then the ClientHello body.
    const isClientHello = (packet: Buffer) => packet[0] === 22 && packet[13] === 1;
    let first: Buffer | undefined;
    let replayed = false;
    ice.onData.subscribe((packet) => {
      if (!isClientHello(packet)) return;
      const cookie = clientHelloCookieLength(packet.subarray(25));
      if (cookie === 0) first ??= Buffer.from(packet);
      else if (first && !replayed) {
        replayed = true;
        // handled right after the one with the cookie, once the server has answered it with its flight 4
        setImmediate(() => ice.onData.execute(first!));
      }
    });

    const connected = new Promise<void>((resolve) => server.pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve();
    }));
    await client.setRemoteDescription(server.pc.localDescription!);
    await withTimeout(connected, 8_000, 'server connected');
    assert.ok(replayed, 'the stale ClientHello was handed to the server');
  });
});
