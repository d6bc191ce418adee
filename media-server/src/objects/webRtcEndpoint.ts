import type { RtpPacket } from 'werift';
import { ServerConfig } from '../config';
import { Peer, Direction, debug } from '../media/peer';
import { CodecInfo, KINDS, MediaKind } from '../media/stream';
import { KurentoError } from '../rpc/errors';
import { ElementHost, MediaElement } from './mediaElement';
import { MediaObject, Params, str } from './mediaObject';
import { TYPES } from './types';
import { defineWebRtcProperties } from './webRtcProperties';

type IceState = 'DISCONNECTED' | 'GATHERING' | 'CONNECTING' | 'CONNECTED' | 'READY' | 'FAILED';
const ICE_STATES: Record<string, IceState> = {
  new: 'DISCONNECTED', checking: 'CONNECTING', connected: 'CONNECTED', completed: 'READY',
  failed: 'FAILED', disconnected: 'DISCONNECTED', closed: 'DISCONNECTED',
};

const iceCandidate = (c: { candidate: string; sdpMid?: string; sdpMLineIndex?: number }) => ({
  __module__: 'kurento', __type__: 'IceCandidate',
  candidate: c.candidate.startsWith('candidate:') ? c.candidate : `candidate:${c.candidate}`,
  sdpMid: c.sdpMid ?? '0', sdpMLineIndex: c.sdpMLineIndex ?? 0,
});

/**
 * The host name of an mDNS candidate (`<uuid>.local`, what browsers send instead of their private
 * addresses), or undefined for any other candidate. Its connection address is the 5th field.
 */
export function mdnsHostOf(candidate: string): string | undefined {
  const address = candidate.replace(/^a=/, '').trim().split(/\s+/)[4];
  return address && /\.local\.?$/i.test(address) ? address : undefined;
}

function checkSdp(sdp: string): void {
  if (!/^v=0\r?\n/.test(sdp) || !/\nm=(audio|video|application) /.test(sdp)) {
    throw new KurentoError('SDP_PARSE_ERROR', 'The SDP cannot be parsed (no v=0 or no m= line)');
  }
}

/** A WebRTC peer of the pipeline, on werift: SDP negotiation, trickle ICE, RTP in and out. */
export class WebRtcEndpoint extends MediaElement {
  private readonly peer: Peer;
  private readonly direction: Direction;
  private localSdp?: string;
  private remoteSdp?: string;
  private gathering = false;
  private gatheringDone = false;
  private readonly pendingCandidates: ReturnType<typeof iceCandidate>[] = [];
  private mediaState: 'CONNECTED' | 'DISCONNECTED' = 'DISCONNECTED';
  private connectionState: 'CONNECTED' | 'DISCONNECTED' = 'DISCONNECTED';
  private readonly mismatches = new Set<string>();

  constructor(id: string, host: ElementHost, pipeline: MediaObject, config: ServerConfig, params: Params) {
    super(id, TYPES.WebRtcEndpoint, host, pipeline);
    this.direction = params.recvonly ? 'recvonly' : params.sendonly ? 'sendonly' : 'sendrecv';
    this.peer = new Peer(config, (kind, packet, codec) => this.fromRemote(kind, packet, codec),
      (kind) => this.inputs[kind].requestKeyframe());
    for (const kind of KINDS) this.outputs[kind].upstreamKeyframe = () => this.peer.requestKeyframe(kind);
    this.watchPeer();
    defineWebRtcProperties(this, (m) => this.define(m), () => ({ media: this.mediaState, connection: this.connectionState,
      ice: this.peer.pc.iceConnectionState }));
    this.define({
      processOffer: (p) => this.processOffer(str(p, 'offer')),
      processAnswer: (p) => this.processAnswer(str(p, 'answer')),
      generateOffer: (p) => this.generateOffer((p.options ?? {}) as Params),
      getLocalSessionDescriptor: () => {
        if (!this.localSdp) throw new KurentoError('SDP_END_POINT_NO_LOCAL_SDP_ERROR', 'No local SDP');
        return this.localSdp;
      },
      getRemoteSessionDescriptor: () => {
        if (!this.remoteSdp) throw new KurentoError('SDP_END_POINT_NO_REMOTE_SDP_ERROR', 'No remote SDP');
        return this.remoteSdp;
      },
      gatherCandidates: () => this.gatherCandidates(),
      addIceCandidate: (p) => this.addIceCandidate(p.candidate as Params),
      requestKeyframe: () => { for (const kind of KINDS) this.peer.requestKeyframe(kind); },
      createDataChannel: () => { throw new KurentoError('NOT_IMPLEMENTED', 'Data channels are not implemented'); },
      closeDataChannel: () => { throw new KurentoError('NOT_IMPLEMENTED', 'Data channels are not implemented'); },
    });
  }

