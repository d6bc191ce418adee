import {
  MediaStreamTrack, PictureLossIndication, RTCPeerConnection, RTCRtpTransceiver, RtcpPayloadSpecificFeedback, RtpHeader,
  RtpPacket,
} from 'werift';
import { withoutImplicitStun } from '../../src/media/peer';
import { vp8KeyframeSize } from '../../src/media/webmRecording';
import { call, getComplexType, KObject, withTimeout } from './kurento';

/** One RTCP key-frame request as the test peer saw it arrive. */
export interface KeyframeRequest {
  type: 'PLI' | 'FIR';
  at: number;
}

/**
 * A werift peer in the test process, negotiated with a WebRtcEndpoint through kurento-client
 * (client offers, trickle ICE both ways). `publisher` sends one synthetic VP8 video track and
 * records the PLI/FIR the server sends back; `viewer` receives video and can send PLI/FIR.
 */
export class WeriftPeer {
  // max-bundle: with werift's default the transports dropped by bundling keep their UDP
  // sockets open after close() and the test process never exits.
  readonly pc = new RTCPeerConnection({
    iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle',
  });
  readonly transceiver: RTCRtpTransceiver;
  /** Key-frame requests received by the publisher's sender, in arrival order. */
  readonly keyframeRequests: KeyframeRequest[] = [];
  /** Video RTP packets received by a viewer. */
  received = 0;
  /** SSRC of the video the viewer receives (the server's sender), once the first packet arrived. */
  remoteSsrc?: number;
  /** Every video RTP packet a viewer received: its timestamp, whether it starts a VP8 key frame, when. */
  readonly videoLog: { timestamp: number; keyframe: boolean; at: number }[] = [];
  private readonly track?: MediaStreamTrack;
  private timer?: NodeJS.Timeout;
  private seq = 0;
  private timestamp = 0;
  private firSeq = 0;

