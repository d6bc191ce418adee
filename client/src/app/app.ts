import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
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
        <nav [attr.aria-label]="t().app.navigation">
          @for (link of links(); track link.id) {
            <a mat-button [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page"
               [routerLinkActiveOptions]="{ exact: link.exact }" [attr.data-testid]="'nav-' + link.id">{{ link.label }}</a>
          }
        </nav>
        <!-- Phones (≤ 720 px): the same links behind one menu button instead of the inline nav. -->
        <button mat-button type="button" class="menu-button" [matMenuTriggerFor]="navMenu" data-testid="nav-menu"
                [attr.aria-label]="t().app.menu">
          <span class="burger" aria-hidden="true">☰</span>{{ t().app.menu }}
        </button>
        <mat-menu #navMenu="matMenu" [attr.aria-label]="t().app.navigation">
          @for (link of links(); track link.id) {
            <a mat-menu-item [routerLink]="link.path" routerLinkActive="active" ariaCurrentWhenActive="page"
               [routerLinkActiveOptions]="{ exact: link.exact }" [attr.data-testid]="'nav-menu-' + link.id">{{ link.label }}</a>
          }
        </mat-menu>
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
    .menu-button { display: none; }
    .burger { margin-right: 6px; font-size: 18px; line-height: 1; }
    @media (max-width: 720px) {
      /* One row on a phone: the brand, the language, and a menu button for the links. */
      .bar.mat-toolbar-single-row { gap: 0 4px; padding: 0 8px; }
      .tagline { display: none; }
      .lang { margin-left: auto; }
      nav { display: none; }
      .menu-button { display: inline-flex; min-width: 0; padding: 0 8px; }
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
  /** The signed-in sections, in the toolbar (desktop) and in the menu (phones). */
  protected readonly links = computed(() => {
    const t = this.t();
    return [
      { id: 'lives', path: '/lives', label: t.home.lives, exact: false },
      { id: 'go-live', path: '/live/new', label: t.home.goLive, exact: false },
      { id: 'videos', path: '/videos', label: t.videos.nav, exact: false },
      { id: 'calls', path: '/calls', label: t.calls.nav, exact: false },
      { id: 'api-keys', path: '/account/api-keys', label: t.apiKeys.nav, exact: false },
      { id: 'account', path: '/account', label: t.account.nav, exact: true },
    ];
  });
}
