import { MediaStreamTrack, RTCIceCandidate, RTCPeerConnection, RTCSessionDescription } from 'werift';
import { withoutImplicitStun } from '@onair/media-server';

export interface CandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
}

/**
 * A WebRTC peer in the test process (werift), standing in for a browser where only signaling and
 * ICE are under test. Its local candidates are collected (not sent) so a test can deliver them
 * in any order it wants.
 */
export class TestPeer {
  // max-bundle: one ICE transport from the start. With werift's default, the transports dropped
  // when bundling keep their UDP sockets open after close() and the test process never exits.
  readonly pc = new RTCPeerConnection({
    iceServers: [], iceUseIpv6: false, iceAdditionalHostAddresses: ['127.0.0.1'], bundlePolicy: 'max-bundle',
  });
  readonly localCandidates: CandidateInit[] = [];
  private gathered!: () => void;
  readonly gatheringDone = new Promise<void>((resolve) => { this.gathered = resolve; });

  constructor(role: 'presenter' | 'viewer') {
    const direction = role === 'presenter' ? 'sendrecv' : 'recvonly';
    if (role === 'presenter') {
      this.pc.addTransceiver(new MediaStreamTrack({ kind: 'audio' }), { direction });
      this.pc.addTransceiver(new MediaStreamTrack({ kind: 'video' }), { direction });
    } else {
      this.pc.addTransceiver('audio', { direction });
      this.pc.addTransceiver('video', { direction });
    }
    this.pc.onIceCandidate.subscribe((candidate) => {
      if (!candidate) return this.gathered();
      const json = candidate.toJSON();
      this.localCandidates.push({ candidate: json.candidate!, sdpMid: json.sdpMid ?? null, sdpMLineIndex: json.sdpMLineIndex ?? null });
    });
    this.pc.iceGatheringStateChange.subscribe((state) => { if (state === 'complete') this.gathered(); });
  }

  /** An offer without candidates in it (trickle only), so ICE depends on addIceCandidate. */
  async offer(): Promise<string> {
    const offer = await this.pc.createOffer();
    withoutImplicitStun(this.pc); // werift's default STUN lookup can hold gathering for 5 s offline
    await this.pc.setLocalDescription(offer);
    return offer.sdp.split('\r\n').filter((line) => !line.startsWith('a=candidate:') && line !== 'a=end-of-candidates').join('\r\n');
  }

  async answer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription(new RTCSessionDescription(sdp, 'answer'));
  }

  async addRemoteCandidate(candidate: CandidateInit): Promise<void> {
    await this.pc.addIceCandidate(new RTCIceCandidate({
      candidate: candidate.candidate, sdpMid: candidate.sdpMid ?? undefined, sdpMLineIndex: candidate.sdpMLineIndex ?? undefined,
    }));
  }

  /** Resolves when ICE connects; rejects after timeoutMs. */
  connected(timeoutMs = 10_000): Promise<void> {
    if (['connected', 'completed'].includes(this.pc.iceConnectionState)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`ICE not connected after ${timeoutMs} ms (state ${this.pc.iceConnectionState})`)), timeoutMs);
      this.pc.iceConnectionStateChange.subscribe((state) => {
        if (state === 'connected' || state === 'completed') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  close(): Promise<void> {
    return this.pc.close();
  }
}
