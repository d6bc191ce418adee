import {
  ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, signal, untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { BroadcastService } from '../services/broadcast.service';
import { LiveRecordingService, RecordingState } from '../services/live-recording.service';
import { LiveRoomService } from '../services/live-room.service';
import { mediaErrorCode } from '../../../core/media/media-error';
import { ConnectionQualityPanel } from '../../../shared/media/connection-quality-panel';
import { LIVE_ROOM_STYLES, followLiveRoom } from './live-room';
import { LiveChat } from './live-chat';
import { LiveEnded } from './live-ended';
import { LiveHeading } from './live-heading';
import { PlayerNotice } from './player-notice';
import { StreamVideo } from '../../../shared/media/stream-video';
import { ViewerFeed } from './viewer-feed';

/**
 * The presenter's view of their live: the loopback video, its quality, the audience, chat, Stop.
 * While the broadcast reconnects it says so (over the loopback too); when another tab took the live
 * over, it says the live continues there and offers to present here again. Once it is over, the
 * player says so with the recording ("Recording saved" and a link, or too short to keep), and the
 * figures of a connection that is gone are no longer shown.
 */
@Component({
  selector: 'app-presenter-room',
  imports: [MatButtonModule, RouterLink, LiveHeading, FormError, ConnectionQualityPanel, LiveChat, LiveEnded, PlayerNotice,
    StreamVideo, ViewerFeed],
  providers: [LiveRoomService, LiveRecordingService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let l = t().live;
    <header>
      <div class="what">
        <app-live-heading [title]="title()" [ended]="ended()" />
        @if (!ended() && !replaced()) {
          <p class="state" role="status" data-testid="presenter-state" [attr.data-state]="state()">{{ stateText() }}</p>
        }
      </div>
      @if (!ended() && room.live()) {
        <span class="count" data-testid="viewer-count" [attr.data-count]="room.viewerCount()">
          {{ t().lives.viewers(room.viewerCount()) }}</span>
      }
      @if (ended() || replaced()) {
        <a mat-stroked-button routerLink="/lives" data-testid="back-to-lives">{{ l.backToLives }}</a>
      } @else {
        <button mat-flat-button type="button" (click)="stop()" [disabled]="stopping()" data-testid="stop-live">
          {{ l.stop }}</button>
      }
    </header>
    @if (!ended() && replaced()) {
      <p class="notice" role="status" data-testid="presenting-elsewhere">
        <span>{{ l.continuesElsewhere }}</span>
        <button mat-stroked-button type="button" (click)="presentHere()" data-testid="present-here">{{ l.presentHere }}</button>
      </p>
    } @else if (!ended() && broadcast.phase() === 'failed') {
      <div class="notice failed">
        <app-form-error [code]="broadcast.error()" />
        <button mat-stroked-button type="button" (click)="presentHere()" data-testid="resume-live">{{ l.tryAgain }}</button>
      </div>
    }
    <app-form-error [code]="error() ?? room.loadError()" />
    <div class="stage">
      <section class="player">
        <app-stream-video [stream]="broadcast.stream()" [muted]="true" testId="presenter-video" (picture)="picture.set($event)">
          @if (ended()) {
            <app-live-ended audience="presenter" [reason]="endReason()" [recording]="recording()"
                            [posterUrl]="broadcast.live()?.posterUrl ?? room.live()?.posterUrl ?? null" />
          } @else if (state() === 'reconnecting') {
            <app-player-notice [text]="l.reconnecting" data-testid="presenter-reconnecting" />
          } @else if (state() === 'connecting' && !picture() && !replaced()) {
            <app-player-notice [text]="l.connectingLoopback" data-testid="presenter-connecting" />
          }
        </app-stream-video>
        @if (!ended() && !replaced()) {
          <app-connection-quality-panel [quality]="broadcast.quality()" />
        }
      </section>
      <div class="side">
        <section class="feed">
          <h3>{{ l.viewerFeed }}</h3>
          <app-viewer-feed [items]="room.feed()" />
        </section>
        <app-live-chat [liveId]="liveId()" [disabled]="ended()" />
      </div>
    </div>
  `,
  styles: [LIVE_ROOM_STYLES, `
    .state { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .notice { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 16px; margin: 0; padding: 12px; border-radius: 8px;
      background: var(--mat-sys-secondary-container); color: var(--mat-sys-on-secondary-container); }
    .notice span, .notice app-form-error { flex: 1; }
    .notice.failed { background: none; padding: 0; }
    .feed { display: flex; flex-direction: column; gap: 8px; padding: 12px 16px; border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant); }
    .feed h3 { margin: 0; font: var(--mat-sys-title-medium); }
    app-viewer-feed { --viewer-feed-max-height: 160px; }
  `],
})
export class PresenterRoom implements OnInit {
  readonly liveId = input.required<string>();
  protected readonly broadcast = inject(BroadcastService);
  protected readonly room = inject(LiveRoomService);
  private readonly lookup = inject(LiveRecordingService);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission(mediaErrorCode);
  protected readonly stopping = this.submission.busy;
  protected readonly error = this.submission.error;
  /** The loopback shows a picture. */
  protected readonly picture = signal(false);
  protected readonly title = computed(() => this.broadcast.live()?.title ?? this.room.live()?.title ?? '');
  /** Presented by this window (or about to be again). */
  private readonly presentedHere = computed(() => this.broadcast.liveId() === this.liveId());
  /** Over, or not presented by this window at all (the user's own live that had already ended). */
  protected readonly ended = computed(() => this.room.ended() !== null || !this.presentedHere()
    || this.broadcast.phase() === 'ended');
  protected readonly replaced = computed(() => this.broadcast.phase() === 'replaced');
  protected readonly endReason = computed(() => this.room.ended() ?? (this.presentedHere() ? 'stopped' : null));
  /**
   * Stopped here: stopLive's answer (it answers once the recording is filed); otherwise (ended
   * elsewhere, or opened after the end) what the catalog says.
   */
  protected readonly recording = computed<RecordingState | null>(() => {
    if (this.stopping()) return { kind: 'saving' };
    const stopped = this.presentedHere() ? this.broadcast.recording() : null;
    if (stopped) return stopped.videoId ? { kind: 'saved', videoId: stopped.videoId } : { kind: 'none' };
    return this.lookup.state();
  });
  /** connecting / connected (publishing), reconnecting (resuming), failed (resuming gave up). */
  protected readonly state = computed(() => {
    const phase = this.broadcast.phase();
    if (phase === 'reconnecting' || phase === 'failed') return phase;
    return this.broadcast.state() === 'connected' ? 'connected' : 'connecting';
  });
  protected readonly stateText = computed(() => {
    const t = this.t().live;
    switch (this.state()) {
      case 'connected': return t.presenting;
      case 'reconnecting': return t.reconnecting;
      case 'failed': return t.reconnectFailed;
      default: return t.connecting;
    }
  });

  constructor() {
    // The live ended (stopped elsewhere, media server lost, ...): close the loopback too.
    followLiveRoom(this.room, this.broadcast);
    // Over without this window's Stop answering with the recording: look it up.
    effect(() => {
      if (!this.ended() || this.stopping()) return;
      if (this.presentedHere() && this.broadcast.recording()) return;
      untracked(() => this.lookup.find(this.liveId()));
    });
  }

  ngOnInit(): void {
    this.room.open(this.liveId(), { audience: true });
  }

  protected async stop(): Promise<void> {
    await this.submission.run(() => this.broadcast.stop());
  }

  /** Publishes here again: after another tab took the live over, or after resuming gave up. */
  protected presentHere(): void {
    void this.broadcast.resume(this.liveId());
  }
}
