import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { Subscription, firstValueFrom } from 'rxjs';
import {
  AddIceCandidateGQL, IceServersGQL, MediaSessionEventsGQL, MediaSessionEventsSubscription,
} from '../graphql/generated';
import { LocalIceCandidate, MediaPeerEvent, MediaPeerMode, MediaPeerService } from './media-peer.service';

type ServerEvent = MediaSessionEventsSubscription['mediaSessionEvents'];

export type MediaSessionState = 'idle' | 'connecting' | 'connected' | 'ended' | 'failed';

/** The api call that hands the offer to the media server (goLive, watchLive, ...). */
export type Negotiate = (offer: string, mediaSessionId: string) => Promise<{ answer: string }>;

/**
 * The signaling of one media session (one peer connection to the media server), as the api
 * defines it:
 *  1. the browser picks the session id and subscribes to `mediaSessionEvents(id)` first;
 *  2. it asks `iceServers` and creates the peer; the candidates found before the offer goes are
 *     in it, every later one goes out at once with `addIceCandidate` (the server keeps early ones);
 *  3. `negotiate` (goLive / watchLive) returns the SDP answer;
 *  4. server candidates (which the subscription replays from the start) are held until the
 *     answer is applied, then added in `seq` order; ENDED closes everything.
 * The subscription stays open for the whole session: closing it is what ends the session on
 * the server, so `close()` (and the owner's destruction) ends it too.
 */
@Injectable()
export class MediaSessionService {
  private readonly peer = inject(MediaPeerService);
  private readonly iceServersGQL = inject(IceServersGQL);
  private readonly eventsGQL = inject(MediaSessionEventsGQL);
  private readonly addCandidateGQL = inject(AddIceCandidateGQL);

  private events: Subscription | null = null;
  private held: ServerEvent[] = [];
  private answered = false;
  private lastSeq = 0;
  private adding = Promise.resolve();
  /** Numbers each start, so work queued by an earlier session is dropped. */
  private run = 0;
  private readonly stopPeerEvents: (() => void)[] = [];

  readonly state = signal<MediaSessionState>('idle');
  readonly id = signal<string | null>(null);
  /** Why the server ended the session (e.g. "live-ended"), or a local reason. */
  readonly endedReason = signal<string | null>(null);
  readonly remoteStream = signal<MediaStream | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.close('closed'));
  }

  get peerConnection(): RTCPeerConnection | null {
    return this.peer.peerConnection;
  }

  /** Runs steps 1–4; rejects (after closing) when any of them fails. */
  async start(mode: MediaPeerMode, negotiate: Negotiate): Promise<void> {
    if (this.isRunning()) throw new Error('A media session is already running');
    const run = this.reset();
    const id = crypto.randomUUID();
    this.id.set(id);
    this.state.set('connecting');
    try {
      this.subscribe(id);
      const iceServers = await this.fetchIceServers();
      this.stopPeerEvents.push(
        this.peer.events.on(MediaPeerEvent.LocalCandidate, (c) => this.sendCandidate(id, c)),
        this.peer.events.on(MediaPeerEvent.GatheringDone, () =>
          this.sendCandidate(id, { candidate: '', sdpMid: null, sdpMLineIndex: null })),
        this.peer.events.on(MediaPeerEvent.ConnectionState, (s) => this.onConnectionState(s)),
      );
      const offer = await this.peer.open({ mode, iceServers });
      this.assertRunning();
      const { answer } = await negotiate(offer, id);
      this.assertRunning();
      await this.peer.acceptAnswer(answer);
      this.answered = true;
      this.remoteStream.set(this.peer.remoteStream());
      const held = this.held.sort((a, b) => a.seq - b.seq);
      this.held = [];
      for (const event of held) this.enqueue(event, run);
    } catch (error) {
      if (this.state() === 'connecting') this.close('failed', 'failed');
      throw error;
    }
  }

  /** Ends the session locally: unsubscribes (the server then ends it), closes the peer. */
  close(reason = 'closed', state: MediaSessionState = 'ended'): void {
    const wasOpen = this.isRunning();
    this.events?.unsubscribe();
    this.events = null;
    for (const stop of this.stopPeerEvents.splice(0)) stop();
    this.peer.close();
    this.remoteStream.set(null);
    if (wasOpen) {
      this.endedReason.set(reason);
      this.state.set(state);
    }
  }

  private subscribe(id: string): void {
    this.events = this.eventsGQL.subscribe({ variables: { mediaSessionId: id } }).subscribe({
      next: (result) => {
        const event = result.data?.mediaSessionEvents;
        if (event) this.onServerEvent(event);
      },
      error: (error: unknown) => {
        console.warn('OnAir: media session events failed', error);
        this.close('signaling-lost');
      },
      complete: () => this.close('signaling-closed'),
    });
  }

  private onServerEvent(event: ServerEvent): void {
    if (event.type === 'ENDED') {
      this.close(event.reason ?? 'ended');
      return;
    }
    if (!this.answered) this.held.push(event);
    else this.enqueue(event, this.run);
  }

  /** Adds server candidates one after the other, in the order they are enqueued. */
  private enqueue(event: ServerEvent, run: number): void {
    this.adding = this.adding.then(() => (run === this.run ? this.addServerCandidate(event) : undefined));
  }

  private isRunning(): boolean {
    return this.state() === 'connecting' || this.state() === 'connected';
  }

  /** Forgets the previous session (if any) before a new one; returns the new run's number. */
  private reset(): number {
    this.held = [];
    this.answered = false;
    this.lastSeq = 0;
    this.adding = Promise.resolve();
    this.endedReason.set(null);
    this.remoteStream.set(null);
    return ++this.run;
  }

  private async addServerCandidate(event: ServerEvent): Promise<void> {
    if (!event.candidate || event.seq <= this.lastSeq) return; // replayed twice: already added
    this.lastSeq = event.seq;
    const { candidate, sdpMid, sdpMLineIndex } = event.candidate;
    try {
      await this.peer.addRemoteCandidate({ candidate, sdpMid, sdpMLineIndex });
    } catch (error) {
      if (this.isRunning()) {
        console.warn('OnAir: a media server candidate was refused', candidate, error);
      }
    }
  }

  private sendCandidate(mediaSessionId: string, c: LocalIceCandidate): void {
    if (!this.isRunning() || this.id() !== mediaSessionId) return;
    this.addCandidateGQL.mutate({ variables: { input: { mediaSessionId, ...c } } }).subscribe({
      error: (error: unknown) => console.warn('OnAir: sending an ICE candidate failed', error),
    });
  }

  private onConnectionState(state: RTCPeerConnectionState): void {
    if (state === 'connected' && this.state() === 'connecting') this.state.set('connected');
    if (state === 'failed') this.close('connection-failed', 'failed');
  }

  private async fetchIceServers(): Promise<RTCIceServer[]> {
    const result = await firstValueFrom(this.iceServersGQL.fetch({ fetchPolicy: 'network-only' }));
    return (result.data?.iceServers ?? []).map((s) => ({
      urls: [...s.urls],
      ...(s.username != null ? { username: s.username } : {}),
      ...(s.credential != null ? { credential: s.credential } : {}),
    }));
  }

  private assertRunning(): void {
    if (this.state() !== 'connecting') throw new Error(`The media session ended (${this.endedReason() ?? 'closed'})`);
  }
}
