import {
  ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, signal, untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { MediaPeerService } from '../../../core/media/media-peer.service';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { FormError } from '../../../shared/form-error';
import { LiveRoomService } from '../services/live-room.service';
import { mediaErrorCode } from '../../../core/media/media-error';
import { WatchService } from '../services/watch.service';
import { CallButton } from '../../call/components/call-button';
import { LiveChat } from './live-chat';
import { LIVE_ROOM_STYLES, followLiveRoom } from './live-room';
import { PlayerNotice } from './player-notice';
import { StreamVideo } from '../../../shared/media/stream-video';

/**
 * A viewer watching one live: the stream through the media server, the count, chat, Leave. While the
 * presenter reconnects, a notice covers the player; the picture comes back on the same connection.
 * (The presenter's own live never opens here: /live/:id gives them the presenter's room.)
 */
@Component({
  selector: 'app-viewer-room',
  imports: [MatButtonModule, RouterLink, FormError, CallButton, LiveChat, PlayerNotice, StreamVideo],
  providers: [MediaPeerService, MediaSessionService, WatchService, LiveRoomService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let live = room.live();
    <header>
      <h2 data-testid="live-title">{{ live?.title }}</h2>
      <span class="count" data-testid="viewer-count" [attr.data-count]="room.viewerCount()">
        {{ t().lives.viewers(room.viewerCount()) }}</span>
      @if (ended()) {
        <a mat-stroked-button routerLink="/lives">{{ t().live.backToLives }}</a>
      } @else {
        <button mat-stroked-button type="button" (click)="leave()" data-testid="leave-live">{{ t().live.leave }}</button>
      }
    </header>
    @if (live) {
      <p class="by">{{ t().live.watching(live.presenter.nickname) }}
        <app-call-button [userId]="live.presenter.id" [nickname]="live.presenter.nickname" /></p>
    }
    @if (ended()) {
      <p class="ended" role="status" data-testid="live-ended">{{ t().live.ended }}</p>
    }
    <app-form-error [code]="error()" />
    <div class="player">
      <app-stream-video [stream]="watch.stream()" testId="viewer-video" />
      @if (room.presenterAway() && !ended()) {
        <app-player-notice [text]="t().live.presenterAway" data-testid="presenter-away" />
      }
    </div>
    <app-live-chat [liveId]="liveId()" [disabled]="ended()" />
  `,
  styles: [LIVE_ROOM_STYLES, `
    .by { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 12px; margin: 0; color: var(--mat-sys-on-surface-variant); }
  `],
})
export class ViewerRoom implements OnInit {
  readonly liveId = input.required<string>();
  protected readonly room = inject(LiveRoomService);
  protected readonly watch = inject(WatchService);
  private readonly router = inject(Router);
  protected readonly t = inject(I18n).t;
  protected readonly error = signal<ApiErrorCode | null>(null);
  private readonly watched = signal(false);
  protected readonly ended = computed(() => this.room.ended() !== null || this.error() === 'LIVE_ENDED'
    || (this.watched() && this.watch.state() === 'ended' && this.watch.endedReason() !== 'left'));

  constructor() {
    // Start watching once the live is known to be running (even while its presenter is away: the
    // picture starts when they are back).
    effect(() => {
      const live = this.room.live();
      if (!live || this.watched() || this.ended()) return;
      this.watched.set(true);
      untracked(() => this.watch.watch(live.id).catch((error: unknown) => this.error.set(mediaErrorCode(error))));
    });
    // The live ended: stop the player (close the peer; the video's srcObject is cleared).
    followLiveRoom(this.room, this.watch, this.error);
  }

  ngOnInit(): void {
    this.room.open(this.liveId());
  }

  protected async leave(): Promise<void> {
    await this.watch.leave();
    await this.router.navigateByUrl('/lives');
  }
}
