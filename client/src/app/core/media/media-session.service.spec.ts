import { TestBed } from '@angular/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeGraphQL } from '../../../testing/fake-graphql';
import { FakePeerConnection, installFakeWebRtc, uninstallFakeWebRtc } from '../../../testing/fake-webrtc';
import { MediaPeerService } from './media-peer.service';
import { MediaSessionService, Negotiate } from './media-session.service';

function candidate(seq: number, text = `candidate:${seq}`) {
  return {
    mediaSessionEvents: {
      __typename: 'MediaSessionEvent', type: 'ICE_CANDIDATE', seq, reason: null,
      candidate: { __typename: 'IceCandidate', candidate: text, sdpMid: '0', sdpMLineIndex: 0 },
    },
  };
}

function ended(seq: number, reason: string | null) {
  return { mediaSessionEvents: { __typename: 'MediaSessionEvent', type: 'ENDED', seq, reason, candidate: null } };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe('MediaSessionService (real peer and Apollo; fake api and RTCPeerConnection)', () => {
  let api: FakeGraphQL;
  let session: MediaSessionService;
  let peer: MediaPeerService;

  beforeEach(() => {
    installFakeWebRtc();
    api = new FakeGraphQL();
    TestBed.configureTestingModule({ providers: [...api.providers(), MediaPeerService, MediaSessionService] });
    session = TestBed.inject(MediaSessionService);
    peer = TestBed.inject(MediaPeerService);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    uninstallFakeWebRtc();
    vi.restoreAllMocks();
  });

  /** Starts a session and answers iceServers; resolves once the offer has been handed to `negotiate`. */
  async function startToNegotiation(iceServers: unknown[] = []) {
    const negotiation = deferred<{ answer: string }>();
    const offers: { offer: string; id: string }[] = [];
    const negotiate: Negotiate = (offer, id) => {
      offers.push({ offer, id });
      return negotiation.promise;
    };
    const started = session.start('recvonly', negotiate);
    started.catch(() => undefined); // each test awaits or checks it
    const events = api.take('MediaSessionEvents');
    api.take('IceServers').reply({ iceServers });
    await vi.waitFor(() => expect(offers).toHaveLength(1));
    return { started, events, negotiation, offers, pc: FakePeerConnection.last() };
  }

  async function startAnswered() {
    const run = await startToNegotiation();
    run.negotiation.resolve({ answer: 'fake-answer' });
    await run.started;
    return run;
  }

  it('picks a session id and subscribes to its events before asking for ICE servers', async () => {
    const started = session.start('recvonly', () => new Promise(() => undefined));
    started.catch(() => undefined);
    expect(session.state()).toBe('connecting');
    const id = session.id();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await vi.waitFor(() => expect(api.sent('IceServers')).toHaveLength(1));
    expect(api.sent('MediaSessionEvents').map((op) => op.variables)).toEqual([{ mediaSessionId: id }]);
    expect(api.sent('IceServers')).toHaveLength(1);
    const order = [api.sent('MediaSessionEvents')[0], api.sent('IceServers')[0]];
    expect(order.map((op) => op.name)).toEqual(['MediaSessionEvents', 'IceServers']);
  });

  it('gives the peer connection the api\'s ICE servers and hands the offer, with the session id, to negotiate', async () => {
    const { offers, pc } = await startToNegotiation([
      { __typename: 'IceServer', urls: ['stun:127.0.0.1:3478'], username: null, credential: null },
      { __typename: 'IceServer', urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' },
    ]);
    expect(pc.config.iceServers).toEqual([
      { urls: ['stun:127.0.0.1:3478'] },
      { urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' },
    ]);
    expect(offers).toEqual([{ offer: 'fake-offer audio:recvonly video:recvonly', id: session.id() }]);
  });

  it('sends each local candidate at once (before the answer), and an empty one when gathering is done', async () => {
    const { pc } = await startToNegotiation();
    pc.gather({ candidate: 'candidate:local-1', sdpMid: '0', sdpMLineIndex: 0 });
    pc.gather(null);
    await vi.waitFor(() => expect(api.sent('AddIceCandidate')).toHaveLength(2));
    const id = session.id();
    expect(api.sent('AddIceCandidate').map((op) => op.variables)).toEqual([
      { input: { mediaSessionId: id, candidate: 'candidate:local-1', sdpMid: '0', sdpMLineIndex: 0 } },
      { input: { mediaSessionId: id, candidate: '', sdpMid: null, sdpMLineIndex: null } },
    ]);
    for (const op of api.sent('AddIceCandidate')) op.reply({ addIceCandidate: true });
  });

  it('holds server candidates until the answer is applied, then adds them in seq order', async () => {
    const accept = vi.spyOn(peer, 'acceptAnswer');
    const add = vi.spyOn(peer, 'addRemoteCandidate');
    const { events, negotiation, pc } = await startToNegotiation();
    events.next(candidate(3));
    events.next(candidate(1));
    events.next(candidate(2));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(add).not.toHaveBeenCalled();

    negotiation.resolve({ answer: 'fake-answer' });
    await vi.waitFor(() => expect(pc.remoteCandidates).toHaveLength(3));
    expect(pc.remoteDescription?.sdp).toBe('fake-answer');
    expect(pc.remoteCandidates).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
    expect(accept.mock.invocationCallOrder[0]).toBeLessThan(add.mock.invocationCallOrder[0]);
  });

  it('after the answer, adds candidates as they come, once each (the subscription may replay them)', async () => {
    const { events, pc } = await startAnswered();
    events.next(candidate(1));
    events.next(candidate(2));
    events.next(candidate(2));
    events.next(candidate(1));
    events.next(candidate(3));
    await vi.waitFor(() => expect(pc.remoteCandidates).toContain('candidate:3'));
    expect(pc.remoteCandidates).toEqual(['candidate:1', 'candidate:2', 'candidate:3']);
  });

  it('a candidate the browser refuses does not stop the others', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { events, pc } = await startAnswered();
    pc.refuseCandidate = (c) => c === 'candidate:1';
    events.next(candidate(1));
    events.next(candidate(2));
    await vi.waitFor(() => expect(pc.remoteCandidates).toEqual(['candidate:2']));
    expect(warn).toHaveBeenCalledWith('OnAir: a media server candidate was refused', 'candidate:1', expect.any(Error));
    expect(session.state()).toBe('connecting');
  });

  it('is connected when the peer connects, and failed when the connection fails', async () => {
    const { events, pc } = await startAnswered();
    pc.setConnectionState('connected');
    expect(session.state()).toBe('connected');
    pc.setConnectionState('failed');
    expect(session.state()).toBe('failed');
    expect(session.endedReason()).toBe('connection-failed');
    expect(pc.signalingState).toBe('closed');
    await vi.waitFor(() => expect(events.closed).toBe(true));
  });

  it('ENDED closes everything: the server\'s reason, the peer, the subscription; later signals are ignored', async () => {
    const { events, pc } = await startAnswered();
    pc.setConnectionState('connected');
    expect(session.remoteStream()).not.toBeNull();
    events.next(ended(5, 'live-ended'));
    await vi.waitFor(() => expect(session.state()).toBe('ended'));
    expect(session.endedReason()).toBe('live-ended');
    expect(session.remoteStream()).toBeNull();
    expect(pc.signalingState).toBe('closed');
    expect(events.closed).toBe(true);
    expect(session.peerConnection).toBeNull();
    pc.gather({ candidate: 'candidate:too-late', sdpMid: '0', sdpMLineIndex: 0 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(api.sent('AddIceCandidate')).toEqual([]);
  });

  it('ENDED without a reason ends with "ended"', async () => {
    const { events } = await startAnswered();
    events.next(ended(1, null));
    await vi.waitFor(() => expect(session.state()).toBe('ended'));
    expect(session.endedReason()).toBe('ended');
  });

  it('ENDED while negotiating: start rejects, the answer is never applied, the held candidates are dropped', async () => {
    const accept = vi.spyOn(peer, 'acceptAnswer');
    const { started, events, negotiation, pc } = await startToNegotiation();
    events.next(candidate(1));
    events.next(ended(2, 'live-ended'));
    await vi.waitFor(() => expect(session.state()).toBe('ended'));
    negotiation.resolve({ answer: 'fake-answer' });
    await expect(started).rejects.toThrow('The media session ended (live-ended)');
    expect(accept).not.toHaveBeenCalled();
    expect(pc.remoteCandidates).toEqual([]);
    expect(session.state()).toBe('ended');
    expect(session.endedReason()).toBe('live-ended');
  });

  it('a failed negotiation fails the session and releases the peer and the subscription', async () => {
    const { started, events, negotiation, pc } = await startToNegotiation();
    negotiation.reject(new Error('LIVE_ENDED'));
    await expect(started).rejects.toThrow('LIVE_ENDED');
    expect(session.state()).toBe('failed');
    expect(session.endedReason()).toBe('failed');
    expect(pc.signalingState).toBe('closed');
    await vi.waitFor(() => expect(events.closed).toBe(true));
  });

  it('the server closing the signaling subscription ends the session', async () => {
    const { events, pc } = await startAnswered();
    events.complete();
    await vi.waitFor(() => expect(session.state()).toBe('ended'));
    expect(session.endedReason()).toBe('signaling-closed');
    expect(pc.signalingState).toBe('closed');
  });

  it('a transport error on the subscription ends the session too', async () => {
    // Apollo Client 4 hands a link error to the subscriber as a result ({ error }) and then
    // completes, so this ends through the "closed" path rather than the service's error handler.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { events, pc } = await startAnswered();
    events.error(new Error('socket closed'));
    await vi.waitFor(() => expect(session.state()).toBe('ended'));
    expect(['signaling-lost', 'signaling-closed']).toContain(session.endedReason());
    expect(pc.signalingState).toBe('closed');
  });

  it('runs one session at a time; close() ends it (unsubscribing) and a new start is a new session', async () => {
    const first = await startAnswered();
    await expect(session.start('recvonly', async () => ({ answer: 'x' }))).rejects.toThrow('already running');
    const firstId = session.id();
    session.close();
    expect(session.state()).toBe('ended');
    expect(session.endedReason()).toBe('closed');
    await vi.waitFor(() => expect(first.events.closed).toBe(true));

    const second = await startToNegotiation();
    expect(session.id()).not.toBe(firstId);
    expect(second.pc).not.toBe(first.pc);
    second.negotiation.resolve({ answer: 'second-answer' });
    await second.started;
    // The new session's candidates count from 1 again.
    second.events.next(candidate(1, 'candidate:second-1'));
    await vi.waitFor(() => expect(second.pc.remoteCandidates).toEqual(['candidate:second-1']));
    expect(first.pc.remoteCandidates).toEqual([]);
  });

  it('ends with its owner', async () => {
    const { events, pc } = await startAnswered();
    TestBed.resetTestingModule();
    expect(pc.signalingState).toBe('closed');
    await vi.waitFor(() => expect(events.closed).toBe(true));
  });
});
