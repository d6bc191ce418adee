import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { RealtimeService } from '../../../core/apollo/realtime.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { Skeleton } from '../../../shared/skeleton';
import { LiveListItem } from '../../live/components/live-list-item';
import { LivesListService } from '../../live/services/lives-list.service';
import { LatestVideos } from '../../vod/components/latest-videos';
import { OnlineUsersList } from '../components/online-users-list';
import { OnlineUsersService } from '../services/online-users.service';

/** How many lives the home page lists (the rest are on /lives). */
export const HOME_LIVES = 5;

/**
 * The front door: the lives happening now (each linking to it; Go live when there is none), who is
 * online (with Call), and the latest videos — each updating live, with a placeholder while it loads
 * and a word when it is empty.
 */
@Component({
  selector: 'app-home-page',
  imports: [MatButtonModule, MatCardModule, RouterLink, Skeleton, LatestVideos, LiveListItem, OnlineUsersList],
  providers: [OnlineUsersService, LivesListService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (auth.user(); as user) {
      @let h = t().home;
      <h1 class="visually-hidden">{{ t().app.name }}</h1>
      <section class="session">
        <span class="who" data-testid="signed-in-as">{{ h.signedInAs(user.nickname) }}</span>
        <span class="state" data-testid="realtime-state" [attr.data-state]="realtime.state()">
          {{ h.realtime[realtime.state()] }}
        </span>
        <button mat-stroked-button type="button" (click)="logout()" [disabled]="leaving()" data-testid="logout">
          {{ h.logout }}
        </button>
      </section>
      <div class="grid">
        <mat-card appearance="outlined" class="lives">
          <mat-card-header>
            <mat-card-title><h2>{{ h.livesNow }}</h2></mat-card-title>
            <span class="actions">
              <a mat-button routerLink="/lives" data-testid="home-all-lives">{{ h.allLives }}</a>
              <a mat-flat-button routerLink="/live/new" data-testid="home-go-live">{{ h.goLive }}</a>
            </span>
          </mat-card-header>
          <mat-card-content>
            @if (lives.loaded()) {
              <ul data-testid="home-lives">
                @for (live of shownLives(); track live.id) {
                  <li><app-live-list-item [item]="live" /></li>
                } @empty {
                  <li class="empty" data-testid="home-lives-empty">
                    <strong>{{ h.noLives }}</strong>
                    <span>{{ h.beFirst }}</span>
                  </li>
                }
              </ul>
            } @else if (lives.failed()) {
              <p class="failed" role="alert" data-testid="home-lives-failed">{{ t().lives.loadFailed }}
                <button mat-button type="button" (click)="lives.retry()">{{ t().lives.tryAgain }}</button></p>
            } @else {
              <app-skeleton [rows]="2" [label]="t().lives.loading" />
            }
          </mat-card-content>
        </mat-card>
        <mat-card appearance="outlined" class="online">
          <mat-card-header><mat-card-title><h2>{{ h.onlineUsers }}</h2></mat-card-title></mat-card-header>
          <mat-card-content>
            @if (online.loaded()) {
              <app-online-users-list [users]="online.users()" [selfId]="user.id" />
            } @else if (online.failed()) {
              <p class="failed" role="alert" data-testid="home-online-failed">{{ h.onlineLoadFailed }}
                <button mat-button type="button" (click)="online.retry()">{{ t().lives.tryAgain }}</button></p>
            } @else {
              <app-skeleton [rows]="3" [label]="h.onlineUsers" />
            }
          </mat-card-content>
        </mat-card>
      </div>
      <app-latest-videos />
    }
  `,
  styles: `
    .session { display: flex; align-items: center; flex-wrap: wrap; gap: 8px 16px; margin-bottom: 16px; }
    .who { font: var(--mat-sys-title-medium); overflow-wrap: anywhere; min-width: 0; }
    .state { flex: 1; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .grid { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
    mat-card-header { align-items: center; flex-wrap: wrap; gap: 8px; }
    .actions { display: flex; gap: 4px; margin-left: auto; }
    ul { list-style: none; margin: 0; padding: 0; }
    li { border-bottom: 1px solid var(--mat-sys-outline-variant); }
    li:last-child { border-bottom: 0; }
    .empty { display: flex; flex-direction: column; gap: 4px; padding: 8px 0; }
    .empty span { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    app-latest-videos { display: block; margin-top: 16px; }
    @media (max-width: 720px) { .grid { grid-template-columns: minmax(0, 1fr); } }
  `,
})
export class HomePage implements OnInit {
  protected readonly auth = inject(AuthService);
  protected readonly realtime = inject(RealtimeService);
  protected readonly online = inject(OnlineUsersService);
  protected readonly lives = inject(LivesListService);
  protected readonly t = inject(I18n).t;
  protected readonly leaving = signal(false);
  protected readonly shownLives = computed(() => this.lives.lives().slice(0, HOME_LIVES));

  ngOnInit(): void {
    this.online.start();
    this.lives.start();
  }

  protected async logout(): Promise<void> {
    this.leaving.set(true);
    await this.auth.logout();
  }
}
