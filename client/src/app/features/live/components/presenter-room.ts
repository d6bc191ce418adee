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
import { RecordingStatus } from './recording-status';
import { StreamVideo } from '../../../shared/media/stream-video';
import { ViewerFeed } from './viewer-feed';

/** The presenter's view of their live: the loopback video, its quality, the audience, chat, Stop. */
@Component({
  selector: 'app-presenter-room',
  imports: [MatButtonModule, MatCardModule, RouterLink, FormError, ConnectionQualityPanel, LiveChat, RecordingStatus,
    StreamVideo, ViewerFeed],
  providers: [LiveRoomService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <h2 data-testid="live-title">{{ broadcast.live()?.title }}</h2>
      <span class="count" data-testid="viewer-count" [attr.data-count]="room.viewerCount()">
        {{ t().lives.viewers(room.viewerCount()) }}</span>
      @if (ended()) {
        <a mat-stroked-button routerLink="/lives">{{ t().live.backToLives }}</a>
      } @else {
        <button mat-flat-button type="button" (click)="stop()" [disabled]="stopping()" data-testid="stop-live">
          {{ t().live.stop }}</button>
      }
    </header>
    @if (ended()) {
      <p class="ended" role="status" data-testid="live-ended">{{ t().live.ended }}</p>
    } @else {
      <p class="state" data-testid="presenter-state" [attr.data-state]="broadcast.state()">
        {{ broadcast.state() === 'connected' ? t().live.presenting : t().live.connecting }}</p>
    }
    <app-recording-status [saving]="stopping()" [recording]="broadcast.recording()" />
    <app-form-error [code]="error()" />
    <div class="grid">
      <section>
        <app-stream-video [stream]="broadcast.stream()" [muted]="true" testId="presenter-video" />
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
    .grid { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; align-items: start; }
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
  protected readonly ended = computed(() => this.room.ended() !== null || !this.broadcast.running());

  constructor() {
    // The live ended (stopped elsewhere, media server lost, ...): close the loopback too.
    followLiveRoom(this.room, this.broadcast, this.error);
  }

  ngOnInit(): void {
    this.room.open(this.liveId());
  }

  protected async stop(): Promise<void> {
    await this.submission.run(() => this.broadcast.stop());
  }
}
