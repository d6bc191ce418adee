import { vi } from 'vitest';

/**
 * The browser's WebRTC objects, faked for jsdom (which has none): kurento-utils and the app's
 * media services run unchanged on top. A test drives the network side (ICE candidates found,
 * connection state) and reads what the code did (descriptions set, remote candidates added in
 * which order, tracks stopped, connection closed).
 */
let nextId = 0;

export class FakeTrack {
  readonly id = `track-${++nextId}`;
  enabled = true;
  stopped = false;
  constructor(readonly kind: 'audio' | 'video') {}
  stop(): void {
    this.stopped = true;
  }
}

export class FakeMediaStream {
  readonly id = `stream-${++nextId}`;
  private readonly tracks: FakeTrack[];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks = [...tracks];
  }
  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((t) => t.kind === 'video');
  }
  addTrack(track: FakeTrack): void {
    this.tracks.push(track);
  }
}

export class FakeIceCandidate {
  readonly candidate: string;
  readonly sdpMid: string | null;
  readonly sdpMLineIndex: number | null;
  constructor(init: RTCIceCandidateInit) {
    this.candidate = init.candidate ?? '';
    this.sdpMid = init.sdpMid ?? null;
    this.sdpMLineIndex = init.sdpMLineIndex ?? null;
  }
}

export class FakeSessionDescription {
  readonly type: RTCSdpType;
  readonly sdp: string;
  constructor(init: RTCSessionDescriptionInit) {
    this.type = init.type;
    this.sdp = init.sdp ?? '';
  }
}

type Callback = (error?: unknown) => void;

export class FakePeerConnection extends EventTarget {
  static instances: FakePeerConnection[] = [];

  /** Set by a test: runs right after a local offer is set (e.g. to gather candidates before it is sent). */
  static onLocalOffer: ((pc: FakePeerConnection) => void) | null = null;

  signalingState: RTCSignalingState = 'stable';
  connectionState: RTCPeerConnectionState = 'new';
  iceGatheringState: RTCIceGatheringState = 'new';
  localDescription: FakeSessionDescription | null = null;
  remoteDescription: FakeSessionDescription | null = null;
  readonly transceivers: { kind: string; direction: RTCRtpTransceiverDirection }[] = [];
  readonly senders: { track: FakeTrack }[] = [];
  readonly receivers: { track: FakeTrack }[] = [new FakeTrack('audio'), new FakeTrack('video')].map((track) => ({ track }));
  /** Remote candidates applied, in order. */
  readonly remoteCandidates: string[] = [];
  /** Set by a test: the next setRemoteDescription rejects with it. */
  answerError: Error | null = null;
  /** Set by a test: candidates for which addIceCandidate fails. */
  refuseCandidate: (candidate: string) => boolean = () => false;

  constructor(readonly config: RTCConfiguration) {
    super();
    FakePeerConnection.instances.push(this);
  }

  static last(): FakePeerConnection {
    const pc = FakePeerConnection.instances.at(-1);
    if (!pc) throw new Error('No RTCPeerConnection was created');
    return pc;
  }

  addTransceiver(kind: string, init: RTCRtpTransceiverInit): void {
    this.transceivers.push({ kind, direction: init.direction ?? 'sendrecv' });
  }

  addTrack(track: FakeTrack): void {
    this.senders.push({ track });
  }

  getSenders() {
    return this.senders;
  }

  getReceivers() {
    return this.receivers;
  }

  getTransceivers() {
    return this.transceivers;
  }

  async createOffer(): Promise<RTCSessionDescriptionInit> {
    const media = [...this.transceivers.map((t) => `${t.kind}:${t.direction}`), ...this.senders.map((s) => `${s.track.kind}:send`)];
    return { type: 'offer', sdp: `fake-offer ${media.join(' ')}` };
  }

  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = new FakeSessionDescription(description);
    this.setSignalingState(description.type === 'offer' ? 'have-local-offer' : 'stable');
    this.iceGatheringState = 'gathering';
    if (description.type === 'offer') FakePeerConnection.onLocalOffer?.(this);
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    if (this.answerError) throw this.answerError;
    this.remoteDescription = new FakeSessionDescription(description);
    this.setSignalingState(description.type === 'answer' ? 'stable' : 'have-remote-offer');
  }

  /** kurento-utils uses the legacy form: (candidate, onSuccess, onFailure). */
  addIceCandidate(candidate: FakeIceCandidate, onSuccess: Callback, onFailure: Callback): void {
    queueMicrotask(() => {
      if (this.refuseCandidate(candidate.candidate)) {
        onFailure(new Error(`refused ${candidate.candidate}`));
        return;
      }
      this.remoteCandidates.push(candidate.candidate);
      onSuccess();
    });
  }

  close(): void {
    this.signalingState = 'closed';
    this.connectionState = 'closed';
  }

  /** The browser found a local candidate, which the local description lists from then on (`null`: gathering is done). */
  gather(candidate: RTCIceCandidateInit | null): void {
    const local = this.localDescription;
    if (candidate && local) this.localDescription = new FakeSessionDescription({ type: local.type, sdp: `${local.sdp}\r\na=${candidate.candidate}` });
    if (!candidate && this.iceGatheringState !== 'complete') {
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    }
    this.dispatchEvent(Object.assign(new Event('icecandidate'), { candidate: candidate && new FakeIceCandidate(candidate) }));
  }

  setConnectionState(state: RTCPeerConnectionState): void {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }

  private setSignalingState(state: RTCSignalingState): void {
    this.signalingState = state;
    this.dispatchEvent(new Event('signalingstatechange'));
  }
}

export interface FakeWebRtc {
  /** What getUserMedia was asked for, in order. */
  readonly captures: MediaStreamConstraints[];
  /** The tracks getUserMedia handed out. */
  readonly capturedTracks: FakeTrack[];
  /** Set by a test: getUserMedia rejects with it. */
  captureError: Error | null;
}

/** Installs the fakes on the global object (and navigator.mediaDevices); undo with `vi.unstubAllGlobals()`. */
export function installFakeWebRtc(): FakeWebRtc {
  FakePeerConnection.instances = [];
  FakePeerConnection.onLocalOffer = null;
  const fake: FakeWebRtc = { captures: [], capturedTracks: [], captureError: null };
  vi.stubGlobal('RTCPeerConnection', FakePeerConnection);
  vi.stubGlobal('RTCIceCandidate', FakeIceCandidate);
  vi.stubGlobal('RTCSessionDescription', FakeSessionDescription);
  vi.stubGlobal('MediaStream', FakeMediaStream);
  const mediaDevices = {
    getUserMedia: async (constraints: MediaStreamConstraints) => {
      fake.captures.push(constraints);
      if (fake.captureError) throw fake.captureError;
      const tracks = [new FakeTrack('audio'), new FakeTrack('video')];
      fake.capturedTracks.push(...tracks);
      return new FakeMediaStream(tracks);
    },
  };
  Object.defineProperty(navigator, 'mediaDevices', { configurable: true, get: () => mediaDevices });
  return fake;
}

export function uninstallFakeWebRtc(): void {
  vi.unstubAllGlobals();
  delete (navigator as { mediaDevices?: unknown }).mediaDevices;
}
