import { debuglog } from 'node:util';
import {
  MediaStreamTrack, RTCIceCandidate, RTCPeerConnection, RTCRtpCodecParameters, RTCRtpTransceiver, RtpPacket,
  useAbsSendTime, useH264, useNACK, useOPUS, usePLI, useREMB, useSdesMid, useVP8,
} from 'werift';
import { ServerConfig } from '../config';
import { CodecInfo, MediaKind, sameCodec } from './stream';
import { DtlsEndpoint, ignoreStaleClientHellos } from './staleClientHello';

export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** A media packet arriving from the remote peer, with the codec it was negotiated as. */
export type IncomingHandler = (kind: MediaKind, packet: RtpPacket, codec: CodecInfo) => void;

export function codecInfo(codec: RTCRtpCodecParameters): CodecInfo {
  return { mimeType: codec.mimeType, clockRate: codec.clockRate, channels: codec.channels, parameters: codec.parameters };
}

/** The media server's debug log (NODE_DEBUG=onair-media). */
export const debug = debuglog('onair-media');

const PSFB = 206;
const PLI_FMT = 1;
const FIR_FMT = 4;

/**
 * werift's ICE falls back to stun.l.google.com:19302 when it is given no STUN server, so every
 * gathering resolves and queries it: a self-hosted server calling out to a third party, and, with
 * no route or a slow resolver, gathering (so `processOffer`) held for up to 5 s. Clears that
 * fallback on transports that have not gathered yet; call before setLocalDescription.
 */
export function withoutImplicitStun(pc: RTCPeerConnection): void {
  for (const transport of pc.dtlsTransports) {
    const ice = transport.iceTransport.connection as unknown as { stunServer?: unknown; localCandidatesStart?: boolean };
    if (!ice.localCandidatesStart) ice.stunServer = undefined;
  }
}

/** Codecs the server negotiates: VP8 first, H.264 for browsers that want it, Opus. No transcoding. */
function codecs() {
  const fb = () => [useNACK(), usePLI(), useREMB(), { type: 'ccm', parameter: 'fir' }];
  return {
    video: [useVP8({ rtcpFeedback: fb() }), useH264({ rtcpFeedback: fb() })],
    audio: [useOPUS()],
  };
}

/**
 * One werift RTCPeerConnection as a Kurento endpoint needs it: candidates limited to the
 * announced addresses, incoming RTP handed out per kind, outgoing RTP rewritten per sender.
 */
export class Peer {
  readonly pc: RTCPeerConnection;
  private readonly allowed?: Set<string>;
  private readonly stunConfigured: boolean;
  /** DTLS transports whose early packets catchEarlyDtls keeps. */
  private readonly watchedTransports = new WeakSet<object>();
  /** Per kind, the source (SSRC) of the last packet sent and when it went. */
  private readonly lastSource = new Map<MediaKind, { ssrc: number; at: number }>();

  constructor(config: ServerConfig, onIncoming: IncomingHandler, private readonly onKeyframeRequest: (kind: MediaKind) => void) {
    this.stunConfigured = config.iceServers.some((server) => [server.urls].flat().some((url) => /^stuns?:/.test(url)));
    const announced = config.announcedAddresses;
    this.allowed = announced ? new Set(announced) : undefined;
    this.pc = new RTCPeerConnection({
      iceServers: config.iceServers,
      iceUseIpv6: false,
      iceAdditionalHostAddresses: announced ?? ['127.0.0.1'],
      codecs: codecs(),
      headerExtensions: { video: [useSdesMid(), useAbsSendTime()], audio: [useSdesMid(), useAbsSendTime()] },
      bundlePolicy: 'max-bundle',
    });
    this.watchKeyframeRequests();
    this.pc.onTrack.subscribe((track) => this.receive(track, onIncoming));
  }

  /** Whether a local candidate may be announced (announcedAddresses, when configured). */
  allows(candidate: string): boolean {
    if (!this.allowed) return true;
    const address = candidate.replace(/^a=/, '').split(' ')[4];
    return this.allowed.has(address);
  }

