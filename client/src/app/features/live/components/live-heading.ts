import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';

/** A live room's heading: the LIVE or Ended badge and the title (a placeholder while it loads). */
@Component({
  selector: 'app-live-heading',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let l = t().live;
    <h1 data-testid="live-title">
      @if (ended()) {
        <span class="badge ended" data-testid="live-badge-ended">{{ l.endedBadge }}</span>
      } @else {
        <span class="badge" data-testid="live-badge">{{ l.liveBadge }}</span>
      }
      @if (title()) {
        <span class="title">{{ title() }}</span>
      } @else {
        <span class="placeholder" role="status" [attr.aria-label]="l.loading"></span>
      }
    </h1>
  `,
  styles: `
    :host { display: block; min-width: 0; }
    h1 { display: flex; align-items: center; gap: 10px; margin: 0; font: var(--mat-sys-headline-small); min-width: 0; }
    .title { min-width: 0; overflow-wrap: anywhere; }
    .badge { flex: none; padding: 2px 6px; border-radius: 4px; font: var(--mat-sys-label-medium); letter-spacing: 0.05em;
      background: var(--mat-sys-error); color: var(--mat-sys-on-error); }
    .badge.ended { background: var(--mat-sys-surface-container-highest); color: var(--mat-sys-on-surface-variant); }
    .placeholder { display: inline-block; width: min(320px, 60%); height: 1em; border-radius: 6px;
      background: var(--mat-sys-surface-container-highest); }
  `,
})
export class LiveHeading {
  /** Null while the live loads. */
  readonly title = input<string | null | undefined>(null);
  readonly ended = input(false);
  protected readonly t = inject(I18n).t;
}