  /** Rejects constructor parameters this server cannot honour (before anything is created). */
  static validate(params: Params): void {
    if (params.recvonly && params.sendonly) {
      throw new KurentoError('MEDIA_OBJECT_ILLEGAL_PARAM_ERROR', 'recvonly and sendonly cannot both be true');
    }
    if (params.useDataChannels) throw new KurentoError('NOT_IMPLEMENTED', 'Data channels are not implemented');
  }

  private watchPeer(): void {
    const pc = this.peer.pc;
    pc.onIceCandidate.subscribe((candidate) => {
      if (!candidate) return this.onGatheringDone();
      if (!this.peer.allows(candidate.candidate)) return;
      const event = iceCandidate(candidate);
      if (this.gathering) this.emitEvent('IceCandidateFound', { candidate: event });
      else this.pendingCandidates.push(event);
    });
    pc.iceGatheringStateChange.subscribe((state) => { if (state === 'complete') this.onGatheringDone(); });
    pc.iceConnectionStateChange.subscribe((state) => {
      this.emitEvent('IceComponentStateChanged', { streamId: 0, componentId: 1, state: ICE_STATES[state] ?? 'DISCONNECTED' });
      if (state === 'connected' || state === 'completed') this.announcePair();
    });
    pc.connectionStateChange.subscribe((state) => {
      const next = state === 'connected' ? 'CONNECTED' : 'DISCONNECTED';
      if (state === 'connecting' || state === 'new') return;
      if (next !== this.connectionState) {
        this.emitEvent('ConnectionStateChanged', { oldState: this.connectionState, newState: next });
        this.connectionState = next;
      }
      if (next === 'DISCONNECTED') this.setMediaState('DISCONNECTED');
      // Nothing was asked for while the peer could not receive (canDeliver): ask now, past the rate limit.
      else this.inputs.video.requestKeyframe(true);
    });
  }

  /** Media sent before DTLS is connected never reaches the remote peer. */
  protected override canDeliver(): boolean {
    return this.connectionState === 'CONNECTED';
  }

  private pairAnnounced = false;
  private announcePair(): void {
    if (this.pairAnnounced) return;
    const pair = this.peer.pc.getTransceivers()[0]?.dtlsTransport?.iceTransport?.getSelectedCandidatePair();
    if (!pair) return;
    this.pairAnnounced = true;
    this.emitEvent('NewCandidatePairSelected', { candidatePair: { __module__: 'kurento', __type__: 'IceCandidatePair',
      streamId: '0', componentId: 1, localCandidate: pair.local.candidate, remoteCandidate: pair.remote.candidate } });
  }

  private onGatheringDone(): void {
    if (this.gatheringDone) return;
    this.gatheringDone = true;
    if (this.gathering) this.emitEvent('IceGatheringDone');
  }

  private setMediaState(state: 'CONNECTED' | 'DISCONNECTED'): void {
    if (state === this.mediaState) return;
    this.emitEvent('MediaStateChanged', { oldState: this.mediaState, newState: state });
    this.mediaState = state;
  }

