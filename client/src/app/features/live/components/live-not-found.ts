import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';

/** /live/<id> for a live that does not exist: says so, and where to go instead. */
@Component({
  selector: 'app-live-not-found',
  imports: [MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'live-not-found' },
  template: `
    @let n = t().live.notFound;
    <span class="mark" aria-hidden="true">?</span>
    <h1>{{ n.title }}</h1>
    <p>{{ n.text }}</p>
    <div class="actions">
      <a mat-flat-button routerLink="/lives" data-testid="not-found-lives">{{ n.lives }}</a>
      <a mat-stroked-button routerLink="/videos" data-testid="not-found-videos">{{ n.videos }}</a>
    </div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 48px 16px; text-align: center; }
    .mark { display: flex; align-items: center; justify-content: center; width: 64px; height: 64px; border-radius: 50%;
      font: var(--mat-sys-headline-medium); background: var(--mat-sys-surface-container-highest);
      color: var(--mat-sys-on-surface-variant); }
    h1 { margin: 0; font: var(--mat-sys-headline-small); }
    p { margin: 0; max-width: 440px; color: var(--mat-sys-on-surface-variant); }
    .actions { display: flex; flex-wrap: wrap; justify-content: center; gap: 8px; margin-top: 8px; }
  `,
})
export class LiveNotFound {
  protected readonly t = inject(I18n).t;
}