  /** The SDP with candidates on addresses we do not announce removed. */
  filterSdp(sdp: string): string {
    if (!this.allowed) return sdp;
    return sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') || this.allows(line)).join('\r\n');
  }

  private receive(track: MediaStreamTrack, onIncoming: IncomingHandler): void {
    const transceiver = this.pc.getTransceivers().find((t) => t.receiver.track === track
      || t.receiver.tracks?.includes?.(track));
    const kind = track.kind as MediaKind;
    let lastPt = -1;
    let codec: CodecInfo | undefined;
    track.onReceiveRtp.subscribe((packet) => {
      if (packet.header.payloadType !== lastPt) {
        lastPt = packet.header.payloadType;
        const negotiated = (transceiver?.codecs ?? []).find((c) => c.payloadType === lastPt) ?? track.codec;
        codec = negotiated ? codecInfo(negotiated) : undefined;
      }
      if (codec) onIncoming(kind, packet, codec);
    });
  }

  /** Asks the remote sender of `kind` for a key frame (RTCP PLI). */
  requestKeyframe(kind: MediaKind): void {
    for (const t of this.pc.getTransceivers()) {
      const ssrc = t.receiver.track?.ssrc;
      if (t.kind === kind && ssrc !== undefined) t.receiver.sendRtcpPLI(ssrc).catch(() => undefined);
    }
  }

  /**
   * Key-frame requests (PLI, FIR) from the remote peer, matched against our senders' SSRCs here.
   * werift routes payload-specific feedback by `ssrcTable[senderSsrc] || ssrcTable[mediaSsrc]`, so a
   * PLI from an SSRC the peer announced lands on our receiver and an RFC 5104 FIR (media source 0,
   * target in the FCI) lands nowhere; its per-transceiver events also fire twice for offered ones.
   */
  private watchKeyframeRequests(): void {
    const router = (this.pc as unknown as { router: { routeRtcp(packet: unknown): void } }).router;
    const route = router.routeRtcp.bind(router);
    router.routeRtcp = (packet: unknown) => {
      const p = packet as { type: number; feedback?: { count?: number; mediaSsrc?: number; fir?: { ssrc: number }[] } };
      if (p.type === PSFB && (p.feedback?.count === PLI_FMT || p.feedback?.count === FIR_FMT)) {
        const targets = p.feedback.count === PLI_FMT ? [p.feedback.mediaSsrc] : (p.feedback.fir ?? []).map((entry) => entry.ssrc);
        const kinds = new Set(this.pc.getTransceivers().filter((t) => targets.includes(t.sender.ssrc)).map((t) => t.kind as MediaKind));
        for (const kind of kinds) this.onKeyframeRequest(kind);
        return; // handled: not handed to werift's routing as well
      }
      route(packet);
    };
  }