  private fromRemote(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void {
    if (this.mediaState !== 'CONNECTED') this.setMediaState('CONNECTED');
    const output = this.outputs[kind];
    output.codec = codec;
    output.write(packet);
  }

  protected onInput(kind: MediaKind, packet: RtpPacket, codec: CodecInfo): void {
    if (this.peer.send(kind, packet, codec)) return;
    const key = `${kind}:${codec.mimeType}`;
    if (this.mismatches.has(key)) return;
    this.mismatches.add(key);
    this.emitEvent('Error', { errorCode: 40005, type: 'UNSUPPORTED_MEDIA_TYPE',
      description: `${codec.mimeType} arrives from the pipeline but was not negotiated with this peer (no transcoding)` });
  }

  private applyDirection(): void {
    for (const t of this.peer.pc.getTransceivers()) t.setDirection(this.direction);
  }

  private async processOffer(offer: string): Promise<string> {
    checkSdp(offer);
    if (this.remoteSdp) throw new KurentoError('SDP_END_POINT_ALREADY_NEGOTIATED', 'Endpoint already negotiated');
    try {
      await this.peer.pc.setRemoteDescription({ type: 'offer', sdp: offer });
      this.applyDirection();
      await this.peer.setLocalDescription(preferDtlsServer(offer, await this.peer.pc.createAnswer()));
    } catch (error) {
      throw new KurentoError('SDP_END_POINT_PROCESS_OFFER_ERROR', `Cannot process offer: ${(error as Error).message}`);
    }
    this.remoteSdp = offer;
    this.localSdp = this.peer.filterSdp(this.peer.pc.localDescription!.sdp);
    return this.localSdp;
  }

  private async generateOffer(options: Params): Promise<string> {
    if (this.localSdp) throw new KurentoError('SDP_END_POINT_ALREADY_NEGOTIATED', 'Endpoint already negotiated');
    const wants = { audio: options.offerToReceiveAudio !== false, video: options.offerToReceiveVideo !== false };
    try {
      for (const kind of KINDS) {
        const receive = wants[kind] && this.direction !== 'sendonly';
        const send = this.direction !== 'recvonly';
        if (!receive && !send) continue;
        this.peer.pc.addTransceiver(kind, { direction: receive && send ? 'sendrecv' : receive ? 'recvonly' : 'sendonly' });
      }
      await this.peer.setLocalDescription(await this.peer.pc.createOffer());
    } catch (error) {
      throw new KurentoError('SDP_END_POINT_GENERATE_OFFER_ERROR', `Cannot generate offer: ${(error as Error).message}`);
    }
    this.localSdp = this.peer.filterSdp(this.peer.pc.localDescription!.sdp);
    return this.localSdp;
  }

  private async processAnswer(answer: string): Promise<string> {
    if (!this.localSdp) throw new KurentoError('SDP_END_POINT_NOT_OFFER_GENERATED', 'No offer was generated');
    if (this.remoteSdp) throw new KurentoError('SDP_END_POINT_ALREADY_NEGOTIATED', 'Answer already processed');
    checkSdp(answer);
    try {
      await this.peer.pc.setRemoteDescription({ type: 'answer', sdp: answer });
    } catch (error) {
      throw new KurentoError('SDP_END_POINT_PROCESS_ANSWER_ERROR', `Cannot process answer: ${(error as Error).message}`);
    }
    this.remoteSdp = answer;
    return this.localSdp;
  }

  private gatherCandidates(): void {
    if (this.gathering) return;
    this.gathering = true;
    for (const candidate of this.pendingCandidates.splice(0)) this.emitEvent('IceCandidateFound', { candidate });
    if (this.gatheringDone) this.emitEvent('IceGatheringDone');
  }

  private async addIceCandidate(candidate: Params | undefined): Promise<void> {
    if (!candidate || typeof candidate.candidate !== 'string') {
      throw new KurentoError('ICE_ADD_CANDIDATE_ERROR', "Parameter 'candidate' must be an IceCandidate");
    }
    if (candidate.candidate === '') return; // end-of-candidates
    // werift would resolve the name by multicast DNS before answering, holding this request (and every
    // later one on this endpoint) up to 10 s when nothing answers. Dropped instead: the browser's checks
    // still reach our host candidates, and werift learns its address from them (peer-reflexive).
    const mdnsHost = mdnsHostOf(candidate.candidate);
    if (mdnsHost) {
      debug('%s: mDNS candidate %s dropped', this.id, mdnsHost);
      return;
    }
    try {
      await this.peer.addCandidate({ candidate: candidate.candidate,
        sdpMid: candidate.sdpMid as string | undefined, sdpMLineIndex: candidate.sdpMLineIndex as number | undefined });
    } catch (error) {
      throw new KurentoError('ICE_ADD_CANDIDATE_ERROR', `Cannot add candidate: ${(error as Error).message}`);
    }
  }

  protected override async dispose(): Promise<void> {
    await super.dispose();
    await this.peer.close();
  }
}

/**
 * Answers an `actpass`/`active` offer as DTLS server (`passive`) rather than werift's default
 * client role: werift's client waits 100 ms after ICE connects before its ClientHello, while a
 * browser acting as client sends its own at once. That is 100 ms off every viewer's first frame.
 */
function preferDtlsServer<T extends { sdp: string }>(offer: string, answer: T): T {
  if (/^a=setup:passive/m.test(offer)) return answer;
  return { ...answer, sdp: answer.sdp.replace(/^a=setup:active/gm, 'a=setup:passive') };
}
