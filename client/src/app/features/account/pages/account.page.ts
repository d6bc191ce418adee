import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { I18n } from '../../../core/i18n/i18n.service';
import { FormError } from '../../../shared/form-error';
import { PasswordForm } from '../components/password-form';
import { ProfileForm } from '../components/profile-form';
import { SignOutEverywhere } from '../components/sign-out-everywhere';
import { AccountService } from '../services/account.service';

/** /account — profile (avatar), password, sign out everywhere, and the way to the API keys. */
@Component({
  selector: 'app-account-page',
  imports: [RouterLink, MatButtonModule, MatCardModule, MatProgressBarModule, FormError, ProfileForm, PasswordForm, SignOutEverywhere],
  providers: [AccountService],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let a = t().account;
    <h1>{{ a.title }}</h1>
    @if (account.profile(); as profile) {
      <div class="cards">
        <mat-card appearance="outlined" data-testid="account-profile">
          <mat-card-header><mat-card-title><h2>{{ a.profile.title }}</h2></mat-card-title></mat-card-header>
          <mat-card-content><app-profile-form [profile]="profile" /></mat-card-content>
        </mat-card>
        <mat-card appearance="outlined" data-testid="account-password">
          <mat-card-header><mat-card-title><h2>{{ a.password.title }}</h2></mat-card-title></mat-card-header>
          <mat-card-content><app-password-form /></mat-card-content>
        </mat-card>
        <mat-card appearance="outlined" data-testid="account-sessions">
          <mat-card-header><mat-card-title><h2>{{ a.sessions.title }}</h2></mat-card-title></mat-card-header>
          <mat-card-content><app-sign-out-everywhere /></mat-card-content>
        </mat-card>
        <mat-card appearance="outlined" data-testid="account-api-keys">
          <mat-card-header><mat-card-title><h2>{{ a.apiKeys.title }}</h2></mat-card-title></mat-card-header>
          <mat-card-content>
            <p class="note">{{ a.apiKeys.explain }}</p>
            <a mat-stroked-button routerLink="/account/api-keys" data-testid="account-api-keys-link">{{ a.apiKeys.manage }}</a>
          </mat-card-content>
        </mat-card>
      </div>
    } @else if (account.loadError(); as code) {
      <div class="problem" data-testid="account-error">
        <app-form-error [code]="code" />
        <button mat-stroked-button type="button" (click)="account.load()" [disabled]="account.loading()"
          data-testid="account-retry">{{ a.retry }}</button>
      </div>
    } @else {
      <div class="loading" data-testid="account-loading">
        <mat-progress-bar mode="indeterminate" [attr.aria-label]="a.loading" />
        <p role="status">{{ a.loading }}</p>
      </div>
    }
  `,
  styles: `
    :host { display: block; }
    h1 { margin: 0 0 16px; font: var(--mat-sys-headline-small); }
    /* Two columns where they fit (profile | password, then sign-out | API keys), one on a phone. */
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 380px), 1fr)); gap: 16px; }
    mat-card-content { padding-top: 8px; }
    .note { margin: 0 0 12px; font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
    .problem { display: flex; flex-direction: column; align-items: flex-start; gap: 12px; }
    .problem app-form-error { align-self: stretch; }
    .loading p { font: var(--mat-sys-body-medium); color: var(--mat-sys-on-surface-variant); }
  `,
})
export class AccountPage implements OnInit {
  protected readonly account = inject(AccountService);
  protected readonly t = inject(I18n).t;

  ngOnInit(): void {
    void this.account.load();
  }
}
