import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { PublishCallMediaGQL, ViewCallMediaGQL } from '../../../core/graphql/generated';
import { ConnectionQuality, watchConnectionQuality } from '../../../core/media/connection-quality';
import { MediaSessionService, Negotiate } from '../../../core/media/media-session.service';
import { replaceCapturedTrack } from '../../../shared/media/capture/replace-captured-track';

/** publish: this party's camera + mic, looped back by the media server; view: the other party's stream. */
export type CallMediaRole = 'publish' | 'view';

/**
 * One media session of a call, through the media server: `publish` sends the camera (send +
 * receive offer: what comes back is the loopback) and `view` receives the other party's stream
 * (receive-only; it starts when they publish). Provided, with its own MediaSessionService and
 * MediaPeerService, by the component that shows it: its destruction closes the session, which on
 * the server ends the call.
 */
@Injectable()
export class CallMediaLink {
  private readonly session = inject(MediaSessionService);
  private readonly publishGQL = inject(PublishCallMediaGQL);
  private readonly viewGQL = inject(ViewCallMediaGQL);
  private stopQuality: (() => void) | null = null;
  /** Device switches, one after the other. */
  private switching: Promise<unknown> = Promise.resolve();

  readonly state = this.session.state;
  readonly endedReason = this.session.endedReason;
  /** publish: the loopback; view: the other party's stream. */
  readonly stream = this.session.remoteStream;
  readonly quality = signal<ConnectionQuality | null>(null);
  readonly running = computed(() => this.state() === 'connecting' || this.state() === 'connected');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stopQuality?.());
  }

  async start(callId: string, role: CallMediaRole): Promise<void> {
    this.quality.set(null);
    await this.session.start(role === 'publish' ? 'sendrecv' : 'recvonly', role === 'publish'
      ? this.negotiate(async (input) => (await firstValueFrom(this.publishGQL.mutate({ variables: { callId, input } }))).data?.publishCallMedia)
      : this.negotiate(async (input) => (await firstValueFrom(this.viewGQL.mutate({ variables: { callId, input } }))).data?.viewCallMedia));
    this.watchQuality(role);
  }

  /** Turns the captured microphone or camera on or off (off: silence or black frames are sent). */
  setCaptureEnabled(kind: 'audio' | 'video', enabled: boolean): void {
    for (const sender of this.session.peerConnection?.getSenders() ?? []) {
      if (sender.track?.kind === kind) sender.track.enabled = enabled;
    }
  }

  /** The microphone or camera track this party sends (publish), if any. */
  capturedTrack(kind: 'audio' | 'video'): MediaStreamTrack | null {
    return this.session.peerConnection?.getSenders().find((s) => s.track?.kind === kind)?.track ?? null;
  }

  /**
   * Sends another microphone or camera (publish) without interrupting the call: see replaceCapturedTrack.
   * The loopback, and so the self view, shows it as soon as the media server gets it. Rejects (the
   * previous device goes on) when the new one cannot start.
   */
  replaceCapture(kind: 'audio' | 'video', constraints: MediaTrackConstraints): Promise<MediaStreamTrack> {
    const run = this.switching.then(() => {
      const pc = this.session.peerConnection;
      if (!pc || !this.running()) throw new Error('This call sends no media');
      return replaceCapturedTrack(pc, kind, constraints);
    });
    this.switching = run.catch(() => undefined);
    return run;
  }

  end(reason: string): void {
    this.stopQuality?.();
    this.stopQuality = null;
    this.session.close(reason);
  }

  private negotiate(send: (input: { offer: string; mediaSessionId: string }) => Promise<{ answer: string } | undefined>): Negotiate {
    return async (offer, mediaSessionId) => {
      const payload = await send({ offer, mediaSessionId });
      if (!payload) throw new Error('The server sent an empty answer');
      return payload;
    };
  }

  private watchQuality(role: CallMediaRole): void {
    const pc = this.session.peerConnection;
    if (!pc) return;
    this.stopQuality?.();
    const stop = watchConnectionQuality(pc, (q) => {
      if (this.running()) this.quality.set(q);
      else stop();
    }, { direction: role === 'publish' ? 'send' : 'receive' });
    this.stopQuality = stop;
  }
}
