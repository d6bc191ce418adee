import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';
import { LivesListService } from '../services/lives-list.service';

/** /lives — the lives happening now, updating live. */
@Component({
  selector: 'app-lives-page',
  imports: [DatePipe, MatButtonModule, MatCardModule, RouterLink, UserAvatar],
  providers: [LivesListService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <mat-card-title>{{ t().lives.title }}</mat-card-title>
        <a mat-flat-button routerLink="/live/new" class="go" data-testid="go-live">{{ t().lives.goLive }}</a>
      </mat-card-header>
      <mat-card-content>
        @if (list.loaded()) {
          <ul data-testid="lives">
            @for (live of list.lives(); track live.id) {
              <li>
                <a [routerLink]="['/live', live.id]" data-testid="lives-item" [attr.data-live-id]="live.id"
                   [attr.data-title]="live.title" [attr.data-presenter-away]="live.presenterAway">
                  <span class="thumb">
                    @if (live.posterUrl) {
                      <img [src]="live.posterUrl" alt="" data-testid="lives-item-poster" />
                    } @else {
                      <app-user-avatar [nickname]="live.presenter.nickname" [url]="live.presenter.avatarUrl" />
                    }
                    <span class="badge">{{ t().lives.liveBadge }}</span>
                    @if (live.presenterAway) {
                      <span class="badge away" data-testid="lives-item-reconnecting">{{ t().lives.reconnectingBadge }}</span>
                    }
                  </span>
                  <span class="main">
                    <span class="title">{{ live.title }}</span>
                    <span class="meta">{{ t().lives.by(live.presenter.nickname) }} ·
                      {{ t().lives.startedAt((live.startedAt | date: 'shortTime') ?? '') }}</span>
                  </span>
                  <span class="count" data-testid="lives-item-viewers" [attr.data-count]="live.viewerCount">
                    {{ t().lives.viewers(live.viewerCount) }}</span>
                </a>
              </li>
            } @empty {
              <li class="empty" data-testid="lives-empty">{{ t().lives.none }}</li>
            }
          </ul>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    mat-card-header { align-items: center; }
    .go { margin-left: auto; }
    ul { list-style: none; margin: 0; padding: 0; }
    a[data-testid='lives-item'] { display: flex; align-items: center; gap: 12px; padding: 8px 0; color: inherit;
      text-decoration: none; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .main { flex: 1; min-width: 0; display: flex; flex-direction: column; }
    .thumb { position: relative; flex: none; width: 96px; aspect-ratio: 4 / 3; border-radius: 8px; overflow: hidden;
      display: flex; align-items: center; justify-content: center; background: var(--mat-sys-surface-container-highest); }
    .thumb img { width: 100%; height: 100%; object-fit: cover; }
    .badge { position: absolute; left: 4px; top: 4px; padding: 0 4px; border-radius: 4px; font: var(--mat-sys-label-small);
      background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .badge.away { top: auto; bottom: 4px; background: var(--mat-sys-inverse-surface); color: var(--mat-sys-inverse-on-surface); }
    .title { font: var(--mat-sys-body-large); }
    .meta, .empty { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .count { font: var(--mat-sys-label-large); }
  `,
})
export class LivesPage implements OnInit {
  protected readonly list = inject(LivesListService);
  protected readonly t = inject(I18n).t;

  ngOnInit(): void {
    this.list.start();
  }
}
