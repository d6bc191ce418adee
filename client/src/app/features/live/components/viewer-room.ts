import {
  ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, signal, untracked,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { ApiErrorCode } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { MediaPeerService } from '../../../core/media/media-peer.service';
import { MediaSessionService } from '../../../core/media/media-session.service';
import { FormError } from '../../../shared/form-error';
import { LiveRoomService } from '../services/live-room.service';
import { mediaErrorCode } from '../../../core/media/media-error';
import { WatchService } from '../services/watch.service';
import { LiveRecordingService } from '../services/live-recording.service';
import { CallButton } from '../../call/components/call-button';
import { LiveChat } from './live-chat';
import { LiveEnded } from './live-ended';
import { LiveHeading } from './live-heading';
import { LIVE_ROOM_STYLES, followLiveRoom } from './live-room';
import { PlayerNotice } from './player-notice';
import { StreamVideo } from '../../../shared/media/stream-video';

/** Why a viewer's media session ends for good: they left, or the live is over. */
const ENDS_WATCHING = new Set(['left', 'live-ended']);
/** How often a viewer whose media session was lost watches again on their own before saying so. */
const REWATCH_MAX = 5;

/**
 * A viewer watching one live: the stream through the media server (with player controls), the count,
 * chat beside the player (below it on narrow screens), Leave. Over the player: "Connecting…" until the
 * first picture, "Presenter reconnecting…" while the presenter is away (the picture comes back on the
 * same connection), what went wrong (with Try again), and once the live is over, that it ended and a
 * link to its recording once filed. (The presenter's own live never opens here: /live/:id gives them
 * the presenter's room.)
 */
@Component({
  selector: 'app-viewer-room',
  imports: [MatButtonModule, RouterLink, LiveHeading, FormError, CallButton, LiveChat, LiveEnded, PlayerNotice, StreamVideo],
  providers: [MediaPeerService, MediaSessionService, WatchService, LiveRoomService, LiveRecordingService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let live = room.live();
    @let l = t().live;
    <header>
      <div class="what">
        <app-live-heading [title]="live?.title" [ended]="ended()" />
        @if (live) {
          <p class="by"><span data-testid="live-presenter">{{ l.by(live.presenter.nickname) }}</span>
            <app-call-button [userId]="live.presenter.id" [nickname]="live.presenter.nickname" /></p>
        } @else {
          <p class="by"><span class="placeholder short"></span></p>
        }
      </div>
      @if (!ended() && live) {
        <span class="count" data-testid="viewer-count" [attr.data-count]="room.viewerCount()">
          {{ t().lives.viewers(room.viewerCount()) }}</span>
      }
      @if (!ended()) {
        <button mat-stroked-button type="button" (click)="leave()" data-testid="leave-live">{{ l.leave }}</button>
      } @else {
        <a mat-stroked-button routerLink="/lives" data-testid="back-to-lives">{{ l.backToLives }}</a>
      }
    </header>
    <app-form-error [code]="room.loadError()" />
    <div class="stage">
      <div class="player">
        <app-stream-video [stream]="watch.stream()" testId="viewer-video" [controls]="!ended()" [label]="live?.title ?? null"
                          (picture)="picture.set($event)">
          @if (ended()) {
            <app-live-ended audience="viewer" [reason]="room.ended()" [recording]="recording.state()"
                            [posterUrl]="live?.posterUrl ?? null" />
          } @else if (error(); as code) {
            <div class="player-error">
              <app-form-error [code]="code" />
              <button mat-flat-button type="button" (click)="retry()" data-testid="watch-retry">{{ l.tryAgain }}</button>
            </div>
          } @else if (room.presenterAway()) {
            <app-player-notice [text]="l.presenterAway" data-testid="presenter-away" />
          } @else if (!picture()) {
            <app-player-notice [text]="l.connectingPlayer" data-testid="player-connecting" />
          }
        </app-stream-video>
      </div>
      <div class="side">
        <app-live-chat [liveId]="liveId()" [disabled]="ended()" />
      </div>
    </div>
  `,
  styles: [LIVE_ROOM_STYLES, `
    .player-error { position: absolute; inset: 0; z-index: 2; display: flex; flex-direction: column; align-items: center;
      justify-content: center; gap: 12px; padding: 16px; background: rgb(0 0 0 / 70%); }
    /* Wide screens: the chat as tall as the player beside it, its messages scrolling. */
    @media (min-width: 900px) {
      .stage { align-items: stretch; }
      .side { position: relative; min-height: 360px; }
      .side app-live-chat { position: absolute; inset: 0; --chat-list-max-height: none; }
    }
  `],
})
export class ViewerRoom implements OnInit {
  readonly liveId = input.required<string>();
  protected readonly room = inject(LiveRoomService);
  protected readonly watch = inject(WatchService);
  protected readonly recording = inject(LiveRecordingService);
  private readonly realtime = inject(RealtimeService);
  private readonly router = inject(Router);
  protected readonly t = inject(I18n).t;
  protected readonly error = signal<ApiErrorCode | null>(null);
  /** A picture has been decoded (until the stream goes). */
  protected readonly picture = signal(false);
  private readonly watched = signal(false);
  /** Times the viewer's own media session was lost and watched again (bounded: see REWATCH_MAX). */
  private rewatches = 0;
  protected readonly ended = computed(() => this.room.ended() !== null || this.error() === 'LIVE_ENDED'
    || (this.watched() && this.watch.state() === 'ended' && this.watch.endedReason() === 'live-ended'));

  constructor() {
    // Start watching once the live is known to be running (even while its presenter is away: the
    // picture starts when they are back).
    effect(() => {
      const live = this.room.live();
      if (!live || this.watched() || this.ended()) return;
      this.watched.set(true);
      untracked(() => this.watch.watch(live.id).catch((error: unknown) => this.error.set(mediaErrorCode(error))));
    });
    // The viewer's own media session went (their realtime connection dropped, the server let it go)
    // while the live goes on: watch again once connected, instead of showing the live as ended.
    effect(() => {
      if (this.watch.state() === 'connected') this.rewatches = 0;
      if (!this.watched() || this.watch.state() !== 'ended' || this.realtime.state() !== 'online') return;
      if (ENDS_WATCHING.has(this.watch.endedReason() ?? '') || this.room.ended() !== null) return;
      if (++this.rewatches > REWATCH_MAX) {
        untracked(() => this.error.set('CONNECTION_FAILED'));
        return;
      }
      untracked(() => this.watched.set(false));
    });
    // The live ended: stop the player (close the peer; the video's srcObject is cleared).
    followLiveRoom(this.room, this.watch, this.error);
    // Over: look for its recording.
    effect(() => {
      if (this.ended()) untracked(() => this.recording.find(this.liveId()));
    });
  }

  ngOnInit(): void {
    this.room.open(this.liveId());
  }

  /** Watches again after a failure (the media server was busy, the connection failed, ...). */
  protected retry(): void {
    this.error.set(null);
    this.watched.set(false);
  }

  protected async leave(): Promise<void> {
    await this.watch.leave();
    await this.router.navigateByUrl('/lives');
  }
}