  /** The transceiver that sends `kind` to the remote peer, if negotiated. */
  sendingTransceiver(kind: MediaKind): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((t) => t.kind === kind && (t.currentDirection === 'sendrecv'
      || t.currentDirection === 'sendonly'));
  }

  /**
   * Sends a packet from the pipeline to the remote peer. Returns false when the codec was
   * not negotiated with this peer (the caller reports it: no transcoding).
   */
  send(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): boolean {
    const transceiver = this.sendingTransceiver(kind);
    if (!transceiver) return true;
    const sender = transceiver.sender;
    if (!sender.codec || !sameCodec(codecInfo(sender.codec), codec)) {
      const match = transceiver.codecs.find((c) => sameCodec(codecInfo(c), codec));
      if (!match) return false;
      sender.codec = match;
    }
    const copy = packet.clone();
    copy.header.extensions = [];
    this.continueFrom(kind, sender, copy.header, codec.clockRate);
    sender.sendRtp(copy).catch(() => undefined);
    return true;
  }

  /**
   * A new source (another element connected, a publisher coming back) brings its own sequence
   * numbers and timestamps. Re-bases them on what this sender sent last — sequence numbers
   * contiguous, timestamps advanced by the wall time in between — as a browser does for a replaced
   * track: left as they come, a receiver takes the new packets for old ones about half of the time
   * and drops them.
   */
  private continueFrom(kind: MediaKind, sender: RTCRtpTransceiver['sender'], header: RtpPacket['header'], clockRate: number): void {
    const now = Date.now();
    const last = this.lastSource.get(kind);
    this.lastSource.set(kind, { ssrc: header.ssrc, at: now });
    if (!last || last.ssrc === header.ssrc) return;
    // werift keeps these private; replaceRTP would set them, but without the time in between.
    const state = sender as unknown as { sequenceNumber?: number; timestamp?: number; seqOffset: number; timestampOffset: number };
    if (state.sequenceNumber === undefined || state.timestamp === undefined) return;
    state.seqOffset = (state.sequenceNumber + 1 - header.sequenceNumber) & 0xffff;
    const elapsed = Math.max(1, Math.round(((now - last.at) * clockRate) / 1000));
    state.timestampOffset = (state.timestamp + elapsed - header.timestamp) >>> 0;
  }

  async addCandidate(candidate: { candidate: string; sdpMid?: string; sdpMLineIndex?: number }): Promise<void> {
    await this.pc.addIceCandidate(new RTCIceCandidate(candidate));
  }

  /**
   * setLocalDescription, which starts gathering, with no STUN query unless STUN servers are
   * configured (withoutImplicitStun), and with early DTLS packets kept (catchEarlyDtls).
   */
  async setLocalDescription(description: Parameters<RTCPeerConnection['setLocalDescription']>[0]): Promise<void> {
    if (!this.stunConfigured) withoutImplicitStun(this.pc);
    await this.pc.setLocalDescription(description);
    this.catchEarlyDtls();
  }

  /**
   * Keeps the DTLS packets that reach a transport before werift has started its DTLS endpoint on it,
   * and hands them over once it has. werift starts DTLS only after its own side of ICE is connected
   * and drops what came earlier, but the remote side may finish ICE first and send its ClientHello at
   * once (a browser does; werift clients wait 100 ms): the handshake then waits for the client to
   * retransmit. The copy handed over may then reach the server after the client's retransmission and
   * after its second ClientHello: the DTLS server ignores such stale ClientHellos (guardHandshake).
   */
  private catchEarlyDtls(): void {
    for (const transport of this.pc.dtlsTransports) {
      if (transport.state !== 'new' || this.watchedTransports.has(transport)) continue;
      this.watchedTransports.add(transport);
      const ice = transport.iceTransport.connection;
      const early: Buffer[] = [];
      const data = ice.onData.subscribe((packet) => {
        if (transport.state === 'new' && packet[0] > 19 && packet[0] < 64) early.push(Buffer.from(packet));
      });
      const state = transport.onStateChange.subscribe((next) => {
        if (next === 'new') return;
        data.unSubscribe();
        state.unSubscribe();
        // 'connecting' is set just before werift creates its DTLS endpoint in the same turn: it exists
        // in the next microtask, before any packet (these come in later turns) reaches it.
        if (next === 'connecting') queueMicrotask(() => this.guardHandshake(transport));
        if (next === 'connecting' && early.length) setImmediate(() => early.splice(0).forEach((packet) => ice.onData.execute(packet)));
      });
    }
  }

  /** See ignoreStaleClientHellos. */
  private guardHandshake(transport: RTCPeerConnection['dtlsTransports'][number]): void {
    const endpoint = (transport as unknown as { dtls?: DtlsEndpoint }).dtls;
    if (endpoint) ignoreStaleClientHellos(endpoint, () => debug('stale DTLS ClientHello dropped'));
    else debug('no DTLS endpoint on a connecting transport: stale ClientHellos are not filtered');
  }

  async close(): Promise<void> {
    await this.pc.close().catch(() => undefined);
  }
}
