import { DestroyRef, Injectable, inject } from '@angular/core';
import { WebRtcPeer, type WebRtcPeerOptions } from 'kurento-utils';
import 'webrtc-adapter';
import { TypedEmitter } from './typed-emitter';

/** sendrecv: publish camera + mic and receive (the presenter's loopback); recvonly: watch. */
export type MediaPeerMode = 'sendrecv' | 'recvonly';

export interface MediaPeerOptions {
  mode: MediaPeerMode;
  /** From the api's `iceServers` query; never hard-coded. */
  iceServers: RTCIceServer[];
  /** What to capture in sendrecv mode. */
  media?: MediaStreamConstraints;
}

/** A local ICE candidate, as the `addIceCandidate` mutation takes it. */
export interface LocalIceCandidate {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
}

export enum MediaPeerEvent {
  LocalCandidate = 'localCandidate',
  GatheringDone = 'gatheringDone',
  ConnectionState = 'connectionState',
}

export interface MediaPeerEvents {
  [MediaPeerEvent.LocalCandidate]: (candidate: LocalIceCandidate) => void;
  [MediaPeerEvent.GatheringDone]: () => void;
  [MediaPeerEvent.ConnectionState]: (state: RTCPeerConnectionState) => void;
}

/**
 * How long an offer waits at most for the browser's first candidates, so that they travel in the
 * offer instead of one addIceCandidate request each. Its host addresses come together within a few
 * ms: the offer goes OFFER_QUIET_MS after the last one found (or once gathering is complete).
 * Candidates found later (STUN, TURN) still go one by one.
 */
export const OFFER_GATHERING_MS = 40;
export const OFFER_QUIET_MS = 10;

/** Camera + mic at 640x480 (the product's default). */
export const DEFAULT_CAPTURE: MediaStreamConstraints = {
  audio: true,
  video: { width: { ideal: 640 }, height: { ideal: 480 } },
};

/**
 * A browser peer connection to the media server (one at a time; it may be opened again after close), through kurento-utils' WebRtcPeer (with
 * webrtc-adapter's shims). Provide it where the connection should live (a page or room
 * component): it closes the peer, stops the camera and drops its listeners when that is destroyed.
 */
