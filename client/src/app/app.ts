import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { AuthService } from './core/auth/auth.service';
import { I18n } from './core/i18n/i18n.service';
import { Lang } from './core/i18n/languages';
import { CallDock } from './features/call/components/call-dock';

@Component({
  selector: 'app-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatButtonModule, MatMenuModule, MatToolbarModule, CallDock],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-toolbar class="bar">
      <a routerLink="/" class="brand" data-testid="brand">
        <span class="dot" aria-hidden="true"></span>{{ t().app.name }}
      </a>
      <span class="tagline">{{ t().app.tagline }}</span>
      @let lg = t().language;
      <button mat-button type="button" class="lang" [matMenuTriggerFor]="langMenu" data-testid="lang-switch"
              [attr.aria-label]="lg.choose(lang() === 'zh-CN' ? lg.zhCN : lg.en)">
        <span [attr.lang]="lang()">{{ lang() === 'zh-CN' ? lg.zhCN : lg.en }}</span><span aria-hidden="true"> ▾</span>
      </button>
      <mat-menu #langMenu="matMenu" [attr.aria-label]="lg.label">
        @for (option of languages; track option) {
          <button mat-menu-item type="button" role="menuitemradio" [attr.aria-checked]="lang() === option"
                  [attr.lang]="option" [attr.data-testid]="'lang-option-' + option" (click)="i18n.use(option)">
            {{ option === 'zh-CN' ? lg.zhCN : lg.en }}</button>
        }
      </mat-menu>
      @if (auth.isLoggedIn()) {
        <nav>
          <a mat-button routerLink="/lives" routerLinkActive="active" data-testid="nav-lives">{{ t().home.lives }}</a>
          <a mat-button routerLink="/live/new" routerLinkActive="active" data-testid="nav-go-live">{{ t().home.goLive }}</a>
          <a mat-button routerLink="/videos" routerLinkActive="active" data-testid="nav-videos">{{ t().videos.nav }}</a>
          <a mat-button routerLink="/calls" routerLinkActive="active" data-testid="nav-calls">{{ t().calls.nav }}</a>
          <a mat-button routerLink="/account/api-keys" routerLinkActive="active" data-testid="nav-api-keys">{{ t().apiKeys.nav }}</a>
          <a mat-button routerLink="/account" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }" data-testid="nav-account">{{ t().account.nav }}</a>
        </nav>
      }
    </mat-toolbar>
    <main><router-outlet /></main>
    @if (auth.isLoggedIn()) {
      <app-call-dock />
    }
  `,
  styles: `
    .bar { gap: 16px; }
    .brand { display: inline-flex; align-items: center; gap: 8px; color: inherit; text-decoration: none; font-weight: 600; }
    .dot { width: 12px; height: 12px; border-radius: 50%; background: var(--mat-sys-tertiary); }
    .tagline { flex: 1; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .lang { min-width: 0; padding: 0 8px; }
    nav { display: flex; gap: 4px; margin-left: auto; }
    .active { background: var(--mat-sys-secondary-container); }
    main { padding: 24px; max-width: 960px; margin: 0 auto; }
    @media (max-width: 720px) {
      /* Two rows on a phone: the brand, then every link (scrolling sideways in the nav, never the page, if it must). */
      .bar.mat-toolbar-single-row { height: auto; min-height: 56px; flex-wrap: wrap; gap: 0 8px; padding: 4px 8px; }
      .tagline { display: none; }
      .lang { margin-left: auto; }
      nav { width: 100%; margin-left: 0; gap: 0; justify-content: space-between; overflow-x: auto; }
      nav a { padding: 0 6px; min-width: 0; flex: none; }
      main { padding: 16px; }
    }
  `,
})
export class App {
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly lang = this.i18n.lang;
  /** Each language is named in itself (the same in every file), so anyone can find theirs. */
  protected readonly languages: readonly Lang[] = ['zh-CN', 'en'];
  protected readonly auth = inject(AuthService);
}
