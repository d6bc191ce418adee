import {
  ChangeDetectionStrategy, Component, OnInit, computed, inject, input,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
import { BroadcastService } from '../services/broadcast.service';
import { LiveRoomService } from '../services/live-room.service';
import { mediaErrorCode } from '../../../core/media/media-error';
import { ConnectionQualityPanel } from '../../../shared/media/connection-quality-panel';
import { LIVE_ROOM_STYLES, followLiveRoom } from './live-room';
import { LiveChat } from './live-chat';
import { PlayerNotice } from './player-notice';
import { RecordingStatus } from './recording-status';
import { StreamVideo } from '../../../shared/media/stream-video';
import { ViewerFeed } from './viewer-feed';

/**
 * The presenter's view of their live: the loopback video, its quality, the audience, chat, Stop.
 * While the broadcast reconnects it says so (over the loopback too); when another tab took the live
 * over, it says the live continues there and offers to present here again.
 */
@Component({
  selector: 'app-presenter-room',
  imports: [MatButtonModule, MatCardModule, RouterLink, FormError, ConnectionQualityPanel, LiveChat, PlayerNotice,
    RecordingStatus, StreamVideo, ViewerFeed],
  providers: [LiveRoomService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h2 data-testid="live-title">{{ title() }}</h2>
      <span class="count" data-testid="viewer-count" [attr.data-count]="room.viewerCount()">
        {{ t().lives.viewers(room.viewerCount()) }}</span>
      @if (ended() || replaced()) {
        <a mat-stroked-button routerLink="/lives">{{ t().live.backToLives }}</a>
      } @else {
        <button mat-flat-button type="button" (click)="stop()" [disabled]="stopping()" data-testid="stop-live">
          {{ t().live.stop }}</button>
      }
    </header>
    @if (ended()) {
      <p class="ended" role="status" data-testid="live-ended">{{ t().live.ended }}</p>
    } @else if (replaced()) {
      <p class="ended notice" role="status" data-testid="presenting-elsewhere">
        <span>{{ t().live.continuesElsewhere }}</span>
        <button mat-stroked-button type="button" (click)="presentHere()" data-testid="present-here">{{ t().live.presentHere }}</button>
      </p>
    } @else {
      <p class="state" role="status" data-testid="presenter-state" [attr.data-state]="state()">{{ stateText() }}</p>
      @if (broadcast.phase() === 'failed') {
        <app-form-error [code]="broadcast.error()" />
        <p><button mat-stroked-button type="button" (click)="presentHere()" data-testid="resume-live">{{ t().live.tryAgain }}</button></p>
      }
    }
    <app-recording-status [saving]="stopping()" [recording]="broadcast.recording()" />
    <app-form-error [code]="error()" />
    <div class="grid">
      <section>
        <div class="player">
          <app-stream-video [stream]="broadcast.stream()" [muted]="true" testId="presenter-video" />
          @if (state() === 'reconnecting') {
            <app-player-notice [text]="t().live.reconnecting" data-testid="presenter-reconnecting" />
          }
        </div>
        <app-connection-quality-panel [quality]="broadcast.quality()" />
      </section>
      <mat-card appearance="outlined">
        <mat-card-header><mat-card-title>{{ t().live.viewerFeed }}</mat-card-title></mat-card-header>
        <mat-card-content><app-viewer-feed [items]="room.feed()" /></mat-card-content>
      </mat-card>
    </div>
    <app-live-chat [liveId]="liveId()" [disabled]="ended()" />
  `,
  styles: [LIVE_ROOM_STYLES, `
    .state { margin: 0; color: var(--mat-sys-on-surface-variant); }
    .notice { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 16px; }
    .notice span { flex: 1; }
    .grid { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; align-items: start; }
    @media (max-width: 720px) { .grid { grid-template-columns: 1fr; } }
  `],
})
export class PresenterRoom implements OnInit {
  readonly liveId = input.required<string>();
  protected readonly broadcast = inject(BroadcastService);
  protected readonly room = inject(LiveRoomService);
  protected readonly t = inject(I18n).t;
  private readonly submission = new Submission(mediaErrorCode);
  protected readonly stopping = this.submission.busy;
  protected readonly error = this.submission.error;
  protected readonly title = computed(() => this.broadcast.live()?.title ?? this.room.live()?.title ?? '');
  /** Over, or not presented by this window at all (the user's own live that had already ended). */
  protected readonly ended = computed(() => this.room.ended() !== null || this.broadcast.phase() === 'ended'
    || this.broadcast.liveId() !== this.liveId());
  protected readonly replaced = computed(() => this.broadcast.phase() === 'replaced');
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
