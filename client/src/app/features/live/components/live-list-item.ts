import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { LiveSummaryFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { UserAvatar } from '../../../shared/user-avatar';

/**
 * One live happening now, as a link to it: its poster (or the presenter's avatar) with the LIVE badge
 * (and "reconnecting" while the presenter is away), title, presenter, since when, viewers. Used by
 * /lives and the home page.
 */
@Component({
  selector: 'app-live-list-item',
  imports: [DatePipe, RouterLink, UserAvatar],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let live = item();
    @let l = t().lives;
    <a [routerLink]="['/live', live.id]" data-testid="lives-item" [attr.data-live-id]="live.id"
       [attr.data-title]="live.title" [attr.data-presenter-away]="live.presenterAway">
      <span class="thumb">
        @if (live.posterUrl && !posterFailed()) {
          <img [src]="live.posterUrl" alt="" data-testid="lives-item-poster" (error)="posterFailed.set(true)" />
        } @else {
          <app-user-avatar [nickname]="live.presenter.nickname" [url]="live.presenter.avatarUrl" />
        }
        <span class="badge">{{ l.liveBadge }}</span>
        @if (live.presenterAway) {
          <span class="badge away" data-testid="lives-item-reconnecting">{{ l.reconnectingBadge }}</span>
        }
      </span>
      <span class="main">
        <span class="title">{{ live.title }}</span>
        <span class="meta">{{ l.by(live.presenter.nickname) }} ·
          <time [attr.datetime]="live.startedAt">{{ l.startedAt((live.startedAt | date: 'shortTime' : undefined : lang()) ?? '') }}</time></span>
      </span>
      <span class="count" data-testid="lives-item-viewers" [attr.data-count]="live.viewerCount">
        {{ l.viewers(live.viewerCount) }}</span>
    </a>
  `,
  styles: `
    :host { display: block; }
    a { display: flex; align-items: center; gap: 12px; padding: 8px; margin: 0 -8px; border-radius: 8px; color: inherit;
      text-decoration: none; }
    a:hover { background: var(--mat-sys-surface-container-low); }
    .main { flex: 1; min-width: 0; display: flex; flex-direction: column; }
    .thumb { position: relative; flex: none; width: 96px; aspect-ratio: 4 / 3; border-radius: 8px; overflow: hidden;
      display: flex; align-items: center; justify-content: center; background: var(--mat-sys-surface-container-highest); }
    .thumb img { width: 100%; height: 100%; object-fit: cover; }
    .badge { position: absolute; left: 4px; top: 4px; padding: 0 4px; border-radius: 4px; font: var(--mat-sys-label-small);
      background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .badge.away { top: auto; bottom: 4px; background: var(--mat-sys-inverse-surface); color: var(--mat-sys-inverse-on-surface); }
    .title { font: var(--mat-sys-body-large); overflow-wrap: anywhere; }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .count { flex: none; font: var(--mat-sys-label-large); }
    @media (max-width: 480px) {
      .thumb { width: 72px; }
      a { flex-wrap: wrap; }
      .count { flex-basis: 100%; box-sizing: border-box; padding-left: 84px; font: var(--mat-sys-label-medium); margin-top: -8px; }
    }
  `,
})
export class LiveListItem {
  readonly item = input.required<LiveSummaryFragment>();
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly posterFailed = signal(false);
}
