import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterOutlet } from '@angular/router';
import { MatToolbarModule } from '@angular/material/toolbar';
import { I18n } from './core/i18n/i18n.service';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, MatToolbarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-toolbar class="bar">
      <a routerLink="/" class="brand" data-testid="brand">
        <span class="dot" aria-hidden="true"></span>{{ t().app.name }}
      </a>
      <span class="tagline">{{ t().app.tagline }}</span>
    </mat-toolbar>
    <main><router-outlet /></main>
  `,
  styles: `
    .bar { gap: 16px; }
    .brand { display: inline-flex; align-items: center; gap: 8px; color: inherit; text-decoration: none; font-weight: 600; }
    .dot { width: 12px; height: 12px; border-radius: 50%; background: var(--mat-sys-tertiary); }
    .tagline { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    main { padding: 24px; max-width: 960px; margin: 0 auto; }
  `,
})
export class App {
  protected readonly t = inject(I18n).t;
}
