import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthService } from '../../../core/auth/auth.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { AuthCard } from '../components/auth-card';
import { FormError } from '../../../shared/form-error';
import { Submission } from '../../../shared/submission';
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
  private readonly submission = new Submission();
  protected readonly busy = this.submission.busy;
  protected readonly error = this.submission.error;
  protected readonly form = inject(NonNullableFormBuilder).group({
    nickname: ['', Validators.required],
    password: ['', Validators.required],
  });

  protected async submit(): Promise<void> {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    await this.submission.run(async () => {
      const { nickname, password } = this.form.getRawValue();
      await this.auth.login({ nickname: nickname.trim(), password });
      await this.router.navigateByUrl(safeReturnUrl(this.returnUrl()));
    });
  }
}
