import {
  ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, signal, untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
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
import { StreamVideo } from '../../../shared/media/stream-video';

/** A viewer watching one live: the stream through the media server, the count, chat, Leave. */
@Component({
  selector: 'app-viewer-room',
  imports: [MatButtonModule, RouterLink, FormError, CallButton, LiveChat, StreamVideo],
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
    } @else if (presentingElsewhere()) {
      <p class="ended" role="status" data-testid="presenting-elsewhere">{{ t().live.presentingElsewhere }}</p>
    }
    <app-form-error [code]="error()" />
    <app-stream-video [stream]="watch.stream()" testId="viewer-video" />
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
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly t = inject(I18n).t;
  protected readonly error = signal<ApiErrorCode | null>(null);
  private readonly watched = signal(false);
  protected readonly ended = computed(() => this.room.ended() !== null || this.error() === 'LIVE_ENDED'
    || (this.watched() && this.watch.state() === 'ended' && this.watch.endedReason() !== 'left'));
  /** The signed-in user presents this live from another window: there is nothing to watch here. */
  protected readonly presentingElsewhere = computed(() =>
    this.room.live()?.presenter.id === this.auth.user()?.id);

  constructor() {
    // Start watching once the live is known to be running and not ours.
    effect(() => {
      const live = this.room.live();
      if (!live || this.watched() || this.ended() || this.presentingElsewhere()) return;
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
