import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { VideoCardFragment } from '../../../core/graphql/generated';
import { I18n } from '../../../core/i18n/i18n.service';
import { formatDuration } from '../video-format';

/** One video of a list: its poster (or a placeholder) with the duration, title, presenter, date, location. */
@Component({
  selector: 'app-video-card',
  imports: [DatePipe, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = video();
    <a [routerLink]="['/videos', v.id]" data-testid="video-card" [attr.data-video-id]="v.id" [attr.data-title]="v.title">
      <span class="poster">
        @if (v.posterUrl && !posterFailed()) {
          <img [src]="v.posterUrl" alt="" loading="lazy" (error)="posterFailed.set(true)" />
        } @else {
          <span class="placeholder" data-testid="video-card-placeholder">
            <span class="play" aria-hidden="true"></span>{{ t().videos.noPoster }}</span>
        }
        <span class="duration" data-testid="video-card-duration">{{ duration() }}</span>
      </span>
      <span class="title" data-testid="video-card-title">{{ v.title }}</span>
      <span class="meta">{{ t().videos.by(v.presenter.nickname) }}</span>
      <time class="meta" [attr.datetime]="v.startedAt">{{ v.startedAt | date: 'medium' : undefined : lang() }}</time>
      @if (showLocation()) {
        <span class="meta" data-testid="video-card-location">{{ v.location }}</span>
      }
    </a>
  `,
  styles: `
    a { display: grid; grid-template-columns: minmax(0, 1fr); align-content: start; gap: 2px; height: 100%;
        box-sizing: border-box; padding-bottom: 12px;
        color: inherit; text-decoration: none; border-radius: 12px; overflow: hidden;
        border: 1px solid var(--mat-sys-outline-variant); background: var(--mat-sys-surface); }
    a:hover, a:focus-visible { background: var(--mat-sys-surface-container-low); }
    .poster { position: relative; display: block; aspect-ratio: 4 / 3; margin-bottom: 6px;
              background: var(--mat-sys-surface-container-highest); }
    img { width: 100%; height: 100%; object-fit: cover; display: block; }
    .placeholder { height: 100%; display: flex; flex-direction: column; gap: 8px; align-items: center;
                   justify-content: center; font: var(--mat-sys-label-medium); color: var(--mat-sys-on-surface-variant); }
    .play { width: 0; height: 0; border-style: solid; border-width: 14px 0 14px 24px;
            border-color: transparent transparent transparent var(--mat-sys-outline); }
    .duration { position: absolute; right: 8px; bottom: 8px; padding: 2px 6px; border-radius: 4px;
                font: var(--mat-sys-label-medium); background: rgb(0 0 0 / 75%); color: #fff; }
    .title, .meta { padding: 0 12px; overflow-wrap: anywhere; }
    .title { font: var(--mat-sys-title-small); display: -webkit-box; -webkit-line-clamp: 2;
             -webkit-box-orient: vertical; overflow: hidden; }
    .meta { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    /* Phones: a row per video, the poster as a thumbnail on the left. */
    @media (max-width: 560px) {
      a { grid-template-columns: 112px minmax(0, 1fr); padding: 0; }
      .poster { grid-row: 1 / span 4; margin: 0; }
      .title { padding-top: 6px; }
      .placeholder { font-size: 0; }
      .play { border-width: 10px 0 10px 16px; }
    }
  `,
})
export class VideoCard {
  readonly video = input.required<VideoCardFragment>();
  readonly showLocation = input(true);
  protected readonly t = inject(I18n).t;
  protected readonly lang = inject(I18n).lang;
  protected readonly posterFailed = signal(false);
  protected readonly duration = computed(() => formatDuration(this.video().durationSeconds));
}