  private constructor(readonly endpoint: KObject, readonly role: 'publisher' | 'viewer') {
    if (role === 'publisher') {
      this.track = new MediaStreamTrack({ kind: 'video' });
      this.transceiver = this.pc.addTransceiver(this.track, { direction: 'sendonly' });
      const sender = this.transceiver.sender;
      sender.onPictureLossIndication.subscribe(() => this.keyframeRequests.push({ type: 'PLI', at: Date.now() }));
      sender.onRtcp.subscribe((rtcp) => {
        const p = rtcp as unknown as { type: number; feedback?: { count?: number } };
        if (p.type === RtcpPayloadSpecificFeedback.type && p.feedback?.count === 4) {
          this.keyframeRequests.push({ type: 'FIR', at: Date.now() });
        }
      });
    } else {
      this.transceiver = this.pc.addTransceiver('video', { direction: 'recvonly' });
      this.pc.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((packet) => {
        this.received++;
        this.remoteSsrc = packet.header.ssrc;
        this.videoLog.push({ timestamp: packet.header.timestamp, keyframe: vp8KeyframeSize(packet.payload) !== undefined,
          at: Date.now() });
      }));
    }
  }

  /** The server's SDP answer, once negotiated. */
  /** The SDP offer sent to the endpoint. */
  offer = '';
  answer?: string;

  /** How long the server took to answer each of this peer's addIceCandidate requests (ms), in answer order. */
  readonly candidateAnswers: number[] = [];

  /**
   * Creates the peer and negotiates it with `endpoint` (processOffer, gatherCandidates).
   * `setup: 'passive'` offers to be the DTLS server instead of werift's `actpass`; `trickleOnly`
   * sends every candidate by addIceCandidate, as a browser does; `candidate` rewrites each local
   * candidate line before it is sent (in the offer too); `endOfCandidates: false` leaves
   * a=end-of-candidates out of the offer, as a browser still gathering does.
   */
  static async connect(endpoint: KObject, role: 'publisher' | 'viewer',
    { setup = 'actpass', trickleOnly = false, candidate = (c) => c, endOfCandidates = true }:
    { setup?: 'actpass' | 'passive'; trickleOnly?: boolean; candidate?: (line: string) => string; endOfCandidates?: boolean } = {},
  ): Promise<WeriftPeer> {
    const peer = new WeriftPeer(endpoint, role);
    const IceCandidate = getComplexType('IceCandidate');
    endpoint.on('IceCandidateFound', (e: { candidate: { candidate: string; sdpMid: string; sdpMLineIndex: number } }) => {
      peer.pc.addIceCandidate(e.candidate).catch(() => undefined);
    });
    peer.pc.onIceCandidate.subscribe((c) => {
      if (!c) return;
      const json = c.toJSON();
      const sent = Date.now();
      call(endpoint, 'addIceCandidate', IceCandidate({ ...json, candidate: candidate(json.candidate) }))
        .then(() => peer.candidateAnswers.push(Date.now() - sent), () => undefined);
    });
    withoutImplicitStun(peer.pc); // werift's default STUN lookup can hold gathering for 5 s offline
    await peer.pc.setLocalDescription(await peer.pc.createOffer());
    let offer = peer.pc.localDescription!.sdp.replace(/^a=setup:actpass/gm, `a=setup:${setup}`);
    // werift's offer lists the candidates gathered so far and end-of-candidates (the server then
    // ignores trickled ones); a browser's has none, every candidate comes by addIceCandidate.
    if (trickleOnly) offer = offer.replace(/^a=(candidate:|end-of-candidates).*\r?\n/gm, '');
    else offer = offer.replace(/^a=(candidate:[^\r\n]*)/gm, (_line, c: string) => `a=${candidate(c)}`);
    if (!endOfCandidates) offer = offer.replace(/^a=end-of-candidates\r?\n/gm, '');
    peer.offer = offer;
    peer.answer = await call<string>(endpoint, 'processOffer', offer);
    await peer.pc.setRemoteDescription({ type: 'answer', sdp: peer.answer });
    await call(endpoint, 'gatherCandidates');
    return peer;
  }

  /** Resolves when the peer connection is connected (ICE + DTLS). */
  connected(timeoutMs = 10_000): Promise<void> {
    if (this.pc.connectionState === 'connected') return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => {
      this.pc.connectionStateChange.subscribe((state) => { if (state === 'connected') resolve(); });
    }), timeoutMs, `${this.role} peer connected (state ${this.pc.connectionState})`);
  }

  /**
   * Publisher: sends synthetic VP8 at ~30 frames/s, two packets a frame (a VP8 payload
   * descriptor and filler; the server forwards without decoding). Every 30th frame is marked
   * as a key frame in the VP8 payload header.
   */
  startSending(): void {
    if (!this.track) throw new Error('only a publisher sends');
    let frame = 0;
    this.timer = setInterval(() => {
      const key = frame++ % 30 === 0;
      for (let i = 0; i < 2; i++) {
        const payload = Buffer.alloc(400, 0xab);
        payload[0] = i === 0 ? 0x10 : 0x00; // S bit on the first packet of the frame, PID 0
        if (i === 0) payload[1] = key ? 0x00 : 0x01; // VP8 header: P bit 0 = key frame
        const header = new RtpHeader({ payloadType: 96, sequenceNumber: this.seq, timestamp: this.timestamp, marker: i === 1, ssrc: 1234 });
        this.seq = (this.seq + 1) & 0xffff;
        this.track!.writeRtp(new RtpPacket(header, payload));
      }
      this.timestamp = (this.timestamp + 3000) >>> 0;
    }, 33);
  }

  /**
   * SSRC a receive-only browser puts in the sender-SSRC field of its RTCP feedback (Chrome's
   * default when it sends nothing, never announced in its SDP).
   */
  static readonly UNANNOUNCED_SSRC = 1;

  /**
   * Viewer: asks the server's sender for a key frame with an RTCP PLI. `from: 'announced'` uses
   * werift's own `receiver.sendRtcpPLI`, whose sender-SSRC field is the SSRC this peer announced
   * in its offer (`a=ssrc`, as every sendrecv browser does); `from: 'unannounced'` puts
   * UNANNOUNCED_SSRC there, as a receive-only browser does.
   */
  async sendPli(from: 'announced' | 'unannounced' = 'unannounced'): Promise<void> {
    const ssrc = this.requireRemoteSsrc();
    const receiver = this.transceiver.receiver;
    if (from === 'announced') return receiver.sendRtcpPLI(ssrc);
    const packet = new RtcpPayloadSpecificFeedback({
      feedback: new PictureLossIndication({ senderSsrc: WeriftPeer.UNANNOUNCED_SSRC, mediaSsrc: ssrc }),
    });
    await receiver.dtlsTransport.sendRtcp([packet]);
  }

  /**
   * Viewer: sends an RTCP FIR (RFC 5104 §4.3.1) for the received SSRC, from UNANNOUNCED_SSRC.
   * `mediaSsrcField` is the header's media-source field, which the RFC says SHALL be 0 (the
   * target SSRC is in the FCI entry); `'ssrc'` puts the target SSRC there too.
   */
  async sendFir(mediaSsrcField: 0 | 'ssrc'): Promise<void> {
    const ssrc = this.requireRemoteSsrc();
    const senderSsrc = WeriftPeer.UNANNOUNCED_SSRC;
    const media = mediaSsrcField === 0 ? 0 : ssrc;
    const seq = this.firSeq++ & 0xff;
    // werift has no FIR sender and does not export its FullIntraRequest class; this is its shape.
    const fir = {
      count: 4,
      length: 4, // RTCP length in 32-bit words minus one: header + 2 SSRCs + one 8-byte FCI entry
      senderSsrc,
      mediaSsrc: media,
      serialize(): Buffer {
        const buf = Buffer.alloc(16);
        buf.writeUInt32BE(senderSsrc, 0);
        buf.writeUInt32BE(media, 4);
        buf.writeUInt32BE(ssrc, 8);
        buf[12] = seq;
        return buf;
      },
    };
    const packet = new RtcpPayloadSpecificFeedback({ feedback: fir as never });
    await this.transceiver.receiver.dtlsTransport.sendRtcp([packet]);
  }

  private requireRemoteSsrc(): number {
    if (this.remoteSsrc === undefined) throw new Error('viewer has received no video yet (no SSRC to address)');
    return this.remoteSsrc;
  }

  /** Resolves once the viewer has received `count` video packets. */
  async waitReceived(count: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received < count) {
      if (Date.now() > deadline) throw new Error(`viewer received ${this.received}/${count} packets in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await withTimeout(this.pc.close(), 5_000, `${this.role} peer close`).catch(() => undefined);
  }
}
