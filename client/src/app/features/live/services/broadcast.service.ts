import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { filter, firstValueFrom, of, timeout } from 'rxjs';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import {
  GoLiveGQL, LiveSummaryFragment, ResumeLiveGQL, SetLivePosterGQL, StopLiveGQL,
} from '../../../core/graphql/generated';
import { ConnectionQuality, watchConnectionQuality } from '../../../core/media/connection-quality';
import { mediaErrorCode } from '../../../core/media/media-error';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { stillFrame } from '../../../core/media/still-frame';

/** How long after going live the poster is taken (the looped-back picture has settled by then). */
const POSTER_AFTER_MS = 3000;
/**
 * Waits before each resume attempt: a few tries spread over the api's grace period (20 s by
 * default), so a presenter who drops out is back before the live ends, without hammering it.
 */
const RESUME_DELAYS_MS = [0, 1000, 2000, 4000, 6000];
/** How long an attempt waits for the realtime connection (the media session's signaling) to be up. */
const ONLINE_WAIT_MS = 10_000;
/** Failures another attempt cannot fix. */
const FINAL_ERRORS: readonly ApiErrorCode[] = ['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED', 'CAMERA_UNAVAILABLE', 'BAD_USER_INPUT'];

/**
 * Where this window's broadcast is:
 * - `idle`: nothing presented here; `starting`: going live (goLive);
 * - `live`: publishing (the media session connects or is connected);
 * - `reconnecting`: publishing again into the running live (resumeLive) — after a reload, a dropped
 *   connection or a media session the server ended — with a few retries;
 * - `replaced`: another tab resumed the live and presents it now (this one does not fight back);
 * - `failed`: resuming gave up (`error` says why; `resume` tries again);
 * - `ended`: the live is over.
 */
export type BroadcastPhase = 'idle' | 'starting' | 'live' | 'reconnecting' | 'replaced' | 'failed' | 'ended';

/** Media session end reasons that are not a connection lost: the live ended, or another tab took it over. */
const LIVE_OVER = 'live-ended';
const TAKEN_OVER = 'replaced';

/**
 * The presenter's live: camera + mic published and looped back by the media server (what the
 * presenter sees is the stream as the server returns it), with its connection quality.
 * Provided by the live section's shell with its own media session, so it survives the move
 * from /live/new to /live/:id. When the media session goes without the live ending (the page was
 * reloaded, the connection dropped), the live waits for its presenter: `resume` publishes into it
 * again, and a session the server ends for any reason but the live's end or another tab's takeover
 * is resumed automatically. Leaving the section closes the session (the live then waits the grace
 * period for a resume, and ends).
 */
@Injectable()
export class BroadcastService {
  private readonly session = inject(MediaSessionService);
  private readonly realtime = inject(RealtimeService);
  private readonly goLiveGQL = inject(GoLiveGQL);
  private readonly resumeLiveGQL = inject(ResumeLiveGQL);
  private readonly stopLiveGQL = inject(StopLiveGQL);
  private readonly setPosterGQL = inject(SetLivePosterGQL);
  private readonly realtimeState$ = toObservable(this.realtime.state);
  private stopQuality: (() => void) | null = null;
  private posterTimer: ReturnType<typeof setTimeout> | null = null;
  /** Numbers each resume run; a run that finds it changed was cancelled (Stop, end, another run). */
  private resumeRun = 0;
  private destroyed = false;

