import { Injectable, computed, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { ConnectionQuality, watchConnectionQuality } from '../../../core/media/connection-quality';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { GoLiveGQL, LiveSummaryFragment, SetLivePosterGQL, StopLiveGQL } from '../../../core/graphql/generated';
import { stillFrame } from '../../../core/media/still-frame';

/** How long after going live the poster is taken (the looped-back picture has settled by then). */
const POSTER_AFTER_MS = 3000;

/**
 * The presenter's live: camera + mic published and looped back by the media server (what the
 * presenter sees is the stream as the server returns it), with its connection quality.
 * Provided by the live section's shell with its own media session, so it survives the move
 * from /live/new to /live/:id and ends (the session's subscription closes) when the presenter
 * leaves the section.
 */
@Injectable()
export class BroadcastService {
  private readonly session = inject(MediaSessionService);
  private readonly goLiveGQL = inject(GoLiveGQL);
  private readonly stopLiveGQL = inject(StopLiveGQL);
  private readonly setPosterGQL = inject(SetLivePosterGQL);
  private stopQuality: (() => void) | null = null;
  private posterTimer: ReturnType<typeof setTimeout> | null = null;

  readonly live = signal<LiveSummaryFragment | null>(null);
  readonly liveId = computed(() => this.live()?.id ?? null);
  readonly state = this.session.state;
  readonly endedReason = this.session.endedReason;
  readonly stream = this.session.remoteStream;
  readonly quality = signal<ConnectionQuality | null>(null);
  readonly running = computed(() => this.state() === 'connecting' || this.state() === 'connected');
  /**
   * After Stop: the recording's catalog entry (`videoId`), or `videoId: null` when it was too short
   * to keep. Null until this window stops the live.
   */
  readonly recording = signal<{ videoId: string | null } | null>(null);

  /** Goes live with `title`; resolves with the live once the media server has answered. */
  async start(title: string): Promise<LiveSummaryFragment> {
    this.live.set(null);
    this.quality.set(null);
    this.recording.set(null);
    let live: LiveSummaryFragment | null = null;
    await this.session.start('sendrecv', async (offer, mediaSessionId) => {
      const result = await firstValueFrom(this.goLiveGQL.mutate({ variables: { input: { title, offer, mediaSessionId } } }));
      const payload = result.data?.goLive;
      if (!payload) throw new Error('The server sent an empty answer');
      live = payload.live;
      this.live.set(live);
      return payload;
    });
    this.watchQuality();
    this.schedulePoster((live as LiveSummaryFragment | null)?.id);
    return live!;
  }

  /**
   * A frame of the looped-back stream, a few seconds in, as the live's poster: its thumbnail in the
   * lives list now and its video's poster later. A failure only costs the picture (placeholder).
   */
  private schedulePoster(liveId: string | undefined): void {
    if (!liveId) return;
    this.posterTimer = setTimeout(async () => {
      this.posterTimer = null;
      const stream = this.stream();
      if (!stream || !this.running() || this.liveId() !== liveId) return;
      try {
        const image = await stillFrame(stream);
        if (!image || !this.running()) return;
        const result = await firstValueFrom(this.setPosterGQL.mutate({ variables: { liveId, image } }));
        const live = result.data?.setLivePoster;
        if (live && this.liveId() === liveId) this.live.set(live);
      } catch (error) {
        console.warn('OnAir could not set the poster of this live', error);
      }
    }, POSTER_AFTER_MS);
  }

  /**
   * Ends the live for everyone (stopLive), then closes the media session. The api answers once the
   * recording is filed, with the new video (if any) in `recording`.
   */
  async stop(): Promise<void> {
    const liveId = this.liveId();
    if (!liveId) return;
    try {
      const result = await firstValueFrom(this.stopLiveGQL.mutate({ variables: { liveId } }));
      const live = result.data?.stopLive;
      if (live) this.recording.set({ videoId: live.video?.id ?? null });
    } finally {
      this.end('stopped');
    }
  }

  /** Closes the media session (e.g. once the live is known to have ended). */
  end(reason: string): void {
    if (this.posterTimer) clearTimeout(this.posterTimer);
    this.posterTimer = null;
    this.stopQuality?.();
    this.stopQuality = null;
    this.session.close(reason);
  }

  private watchQuality(): void {
    const pc = this.session.peerConnection;
    if (!pc) return;
    this.stopQuality?.();
    const stop = watchConnectionQuality(pc, (q) => {
      if (this.running()) this.quality.set(q);
      else stop();
    });
    this.stopQuality = stop;
  }
}
