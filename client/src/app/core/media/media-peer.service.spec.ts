import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakePeerConnection, FakeWebRtc, installFakeWebRtc, uninstallFakeWebRtc } from '../../../testing/fake-webrtc';
import { mediaErrorCode } from './media-error';
import { DEFAULT_CAPTURE, LocalIceCandidate, MediaPeerEvent, MediaPeerService, OFFER_GATHERING_MS, OFFER_QUIET_MS } from './media-peer.service';

const ICE: RTCIceServer[] = [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' }];

describe('MediaPeerService (kurento-utils over a fake RTCPeerConnection)', () => {
  let webrtc: FakeWebRtc;
  let peer: MediaPeerService;

  beforeEach(() => {
    webrtc = installFakeWebRtc();
    TestBed.configureTestingModule({ providers: [MediaPeerService] });
    peer = TestBed.inject(MediaPeerService);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    uninstallFakeWebRtc();
  });

  it('recvonly: uses only the api\'s ICE servers, asks to receive audio and video, captures nothing', async () => {
    const offer = await peer.open({ mode: 'recvonly', iceServers: ICE });
    const pc = FakePeerConnection.last();
    expect(pc.config).toEqual({ iceServers: ICE, bundlePolicy: 'max-bundle' });
    expect(pc.transceivers).toEqual([{ kind: 'audio', direction: 'recvonly' }, { kind: 'video', direction: 'recvonly' }]);
    expect(offer).toBe('fake-offer audio:recvonly video:recvonly');
    expect(pc.localDescription?.sdp).toBe(offer);
    expect(webrtc.captures).toEqual([]);
    expect(peer.peerConnection).toBe(pc);
  });

  it('sendrecv: captures the camera and microphone (640x480 by default) and offers them', async () => {
    const offer = await peer.open({ mode: 'sendrecv', iceServers: [] });
    expect(webrtc.captures).toEqual([DEFAULT_CAPTURE]);
    expect(FakePeerConnection.last().senders.map((s) => s.track)).toEqual(webrtc.capturedTracks);
    expect(offer).toBe('fake-offer audio:send video:send');
  });

  it('sendrecv with chosen devices captures what it is asked for', async () => {
    const media: MediaStreamConstraints = { audio: { deviceId: 'mic-2' }, video: { deviceId: 'cam-2' } };
    await peer.open({ mode: 'sendrecv', iceServers: [], media });
    expect(webrtc.captures).toEqual([media]);
  });

  it('a refused camera rejects with the browser\'s error name (shown as CAMERA_UNAVAILABLE) and leaves the peer closed', async () => {
    webrtc.captureError = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const failure = await peer.open({ mode: 'sendrecv', iceServers: [] }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('NotAllowedError');
    expect(mediaErrorCode(failure)).toBe('CAMERA_UNAVAILABLE');
    expect(FakePeerConnection.last().signalingState).toBe('closed');
    expect(peer.peerConnection).toBeNull();
    // It can be opened again once the user allows the camera.
    webrtc.captureError = null;
    await expect(peer.open({ mode: 'sendrecv', iceServers: [] })).resolves.toContain('video:send');
  });

  it('emits each local candidate as the addIceCandidate mutation takes it, then gathering done once', async () => {
    const found: LocalIceCandidate[] = [];
    let done = 0;
    peer.events.on(MediaPeerEvent.LocalCandidate, (c) => found.push(c));
    peer.events.on(MediaPeerEvent.GatheringDone, () => done++);
    await peer.open({ mode: 'recvonly', iceServers: [] });
    const pc = FakePeerConnection.last();
    pc.gather({ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
    pc.gather({ candidate: 'candidate:2 1 udp 1 127.0.0.1 50001 typ host', sdpMid: '1', sdpMLineIndex: 1 });
    pc.gather(null);
    pc.gather(null);
    expect(found).toEqual([
      { candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 },
      { candidate: 'candidate:2 1 udp 1 127.0.0.1 50001 typ host', sdpMid: '1', sdpMLineIndex: 1 },
    ]);
    expect(done).toBe(1);
  });

  it('puts the candidates found before the offer goes in the offer, emits only later ones, and gathering done once', async () => {
    const found: LocalIceCandidate[] = [];
    let done = 0;
    peer.events.on(MediaPeerEvent.LocalCandidate, (c) => found.push(c));
    peer.events.on(MediaPeerEvent.GatheringDone, () => done++);
    FakePeerConnection.onLocalOffer = (pc) => queueMicrotask(() => {
      pc.gather({ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
      pc.gather({ candidate: 'candidate:2 1 tcp 1 127.0.0.1 9 typ host tcptype active', sdpMid: '0', sdpMLineIndex: 0 });
    });
    const started = performance.now();
    const offer = await peer.open({ mode: 'recvonly', iceServers: [] });
    expect(offer).toBe('fake-offer audio:recvonly video:recvonly\r\na=candidate:1 1 udp 1 127.0.0.1 50000 typ host'
      + '\r\na=candidate:2 1 tcp 1 127.0.0.1 9 typ host tcptype active');
    // Gathering went on: it waited OFFER_QUIET_MS after the last candidate, not the whole OFFER_GATHERING_MS.
    expect(performance.now() - started).toBeGreaterThanOrEqual(OFFER_QUIET_MS - 2);
    expect(performance.now() - started).toBeLessThan(OFFER_GATHERING_MS - 5);
    expect(found).toEqual([]);
    const pc = FakePeerConnection.last();
    pc.gather({ candidate: 'candidate:3 1 udp 1 203.0.113.7 40000 typ srflx', sdpMid: '0', sdpMLineIndex: 0 });
    pc.gather(null);
    expect(found).toEqual([{ candidate: 'candidate:3 1 udp 1 203.0.113.7 40000 typ srflx', sdpMid: '0', sdpMLineIndex: 0 }]);
    expect(done).toBe(1);
  });

  it('waits OFFER_GATHERING_MS at most for a first candidate; one found later goes on its own', async () => {
    const found: LocalIceCandidate[] = [];
    peer.events.on(MediaPeerEvent.LocalCandidate, (c) => found.push(c));
    const started = performance.now();
    const offer = await peer.open({ mode: 'recvonly', iceServers: [] });
    expect(performance.now() - started).toBeGreaterThanOrEqual(OFFER_GATHERING_MS - 5);
    expect(offer).toBe('fake-offer audio:recvonly video:recvonly');
    FakePeerConnection.last().gather({ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
    expect(found).toEqual([{ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 }]);
  });

  it('sends the offer as soon as gathering is complete, without waiting out OFFER_GATHERING_MS', async () => {
    let done = 0;
    peer.events.on(MediaPeerEvent.GatheringDone, () => done++);
    FakePeerConnection.onLocalOffer = (pc) => queueMicrotask(() => {
      pc.gather({ candidate: 'candidate:1 1 udp 1 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0 });
      pc.gather(null);
    });
    const started = performance.now();
    const offer = await peer.open({ mode: 'recvonly', iceServers: [] });
    expect(performance.now() - started).toBeLessThan(OFFER_GATHERING_MS - 5);
    expect(offer).toContain('a=candidate:1 1 udp 1 127.0.0.1 50000 typ host');
    expect(done).toBe(1);
  });

  it('reports the connection state', async () => {
    const states: RTCPeerConnectionState[] = [];
    peer.events.on(MediaPeerEvent.ConnectionState, (s) => states.push(s));
    await peer.open({ mode: 'recvonly', iceServers: [] });
    FakePeerConnection.last().setConnectionState('connecting');
    FakePeerConnection.last().setConnectionState('connected');
    expect(states).toEqual(['connecting', 'connected']);
  });

  it('applies the answer, then adds remote candidates; the remote stream carries what is received', async () => {
    await peer.open({ mode: 'recvonly', iceServers: [] });
    const pc = FakePeerConnection.last();
    await peer.acceptAnswer('fake-answer');
    expect(pc.remoteDescription).toEqual({ type: 'answer', sdp: 'fake-answer' });
    await peer.addRemoteCandidate({ candidate: 'candidate:9', sdpMid: '0', sdpMLineIndex: 0 });
    expect(pc.remoteCandidates).toEqual(['candidate:9']);
    expect(peer.remoteStream()?.getTracks()).toEqual(pc.receivers.map((r) => r.track));
  });

  it('rejects a refused answer or candidate', async () => {
    await peer.open({ mode: 'recvonly', iceServers: [] });
    const pc = FakePeerConnection.last();
    pc.answerError = new Error('bad answer');
    await expect(peer.acceptAnswer('nonsense')).rejects.toThrow('bad answer');
    pc.answerError = null;
    await peer.acceptAnswer('fake-answer');
    pc.refuseCandidate = () => true;
    await expect(peer.addRemoteCandidate({ candidate: 'candidate:bad', sdpMid: '0', sdpMLineIndex: 0 })).rejects.toThrow('refused');
  });

  it('opens one connection at a time', async () => {
    await peer.open({ mode: 'recvonly', iceServers: [] });
    await expect(peer.open({ mode: 'recvonly', iceServers: [] })).rejects.toThrow('already open');
    expect(FakePeerConnection.instances).toHaveLength(1);
  });

  it('close stops the camera and microphone and closes the connection; it is idempotent and the peer opens again', async () => {
    await peer.open({ mode: 'sendrecv', iceServers: [] });
    const pc = FakePeerConnection.last();
    peer.close();
    peer.close();
    expect(webrtc.capturedTracks.every((t) => t.stopped)).toBe(true);
    expect(pc.signalingState).toBe('closed');
    expect(peer.peerConnection).toBeNull();
    expect(peer.remoteStream()).toBeNull();
    expect(() => peer.acceptAnswer('late')).toThrow('not open');
    await peer.open({ mode: 'recvonly', iceServers: [] });
    expect(FakePeerConnection.instances).toHaveLength(2);
  });

  it('a close while the peer starts makes the start fail', async () => {
    const opening = peer.open({ mode: 'recvonly', iceServers: [] });
    peer.close();
    await expect(opening).rejects.toThrow();
    expect(FakePeerConnection.last().signalingState).toBe('closed');
    expect(peer.peerConnection).toBeNull();
  });

  it('a close while the camera is being opened stops what it captures (the camera does not stay on)', async () => {
    const opening = peer.open({ mode: 'sendrecv', iceServers: [] });
    peer.close();
    await expect(opening).rejects.toThrow();
    expect(webrtc.capturedTracks.length).toBeGreaterThan(0);
    expect(webrtc.capturedTracks.every((t) => t.stopped)).toBe(true);
    expect(FakePeerConnection.last().signalingState).toBe('closed');
  });

  it('is closed, and stops emitting, when its owner is destroyed', async () => {
    const found: LocalIceCandidate[] = [];
    peer.events.on(MediaPeerEvent.LocalCandidate, (c) => found.push(c));
    await peer.open({ mode: 'sendrecv', iceServers: [] });
    const pc = FakePeerConnection.last();
    TestBed.resetTestingModule();
    expect(pc.signalingState).toBe('closed');
    expect(webrtc.capturedTracks.every((t) => t.stopped)).toBe(true);
    pc.gather({ candidate: 'candidate:late', sdpMid: '0', sdpMLineIndex: 0 });
    expect(found).toEqual([]);
  });
});