  readonly phase = signal<BroadcastPhase>('idle');
  /** The live this window presents (known before its summary while resuming). */
  readonly liveId = signal<string | null>(null);
  readonly live = signal<LiveSummaryFragment | null>(null);
  /** Why resuming gave up (`failed`). */
  readonly error = signal<ApiErrorCode | null>(null);
  readonly state = this.session.state;
  readonly endedReason = this.session.endedReason;
  readonly stream = this.session.remoteStream;
  readonly quality = signal<ConnectionQuality | null>(null);
  /** Presenting here, or about to be again. */
  readonly running = computed(() => this.phase() === 'live' || this.phase() === 'reconnecting');
  /**
   * After Stop: the recording's catalog entry (`videoId`), or `videoId: null` when it was too short
   * to keep. Null until this window stops the live.
   */
  readonly recording = signal<{ videoId: string | null } | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.resumeRun++;
      this.stopExtras();
    });
    // The media session went while live: the server ended it (reload elsewhere, connection lost and
    // back, live over) or the connection failed.
    effect(() => {
      const state = this.session.state();
      if (state !== 'ended' && state !== 'failed') return;
      untracked(() => {
        if (this.phase() === 'live' && !this.destroyed) this.sessionLost(this.session.endedReason() ?? 'closed');
      });
    });
  }

  /** Goes live with `title`; resolves with the live once the media server has answered. */
  async start(title: string): Promise<LiveSummaryFragment> {
    this.resumeRun++;
    this.live.set(null);
    this.liveId.set(null);
    this.recording.set(null);
    this.error.set(null);
    this.phase.set('starting');
    try {
      const live = await this.publish(async (offer, mediaSessionId) => {
        const result = await firstValueFrom(this.goLiveGQL.mutate({ variables: { input: { title, offer, mediaSessionId } } }));
        return result.data?.goLive;
      });
      this.phase.set('live');
      return live;
    } catch (error) {
      this.phase.set('idle');
      this.liveId.set(null);
      this.live.set(null);
      throw error;
    }
  }

  /**
   * Publishes again into `liveId` (this user's running live): after a reload, from another tab
   * (which takes it over), or when asked to after a failure. Retries a few times; LIVE_ENDED ends.
   */
  resume(liveId: string): Promise<void> {
    if (this.liveId() !== liveId) {
      this.live.set(null);
      this.recording.set(null);
    }
    this.liveId.set(liveId);
    return this.resumeWithRetries(liveId);
  }

  /**
   * Ends the live for everyone (stopLive), then closes the media session. The api answers once the
   * recording is filed, with the new video (if any) in `recording`.
   */
  async stop(): Promise<void> {
    const liveId = this.liveId();
    if (!liveId) return;
    this.resumeRun++; // no resume from now on, whatever the session does meanwhile
    try {
      const result = await firstValueFrom(this.stopLiveGQL.mutate({ variables: { liveId } }));
      const live = result.data?.stopLive;
      if (live) this.recording.set({ videoId: live.video?.id ?? null });
    } finally {
      this.end('stopped');
    }
  }

  /** The live is over (stopped here or elsewhere, media server lost, ...): closes the media session. */
  end(reason: string): void {
    this.resumeRun++;
    if (this.phase() !== 'idle') this.phase.set('ended');
    this.stopExtras();
    this.session.close(reason);
  }

  private sessionLost(reason: string): void {
    this.stopExtras();
    this.quality.set(null);
    const liveId = this.liveId();
    if (reason === LIVE_OVER || !liveId) this.phase.set('ended');
    else if (reason === TAKEN_OVER) this.phase.set('replaced');
    else void this.resumeWithRetries(liveId);
  }

  private async resumeWithRetries(liveId: string): Promise<void> {
    const run = ++this.resumeRun;
    const cancelled = () => run !== this.resumeRun || this.destroyed;
    this.phase.set('reconnecting');
    this.error.set(null);
    this.stopExtras();
    this.session.close('resuming'); // whatever was left of the previous session (a no-op once it ended)
    let last: ApiErrorCode = 'UNKNOWN';
    for (const wait of RESUME_DELAYS_MS) {
      if (wait) await new Promise((resolve) => setTimeout(resolve, wait));
      await this.online();
      if (cancelled()) return;
      try {
        await this.publish(async (offer, mediaSessionId) => {
          const result = await firstValueFrom(this.resumeLiveGQL.mutate({ variables: { input: { liveId, offer, mediaSessionId } } }));
          return result.data?.resumeLive;
        });
        if (cancelled()) return; // stopped meanwhile: stop/end closed the session already
        this.phase.set('live');
        return;
      } catch (error) {
        if (cancelled()) return;
        last = mediaErrorCode(error);
        console.warn(`OnAir could not resume the live (${last})`, error);
        if (last === 'LIVE_ENDED') {
          this.phase.set('ended');
          return;
        }
        if (FINAL_ERRORS.includes(last)) break;
      }
    }
    this.error.set(last);
    this.phase.set('failed');
  }

  /** Runs the media session with `negotiate` (goLive / resumeLive); resolves with the live. */
  private async publish(
    negotiate: (offer: string, mediaSessionId: string) => Promise<{ answer: string; live: LiveSummaryFragment } | undefined>,
  ): Promise<LiveSummaryFragment> {
    this.quality.set(null);
    let live: LiveSummaryFragment | null = null;
    await this.session.start('sendrecv', async (offer, mediaSessionId) => {
      const payload = await negotiate(offer, mediaSessionId);
      if (!payload) throw new Error('The server sent an empty answer');
      live = payload.live;
      this.live.set(payload.live);
      this.liveId.set(payload.live.id);
      return payload;
    });
    const published = live as LiveSummaryFragment | null;
    if (!published) throw new Error('The server sent an empty answer');
    this.watchQuality();
    if (!published.posterUrl) this.schedulePoster(published.id);
    return published;
  }

  /** Resolves once the realtime connection is up (the session's signaling goes through it), or after a while. */
  private async online(): Promise<void> {
    await firstValueFrom(this.realtimeState$.pipe(
      filter((state) => state === 'online'),
      timeout({ first: ONLINE_WAIT_MS, with: () => of('offline' as const) }),
    ));
  }

  /**
   * A frame of the looped-back stream, a few seconds in, as the live's poster: its thumbnail in the
   * lives list now and its video's poster later. A failure only costs the picture (placeholder).
   */
  private schedulePoster(liveId: string): void {
    if (this.posterTimer) clearTimeout(this.posterTimer);
    this.posterTimer = setTimeout(async () => {
      this.posterTimer = null;
      const stream = this.stream();
      if (!stream || this.phase() !== 'live' || this.liveId() !== liveId) return;
      try {
        const image = await stillFrame(stream);
        if (!image || this.phase() !== 'live') return;
        const result = await firstValueFrom(this.setPosterGQL.mutate({ variables: { liveId, image } }));
        const live = result.data?.setLivePoster;
        if (live && this.liveId() === liveId) this.live.set(live);
      } catch (error) {
        console.warn('OnAir could not set the poster of this live', error);
      }
    }, POSTER_AFTER_MS);
  }

  /** Stops what runs alongside a media session: the poster timer and the quality readings. */
  private stopExtras(): void {
    if (this.posterTimer) clearTimeout(this.posterTimer);
    this.posterTimer = null;
    this.stopQuality?.();
    this.stopQuality = null;
  }

  private watchQuality(): void {
    const pc = this.session.peerConnection;
    if (!pc) return;
    this.stopQuality?.();
    const stop = watchConnectionQuality(pc, (q) => {
      if (this.phase() === 'live' || this.phase() === 'starting') this.quality.set(q);
      else stop();
    });
    this.stopQuality = stop;
  }
}