@Injectable()
export class MediaPeerService {
  readonly events = new TypedEmitter<MediaPeerEvents>();
  private peer: WebRtcPeer | null = null;
  /** Bumped by every open and close: a start that finds it changed was closed meanwhile. */
  private generation = 0;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.close();
      this.events.removeAll();
    });
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.peer?.peerConnection ?? null;
  }

  /**
   * Creates the peer (capturing camera + mic in sendrecv mode) and returns its SDP offer, with the
   * first candidates in it (firstCandidates); later ones are emitted as LocalCandidate.
   * One transport for audio and video (max-bundle): half the candidates, which the media server
   * bundles anyway.
   */
  async open(options: MediaPeerOptions): Promise<string> {
    if (this.peer) throw new Error('This media peer is already open');
    const generation = ++this.generation;
    const pc = new RTCPeerConnection({ iceServers: options.iceServers, bundlePolicy: 'max-bundle' });
    pc.addEventListener('connectionstatechange', () =>
      this.events.emit(MediaPeerEvent.ConnectionState, pc.connectionState));
    /** Candidates found before the offer goes (null once it went), and whether gathering ended meanwhile. */
    let held: LocalIceCandidate[] | null = [];
    let doneBeforeOffer = false;
    const peerOptions: WebRtcPeerOptions = {
      peerConnection: pc,
      mediaConstraints: options.mode === 'sendrecv' ? (options.media ?? DEFAULT_CAPTURE) : undefined,
      onicecandidate: (c) => {
        const candidate = { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex };
        if (held) held.push(candidate);
        else this.events.emit(MediaPeerEvent.LocalCandidate, candidate);
      },
      oncandidategatheringdone: () => {
        if (held) doneBeforeOffer = true;
        else this.events.emit(MediaPeerEvent.GatheringDone);
      },
    };
    const Peer = options.mode === 'sendrecv' ? WebRtcPeer.WebRtcPeerSendrecv : WebRtcPeer.WebRtcPeerRecvonly;
    let peer: WebRtcPeer | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        peer = this.peer = new Peer(peerOptions, (error) => (error ? reject(asError(error)) : resolve()));
      });
      if (generation !== this.generation) throw new Error('The media peer was closed while it started');
      const offer = await new Promise<string>((resolve, reject) => {
        this.peer!.generateOffer((error, sdp) => (error || !sdp ? reject(asError(error)) : resolve(sdp)));
      });
      await firstCandidates(pc);
      if (generation !== this.generation) throw new Error('The media peer was closed while it started');
      const sdp = pc.localDescription?.sdp ?? offer;
      const found = held;
      held = null;
      for (const candidate of found) if (!sdp.includes(candidate.candidate)) this.events.emit(MediaPeerEvent.LocalCandidate, candidate);
      if (doneBeforeOffer) this.events.emit(MediaPeerEvent.GatheringDone);
      return sdp;
    } catch (error) {
      if (generation === this.generation) this.close();
      // Closed while the camera was being opened: what it captured came after close() and is stopped here.
      peer?.getLocalStream()?.getTracks().forEach((track) => track.stop());
      for (const sender of pc.getSenders()) sender.track?.stop();
      pc.close();
      throw error;
    }
  }

  /** Applies the media server's SDP answer. */
  acceptAnswer(answer: string): Promise<void> {
    const peer = this.requirePeer();
    return new Promise((resolve, reject) =>
      peer.processAnswer(answer, (error) => (error ? reject(asError(error)) : resolve())));
  }

  /** Adds a media server candidate (call after acceptAnswer; kurento-utils also queues early ones). */
  addRemoteCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    const peer = this.requirePeer();
    return new Promise((resolve, reject) =>
      peer.addIceCandidate(candidate, (error) => (error ? reject(asError(error)) : resolve())));
  }

  /** What the media server sends (available once the answer is applied). */
  remoteStream(): MediaStream | null {
    return this.peer?.getRemoteStream() ?? null;
  }

  /** Closes the connection and stops the camera and microphone; idempotent. */
  close(): void {
    this.generation++;
    const peer = this.peer;
    this.peer = null;
    if (!peer) return;
    const local = peer.peerConnection.getSenders().map((s) => s.track);
    try {
      peer.dispose();
    } catch (error) {
      console.warn('OnAir: disposing the media peer failed', error);
    }
    for (const track of local) track?.stop();
    if (peer.peerConnection.signalingState !== 'closed') peer.peerConnection.close();
  }

  private requirePeer(): WebRtcPeer {
    if (!this.peer) throw new Error('The media peer is not open');
    return this.peer;
  }
}

/** Resolves once ICE gathering is complete, OFFER_QUIET_MS after the last candidate so far, or after OFFER_GATHERING_MS. */
function firstCandidates(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const done = () => {
      clearTimeout(limit);
      clearTimeout(quiet);
      pc.removeEventListener('icegatheringstatechange', onState);
      pc.removeEventListener('icecandidate', onCandidate);
      resolve();
    };
    const onState = () => { if (pc.iceGatheringState === 'complete') done(); };
    const onCandidate = () => {
      clearTimeout(quiet);
      quiet = setTimeout(done, OFFER_QUIET_MS);
    };
    const limit = setTimeout(done, OFFER_GATHERING_MS);
    pc.addEventListener('icegatheringstatechange', onState);
    pc.addEventListener('icecandidate', onCandidate);
    if (pc.localDescription?.sdp.includes('a=candidate:')) onCandidate(); // some came already
  });
}

function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error && 'name' in error) {
    return Object.assign(new Error(String((error as { message?: unknown }).message ?? error.name)), { name: String(error.name) });
  }
  return new Error(String(error ?? 'Unknown media peer error'));
}
