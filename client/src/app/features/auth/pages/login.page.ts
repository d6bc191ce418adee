import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiErrorCode, apiErrorCode } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { AuthCard } from '../components/auth-card';
import { FormError } from '../../../shared/form-error';
import { safeReturnUrl } from '../validation';
import { AUTH_FORM_STYLES } from './auth-form.styles';

@Component({
  selector: 'app-login-page',
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, AuthCard, FormError],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <app-auth-card [heading]="t().login.title">
      <form [formGroup]="form" (ngSubmit)="submit()" data-testid="login-form">
        <app-form-error [code]="error()" />
        <mat-form-field>
          <mat-label>{{ t().auth.nickname }}</mat-label>
          <input matInput formControlName="nickname" autocomplete="username" data-testid="login-nickname" />
          <mat-error>{{ t().auth.nicknameRequired }}</mat-error>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ t().auth.password }}</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="current-password"
                 data-testid="login-password" />
          <mat-error>{{ t().auth.passwordRequired }}</mat-error>
        </mat-form-field>
        <button mat-flat-button type="submit" [disabled]="busy()" data-testid="login-submit">
          {{ t().login.submit }}
        </button>
      </form>
      <p footer>
        {{ t().login.noAccount }}
        <a routerLink="/register" data-testid="to-register">{{ t().login.toRegister }}</a>
      </p>
    </app-auth-card>
  `,
  styles: AUTH_FORM_STYLES,
})
export class LoginPage {
  /** Bound from the `?returnUrl=` query parameter set by the auth guard. */
  readonly returnUrl = input<string>();
  protected readonly t = inject(I18n).t;
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly busy = signal(false);
  protected readonly error = signal<ApiErrorCode | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    nickname: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const { nickname, password } = this.form.getRawValue();
      await this.auth.login({ nickname: nickname.trim(), password });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    } catch (error) {
      this.error.set(apiErrorCode(error));
    } finally {
      this.busy.set(false);
    }
  }
}
